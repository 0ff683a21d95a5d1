"""903 episodes: a new episode whenever the legal status or the placement changes.

The legal-status timeline and the placement timeline of each period are merged; each change
day closes one episode (REC X1) and opens the next, whose RNE says what changed (DfE rules
433-436): L legal status only, P placement only, B both, T placement type with the same carer,
U that and legal status.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from . import mix
from .code_years import with_recs_of_their_year
from .periods import NONE
from .sampling import choose

CHANGE_RNE = ("P", "B", "T", "U")
TEMPORARY_PLACES = ("T0", "T1", "T2", "T3", "T4")


#: The columns of the simulated episode frame every episode source produces.
EPISODE_COLUMNS = (
    "child_idx", "period_id", "decom", "rne", "ls", "cin", "place", "provider", "dec", "rec",
    "reason_place_change", "home_post", "pl_post", "urn",
)  # fmt: skip


def legal_status_timeline(periods: pl.DataFrame) -> pl.DataFrame:
    """(period_id, offset, ls): the first legal status, an optional prefix before it (police
    protection, EPO, PACE) and one later change."""
    has_prefix = pl.col("prefix_ls").is_not_null()
    prefix = periods.filter(has_prefix).select(
        "period_id", offset=pl.lit(0, pl.Int64), ls="prefix_ls"
    )
    first = periods.select("period_id", offset="prefix_days", ls="ls1")
    second = periods.filter(pl.col("t_ls2") != NONE).select("period_id", offset="t_ls2", ls="ls2")
    return (
        pl.concat([prefix, first, second])
        .join(periods.select("period_id", "duration"), on="period_id")
        .filter(pl.col("offset") < pl.col("duration"))
        .drop("duration")
        .sort("period_id", "offset")
    )


def merged_timeline(ls: pl.DataFrame, placements: pl.DataFrame) -> pl.DataFrame:
    """One row per change day with the legal status and placement in force from that day."""
    merged = (
        ls.join(placements, on=["period_id", "offset"], how="full", coalesce=True)
        .sort("period_id", "offset")
        .with_columns(pl.col("ls", "place", "carer_no", "is_temp").forward_fill().over("period_id"))
    )
    return merged.with_columns(
        prev_ls=pl.col("ls").shift(1).over("period_id"),
        prev_place=pl.col("place").shift(1).over("period_id"),
        prev_carer=pl.col("carer_no").shift(1).over("period_id"),
        prev_temp=pl.col("is_temp").shift(1).over("period_id"),
    )


def reason_for_new_episode() -> pl.Expr:
    """RNE from what changed against the previous episode of the same period."""
    ls_changed = pl.col("ls") != pl.col("prev_ls")
    carer_changed = (pl.col("carer_no") != pl.col("prev_carer")) | (
        pl.col("is_temp") != pl.col("prev_temp")
    )
    place_changed = pl.col("place") != pl.col("prev_place")
    return (
        pl.when(pl.col("prev_ls").is_null())
        .then(pl.lit("S"))
        .when(carer_changed & ls_changed)
        .then(pl.lit("B"))
        .when(carer_changed)
        .then(pl.lit("P"))
        .when(place_changed & ls_changed)
        .then(pl.lit("U"))
        .when(place_changed)
        .then(pl.lit("T"))
        .when(ls_changed)
        .then(pl.lit("L"))
        .otherwise(None)
    )


def episode_rows(timeline: pl.DataFrame, periods: pl.DataFrame) -> pl.DataFrame:
    """Episodes with RNE, DEC offset and REC; changes that change nothing are dropped."""
    rows = (
        timeline.with_columns(rne=reason_for_new_episode())
        .filter(pl.col("rne").is_not_null())
        .join(periods.select("period_id", "duration", "rec"), on="period_id")
        .sort("period_id", "offset")
    )  # sorted: later draws go by row
    is_last = pl.col("offset").shift(-1).over("period_id").is_null()
    return rows.with_columns(
        dec_offset=pl.col("offset").shift(-1).over("period_id").fill_null(pl.col("duration")),
        rec=pl.when(is_last).then("rec").otherwise(pl.lit("X1")),
        next_rne=pl.col("rne").shift(-1).over("period_id"),
        next_kind=pl.col("kind").shift(-1).over("period_id"),
        next_place=pl.col("place").shift(-1).over("period_id"),
    )


def with_place_change_reasons(rng: np.random.Generator, rows: pl.DataFrame) -> pl.DataFrame:
    """REASON_PLACE_CHANGE on the episode whose placement ends (DfE rule 225), blank around
    temporary placements (rule 226) and where the placement carries on."""
    moved = choose(rng, mix.REASON_PLACE_CHANGE_MOVE, rows.height)
    semi = np.where(rng.random(rows.height) < 0.3, "CHILD", "CARPL")
    changes = pl.col("next_rne").is_in(CHANGE_RNE)
    temporary = pl.col("place").is_in(TEMPORARY_PLACES) | pl.col("next_place").is_in(
        TEMPORARY_PLACES
    )
    reason = (
        pl.when(~changes | temporary)
        .then(None)
        .when(pl.col("next_kind") == "move")
        .then(pl.Series(moved))
        .when(pl.col("next_kind") == "match")
        .then(pl.lit("PLACE"))
        .when(pl.col("next_kind") == "semi")
        .then(pl.Series(semi))
        .otherwise(pl.lit("CARPL"))
    )
    return rows.with_columns(reason_place_change=reason)


def with_consistent_endings(rows: pl.DataFrame) -> pl.DataFrame:
    """Special guardianship to *former foster carers* (E43) needs a foster placement at the end;
    otherwise it was an order to other carers (E44)."""
    foster = pl.col("place").is_in(["U1", "U2", "U3", "U4", "U5", "U6"])
    return rows.with_columns(
        rec=pl.when((pl.col("rec") == "E43") & ~foster).then(pl.lit("E44")).otherwise("rec")
    )


def build_episodes(
    rng: np.random.Generator,
    periods: pl.DataFrame,
    ls: pl.DataFrame,
    placements: pl.DataFrame,
    carers: pl.DataFrame,
) -> pl.DataFrame:
    """All episodes of all periods, with dates as days since 1970 and the period's ids."""
    rows = episode_rows(merged_timeline(ls, placements), periods)
    rows = with_consistent_endings(with_place_change_reasons(rng, rows))
    rows = (
        rows.join(carers, on=["period_id", "carer_no", "is_temp"], how="left")
        .join(
            periods.select("period_id", "child_idx", "start", "cin", "home_post"),
            on="period_id",
        )
        .sort("period_id", "offset")
        .with_columns(
            decom=pl.col("start") + pl.col("offset"), dec=pl.col("start") + pl.col("dec_offset")
        )
    )
    return with_recs_of_their_year(rows, rng).select(*EPISODE_COLUMNS)

"""Facts from other tables that the further DfE rules (schemas/dfe_more.py) judge a row by.

Each is a ``_``-prefixed column joined on before validation, as ingest.stage does for
``_in_header`` and ``_dob``. A fact about a table the month did not land is null, so the rule
passes: the DfE validator skips a rule whose tables were not uploaded.

The year a fact is about is the extract month's collection year (1 April to 31 March), as the
DfE judges a return: "looked after continuously for 12 months at 31 March" is at the 31 March
ending that year.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from ingest.location import FULL_POSTCODE, lookup_key, places_for
from schemas.codes import SHORT_BREAK_LS
from schemas.dfe_more import OC2_HEALTH, year_bounds


def children_where(typed: dict[str, pl.DataFrame], table: str, keep: pl.Expr) -> pl.Series | None:
    """The children of a table's rows that ``keep`` holds for; None when the table is absent."""
    if table not in typed:
        return None
    return typed[table].filter(keep)["child_id"].unique()


def member(children: pl.Series | None, name: str) -> pl.Expr:
    if children is None:
        return pl.lit(None, pl.Boolean).alias(name)
    return pl.col("child_id").is_in(children.implode()).alias(name)


def with_postcodes_found(episodes: pl.DataFrame) -> pl.DataFrame:
    """``_home_post_found`` and ``_pl_post_found``: a full postcode the ONS directory holds. The
    DfE looks postcodes up exactly, so a sector or district (which our placement figures
    accept) is not a valid postcode to it."""
    keys = pl.concat(
        [
            episodes.select(lookup_key(pl.col(c)).alias("key"))["key"]
            for c in ("home_post", "pl_post")
        ]
    )
    known = places_for(keys)["key"]
    found = {
        f"_{c}_found": (
            lookup_key(pl.col(c)).is_in(known.implode())
            & pl.col(c).str.to_uppercase().str.strip_chars().str.contains(FULL_POSTCODE)
        ).fill_null(False)
        for c in ("home_post", "pl_post")
    }
    return episodes.with_columns(**found)


def with_episode_spans(episodes: pl.DataFrame, month_end: dt.date) -> pl.DataFrame:
    """For each episode, its period under one legal status (the child's consecutive episodes
    of that status, each starting by the day the last ended): ``_ls_span_days`` from the first
    start to the last end, ``_ls_total_days`` the episodes' days added up (rules 361-364); and
    ``_v3_year_days``, the child's days on individual short breaks (V3) within the year, on
    each V3 episode with a day in it (367). An open episode is counted to the month's end (the
    DfE, judging the year's return after it, to 31 March): days not yet spent are no fault."""
    start, end = year_bounds(month_end)
    ended = pl.col("dec").fill_null(min(month_end, end))
    by_status = ["child_id", "ls"]
    periods = (
        episodes.with_row_index("_row")
        .filter(pl.col("decom").is_not_null())
        .with_columns(_ended=ended)
        .sort("child_id", "ls", "decom")
        .with_columns(
            _period=(
                pl.col("_ended").shift(1).over(by_status).is_null()
                | (pl.col("decom") > pl.col("_ended").shift(1).over(by_status))
            )
            .cum_sum()
            .over(by_status)
        )
        .with_columns(
            _ls_span_days=(pl.col("_ended").max() - pl.col("decom").min())
            .over([*by_status, "_period"])
            .dt.total_days(),
            _ls_total_days=(pl.col("_ended") - pl.col("decom"))
            .dt.total_days()
            .sum()
            .over([*by_status, "_period"]),
            _v3_days=pl.when(pl.col("ls") == "V3").then(
                (
                    pl.min_horizontal(pl.col("_ended"), pl.lit(end))
                    - pl.max_horizontal(pl.col("decom"), pl.lit(start))
                ).dt.total_days()
            ),
        )
        .with_columns(
            _v3_year_days=pl.when(pl.col("_v3_days") > 0).then(
                pl.col("_v3_days").filter(pl.col("_v3_days") > 0).sum().over("child_id")
            )
        )
        .select("_row", "_ls_span_days", "_ls_total_days", "_v3_year_days")
    )
    return (
        episodes.with_row_index("_row")
        .join(periods, on="_row", how="left", maintain_order="left")
        .drop("_row")
    )


def continuously_looked_after(episodes: pl.DataFrame, month_end: dt.date) -> pl.Series:
    """Children looked after throughout the year to 31 March: in care at some time in it and no
    episode started care in it (RNE S), left care in it (REC other than X1), or was a short break
    (V3, V4). The DfE's own definition (903 validation rules, "CONTINUOUSLY_LOOKED_AFTER")."""
    start, end = year_bounds(month_end)
    during = (pl.col("decom") <= end) & (pl.col("dec").is_null() | (pl.col("dec") >= start))
    breaks = (
        ((pl.col("rne") == "S") & (pl.col("decom") > start) & (pl.col("decom") <= end))
        | (pl.col("rec").ne_missing("X1") & (pl.col("dec") >= start) & (pl.col("dec") < end))
        | (pl.col("ls").is_in(SHORT_BREAK_LS) & during)
    )
    per_child = episodes.group_by("child_id").agg(
        during=during.any(), broken=breaks.fill_null(False).any()
    )
    return per_child.filter(pl.col("during") & ~pl.col("broken"))["child_id"]


def dfe_context(
    frame: pl.DataFrame, table: str, typed: dict[str, pl.DataFrame], month_end: dt.date
) -> pl.DataFrame:
    """The frame with the facts its further DfE rules need."""
    if table == "header":
        looked_after = children_where(typed, "episodes", ~pl.col("ls").is_in(SHORT_BREAK_LS))
        return frame.with_columns(member(looked_after, "_looked_after"))
    if table == "episodes":
        uasc = children_where(typed, "uasc", pl.lit(True))
        decided = children_where(typed, "placed_for_adoption", pl.col("date_placed").is_not_null())
        return with_episode_spans(with_postcodes_found(frame), month_end).with_columns(
            member(uasc, "_uasc"), member(decided, "_adoption_decided")
        )
    if table == "oc2":
        episodes = typed.get("episodes")
        cla = None if episodes is None else continuously_looked_after(episodes, month_end)
        leavers = children_where(
            typed, "oc3", pl.any_horizontal(pl.col("in_touch", "activ", "accom").is_not_null())
        )
        return frame.with_columns(member(cla, "_cla12"), member(leavers, "_care_leaver"))
    if table == "oc3":
        health = children_where(typed, "oc2", pl.any_horizontal(pl.col(OC2_HEALTH).is_not_null()))
        return frame.with_columns(member(health, "_oc2_health"))
    return frame

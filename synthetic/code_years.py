"""Keeping codes valid for the collection year they are recorded in (longer runs cross code
changes; the simulation itself speaks 2017/18 codes). When each change happens is read from
the code lists of ``schemas.codes``, so the generator and the schemas cannot disagree."""

from __future__ import annotations

import numpy as np
import polars as pl

from schemas.codes import P2_LAST_DAY, SEX_LETTERS_FROM, first_year, last_year
from schemas.dfe_more import urn_not_recorded
from schemas.months import collection_year, collection_year_start, month_end, month_key, parse_month

from .sampling import to_day

# From 2019/20 special guardianship splits by relative/friend: E43 (former foster carers)
# becomes E45 (relative or friend) or E46; E44 (other carers) becomes E47 or E48.
SGO_SPLIT_FROM = to_day(collection_year_start(first_year("REC", "E45")).isoformat())
# P2 (independent living) may not run past its last day, so no placement starts P2 on it.
P2_WITHDRAWN_FROM = to_day(P2_LAST_DAY.isoformat())
# SEX is M/F from the 2024/25 collection year.
SEX_LETTERS_FROM_MONTH = month_key(collection_year_start(SEX_LETTERS_FROM))
KINSHIP = ("U1", "U2", "U3")
# OC3 activity: training and employment split into apprenticeships (F4/P4) and employment
# (F5/P5) from 2022/23; before that both were F3 (full time) or P3 (part time).
ACTIVITY_SPLIT_FROM = to_day(collection_year_start(first_year("ACTIV", "F4")).isoformat())
ACTIVITY_BEFORE_SPLIT = {"F4": "F3", "F5": "F3", "P4": "P3", "P5": "P3"}


def with_recs_of_their_year(episodes: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """REC recoded where a later collection year changed the code list."""
    relative = pl.Series(rng.random(episodes.height) < 0.7)
    after = pl.col("dec") >= SGO_SPLIT_FROM
    kin = pl.col("place").is_in(KINSHIP)
    rec = (
        pl.when(after & (pl.col("rec") == "E43"))
        .then(pl.when(kin).then(pl.lit("E45")).otherwise(pl.lit("E46")))
        .when(after & (pl.col("rec") == "E44"))
        .then(pl.when(relative).then(pl.lit("E47")).otherwise(pl.lit("E48")))
        .otherwise("rec")
    )
    return episodes.with_columns(rec=rec)


def placement_type_of_its_day(place: pl.Expr, placed_on: pl.Expr) -> pl.Expr:
    """PLACE as it may be recorded for a placement starting on `placed_on`."""
    return (
        pl.when((place == "P2") & (placed_on >= P2_WITHDRAWN_FROM))
        .then(pl.lit("H5"))
        .otherwise(place)
    )


# Placement types retired while placements of them were still running: P2 after 2023/24, H5
# (semi-independent, now K3 supported accommodation) and Z1 (other, now split Z11-Z14) after
# 2024/25. A placement still open in a later year, or ending in it, is recorded with the
# successor, as the DfE judges every episode of the year's return by the year's list: all its
# episodes where the successor is valid in their own year, so that a change of legal status
# alone does not read as a change of placement (DfE rule 434).
PLACE_SUCCESSOR = {"P2": "K3", "H5": "K3", "Z1": "Z14"}
_IN_PERIOD = {"partition_by": "period_id", "order_by": "decom"}


def judged_on(month: str) -> pl.Expr:
    """The day an episode is judged by: its end, or the month end while it is open (``dec``:
    days since 1970, blank while open)."""
    return pl.coalesce(pl.col("dec"), pl.lit(to_day(month_end(parse_month(month)).isoformat())))


def placement_judged_on(month: str) -> pl.Expr:
    """The day an episode's placement is judged by: the last ``judged_on`` of its run of
    episodes of one type at one address, one after another in a period of care."""
    moved = pl.col("place").ne_missing(pl.col("place").shift(1)).over(**_IN_PERIOD) | pl.col(
        "pl_post"
    ).ne_missing(pl.col("pl_post").shift(1)).over(**_IN_PERIOD)
    placement = moved.cast(pl.Int32).cum_sum().over(**_IN_PERIOD)
    return judged_on(month).max().over(["period_id", placement])


def place_code(month: str) -> pl.Expr:
    """PLACE as the month's extract records it (the frame has period_id, decom, place, pl_post
    and dec)."""
    place = pl.col("place")
    for old, new in PLACE_SUCCESSOR.items():
        retired_from = to_day(collection_year_start(last_year("PLACE", old) + 1).isoformat())
        valid_from = to_day(collection_year_start(first_year("PLACE", new)).isoformat())
        place = (
            pl.when(
                (pl.col("place") == old)
                & (placement_judged_on(month) >= retired_from)
                & (judged_on(month) >= valid_from)
            )
            .then(pl.lit(new))
            .otherwise(place)
        )
    return place


def urn_code(month: str) -> pl.Expr:
    """URN as the month's extract records it: blank for the placement types its collection year
    records none for (DfE rule 222), and for semi-independent or independent living (H5, P2)
    that ended before supported accommodation registered with Ofsted (P2's last day); from
    2023/24 one running after that day carries its URN (rules 230, 218; later recorded K3)."""
    year = collection_year(month_end(parse_month(month)))
    unregistered = pl.col("place").is_in(["H5", "P2"]) & (judged_on(month) <= P2_WITHDRAWN_FROM)
    return (
        pl.when(place_code(month).is_in(urn_not_recorded(year)) | unregistered)
        .then(None)
        .otherwise(pl.col("urn"))
    )


def sex_code(month: str) -> pl.Expr:
    """1/2 up to 2023/24, M/F from 2024/25 (the contract accepts both)."""
    if month >= SEX_LETTERS_FROM_MONTH:
        return pl.col("sex").replace_strict({"1": "M", "2": "F"})
    return pl.col("sex")


def activity_of_its_year(activity: np.ndarray, on: np.ndarray) -> np.ndarray:
    """ACTIV (drawn in 2022/23 codes) as recorded for a birthday falling on `on`."""
    older = pl.Series(activity).replace(ACTIVITY_BEFORE_SPLIT).to_numpy()
    return np.where(on < ACTIVITY_SPLIT_FROM, older, activity).astype(str)

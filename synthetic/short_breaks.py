"""Children who only have short breaks (respite): a few nights away every month or so.

Each break is its own period of care (RNE S, LS V3 or V4, REC E13). These children are in
the 903 return but are not counted as looked after (the DfE excludes V3/V4). DfE rules kept:
a V3 break lasts at most 17 days (365) and 75 days a year (367), a child is V3 or V4 but not
both (426), no U1/U4 placement (384), no postcodes or URN (398, 214). A few V4 breaks change placement
half-way, which the 903 records as two episodes joined by X1 (V3 may not, rule 366).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from . import mix
from .children import unique_pupil_numbers
from .episodes import EPISODE_COLUMNS
from .periods import DAYS_PER_YEAR, entry_days
from .sampling import add_years, choose, coin, uniform_days

MEAN_CAREER_YEARS = 3.5
BREAK_NIGHTS: dict[str, float] = {"1": 0.2, "2": 0.35, "3": 0.3, "4": 0.15}
SPLIT_BREAK_SHARE = 0.08  # of V4 breaks: two placements in one break


def short_break_careers(
    rng: np.random.Generator,
    sim_start: int,
    sim_end: int,
    ref_day: int,
    children: int,
    first_child_idx: int,
) -> pl.DataFrame:
    """One row per short-break child: when the breaks start and stop, how often, where."""
    per_month = children / (MEAN_CAREER_YEARS * 12)
    start = entry_days(rng, sim_start, sim_end, per_month, ref_day)
    n = len(start)
    age = np.floor((4 + 11 * rng.random(n)) * DAYS_PER_YEAR).astype(np.int64)
    dob = start - age
    length = np.floor((1 + 5 * rng.random(n)) * DAYS_PER_YEAR).astype(np.int64)
    end = np.minimum(start + length, add_years(dob, 18) - 30)
    place = choose(rng, mix.SHORT_BREAK_PLACEMENT, n)
    provider = np.where(
        place == "K2", np.where(coin(rng, 0.6, n), "PR1", "PR4"),
        np.where(place == "R1", "PR4", "PR1"),
    )  # fmt: skip
    return pl.DataFrame(
        {
            "child_idx": first_child_idx + np.arange(n),
            "dob": dob,
            "career_start": start,
            "career_end": end,
            "every_days": rng.integers(28, 46, n),
            "ls": np.where(coin(rng, mix.SHORT_BREAK_V4_SHARE, n), "V4", "V3"),
            "place": place.astype(str),
            "provider": provider,
            "cin": choose(rng, mix.CIN_SHORT_BREAKS, n).astype(str),
        }
    ).filter(pl.col("career_end") > pl.col("career_start"))


def short_break_episodes(
    rng: np.random.Generator, careers: pl.DataFrame, first_period_id: int
) -> pl.DataFrame:
    """Every break of every career as 903 episodes."""
    count = ((careers["career_end"] - careers["career_start"]) // careers["every_days"]).to_numpy()
    row = np.repeat(np.arange(careers.height), count)
    k = break_numbers(count)
    c = careers[row]
    decom = (
        c["career_start"].to_numpy()
        + k * c["every_days"].to_numpy()
        + uniform_days(rng, 0, 8, len(row))
    )
    nights = choose(rng, BREAK_NIGHTS, len(row)).astype(np.int64)
    breaks = c.select("child_idx", "ls", "place", "provider", "cin").with_columns(
        period_id=first_period_id + np.arange(len(row)),
        decom=decom,
        dec=decom + nights,
    )
    split = (
        (breaks["ls"] == "V4").to_numpy() & (nights >= 2) & coin(rng, SPLIT_BREAK_SHARE, len(row))
    )
    return with_split_breaks(breaks, split)


def break_numbers(count: np.ndarray) -> np.ndarray:
    """0, 1, ..., count-1 for each row of `count`, concatenated."""
    total = int(count.sum())
    starts = np.repeat(np.cumsum(count) - count, count)
    return np.arange(total) - starts


def with_split_breaks(breaks: pl.DataFrame, split: np.ndarray) -> pl.DataFrame:
    """Whole breaks end E13; a split V4 break moves to a family-based carer after the first
    night (X1, then RNE P)."""
    whole = breaks.filter(~pl.Series(split)).with_columns(
        rne=pl.lit("S"), rec=pl.lit("E13"), reason_place_change=pl.lit(None, pl.String)
    )
    halves = breaks.filter(pl.Series(split))
    moved_on = halves["decom"] + 1
    first = halves.with_columns(
        dec=moved_on, rne=pl.lit("S"), rec=pl.lit("X1"), reason_place_change=pl.lit("CARPL")
    )
    # The second half is with a different kind of carer, so the change shows (DfE rule 435).
    second = halves.with_columns(
        decom=moved_on,
        rne=pl.lit("P"),
        rec=pl.lit("E13"),
        reason_place_change=pl.lit(None, pl.String),
        place=pl.when(pl.col("place") == "K2").then(pl.lit("U6")).otherwise(pl.lit("K2")),
        provider=pl.lit("PR1"),
    )
    return (
        pl.concat([whole, first, second], how="diagonal")
        .with_columns(
            # Short breaks carry no postcodes or URN (DfE rules 398, 214).
            home_post=pl.lit(None, pl.String),
            pl_post=pl.lit(None, pl.String),
            urn=pl.lit(None, pl.String),
        )
        .select(*EPISODE_COLUMNS)
        .sort("child_idx", "decom")
    )


def short_break_children(
    rng: np.random.Generator, careers: pl.DataFrame, la_code: str
) -> pl.DataFrame:
    """Header facts for short-break children (MOTHER stays blank for V3/V4, rule 399)."""
    n = careers.height
    dob = careers["dob"].to_numpy()
    return pl.DataFrame(
        {
            "child_idx": careers["child_idx"],
            "sex": np.where(coin(rng, 0.62, n), "1", "2"),
            "dob": dob,
            "ethnic": choose(rng, mix.ETHNIC, n).astype(str),
            "upn": unique_pupil_numbers(rng, la_code, dob).astype(str),
            "mc_dob": np.zeros(n, dtype=np.int64),
            "uasc": np.zeros(n, dtype=bool),
            "short_breaks_only": np.ones(n, dtype=bool),
        }
    ).with_columns(
        home_post=pl.lit(None, pl.String),
        mother=pl.lit(None, pl.String),
        mc_dob=pl.lit(None, pl.Int64),
    )

"""What happens during care besides episodes: looked-after reviews and missing episodes."""

from __future__ import annotations

import numpy as np
import polars as pl

from . import mix
from .periods import DAYS_PER_YEAR
from .sampling import (
    add_years,
    choose,
    coin,
    even_coin,
    even_uniforms,
    map_codes,
    nearest_weekday,
    uniform_days,
)

# Review gaps in calendar days. Statutory limits: 20 working days from the start (never less
# than 28 calendar days), 3 months (at least 89 days), 6 months (at least 181 days); the
# upper ends leave room for moving weekend dates a day to the Friday or Monday.
FIRST_REVIEW_DAYS = (10, 26)
SECOND_REVIEW_DAYS = (50, 86)
LATER_REVIEW_DAYS = (130, 178)
LATE_BY_DAYS = (5, 40)

# Missing: the share of periods (by pathway) with a spell of going missing after age 11.5, the
# spell's length, and how often the child goes missing in it (incidents a month).
MISSING_PRONE = {
    "short": 0.29,
    "long": 0.35,
    "sgo": 0.05,
    "adopt": 0.0,
    "remand": 0.65,
    "uasc": 0.29,
}
MISSING_SPELL_DAYS = (90, 540)
MISSING_RATE_MEAN = 1.5
MISSING_FROM_AGE = 11.5


def repeat_rows(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row index repeated `counts` times, and the 0-based number within each row's run."""
    rows = np.repeat(np.arange(len(counts)), counts)
    number = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
    return rows, number


def build_reviews(rng: np.random.Generator, periods: pl.DataFrame) -> pl.DataFrame:
    """Reviews of every period: first, second, then six-monthly; a few late."""
    start = periods["start"].to_numpy()
    end = periods["end"].to_numpy()
    most = np.ceil((end - start) / LATER_REVIEW_DAYS[0]).astype(np.int64) + 2
    rows, number = repeat_rows(most)
    n = len(rows)
    gap = np.select(
        [number == 0, number == 1],
        [
            uniform_days(rng, *FIRST_REVIEW_DAYS, n),
            uniform_days(rng, *SECOND_REVIEW_DAYS, n),
        ],
        uniform_days(rng, *LATER_REVIEW_DAYS, n),
    )
    gap = gap + np.where(
        coin(rng, mix.LATE_REVIEW_SHARE, n), uniform_days(rng, *LATE_BY_DAYS, n), 0
    )
    reviews = pl.DataFrame(
        {
            "child_idx": periods["child_idx"].to_numpy()[rows],
            "period_start": start[rows],
            "period_end": end[rows],
            "gap": gap,
            "dob": periods["dob"].to_numpy()[rows],
        }
    ).with_columns(review=pl.col("period_start") + pl.col("gap").cum_sum().over(pl.Series(rows)))
    reviews = reviews.filter(pl.col("review") < pl.col("period_end"))
    review_day = nearest_weekday(reviews["review"].to_numpy())
    # Participation codes: PN0 for under-4s (DfE rules 440-441).
    under_4 = review_day < add_years(reviews["dob"].to_numpy(), 4)
    code = np.where(under_4, "PN0", choose(rng, mix.REVIEW_CODE_4_PLUS, reviews.height))
    return reviews.select(
        "child_idx",
        review=pl.Series(review_day),
        review_code=pl.Series(code.astype(str)),
    ).sort("child_idx", "review")


def missing_windows(rng: np.random.Generator, periods: pl.DataFrame) -> pl.DataFrame:
    """The part of each period in which a missing-prone child may go missing, and how often."""
    n = periods.height
    pathway = periods["pathway"].to_numpy().astype(str)
    prone = even_coin(rng, map_codes(MISSING_PRONE, pathway), n, "missing_prone")
    # Uniform between 0.25 and 1.75 times the mean, spread evenly so the county total is steady.
    rate = MISSING_RATE_MEAN * (
        0.25 + 1.5 * even_uniforms(rng, np.zeros(n, dtype=np.int64), "missing_rate")
    )
    from_age = periods["dob"].to_numpy() + int(MISSING_FROM_AGE * DAYS_PER_YEAR)
    window_start = np.maximum(periods["start"].to_numpy(), from_age)
    window_end = periods["end"].to_numpy() - 1
    # Going missing comes in spells of months, not whole childhoods.
    spell = uniform_days(rng, *MISSING_SPELL_DAYS, n)
    room = np.maximum(window_end - window_start - spell, 0)
    first = window_start + np.floor(rng.random(n) * room).astype(np.int64)
    last = np.minimum(first + spell, window_end)
    return pl.DataFrame(
        {
            "child_idx": periods["child_idx"],
            "dob": periods["dob"],
            "first": first,
            "last": last,
            "rate_per_day": rate * 12 / DAYS_PER_YEAR,
        }
    ).filter(pl.Series(prone) & (pl.col("last") > pl.col("first")))


def build_missing(rng: np.random.Generator, periods: pl.DataFrame) -> pl.DataFrame:
    """Missing and away-without-authorisation incidents: never overlapping (DfE rule 574),
    always ended before the child leaves care (rules 575, 577)."""
    windows = missing_windows(rng, periods)
    length = (windows["last"] - windows["first"]).to_numpy()
    counts = rng.poisson(windows["rate_per_day"].to_numpy() * length)
    rows, _ = repeat_rows(counts)
    n = len(rows)
    first = windows["first"].to_numpy()[rows]
    start = first + np.floor(rng.random(n) * length[rows]).astype(np.int64)
    days = choose(rng, mix.MISSING_DAYS, n).astype(np.int64)
    incidents = (
        pl.DataFrame(
            {
                "child_idx": windows["child_idx"].to_numpy()[rows],
                "window": rows,
                "mis_start": start,
                "mis_end": np.minimum(start + days, windows["last"].to_numpy()[rows]),
                "missing": choose(rng, mix.MISSING_TYPE, n).astype(str),
            }
        )
        .sort("window", "mis_start")
        .with_columns(
            ended_before=pl.col("mis_end").cum_max().shift(1).over("window"),
        )
    )
    # A new incident starts after the last one ended: drop any that would overlap.
    return incidents.filter(
        pl.col("ended_before").is_null() | (pl.col("mis_start") > pl.col("ended_before"))
    ).select("child_idx", "missing", "mis_start", "mis_end")

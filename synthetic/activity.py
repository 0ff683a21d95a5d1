"""What happens during care besides episodes: looked-after reviews and missing episodes."""

from __future__ import annotations

import numpy as np
import polars as pl

from . import mix
from .periods import DAYS_PER_YEAR
from .recurring import Cadence, recurring_dates, repeat_rows
from .sampling import (
    add_years,
    choose,
    coin,
    even_coin,
    even_uniforms,
    map_codes,
    uniform_days,
)

# Review gaps in calendar days. Statutory limits: 20 working days from the start (28 calendar
# days at the least), 3 months after the first (89 days at the least), then 6 months (181).
REVIEW_CADENCE = Cadence(
    shortest=(10, 50, 130), limits=(28, 89, 181), late_share=mix.LATE_REVIEW_SHARE, late_by=(5, 40)
)

# Missing: the share of periods (by pathway) with a spell of going missing after age 11.5, the
# spell's length, and how often the child goes missing in it (incidents a month). The 2018
# report: 43 missing incidents a month among 25 children.
MISSING_PRONE = {
    "short": 0.32,
    "long": 0.38,
    "sgo": 0.05,
    "adopt": 0.0,
    "remand": 0.7,
    "uasc": 0.32,
}
MISSING_SPELL_DAYS = (90, 540)
MISSING_RATE_MEAN = 2.15
MISSING_FROM_AGE = 11.5


def build_reviews(rng: np.random.Generator, periods: pl.DataFrame) -> pl.DataFrame:
    """Reviews of every period: first, second, then six-monthly; a few late."""
    reviews = recurring_dates(rng, periods["start"], periods["end"], REVIEW_CADENCE)
    rows = reviews["row"].to_numpy()
    review_day = reviews["day"].to_numpy()
    # Participation codes: PN0 for under-4s (DfE rules 440-441).
    under_4 = review_day < add_years(periods["dob"].to_numpy()[rows], 4)
    code = np.where(under_4, "PN0", choose(rng, mix.REVIEW_CODE_4_PLUS, len(rows)))
    return pl.DataFrame(
        {
            "child_idx": periods["child_idx"].to_numpy()[rows],
            "review": review_day,
            "review_code": code.astype(str),
        }
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
    incidents = incidents.filter(
        pl.col("ended_before").is_null() | (pl.col("mis_start") > pl.col("ended_before"))
    )
    return with_return_interviews(rng, incidents).select(
        "child_idx", "missing", "mis_start", "mis_end", "rhi_offered", "rhi_accepted"
    )


def with_return_interviews(rng: np.random.Generator, incidents: pl.DataFrame) -> pl.DataFrame:
    """RHI_OFFERED / RHI_ACCEPTED (Y/N/NA, as SSD ssd_missing): a return home interview is
    offered after a missing episode, not after being away without authorisation (NA)."""
    n = incidents.height
    offered = pl.Series(coin(rng, mix.RHI_OFFERED_SHARE, n))
    accepted = pl.Series(coin(rng, mix.RHI_ACCEPTED_SHARE, n))
    applies = pl.col("missing") == "M"
    yes_no = {True: "Y", False: "N"}
    return incidents.with_columns(
        rhi_offered=pl.when(applies).then(offered.replace_strict(yes_no)).otherwise(pl.lit("NA")),
        rhi_accepted=pl.when(applies & offered)
        .then(accepted.replace_strict(yes_no))
        .otherwise(pl.lit("NA")),
    )


def missing_within_placements(missing: pl.DataFrame, episodes: pl.DataFrame) -> pl.DataFrame:
    """A missing spell ends by the end of the episode it began in: when that placement ends,
    the child has been found (DfE rules 575, 577). A spell that begins on the day one episode
    ends and the next starts counts as in both (rule 575 compares inclusively), so it is held
    to the earlier one's end."""
    bounds = episodes.select("child_idx", "decom", episode_end="dec").sort("child_idx", "decom")
    during = pl.col("episode_end") >= pl.col("mis_start")
    return (
        missing.sort("child_idx", "mis_start")
        .join_asof(
            bounds,
            left_on="mis_start",
            right_on="decom",
            by="child_idx",
            allow_exact_matches=False,
            check_sortedness=False,
        )
        .with_columns(
            mis_end=pl.when(during)
            .then(pl.min_horizontal("mis_end", "episode_end"))
            .otherwise("mis_end")
        )
        .drop("decom", "episode_end")
    )

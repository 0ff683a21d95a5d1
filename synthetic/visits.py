"""Statutory social worker visits (supplementary visits table, as SSD ssd_cla_visits).

The Care Planning Regulations 2010 (reg. 28): a visit within a week of each placement start,
then at intervals of no more than six weeks in the placement's first year; after a year in a
long-term placement, no more than three months. A share of visits run late.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from . import mix
from .recurring import Cadence, two_phase_dates
from .sampling import add_years, coin

NEW_PLACEMENT_RNE = ("S", "P", "B")
LONG_TERM_PLACES = ("U1", "U4")
TEMPORARY_PREFIX = "T"
FIRST_YEAR = Cadence(shortest=(1, 28), limits=(7, 42), late_share=mix.LATE_VISIT_SHARE)
LONG_TERM = Cadence(shortest=(60,), limits=(91,), late_share=mix.LATE_VISIT_SHARE)


def placement_spells(episodes: pl.DataFrame) -> pl.DataFrame:
    """One row per placement with a carer (a run of episodes from an RNE S, P or B): child,
    start, end, whether it became long-term; temporary placements and short breaks left out."""
    spell = pl.col("rne").is_in(NEW_PLACEMENT_RNE).cast(pl.Int64).cum_sum().over("child_idx")
    return (
        episodes.filter(~pl.col("ls").is_in(["V3", "V4"]))
        .sort("child_idx", "decom")
        .with_columns(spell=spell)
        .group_by("child_idx", "spell", maintain_order=True)
        .agg(
            start=pl.col("decom").first(),
            end=pl.col("dec").last(),
            place=pl.col("place").last(),
            first_place=pl.col("place").first(),
        )
        .filter(~pl.col("first_place").str.starts_with(TEMPORARY_PREFIX))
        .with_columns(long_term=pl.col("place").is_in(LONG_TERM_PLACES))
    )


def visits(rng: np.random.Generator, episodes: pl.DataFrame, dob: pl.DataFrame) -> pl.DataFrame:
    """(child_idx, visit_date, seen, seen_alone) for every placement; `dob` is (child_idx, dob)."""
    spells = placement_spells(episodes).join(dob, on="child_idx")
    start = spells["start"].to_numpy()
    end = spells["end"].to_numpy()
    switch = np.where(spells["long_term"].to_numpy(), start + 365, end)
    dates = two_phase_dates(rng, start, switch, end, FIRST_YEAR, LONG_TERM)
    rows = dates["row"].to_numpy()
    day = dates["day"].to_numpy()
    n = len(rows)
    seen = coin(rng, mix.VISIT_SEEN_SHARE, n)
    old_enough = day >= add_years(spells["dob"].to_numpy()[rows], 4)
    alone = seen & old_enough & coin(rng, mix.VISIT_SEEN_ALONE_SHARE, n)
    return pl.DataFrame(
        {
            "child_idx": spells["child_idx"].to_numpy()[rows],
            "visit_date": day,
            "seen": np.where(seen, "Y", "N"),
            "seen_alone": np.where(alone, "Y", "N"),
        }
    ).sort("child_idx", "visit_date")

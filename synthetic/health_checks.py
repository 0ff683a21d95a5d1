"""Health of children in care (supplementary health_checks, as SSD ssd_cla_health).

An initial health assessment (IHA) is due within 20 working days of coming into care and is
often late; review health assessments (RHA) follow every six months for under-fives and every
year from five; a dental check every year. Short breaks are not care in this sense.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from . import mix
from .recurring import Cadence, recurring_dates, two_phase_dates
from .sampling import add_years, choose

IHA_CADENCE = Cadence(shortest=(5,), limits=(28,), late_share=mix.LATE_IHA_SHARE, late_by=(3, 60))
RHA_UNDER_5 = Cadence(shortest=(150,), limits=(183,), late_share=mix.LATE_HEALTH_SHARE)
RHA_5_PLUS = Cadence(shortest=(300,), limits=(366,), late_share=mix.LATE_HEALTH_SHARE)
DENTAL_CADENCE = Cadence(shortest=(30, 300), limits=(120, 366), late_share=mix.LATE_HEALTH_SHARE)


def checks_frame(periods: pl.DataFrame, dates: pl.DataFrame, check_type: str) -> pl.DataFrame:
    """(child_idx, check_type, check_date) from recurring dates indexed by period row."""
    rows = dates["row"].to_numpy()
    return pl.DataFrame(
        {
            "child_idx": periods["child_idx"].to_numpy()[rows],
            "check_type": np.full(len(rows), check_type),
            "check_date": dates["day"].to_numpy(),
        }
    )


def health_checks(rng: np.random.Generator, periods: pl.DataFrame) -> pl.DataFrame:
    """(child_idx, check_type, check_date, status) for every looked-after period."""
    start = periods["start"].to_numpy()
    end = periods["end"].to_numpy()
    initial = recurring_dates(rng, start, end, IHA_CADENCE, max_events=1)
    # Reviews run from the initial assessment (or the start, if it never happened).
    anchor = start.copy()
    anchor[initial["row"].to_numpy()] = initial["day"].to_numpy()
    fifth = add_years(periods["dob"].to_numpy(), 5)
    reviews = two_phase_dates(rng, anchor, fifth, end, RHA_UNDER_5, RHA_5_PLUS)
    dental = recurring_dates(rng, start, end, DENTAL_CADENCE)
    checks = pl.concat(
        [
            checks_frame(periods, initial, "IHA"),
            checks_frame(periods, reviews, "RHA"),
            checks_frame(periods, dental, "DENTAL"),
        ]
    )
    status = choose(rng, mix.HEALTH_CHECK_STATUS, checks.height).astype(str)
    return checks.with_columns(status=pl.Series(status)).sort("child_idx", "check_date")

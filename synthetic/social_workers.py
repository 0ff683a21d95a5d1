"""Social worker episodes (903 sw_episodes): who the child's social worker was, from when.

Each looked-after child has an unbroken chain of social workers from the day they first came
into care until a few weeks after they last left it (the case stays open while it closes): a
new episode starts the day the last one ends (DfE rules SW08, SW10, SW11a), lasts more than
a day (SW09) and says why the worker changed (SW13).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from . import mix
from .recurring import cumulative_within, repeat_rows
from .sampling import choose, gamma_days, uniform_days

WORKERS = 140  # qualified social workers who hold looked-after children's cases
MEAN_ALLOCATION_DAYS = 330
CASE_CLOSURE_DAYS = (14, 60)


def social_worker_episodes(rng: np.random.Generator, periods: pl.DataFrame) -> pl.DataFrame:
    """(child_idx, sw_id, sw_decom, sw_dec, sw_reason) for every looked-after child."""
    cases = periods.group_by("child_idx").agg(
        opened=pl.col("start").min(), last_left=pl.col("end").max()
    )
    cases = cases.sort("child_idx")
    n = cases.height
    opened = cases["opened"].to_numpy()
    closed = cases["last_left"].to_numpy() + uniform_days(rng, *CASE_CLOSURE_DAYS, n)
    # Enough allocations to cover the longest case; the extra ones are dropped below.
    count = (closed - opened) // 60 + 1
    rows, number = repeat_rows(count)
    length = np.maximum(gamma_days(rng, 2, MEAN_ALLOCATION_DAYS, len(rows)), 20)
    ends = opened[rows] + cumulative_within(length, count)
    starts = ends - length
    keep = starts < closed[rows]
    rows, number, starts, ends = rows[keep], number[keep], starts[keep], ends[keep]
    m = len(rows)
    workers = np.char.add(
        "SW", (100_000 + rng.integers(0, WORKERS, m) * 7_919 % 900_000).astype(str)
    )
    return pl.DataFrame(
        {
            "child_idx": cases["child_idx"].to_numpy()[rows],
            "sw_id": workers,
            "sw_decom": starts,
            "sw_dec": np.minimum(ends, closed[rows]),
            "sw_reason": np.where(number == 0, "FCONTA", choose(rng, mix.SW_REASON, m)).astype(str),
        }
    )

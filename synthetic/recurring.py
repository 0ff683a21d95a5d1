"""Events that recur on a statutory timetable (reviews, visits, health checks, PEPs), a share
of them late.

A `Cadence` says how long each gap may be: the first gap, the second, ... and the last one
repeats. On-time gaps stay two days inside the limit and late ones go at least three days past
it, so moving a date off a weekend (one day either way, at both ends of a gap) never turns an
on-time event late or a late one on time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from .sampling import coin, nearest_weekday, uniform_days


@dataclass(frozen=True)
class Cadence:
    """Gaps in calendar days: `limits[i]` is the longest allowed gap before event i (the last
    repeats) and `shortest[i]` the shortest usual one; `late_share` of gaps overrun by
    `late_by` days."""

    shortest: tuple[int, ...]
    limits: tuple[int, ...]
    late_share: float
    late_by: tuple[int, int] = (3, 30)


def repeat_rows(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row index repeated `counts` times, and the 0-based number within each row's run."""
    rows = np.repeat(np.arange(len(counts)), counts)
    number = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
    return rows, number


def cumulative_within(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Running total of `values` within each run of rows (runs of `counts` rows, in order)."""
    counts = counts[counts > 0]
    total = np.cumsum(values)
    first = np.cumsum(counts) - counts
    return total - np.repeat(total[first] - values[first], counts)


def by_event_number(values: tuple[int, ...], number: np.ndarray) -> np.ndarray:
    """values[number], the last value repeating for higher numbers."""
    return np.asarray(values, dtype=np.int64)[np.minimum(number, len(values) - 1)]


def recurring_dates(
    rng: np.random.Generator,
    start: np.ndarray,
    end: np.ndarray,
    cadence: Cadence,
    max_events: int | None = None,
) -> pl.DataFrame:
    """Events from each `start` until before its `end` (one row of start/end per series), moved
    off weekends, at most `max_events` a series. Returns (row, day, late): `row` indexes the
    series, `late` marks an event that came after its limit."""
    start = np.asarray(start, dtype=np.int64)
    end = np.asarray(end, dtype=np.int64)
    # Enough events for the whole span: the early gaps may be short, the repeating one is not.
    most = len(cadence.shortest) + np.maximum(end - start, 0) // cadence.shortest[-1]
    if max_events is not None:
        most = np.minimum(most, max_events)
    rows, number = repeat_rows(most)
    n = len(rows)
    shortest = by_event_number(cadence.shortest, number)
    limit = by_event_number(cadence.limits, number)
    late = coin(rng, cadence.late_share, n)
    gap = np.where(
        late,
        limit + uniform_days(rng, *cadence.late_by, n),
        uniform_days(rng, shortest, limit - 1, n),
    )
    day = start[rows] + cumulative_within(gap, most)
    keep = day < end[rows]
    return pl.DataFrame(
        {"row": rows[keep], "day": nearest_weekday(day[keep]), "late": late[keep]},
        schema={"row": pl.Int64, "day": pl.Int64, "late": pl.Boolean},
    )


def two_phase_dates(
    rng: np.random.Generator,
    start: np.ndarray,
    switch: np.ndarray,
    end: np.ndarray,
    first: Cadence,
    then: Cadence,
) -> pl.DataFrame:
    """Events on `first`'s timetable up to `switch`, then on `then`'s from the last of them
    (e.g. six-weekly visits in a placement's first year, three-monthly after)."""
    end = np.asarray(end, dtype=np.int64)
    switch = np.minimum(np.asarray(switch, dtype=np.int64), end)
    early = recurring_dates(rng, start, switch, first)
    last = np.asarray(start, dtype=np.int64).copy()
    np.maximum.at(last, early["row"].to_numpy(), early["day"].to_numpy())
    # The later phase continues each series: its gaps are all ordinary ones.
    ordinary = Cadence(then.shortest[-1:], then.limits[-1:], then.late_share, then.late_by)
    return pl.concat([early, recurring_dates(rng, last, end, ordinary)]).sort("row", "day")

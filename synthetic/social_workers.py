"""Social workers: the Children in Care service's posts and who held them (the workforce
table's staff in post), and the 903 sw_episodes that allocate children to them.

Each post is held by a run of workers with vacancies between them. A child has an unbroken
chain of social workers from the day they first came into care until a few weeks after they
last left it (the case stays open while it closes, with the worker it has then): a new
episode starts the day the last one ends (DfE rules SW08, SW10, SW11a), lasts more than a day
(SW09) and says why the worker changed (SW13): LEFTRL when the worker left their post,
another reason otherwise. Children go to workers in post, part-timers taking fewer, so
children per allocated worker matches the caseloads the workforce table reports.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from . import mix
from .recurring import cumulative_within, repeat_rows
from .sampling import choose, gamma_days, uniform_days

CASES_PER_POST = 15.0  # the establishment: one qualified social worker post per 15 children
FILLED_SHARE = 0.88  # share of the time a post is filled (vacancies, gaps between workers)
MEAN_TENURE_DAYS = 1_280  # about three and a half years in post
PART_TIME_SHARE = 0.15
PART_TIME_FTE = (0.6, 0.8)
MEAN_ALLOCATION_DAYS = 330
MIN_ALLOCATION_DAYS = 20
CASE_CLOSURE_DAYS = (14, 60)
MAX_TRIES = 40  # draws of a post until one is filled (at 88% filled, nearly always the first)
LEFT_ROLE = "LEFTRL"


def establishment_posts(children_in_care: int) -> int:
    """Qualified social worker posts for a county of this size."""
    return max(1, math.ceil(children_in_care / CASES_PER_POST))


def roster(rng: np.random.Generator, posts: int, first_day: int, last_day: int) -> pl.DataFrame:
    """(sw_id, post, fte, joined, left): every holder of every post from before first_day to
    after last_day, in post from `joined` to the day before `left`; rows in post order, each
    post's holders in the order they joined."""
    mean_vacancy = MEAN_TENURE_DAYS * (1 - FILLED_SHARE) / FILLED_SHARE
    cycle = MEAN_TENURE_DAYS + mean_vacancy
    rounds = int((last_day - first_day) / cycle * 2) + 6
    tenure = np.maximum(gamma_days(rng, 2, MEAN_TENURE_DAYS, posts * rounds), 90)
    vacancy = gamma_days(rng, 1.5, mean_vacancy, posts * rounds)
    counts = np.full(posts, rounds)
    # Each post's history starts at a random point of its first cycle, so posts are staggered.
    origin = first_day - np.floor(rng.random(posts) * 2 * cycle).astype(np.int64)
    left = np.repeat(origin, rounds) + cumulative_within(vacancy + tenure, counts)
    joined = left - tenure
    post, _ = repeat_rows(counts)
    part_time = rng.random(posts * rounds) < PART_TIME_SHARE
    fte = np.where(part_time, rng.choice(PART_TIME_FTE, posts * rounds), 1.0)
    keep = (left > first_day) & (joined <= last_day)
    number = np.arange(int(keep.sum()))
    return pl.DataFrame(
        {
            # Distinct 6-digit ids (7919 is prime to 900,000).
            "sw_id": np.char.add("SW", (100_000 + number * 7_919 % 900_000).astype(str)),
            "post": post[keep],
            "fte": fte[keep],
            "joined": joined[keep],
            "left": left[keep],
        }
    )


def workers_in_post(
    rng: np.random.Generator, workers: pl.DataFrame, day: np.ndarray, until: np.ndarray
) -> np.ndarray:
    """Row of `workers` for each allocation starting on `day`: a worker in post from `day`
    to at least `until`, drawn by post, a part-timer accepted in proportion to their FTE."""
    post = workers["post"].to_numpy()
    joined = workers["joined"].to_numpy()
    left = workers["left"].to_numpy()
    fte = workers["fte"].to_numpy()
    key = post * (1 << 32) + joined  # sorted: by post, then by joining day
    posts = int(post.max()) + 1
    chosen = np.full(len(day), -1, dtype=np.int64)
    pending = np.arange(len(day))
    for _ in range(MAX_TRIES):  # whole-array retries of the allocations not placed yet
        if pending.size == 0:
            break
        tried = rng.integers(0, posts, pending.size)
        row = np.searchsorted(key, tried * (1 << 32) + day[pending], side="right") - 1
        row = np.maximum(row, 0)
        ok = (
            (post[row] == tried)
            & (joined[row] <= day[pending])
            & (left[row] >= until[pending])
            & (rng.random(pending.size) < fte[row])
        )
        chosen[pending[ok]] = row[ok]
        pending = pending[~ok]
    # Nobody suitable (never at these sizes): the worker who joined last before the day.
    if pending.size:
        by_joining = np.argsort(joined, kind="stable")
        latest = np.searchsorted(joined[by_joining], day[pending], side="right") - 1
        chosen[pending] = by_joining[np.maximum(latest, 0)]
    return chosen


def social_worker_episodes(
    rng: np.random.Generator, periods: pl.DataFrame, workers: pl.DataFrame, sim_end: int
) -> pl.DataFrame:
    """(child_idx, sw_id, sw_decom, sw_dec, sw_reason) for every looked-after child up to
    sim_end: one allocation after another, each ending when planned, when the worker leaves or
    when the case closes (an allocation running past sim_end is cut the day after it)."""
    cases = (
        periods.group_by("child_idx")
        .agg(opened=pl.col("start").min(), last_left=pl.col("end").max())
        .sort("child_idx")
    )
    n = cases.height
    last_left = cases["last_left"].to_numpy()
    closed = last_left + uniform_days(rng, *CASE_CLOSURE_DAYS, n)
    closed = np.minimum(closed, sim_end + 1)
    left = workers["left"].to_numpy()
    current = cases["opened"].to_numpy().copy()
    reason = np.full(n, "FCONTA", dtype=object)
    active = np.arange(n)
    parts: list[pl.DataFrame] = []
    while active.size:  # one round of allocations for every case still open
        start = current[active]
        worker = workers_in_post(rng, workers, start, start + MIN_ALLOCATION_DAYS)
        planned = start + np.maximum(
            gamma_days(rng, 2, MEAN_ALLOCATION_DAYS, active.size), MIN_ALLOCATION_DAYS
        )
        # (never shorter than the shortest allocation, whatever the worker's dates)
        end = np.maximum(np.minimum(planned, left[worker]), start + MIN_ALLOCATION_DAYS)
        # A case closing soon after stays with the worker it has, as does one whose child has
        # left care for the last time: nobody new is allocated after (DfE rule SW12STG2).
        closing = (closed[active] - end < MIN_ALLOCATION_DAYS) | (end >= last_left[active])
        end = np.where(closing, closed[active], end)
        parts.append(
            pl.DataFrame(
                {
                    "child_idx": cases["child_idx"].to_numpy()[active],
                    "sw_id": workers["sw_id"].to_numpy()[worker],
                    "sw_decom": start,
                    "sw_dec": end,
                    "sw_reason": reason[active].astype(str),
                }
            )
        )
        reason[active] = np.where(
            end >= left[worker], LEFT_ROLE, choose(rng, mix.SW_REASON_OTHER, active.size)
        )
        current[active] = end
        active = active[end < closed[active]]
    return pl.concat(parts).sort("child_idx", "sw_decom")

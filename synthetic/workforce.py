"""The workforce behind the children (supplementary workforce table): establishment, staff in
post and cases per service and role at each month end. Qualified social workers in the
Children in Care service are the posts and workers that sw_episodes allocate children to;
the other roles are sized from their caseload."""

from __future__ import annotations

import numpy as np
import polars as pl

from .sampling import add_years

CHILDREN_IN_CARE = "Children in Care"
SOCIAL_WORKER = "Qualified social worker"
# (service, role, cases per full-time post, share of posts filled on average)
SIZED_ROLES = (
    (CHILDREN_IN_CARE, "Team manager", 90.0, 0.95),
    ("Leaving Care", "Personal adviser", 18.0, 0.9),
)
VACANCY_SWING = 0.06  # month-to-month movement in the share of posts filled


def active_on(days: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """How many [start, end) spans contain each day."""
    start, end = np.sort(start), np.sort(end)
    return np.searchsorted(start, days, side="right") - np.searchsorted(end, days, side="right")


def staff_in_post(month_ends: np.ndarray, workers: pl.DataFrame) -> np.ndarray:
    """Full-time equivalent of the workers in post at the end of each month end's day."""
    joined = workers["joined"].to_numpy()
    left = workers["left"].to_numpy()
    fte = workers["fte"].to_numpy()
    in_post = (joined[None, :] <= month_ends[:, None]) & (left[None, :] > month_ends[:, None])
    return np.round(in_post.astype(float) @ fte, 1)


def role_rows(
    month_ends: np.ndarray,
    service: str,
    role: str,
    establishment: np.ndarray,
    staff: np.ndarray,
    cases: np.ndarray,
) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "month_end": month_ends,
            "service": service,
            "role": role,
            "establishment_fte": establishment,
            "staff_fte": staff,
            "cases": cases,
        }
    )


def workforce(
    rng: np.random.Generator,
    month_ends: np.ndarray,
    periods: pl.DataFrame,
    leavers: pl.DataFrame,
    workers: pl.DataFrame,
    posts: int,
) -> pl.DataFrame:
    """(month_end, service, role, establishment_fte, staff_fte, cases) for each month end.
    Caseloads: children looked after at the month end; former relevant care leavers (18-20)."""
    in_care = active_on(month_ends, periods["start"].to_numpy(), periods["end"].to_numpy())
    dob = leavers["dob"].to_numpy()
    adult_from = np.maximum(leavers["last_left"].to_numpy(), add_years(dob, 18))
    leaving_care = active_on(month_ends, adult_from, add_years(dob, 21))
    frames = [
        role_rows(
            month_ends,
            CHILDREN_IN_CARE,
            SOCIAL_WORKER,
            np.full(len(month_ends), float(posts)),
            staff_in_post(month_ends, workers),
            in_care,
        )
    ]
    for service, role, per_post, filled in SIZED_ROLES:
        cases = leaving_care if service == "Leaving Care" else in_care
        establishment = np.round(cases / per_post + 0.5, 1)
        share = np.clip(filled + rng.normal(0, VACANCY_SWING / 2, len(month_ends)), 0.6, 1.0)
        staff = np.round(establishment * share, 1)
        frames.append(role_rows(month_ends, service, role, establishment, staff, cases))
    return pl.concat(frames).sort("month_end", "service", "role")

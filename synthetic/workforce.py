"""The workforce behind the children (supplementary workforce table): establishment, staff in
post and cases per service and role at each month end, sized from the caseload itself."""

from __future__ import annotations

import numpy as np
import polars as pl

from .sampling import add_years

# (service, role, cases per full-time post, share of posts filled on average)
ROLES = (
    ("Children in Care", "Qualified social worker", 15.0, 0.88),
    ("Children in Care", "Team manager", 90.0, 0.95),
    ("Leaving Care", "Personal adviser", 22.0, 0.9),
)
VACANCY_SWING = 0.06  # month-to-month movement in the share of posts filled


def active_on(days: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """How many [start, end) spans contain each day."""
    start, end = np.sort(start), np.sort(end)
    return np.searchsorted(start, days, side="right") - np.searchsorted(end, days, side="right")


def workforce(
    rng: np.random.Generator,
    month_ends: np.ndarray,
    periods: pl.DataFrame,
    leavers: pl.DataFrame,
) -> pl.DataFrame:
    """(month_end, service, role, establishment_fte, staff_fte, cases) for each month end.
    Caseloads: children looked after at the month end; former relevant care leavers (18-20)."""
    in_care = active_on(month_ends, periods["start"].to_numpy(), periods["end"].to_numpy())
    dob = leavers["dob"].to_numpy()
    adult_from = np.maximum(leavers["last_left"].to_numpy(), add_years(dob, 18))
    leaving_care = active_on(month_ends, adult_from, add_years(dob, 21))
    frames = []
    for service, role, per_post, filled in ROLES:
        cases = leaving_care if service == "Leaving Care" else in_care
        establishment = np.round(cases / per_post + 0.5, 1)
        share = np.clip(filled + rng.normal(0, VACANCY_SWING / 2, len(month_ends)), 0.6, 1.0)
        frames.append(
            pl.DataFrame(
                {
                    "month_end": month_ends,
                    "service": service,
                    "role": role,
                    "establishment_fte": establishment,
                    "staff_fte": np.round(establishment * share, 1),
                    "cases": cases,
                }
            )
        )
    return pl.concat(frames).sort("month_end", "service", "role")

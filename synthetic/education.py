"""Education of children in care (supplementary education table): the latest personal
education plan (PEP) and the school, with its Ofsted grade.

A PEP is due within 20 school days of coming into care and is reviewed every term; the
school stays the child's for the period of care.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from . import mix
from .recurring import Cadence, recurring_dates
from .sampling import choose, string_series

PEP_CADENCE = Cadence(shortest=(5, 90), limits=(28, 122), late_share=mix.LATE_PEP_SHARE)
SCHOOL_URNS = (100_000, 150_000)  # the range English school URNs are drawn from here


def personal_education_plans(rng: np.random.Generator, periods: pl.DataFrame) -> pl.DataFrame:
    """(child_idx, pep_date) for every looked-after period."""
    dates = recurring_dates(rng, periods["start"], periods["end"], PEP_CADENCE)
    return pl.DataFrame(
        {
            "child_idx": periods["child_idx"].to_numpy()[dates["row"].to_numpy()],
            "pep_date": dates["day"].to_numpy(),
        }
    ).sort("child_idx", "pep_date")


def schools(rng: np.random.Generator, child_idx: np.ndarray) -> pl.DataFrame:
    """(child_idx, school_urn, school_ofsted_grade) per child; grade blank if not inspected."""
    n = len(child_idx)
    grade = choose(rng, mix.SCHOOL_OFSTED_GRADE, n).astype(str)
    return pl.DataFrame(
        {
            "child_idx": child_idx,
            "school_urn": rng.integers(*SCHOOL_URNS, n).astype(str),
            "school_ofsted_grade": string_series("g", np.where(grade == "none", None, grade)),
        }
    )

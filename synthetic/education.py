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
from .sampling import add_years, choose_by_group, even_uniforms, month_ends, string_series

SCHOOL_AGE = (5, 15)  # age on the 31 August before the month: Years 1 to 11
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


def school_age_reference(days: np.ndarray) -> np.ndarray:
    """The 31 August before each day's school year: the age then fixes the year group."""
    dates = pl.Series("d", days.astype(np.int32)).cast(pl.Date)
    year = dates.dt.year() - (dates.dt.month() < 9).cast(pl.Int32)
    return pl.select(pl.date(year, 8, 31).cast(pl.Int32)).to_series().to_numpy().astype(np.int64)


def education_records(
    peps: pl.DataFrame, periods: pl.DataFrame, first_day: int, last_day: int
) -> pl.DataFrame:
    """(child_idx, record_date, pep_date): at every month end from first_day's month to
    last_day's, each child looked after then and of school age (5 to 15 on the 31 August
    before: Years 1 to 11, whatever birthdays fall later in the school year), with their latest
    PEP in that period of care (null if none yet)."""
    ends = pl.DataFrame({"record_date": month_ends(first_day, last_day)})
    reference = pl.DataFrame(
        {
            "record_date": ends["record_date"],
            "reference": school_age_reference(ends["record_date"].to_numpy()),
        }
    )
    in_care = (
        periods.filter((pl.col("end") > first_day) & (pl.col("start") <= last_day))
        .select("child_idx", "dob", "start", "end")
        .join(ends, how="cross")
        .filter(pl.col("record_date").is_between(pl.col("start"), pl.col("end"), closed="left"))
        .join(reference, on="record_date")
    )
    dob = in_care["dob"].to_numpy()
    school_aged = in_care.filter(
        (pl.Series(add_years(dob, SCHOOL_AGE[0])) <= pl.col("reference"))
        & (pl.Series(add_years(dob, SCHOOL_AGE[1] + 1)) > pl.col("reference"))
    )
    return (
        school_aged.sort("record_date")
        .join_asof(
            peps.sort("pep_date"),
            left_on="record_date",
            right_on="pep_date",
            by="child_idx",
            check_sortedness=False,
        )
        .select(
            "child_idx",
            "record_date",
            pep_date=pl.when(pl.col("pep_date") >= pl.col("start")).then("pep_date"),
        )
        .sort("child_idx", "record_date")
    )


def schools(rng: np.random.Generator, child_idx: np.ndarray) -> pl.DataFrame:
    """(child_idx, school_urn, school_ofsted_grade) per child; grade blank if not inspected."""
    n = len(child_idx)
    u = even_uniforms(rng, np.zeros(n, dtype=np.int64), "school_grade")
    grade = choose_by_group(rng, np.zeros(n, dtype=np.int64), [mix.SCHOOL_OFSTED_GRADE], u=u)
    grade = grade.astype(str)
    return pl.DataFrame(
        {
            "child_idx": child_idx,
            "school_urn": rng.integers(*SCHOOL_URNS, n).astype(str),
            "school_ofsted_grade": string_series("g", np.where(grade == "none", None, grade)),
        }
    )

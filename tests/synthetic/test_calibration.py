"""The synthetic county against the seed report (Cambridgeshire's Corporate Parenting report,
January 2018), section by section: each figure is worked out here from the January 2018
extract's files, independently of the generator and of the warehouse, and must land in the
range of the report's April-December 2017 figures (or, where that report has none, the 2019
and 2021 editions')."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from extract_files import as_date, month_bounds, read

SHORT_BREAKS = ["V3", "V4"]
APRIL_TO_DECEMBER = [f"2017-{m:02d}" for m in range(4, 13)]
FIRST_OF_APRIL = dt.date(2017, 4, 1)


@pytest.fixture(scope="module")
def january(folders: list[Path]) -> Path:
    return next(f for f in folders if f.name == "2018-01")


def month_ends(months: list[str]) -> pl.DataFrame:
    return pl.DataFrame({"month_end": [month_bounds(m)[1] for m in months]})


def in_care_at(folder: Path, months: list[str]) -> pl.DataFrame:
    """(CHILD, month_end, LS) for every child looked after at each month end (an episode that
    ends on the day is over; short breaks are not care)."""
    episodes = (
        read(folder, "episodes")
        .filter(~pl.col("LS").is_in(SHORT_BREAKS))
        .with_columns(decom=as_date("DECOM"), dec=as_date("DEC"))
    )
    return (
        episodes.join(month_ends(months), how="cross")
        .filter(
            (pl.col("decom") <= pl.col("month_end"))
            & (pl.col("dec").is_null() | (pl.col("dec") > pl.col("month_end")))
        )
        .select("CHILD", "month_end", "LS")
    )


def whole_years(born: pl.Expr, on: pl.Expr) -> pl.Expr:
    """Age in whole years on a date."""
    before_birthday = (on.dt.month() < born.dt.month()) | (
        (on.dt.month() == born.dt.month()) & (on.dt.day() < born.dt.day())
    )
    return on.dt.year() - born.dt.year() - before_birthday.cast(pl.Int32)


# --- exploitation: 2018 report, April-December 2017 averages --------------------------------


@pytest.fixture(scope="module")
def open_risks(january: Path) -> pl.DataFrame:
    """(CHILD, RISK_TYPE, SEX, band, month_end): children with an open risk at each month end
    from April to December, one row per child and risk type."""
    risks = read(january, "exploitation").with_columns(
        start=as_date("START_DATE"), end=as_date("END_DATE"), dob=as_date("DOB")
    )
    age = whole_years(pl.col("dob"), pl.col("month_end"))
    return (
        risks.join(month_ends(APRIL_TO_DECEMBER), how="cross")
        .filter(
            (pl.col("start") <= pl.col("month_end"))
            & (pl.col("end").is_null() | (pl.col("end") > pl.col("month_end")))
        )
        .unique(["CHILD", "RISK_TYPE", "month_end"])
        .with_columns(
            band=pl.when(age < 9)
            .then(pl.lit("0-8"))
            .when(age < 13)
            .then(pl.lit("9-12"))
            .when(age < 17)
            .then(pl.lit("13-16"))
            .otherwise(pl.lit("17+"))
        )
    )


def average_open(risks: pl.DataFrame, risk: str, column: str, value: str) -> float:
    chosen = risks.filter((pl.col("RISK_TYPE") == risk) & (pl.col(column) == value))
    return chosen.height / len(APRIL_TO_DECEMBER)


@pytest.mark.parametrize(
    ("risk", "column", "value", "low", "high"),
    [
        # The report: CSE 70.0 girls, 18.4 boys; 4.1 aged 9-12, 64.9 aged 13-16, 18.0 aged 17+.
        ("CSE", "SEX", "2", 60, 80),
        ("CSE", "SEX", "1", 12, 26),
        ("CSE", "band", "9-12", 1, 8),
        ("CSE", "band", "13-16", 55, 75),
        ("CSE", "band", "17+", 12, 26),
        # CCE (gang exploitation): 23.6 boys, 2.8 girls; 13.7 aged 13-16, 12.7 aged 17+.
        ("CCE", "SEX", "1", 17, 30),
        ("CCE", "SEX", "2", 1, 6),
        ("CCE", "band", "13-16", 9, 19),
        ("CCE", "band", "17+", 8, 18),
    ],
)
def test_children_at_risk_of_exploitation(
    open_risks: pl.DataFrame, risk: str, column: str, value: str, low: float, high: float
) -> None:
    assert low <= average_open(open_risks, risk, column, value) <= high


def test_nobody_under_9_at_risk_and_nobody_under_13_of_gang_exploitation(
    open_risks: pl.DataFrame,
) -> None:
    assert average_open(open_risks, "CSE", "band", "0-8") == 0
    assert average_open(open_risks, "CCE", "band", "0-8") == 0
    assert average_open(open_risks, "CCE", "band", "9-12") == 0


# --- education: the 2021 report (98.5% with a PEP, 72.9% at good or outstanding schools) ----


@pytest.fixture(scope="module")
def school_aged(january: Path) -> pl.DataFrame:
    """(CHILD, month_end): children in care at each month end from April to January who were
    5 to 15 on the 31 August before the month (Years 1 to 11)."""
    months = [*APRIL_TO_DECEMBER, "2018-01"]
    header = read(january, "header").select("CHILD", dob=as_date("DOB"))
    reference = pl.date(
        pl.col("month_end").dt.year() - (pl.col("month_end").dt.month() < 9).cast(pl.Int32), 8, 31
    )
    age = whole_years(pl.col("dob"), reference)
    return (
        in_care_at(january, months)
        .join(header, on="CHILD")
        .filter(age.is_between(5, 15))
        .select("CHILD", "month_end")
        .unique()
    )


@pytest.fixture(scope="module")
def education(january: Path) -> pl.DataFrame:
    return read(january, "education").with_columns(
        month_end=as_date("RECORD_DATE"), pep=as_date("PEP_DATE")
    )


def test_every_school_aged_child_in_care_has_an_education_record_each_month(
    school_aged: pl.DataFrame, education: pl.DataFrame
) -> None:
    # School age is the age on the 31 August before the month: a child who turned 16 since
    # 1 September is still in Year 11 and still has a record.
    recorded = education.filter(pl.col("month_end") >= FIRST_OF_APRIL)
    recorded = recorded.select("CHILD", "month_end").unique()
    assert school_aged.join(recorded, on=["CHILD", "month_end"], how="anti").height == 0
    assert recorded.join(school_aged, on=["CHILD", "month_end"], how="anti").height == 0
    assert school_aged.height > 9 * 400


def test_nearly_every_school_aged_child_has_a_pep_from_the_last_six_months(
    education: pl.DataFrame,
) -> None:
    current = pl.col("pep") >= pl.col("month_end").dt.offset_by("-6mo")
    share = education.select(current.fill_null(False).mean()).item()
    assert 0.95 <= share <= 0.995, share


def test_about_three_in_four_at_good_or_outstanding_schools(education: pl.DataFrame) -> None:
    share = education.select(pl.col("SCHOOL_OFSTED_GRADE").is_in(["1", "2"]).mean()).item()
    assert 0.66 <= share <= 0.80, share


# --- workforce: the 2021 report (17 cases per Children in Care social worker) ---------------


def test_children_in_care_per_allocated_social_worker(january: Path) -> None:
    months = [*APRIL_TO_DECEMBER, "2018-01"]
    in_care = in_care_at(january, months).select("CHILD", "month_end").unique()
    allocations = read(january, "sw_episodes").with_columns(
        start=as_date("SW_DECOM"), end=as_date("SW_DEC")
    )
    allocated = (
        allocations.join(in_care, on="CHILD")
        .filter(
            (pl.col("start") <= pl.col("month_end"))
            & (pl.col("end").is_null() | (pl.col("end") > pl.col("month_end")))
        )
        .group_by("month_end")
        .agg(children=pl.col("CHILD").n_unique(), workers=pl.col("SW_ID").n_unique())
    )
    staff = (
        read(january, "workforce")
        .filter(pl.col("ROLE") == "Qualified social worker")
        .select(month_end=as_date("MONTH_END"), staff_fte=pl.col("STAFF_FTE").cast(pl.Float64))
    )
    figures = allocated.join(staff, on="month_end")
    assert figures.height == len(months)
    per_worker = figures["children"] / figures["workers"]
    assert per_worker.is_between(15, 19).all(), per_worker.to_list()
    # The workers children are allocated to are the staff in post (part-timers count < 1 FTE).
    assert (figures["workers"] >= figures["staff_fte"] * 0.95).all()
    assert (figures["workers"] <= figures["staff_fte"] * 1.2).all()
    assert figures["staff_fte"].is_between(33, 45).all()


def test_social_workers_who_leave_hand_their_children_on(january: Path) -> None:
    reasons = read(january, "sw_episodes")["SW_REASON"]
    assert 0.15 <= (reasons == "LEFTRL").mean() <= 0.4


# --- demographics: 8% disabled (2018), the 2021 report's legal statuses ----------------------


def test_about_one_child_in_twelve_is_disabled(january: Path) -> None:
    in_care = in_care_at(january, ["2018-01"]).select("CHILD").unique()
    disabled = read(january, "disability").filter(pl.col("DISABILITY") != "NONE")
    share = in_care.join(disabled, on="CHILD", how="semi").height / in_care.height
    assert 0.06 <= share <= 0.10, share


def test_most_children_are_on_full_care_orders(january: Path) -> None:
    # 2021: full care order 58%, voluntary (s20, with every UASC) 16%, interim 15%, placement
    # order 11%.
    status = in_care_at(january, ["2018-01"])["LS"]
    assert 0.50 <= status.is_in(["C2"]).mean() <= 0.62
    assert 0.15 <= status.is_in(["V2"]).mean() <= 0.25
    assert 0.10 <= status.is_in(["C1"]).mean() <= 0.20
    assert 0.04 <= status.is_in(["E1", "D1"]).mean() <= 0.10


# --- placements: 61 children (8.7%) with 3+ placements by December 2017 ---------------------


def test_about_one_child_in_eleven_has_had_three_placements_by_december(january: Path) -> None:
    episodes = (
        read(january, "episodes")
        .filter(~pl.col("LS").is_in(SHORT_BREAKS))
        .with_columns(decom=as_date("DECOM"), dec=as_date("DEC"))
        .sort("CHILD", "decom")
        .with_columns(previous_place=pl.col("PLACE").shift(1).over("CHILD"))
    )
    # A placement starts with RNE S, P or B; temporary placements and the return from one are
    # not new placements.
    temporary = pl.col("PLACE").str.starts_with("T")
    after_temporary = pl.col("previous_place").fill_null("").str.starts_with("T")
    _, december_end = month_bounds("2017-12")
    placements = episodes.filter(
        pl.col("RNE").is_in(["S", "P", "B"])
        & ~temporary
        & ~after_temporary
        & (pl.col("decom") <= december_end)
        & (pl.col("dec").is_null() | (pl.col("dec") >= FIRST_OF_APRIL))
    )
    in_care = in_care_at(january, ["2017-12"]).select("CHILD").unique()
    counts = placements.join(in_care, on="CHILD").group_by("CHILD").len()
    share = counts.filter(pl.col("len") >= 3).height / in_care.height
    assert 0.06 <= share <= 0.12, share


# --- missing: 43 incidents among 25 children a month ----------------------------------------


def test_missing_incidents_and_children_a_month(january: Path) -> None:
    missing = read(january, "missing").filter(pl.col("MISSING") == "M")
    started = missing.with_columns(month=as_date("MIS_START").dt.truncate("1mo")).filter(
        pl.col("month").is_between(FIRST_OF_APRIL, dt.date(2017, 12, 1))
    )
    per_month = started.group_by("month").agg(
        incidents=pl.len(), children=pl.col("CHILD").n_unique()
    )
    assert 36 <= per_month["incidents"].mean() <= 50
    assert 19 <= per_month["children"].mean() <= 31


# --- care leavers: the 2021 report (89.7% with a pathway plan) -------------------------------


def test_about_nine_in_ten_care_leavers_have_a_current_pathway_plan(january: Path) -> None:
    contacts = read(january, "care_leavers").filter(pl.col("IN_TOUCH") != "DIED")
    plan, contact = as_date("PATHWAY_PLAN_DATE"), as_date("CONTACT_DATE")
    share = contacts.select((plan >= contact.dt.offset_by("-6mo")).mean()).item()
    assert 0.85 <= share <= 0.95, share

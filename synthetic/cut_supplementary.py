"""The supplementary tables as one extract sees them: visits, health checks and care-leaver
contacts back to the history start, exploitation risks open in that time (children not looked
after included), education at each month end of the window, disability, and the workforce by
month end."""

from __future__ import annotations

import polars as pl

from .extract_window import ExtractWindow, contract_table
from .records import CountyRecords


def dated_in_history(
    frame: pl.DataFrame, column: str, w: ExtractWindow, during_care: bool = True
) -> pl.DataFrame:
    """Rows dated from the history start to the month end, of children whose episodes the
    extract holds (`during_care`) or of any header child (care leavers)."""
    rows = frame.filter(pl.col(column).is_between(w.history_start, w.end))
    if during_care:
        rows = rows.join(w.looked_after, on="child_idx", how="semi")
    return w.of_people(rows)


def visits(records: CountyRecords, w: ExtractWindow) -> pl.DataFrame:
    rows = dated_in_history(records.visits, "visit_date", w).sort("child_idx", "visit_date")
    return contract_table(rows, "visits", w.month)


def health_checks(records: CountyRecords, w: ExtractWindow) -> pl.DataFrame:
    rows = dated_in_history(records.health_checks, "check_date", w)
    return contract_table(
        rows.sort("child_idx", "check_date", "check_type"), "health_checks", w.month
    )


def care_leavers(records: CountyRecords, w: ExtractWindow) -> pl.DataFrame:
    contacts = dated_in_history(records.care_leavers, "contact", w, during_care=False).rename(
        {"contact": "contact_date", "pathway_plan": "pathway_plan_date"}
    )
    return contract_table(contacts.sort("child_idx", "contact_date"), "care_leavers", w.month)


def exploitation(records: CountyRecords, w: ExtractWindow) -> pl.DataFrame:
    """Risks of header children and of children never looked after, open at some time from
    the history start to the month end; an end after the month end is not known yet."""
    risks = w.dated_until_end(records.exploitation, "start_date").filter(
        pl.col("end_date") >= w.history_start
    )
    known = pl.concat(
        [
            w.people.select("child_idx", "child", "dob", "sex"),
            records.community.select("child_idx", "child", "dob", "sex"),
        ]
    )
    rows = risks.join(known, on="child_idx").with_columns(end_date=w.not_yet("end_date"))
    return contract_table(rows.sort("child_idx", "start_date"), "exploitation", w.month)


def education(records: CountyRecords, w: ExtractWindow) -> pl.DataFrame:
    """One record a month end of the window for every child in care then who was of school
    age: their latest PEP in that period of care (blank if none yet) and their school."""
    rows = records.education.filter(pl.col("record_date").is_between(w.start, w.end))
    rows = w.of_people(rows).join(records.schools, on="child_idx")
    return contract_table(rows.sort("child_idx", "record_date"), "education", w.month)


def disability(records: CountyRecords, w: ExtractWindow) -> pl.DataFrame:
    rows = w.of_people(records.disabilities).sort("child_idx", "disability")
    return contract_table(rows, "disability", w.month)


def workforce(records: CountyRecords, w: ExtractWindow) -> pl.DataFrame:
    rows = records.workforce.filter(pl.col("month_end").is_between(w.start, w.end))
    return contract_table(rows, "workforce", w.month)

"""What one monthly extract can see: its dates, its children, and how a simulated frame
becomes a contract table (DfE column names in contract order, dates as dates)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from schemas.contract import TABLES

from .code_years import place_code, sex_code, urn_code

# Contract columns that hold dates (written dd/mm/YYYY).
DATE_COLUMNS = frozenset(
    {
        "DOB", "MC_DOB", "DECOM", "DEC", "DUC", "REVIEW", "MIS_START", "MIS_END", "DATE_INT",
        "DATE_MATCH", "DATE_PLACED", "DATE_PLACED_CEASED", "DATE_PERM", "SW_DECOM", "SW_DEC",
        "VISIT_DATE", "CHECK_DATE", "CONTACT_DATE", "PATHWAY_PLAN_DATE", "START_DATE",
        "END_DATE", "RECORD_DATE", "PEP_DATE", "MONTH_END", "DOLO_START", "DOLO_END",
    }
)  # fmt: skip


@dataclass(frozen=True)
class ExtractWindow:
    """One extract: month M, its last day `end`, the window it covers (from `start`, 1 April
    of the previous financial year), how far back periods of care reach (`history_start`),
    the 31 March its year-end tables (OC2, OC3) report on, its header children
    (child_idx, child, dob, sex) and which of them have episodes in it (child_idx)."""

    month: str
    end: int
    start: int
    history_start: int
    year_end: int
    people: pl.DataFrame
    looked_after: pl.DataFrame

    def dated_until_end(self, frame: pl.DataFrame, column: str) -> pl.DataFrame:
        """Rows dated up to the end of the month (nothing after it exists yet)."""
        return frame.filter(pl.col(column) <= self.end)

    def not_yet(self, column: str) -> pl.Expr:
        """A date after the month end shown blank: it has not happened yet."""
        return pl.when(pl.col(column) <= self.end).then(column)

    def of_people(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Rows of header children, with CHILD, DOB and SEX joined on."""
        own = frame.drop("child", "dob", "sex", strict=False)
        return own.join(self.people, on="child_idx")


def as_date(column: str) -> pl.Expr:
    """Days since 1970 as a date (written dd/mm/YYYY)."""
    return pl.col(column).cast(pl.Int32).cast(pl.Date)


def contract_table(frame: pl.DataFrame, table: str, month: str) -> pl.DataFrame:
    """The frame's lower-case columns as the contract table: DfE names in contract order
    (optional columns included), dates as dates, SEX, PLACE and URN coded for the month's year."""

    def column(name: str) -> pl.Expr:
        if name == "SEX":
            return sex_code(month).alias(name)
        if name == "PLACE" and table == "episodes":
            return place_code(month).alias(name)
        if name == "URN" and table == "episodes":
            return urn_code(month).alias(name)
        if name in DATE_COLUMNS:
            return as_date(name.lower()).alias(name)
        return pl.col(name.lower()).alias(name)

    return frame.select(column(name) for name in TABLES[table].known_columns)

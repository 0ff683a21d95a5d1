"""Values no real record can hold, whatever the code lists say: a date before 1900, a value
longer than the DfE's field length for its column (or than any field of the contract). Each is
a rule of ``schemas.rules``; the row is quarantined and its other rules are not judged on it.
(A child over 25 at an episode's start is a rule of the episodes model: it needs the header's
date of birth.)"""

from __future__ import annotations

import datetime as dt

import polars as pl

from ingest.read import LINE
from schemas.contract import EARLIEST_DATE, FIELD_LENGTHS, LONGEST_VALUE, TableSpec

EARLIEST = dt.date.fromisoformat(EARLIEST_DATE)
FOUND_SCHEMA = {
    LINE: pl.Int64,
    "child_id": pl.String,
    "column_name": pl.String,
    "rule_id": pl.String,
}


def implausible(raw: pl.DataFrame, typed: pl.DataFrame, spec: TableSpec) -> pl.DataFrame:
    """(LINE, child_id, column_name, rule_id) of each implausible value. ``raw`` is the file's
    frame (every column as text, UPN and postcodes included), ``typed`` the table as typed, with
    LINE, child_id and the DfE column names."""
    too_long = [
        raw.filter(pl.col(c).str.len_chars() > FIELD_LENGTHS.get(c, LONGEST_VALUE)).select(
            LINE,
            column_name=pl.lit(c),
            rule_id=pl.lit("FIELD_LENGTH" if c in FIELD_LENGTHS else "VALUE_TOO_LONG"),
        )
        for c in spec.known_columns
        if c in raw.columns
    ]
    children = typed.select(LINE, "child_id")
    early = [
        typed.filter(pl.col(c) < EARLIEST).select(
            LINE, "child_id", column_name=pl.lit(c), rule_id=pl.lit("DATE_BEFORE_1900")
        )
        for c in spec.dates
        if c in typed.columns
    ]
    return pl.concat(
        [
            *(f.join(children, on=LINE, how="left").select(*FOUND_SCHEMA) for f in too_long),
            *early,
            pl.DataFrame(schema=FOUND_SCHEMA),
        ]
    )

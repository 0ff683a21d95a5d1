"""Values no real record can hold, whatever the code lists say: a date before 1900, a value
longer than the DfE's field length for its column (or than any field of the contract). Each is
a rule of ``schemas.rules``; the row is quarantined and its other rules are not judged on it.
(A child over 25 at an episode's start is a rule of the episodes model: it needs the header's
date of birth.)

Staging finds these and the values that do not parse in one query a table (``found``), over a
frame of each row's values as written (``written``) and as typed."""

from __future__ import annotations

import datetime as dt

import polars as pl

from ingest.read import LINE
from schemas.contract import EARLIEST_DATE, FIELD_LENGTHS, LONGEST_VALUE, TableSpec
from schemas.evaluate import failing

EARLIEST = dt.date.fromisoformat(EARLIEST_DATE)
FOUND_SCHEMA = {
    LINE: pl.Int64,
    "child_id": pl.String,
    "column_name": pl.String,
    "rule_id": pl.String,
}
#: (column, rule, true where the row's value keeps the rule)
RowCheck = tuple[str, str, pl.Expr]


def written(column: str) -> str:
    """The name under which a column's text as written in the file sits beside the typed
    columns."""
    return f"{column} as written"


def implausible(
    spec: TableSpec, raw_columns: list[str], typed_columns: list[str]
) -> list[RowCheck]:
    """The checks for implausible values of a table whose file has ``raw_columns`` (as
    ``written``: UPN and postcodes included) and whose typed frame has ``typed_columns`` (the
    DfE column names)."""
    return [
        *(
            (c, "FIELD_LENGTH" if c in FIELD_LENGTHS else "VALUE_TOO_LONG",
             pl.col(written(c)).str.len_chars() <= FIELD_LENGTHS.get(c, LONGEST_VALUE))
            for c in spec.known_columns
            if c in raw_columns
        ),
        *((c, "DATE_BEFORE_1900", pl.col(c) >= EARLIEST) for c in spec.dates if c in typed_columns),
    ]  # fmt: skip


def found(values: pl.DataFrame, checks: list[RowCheck]) -> pl.DataFrame:
    """(LINE, child_id, column_name, rule_id) of each row of ``values`` (LINE, child_id and the
    columns the checks read) that a check fails, check after check, in one query."""
    if not checks:
        return pl.DataFrame(schema=FOUND_SCHEMA)
    fails = failing(values.lazy().select(ok.alias(str(i)) for i, (_, _, ok) in enumerate(checks)))
    rules = pl.DataFrame(
        [(column, rule) for column, rule, _ in checks],
        schema={"column_name": pl.String, "rule_id": pl.String},
        orient="row",
    )
    rows = values.select(LINE, "child_id")[fails["index"]]
    return rows.hstack(rules[fails["check_number"]]).cast(FOUND_SCHEMA)

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
from schemas.evaluate import failing

EARLIEST = dt.date.fromisoformat(EARLIEST_DATE)
FOUND_SCHEMA = {
    LINE: pl.Int64,
    "child_id": pl.String,
    "column_name": pl.String,
    "rule_id": pl.String,
}


def implausible(raw: pl.DataFrame, typed: pl.DataFrame, spec: TableSpec) -> pl.DataFrame:
    """(LINE, child_id, column_name, rule_id) of each implausible value, column after column.
    ``raw`` is the file's frame (every column as text, UPN and postcodes included), ``typed``
    the table as typed, row for row, with LINE, child_id and the DfE column names."""
    checks = [  # (column, rule, true where the value is plausible)
        *(
            (c, "FIELD_LENGTH" if c in FIELD_LENGTHS else "VALUE_TOO_LONG",
             raw[c].str.len_chars() <= FIELD_LENGTHS.get(c, LONGEST_VALUE))
            for c in spec.known_columns
            if c in raw.columns
        ),
        *((c, "DATE_BEFORE_1900", typed[c] >= EARLIEST) for c in spec.dates if c in typed.columns),
    ]  # fmt: skip
    if not checks:
        return pl.DataFrame(schema=FOUND_SCHEMA)
    rules = pl.LazyFrame(
        [(str(i), c, rule) for i, (c, rule, _) in enumerate(checks)],
        schema={"check_number": pl.String, "column_name": pl.String, "rule_id": pl.String},
        orient="row",
    )
    rows = typed.lazy().select(
        pl.int_range(pl.len(), dtype=pl.Int32).alias("index"), LINE, "child_id"
    )
    return (
        failing(pl.LazyFrame([ok.alias(str(i)) for i, (_, _, ok) in enumerate(checks)]))
        .join(rules, on="check_number", how="left", maintain_order="left")
        .join(rows, on="index", how="left", maintain_order="left")
        .select(*FOUND_SCHEMA)
        .cast(FOUND_SCHEMA)
        .collect()
    )

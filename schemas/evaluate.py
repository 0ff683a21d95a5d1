"""A table's pandera model judged over a frame in one polars query.

pandera's polars backend runs each check as a query of its own and copies the frame for each
list of failures: about 2 ms a check, which with two hundred rules was most of staging a month.
Here every check of a model becomes one boolean expression (each column's type, blanks and
built-in checks; every row rule, whose expression its check carries: schemas.row_rules), all
are evaluated in one ``select``, and the failing rows are gathered from that. The answer is
pandera's own: the ``index``, ``check``, ``column`` and ``schema_context`` of its
``failure_cases``, in its order (tests/ingest/test_evaluate_as_pandera.py holds the two equal on
whole months). A model using a pandera feature not done here is validated by pandera itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import polars as pl
from pandera.api.checks import Check
from pandera.api.polars.components import Column
from pandera.api.polars.types import PolarsData

from schemas.row_rules import Model, RowRule

FAILURES_SCHEMA = {
    "index": pl.Int32,
    "check": pl.String,
    "column": pl.String,
    "schema_context": pl.String,
}
CHECK_COLUMNS = ("check", "column", "schema_context")
#: pandera's polars built-in checks our models use, as expressions on the column (the same
#: keywords as pandera's own functions: pandera/backends/polars/builtin_checks.py).
BUILTIN: dict[str, Callable[..., pl.Expr]] = {
    "isin": lambda column, allowed_values: column.is_in(allowed_values),
    "less_than_or_equal_to": lambda column, max_value: column.le(max_value),
    "greater_than_or_equal_to": lambda column, min_value: column.ge(min_value),
}


@dataclass(frozen=True, eq=False)
class Judged:
    """One check of a model as pandera reports it, and the expression true where a row passes
    (None for a check of the frame's shape: a column's presence or type)."""

    check: str
    column: str | None
    schema_context: str
    ok: pl.Expr | None = None
    column_type: Column | None = None  # the column whose type this checks


def identifier(check: Check) -> str:
    """What pandera's failure cases call a check: its error text, else its name."""
    return check.error if check.error is not None else check.name or str(check)


def _passes(check: Check, output: pl.Expr) -> pl.Expr:
    # As pandera's check backend: with ignore_na a null outcome passes, else it fails.
    return output | output.is_null() if check.ignore_na else output.fill_null(False)


def _expression(check: Check, column: str | None) -> pl.Expr | None:
    """The check's outcome for each row, or None when it is not one done here."""
    if check.groupby or check.groups or check.element_wise or check.raise_warning:
        return None
    if check.n_failure_cases is not None:
        return None
    if column is None:
        row_rule = check.statistics.get("row_rule")
        return _passes(check, row_rule.ok) if isinstance(row_rule, RowRule) else None
    if check.name not in BUILTIN:
        return None
    return _passes(check, BUILTIN[check.name](pl.col(column), **check._check_kwargs))


def _column_supported(column: Column) -> bool:
    return not (
        column.regex
        or column.unique
        or column.coerce
        or column.parsers
        or column.default is not None
        or getattr(column, "drop_invalid_rows", False)
    )


@cache
def plan(model: Model) -> tuple[Judged, ...] | None:
    """Every check of the model in pandera's order (each column's blanks, type and checks, then
    the dataframe checks); None when the model uses what only pandera does."""
    schema = model.to_schema()
    if (
        schema.strict
        or schema.unique
        or schema.coerce
        or schema.ordered
        or schema.add_missing_columns
        or schema.drop_invalid_rows
        or schema.dtype is not None
        or schema.parsers
        or not all(_column_supported(c) for c in schema.columns.values())
    ):
        return None
    judged: list[Judged] = []
    for name, column in schema.columns.items():
        if not column.nullable:
            judged.append(Judged("not_nullable", name, "Column", pl.col(name).is_not_null()))
        if column.dtype is not None:
            judged.append(Judged(f"dtype('{column.dtype}')", name, "Column", column_type=column))
        for check in column.checks:
            if (ok := _expression(check, name)) is None:
                return None
            judged.append(Judged(identifier(check), name, "Column", ok))
    for check in schema.checks:
        if (ok := _expression(check, None)) is None:
            return None
        judged.append(Judged(identifier(check), schema.name, "DataFrameSchema", ok))
    return tuple(judged)


def _blanks_of(item: Judged, frame: pl.DataFrame) -> Judged:
    """A float column's blanks include NaN, as pandera counts them."""
    if item.check != "not_nullable" or not frame.schema[item.column].is_float():
        return item
    ok = item.ok & pl.col(item.column).is_not_nan()
    return Judged(item.check, item.column, item.schema_context, ok)


def _shape_failures(
    schema: Any, judged: tuple[Judged, ...], frame: pl.DataFrame
) -> tuple[list[Judged], list[Judged]]:
    """The checks to run on this frame (not those of an absent column) and the failures of its
    shape, found without a query: a required column missing, or a column of the wrong type."""
    present = frame.schema
    failed = [
        Judged("column_in_dataframe", schema.name, "DataFrameSchema")
        for name, column in schema.columns.items()
        if name not in present and column.required
    ]
    run = []
    for item in judged:
        if item.schema_context == "Column" and item.column not in present:
            continue
        if item.column_type is None:
            run.append(_blanks_of(item, frame))
        elif not item.column_type.dtype.check(
            present[item.column], PolarsData(frame.lazy().select(item.column), item.column)
        ):
            failed.append(item)
    return run, failed


def failing(outcomes: pl.LazyFrame) -> pl.DataFrame:
    """Where each outcome column (true where a row passes) is false: the column's position as
    ``check_number`` (the columns are named by it) and the row's number as ``index``, column
    after column, rows in order."""
    return (
        outcomes.select(pl.all().not_().arg_true().cast(pl.Int32).implode())
        .unpivot(variable_name="check_number", value_name="index")
        .explode("index")
        .drop_nulls("index")
        .with_columns(pl.col("check_number").cast(pl.Int32))
        .collect()
    )


def _failing_rows(frame: pl.DataFrame, run: list[Judged]) -> pl.DataFrame:
    """The failing rows of the checks, in one query: each check's outcome a column, then each
    column's failing rows, check after check."""
    if not run:  # nothing to unpivot
        return pl.DataFrame(schema=FAILURES_SCHEMA)
    fails = failing(frame.lazy().select(item.ok.alias(str(i)) for i, item in enumerate(run)))
    if fails.is_empty():
        return pl.DataFrame(schema=FAILURES_SCHEMA)
    checks = pl.DataFrame(
        [(item.check, item.column, item.schema_context) for item in run],
        schema={k: FAILURES_SCHEMA[k] for k in CHECK_COLUMNS},
        orient="row",
    )
    return checks[fails["check_number"]].insert_column(0, fails["index"])


def _unrunnable(frame: pl.DataFrame, run: list[Judged]) -> list[Judged]:
    """The checks whose expression cannot be evaluated on this frame (a column of the wrong
    type): pandera reports such a check's error, not rows. Rare: tried one at a time."""
    failing = []
    for item in run:
        try:
            frame.lazy().select(item.ok).collect()
        except pl.exceptions.PolarsError:
            failing.append(item)
    return failing


def failure_cases(model: Model, frame: pl.DataFrame) -> pl.DataFrame:
    """The rows failing each check of the model (FAILURES_SCHEMA), as pandera's lazy validation
    lists them; a failure of the frame's shape, or a check that cannot run, has a null index."""
    judged = plan(model)
    if judged is None:
        return pandera_failure_cases(model, frame)
    run, failed = _shape_failures(model.to_schema(), judged, frame)
    try:
        rows = _failing_rows(frame, run)
    except pl.exceptions.PolarsError:
        errors = _unrunnable(frame, run)
        failed += errors
        rows = _failing_rows(frame, [item for item in run if item not in errors])
    if not failed:
        return rows
    unchecked = pl.DataFrame(
        [(None, item.check, item.column, item.schema_context) for item in failed],
        schema=FAILURES_SCHEMA,
        orient="row",
    )
    return pl.concat([unchecked, rows])


def pandera_failure_cases(model: Model, frame: pl.DataFrame) -> pl.DataFrame:
    """The same from pandera's own lazy validation (check by check, slower)."""
    from pandera.errors import SchemaErrors

    try:
        model.validate(frame, lazy=True)
    except SchemaErrors as errors:
        return errors.failure_cases.select(*FAILURES_SCHEMA).cast(FAILURES_SCHEMA)
    return pl.DataFrame(schema=FAILURES_SCHEMA)

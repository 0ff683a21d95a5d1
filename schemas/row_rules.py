"""The building blocks of row rules, shared by the table models (schemas/core.py) and the
further DfE rules they take in (schemas/dfe_more.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandera.polars as pa
import polars as pl

Model = type[pa.DataFrameModel]


@dataclass(frozen=True, eq=False)
class RowRule:
    """A row rule's expression: true where the row passes. It travels with its pandera check as
    the check's one statistic (pandera's name for a check's parameters), so schemas.evaluate
    can run a table's rules as one query. Compared by identity: polars expressions have no
    truth value."""

    ok: pl.Expr


def rule(rule_id: str, ok: pl.Expr, column: str | None = None) -> Callable:
    """A row rule as a pandera dataframe check. Its error text is the rule id, and the column
    to report when that is not the rule's own (``RULE_ID:COLUMN``)."""

    def check(cls, data: pa.PolarsData, row_rule: RowRule) -> pl.LazyFrame:
        return data.lazyframe.select(row_rule.ok.alias("ok"))

    check.__name__ = rule_id
    return pa.dataframe_check(
        error=f"{rule_id}:{column.upper()}" if column else rule_id,
        row_rule=RowRule(ok.fill_null(True)),
    )(check)


def previous(column: str, order: str) -> pl.Expr:
    """The child's previous record's value, records ordered by ``order``."""
    return pl.col(column).shift(1).over("child_id", order_by=order)


def following(column: str, order: str) -> pl.Expr:
    return pl.col(column).shift(-1).over("child_id", order_by=order)

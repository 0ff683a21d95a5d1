"""Reading the generated extract files back, independently of the generator."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    first = dt.date.fromisoformat(f"{month}-01")
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def read(folder: Path, table: str) -> pl.DataFrame:
    return pl.read_csv(folder / f"{table}.csv", infer_schema=False)


def as_date(column: str) -> pl.Expr:
    return pl.col(column).str.to_date("%d/%m/%Y")

"""Text a spreadsheet would run as a formula, made inert in every CSV and Excel file we write.

A cell starting with =, +, -, @, a tab or a carriage return is a formula to Excel, LibreOffice
and Google Sheets (OWASP "CSV injection"): a file name such as ``=HYPERLINK(...).csv`` or a
CHILD typed that way would run when the report is opened. Such text is written with a leading
apostrophe, which spreadsheets show as text. Numbers, negative ones included, are left alone.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

FORMULA_START = r"^[=+\-@\t\r]"
NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_FORMULA_START, _NUMBER = re.compile(FORMULA_START), re.compile(NUMBER)


def guard_value(value: Any) -> Any:
    """A cell's value as written: text that would run gets its apostrophe."""
    if isinstance(value, str) and _FORMULA_START.match(value) and not _NUMBER.match(value):
        return "'" + value
    return value


def guard_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column of a frame guarded as ``guard_value`` does."""
    text = [c for c, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(FORMULA_START) & ~pl.col(c).str.contains(NUMBER))
        .then("'" + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in text
    )

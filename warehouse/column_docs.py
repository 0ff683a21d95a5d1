"""What each column of a model means, derived, never hand-copied. In order:

- a ``-- column <name>: <description>`` line in the model's own SQL file, beside the model;
- an indicator column of a section mart (``max(value) filter (where indicator_id = 'x') as y``)
  takes the catalogue's label and definition of ``x``;
- any other column its entry in ``columns.yaml``, where shared columns are described once.

The Dagster UI's column schema and the published file's comments both read this.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb
import yaml

from warehouse.catalogue import indicators
from warehouse.models import all_models

GLOSSARY_PATH = Path(__file__).parent / "columns.yaml"
#: ``max(<column>) filter (where indicator_id = '<id>') as <name>``: one indicator's column.
_OWN = re.compile(r"^--[ \t]*column[ \t]+(\w+):[ \t]*(.+)$", re.MULTILINE)
_PIVOT = re.compile(
    r"max\((\w+)\)\s+filter\s*\(\s*where\s+indicator_id\s*=\s*'(\w+)'\s*\)\s+as\s+(\w+)",
    re.IGNORECASE,
)


@cache
def glossary() -> dict[str, str]:
    return yaml.load(GLOSSARY_PATH.read_text(), Loader=yaml.CSafeLoader)


def indicator_columns(sql: str) -> dict[str, tuple[str, str]]:
    """Each pivoted column of a model's SQL: (the kpi_monthly column it takes, indicator id)."""
    return {name: (column, indicator) for column, indicator, name in _PIVOT.findall(sql)}


def describe_pivot(column: str, indicator_id: str) -> str:
    item = next(i for i in indicators() if i["id"] == indicator_id)
    if column == "value":
        return f"{item['label']} ({item['unit']}): {item['definition']}"
    return f"{item['label']}: {glossary().get(column, column)}"


def column_descriptions(model_name: str | None, columns: list[str]) -> dict[str, str]:
    """A description for each of the columns that has one (model_name: the SQL model whose
    pivots name indicators, if any)."""
    model = all_models().get(model_name) if model_name else None
    own = dict(_OWN.findall(model.sql)) if model else {}
    pivots = indicator_columns(model.sql) if model else {}
    described = {}
    for column in columns:
        if column in own:
            described[column] = own[column].strip()
        elif column in pivots:
            described[column] = describe_pivot(*pivots[column])
        elif column in glossary():
            described[column] = glossary()[column]
    return described


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """(name, type) of each column of a table or view, in order."""
    return [(row[0], row[1]) for row in con.execute(f"describe {table}").fetchall()]

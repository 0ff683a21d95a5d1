"""Building the warehouse and marts without Dagster, in dependency order: for tests, benchmarks
and one-off rebuilds. Dagster runs the same models one asset at a time."""

from __future__ import annotations

import datetime as dt
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

from warehouse.models import all_models
from warehouse.reference import REFERENCE_TABLES, load_reference
from warehouse.runner import run_model


def build_order() -> list[str]:
    """Reference tables and models, each after everything it depends on (staging comes first)."""
    graph = {name: set(m.depends_on) for name, m in all_models().items()}
    graph.update({name: set() for name in REFERENCE_TABLES})
    known = set(graph)
    return [n for n in TopologicalSorter({k: v & known for k, v in graph.items()}).static_order()]


def build(
    con: duckdb.DuckDBPyConnection,
    la_codes: str | list[str],
    months: list[dt.date],
    indicator_config: Path | None = None,
) -> dict[str, int]:
    """Rows written per table, after running every model for the given extract months of one
    LA or of several at once."""
    la_codes = [la_codes] if isinstance(la_codes, str) else la_codes
    models = all_models()
    rows = {}
    for name in build_order():
        if name in REFERENCE_TABLES:
            rows[name] = load_reference(con, name, indicator_config)
        else:
            rows[name] = run_model(con, models[name], la_codes, months)
    return rows

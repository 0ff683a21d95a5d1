"""Publishing the marts: built into a fresh file, checkpointed, closed, then renamed over the
published file in one step. A report tool holding the old file open keeps reading it; a new
reader sees the whole new month or none of it."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import duckdb

from warehouse.models import all_models
from warehouse.report_views import create_report_views

#: What leaves the warehouse: aggregates and the catalogue only, never a child-level table:
#: the long KPI mart, every section's wide ``mart_*`` table, and the catalogue.
PUBLISHED_TABLES = {
    "kpi_monthly": "mart.kpi_monthly",
    **{m.name: m.table for m in all_models().values() if m.name.startswith("mart_")},
    "indicator_catalogue": "main.dim_indicator",
}


def publish(con: duckdb.DuckDBPyConnection, published_path: Path, publication: dict) -> Path:
    """Copy the published tables into a new file beside the target, then atomically replace it."""
    published_path.parent.mkdir(parents=True, exist_ok=True)
    staging_path = published_path.with_name(f".{published_path.name}.{uuid.uuid4().hex}.tmp")
    con.execute(f"attach '{staging_path}' as pub")
    try:
        for name, source in PUBLISHED_TABLES.items():
            con.execute(f"create table pub.{name} as select * from {source}")
        columns = ", ".join(f"${k} as {k}" for k in publication)
        con.execute(f"create table pub.publication as select {columns}", publication)
        create_report_views(con, "pub")
        con.execute("checkpoint pub")
    finally:
        con.execute("detach pub")
    _fsync(staging_path)
    os.replace(staging_path, published_path)
    _fsync(published_path.parent)
    return published_path


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

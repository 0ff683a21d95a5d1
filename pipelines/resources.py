"""The one resource every asset uses: where this LA's data lives and a warehouse connection."""

import dataclasses
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.settings import Settings, load_settings
from warehouse.runner import connect

#: DuckDB has one writer per file and each LA has its own warehouse file, so the steps that
#: write it take a slot of the LA's own pool: runs of different LAs proceed in parallel on one
#: instance, two runs of the same LA take turns (dagster.yaml: one slot per pool). A code
#: location running several LAs (CPR_LAS) has no pool of one LA to take: there the run queue
#: keeps each LA to one run at a time (dagster.postgres.yaml, tag limit on la_code).
WAREHOUSE_POOL = None if load_settings().las else f"duckdb_warehouse_{load_settings().la_code}"


class CareData(dg.ConfigurableResource):
    """Paths and LA of this deployment. Unset fields come from the environment when used
    (CPR_DATA, CPR_LA, ...; see pipelines/settings.py), so one definition serves every LA."""

    data_root: str | None = None
    la_code: str | None = None

    @property
    def settings(self) -> Settings:
        settings = load_settings()
        if self.data_root:
            settings = dataclasses.replace(settings, data_root=Path(self.data_root))
        if self.la_code:
            settings = dataclasses.replace(settings, la_code=self.la_code)
        return settings

    @contextmanager
    def warehouse(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with connect(self.settings.warehouse_path) as con:
            yield con


def month_start(partition_key: str) -> dt.date:
    """The first day of a partition's month: how the warehouse keys an extract month."""
    return dt.datetime.strptime(partition_key, "%Y-%m").date()

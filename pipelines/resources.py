"""The one resource every asset uses: where this LA's data lives and a warehouse connection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.settings import Settings, load_settings
from warehouse.runner import connect


class CareData(dg.ConfigurableResource):
    """Paths and LA of this deployment (from the environment by default)."""

    data_root: str = str(load_settings().data_root)
    la_code: str = load_settings().la_code

    @property
    def settings(self) -> Settings:
        base = load_settings()
        return Settings(
            data_root=Path(self.data_root),
            la_code=self.la_code,
            la_name=base.la_name,
            la_ons_code=base.la_ons_code,
            max_rejected_share=base.max_rejected_share,
        )

    @contextmanager
    def warehouse(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with connect(self.settings.warehouse_path) as con:
            yield con


def month_start(partition_key: str) -> dt.date:
    """The first day of a partition's month: how the warehouse keys an extract month."""
    return dt.datetime.strptime(partition_key, "%Y-%m").date()

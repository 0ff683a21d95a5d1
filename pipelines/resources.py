"""The one resource every asset, sensor and schedule uses: the deployment's settings (where this
LA's data lives, which LA) and a warehouse connection."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.settings import Settings, code_location_settings, load_settings
from warehouse.runner import connect


def warehouse_pool(settings: Settings) -> str | None:
    """DuckDB has one writer per file and each LA has its own warehouse file, so the steps that
    write it take a slot of the LA's own pool: runs of different LAs proceed in parallel on one
    instance, two runs of the same LA take turns (dagster.yaml: one slot per pool). A code
    location running several LAs (CPR_LAS) has no pool of one LA to take: there the run queue
    keeps each LA to one run at a time (dagster.postgres.yaml, tag limit on la_code)."""
    return None if settings.las else f"duckdb_warehouse_{settings.la_code}"


#: An op's pool is part of its definition, so it is named when the code location loads, like
#: the partitions (pipelines/partitions.py): from the environment's LA, the LA of a deployment.
WAREHOUSE_POOL = warehouse_pool(code_location_settings())


class CareData(dg.ConfigurableResource):
    """The settings of this deployment. Unset fields come from the environment when used
    (CPR_DATA, CPR_LA, ...; see pipelines/settings.py), so one definition serves every LA;
    a field given here overrides it for every asset, sensor and schedule."""

    data_root: str | None = None
    la_code: str | None = None
    la_name: str | None = None
    landing_root: str | None = None

    @property
    def settings(self) -> Settings:
        settings = load_settings().with_overrides(
            data_root=Path(self.data_root) if self.data_root else None,
            landing=Path(self.landing_root) if self.landing_root else None,
        )
        # Another LA than the environment's (a run of CPR_LAS): that LA's own name and config.
        if self.la_code:
            settings = settings.for_la(self.la_code)
        return settings.with_overrides(la_name=self.la_name)

    @contextmanager
    def warehouse(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with connect(self.settings.warehouse_path) as con:
            yield con

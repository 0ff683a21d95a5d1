"""Great Expectations on the KPI mart, as asset checks: the suites of ``warehouse/quality.py``,
one check each. Reconciliation, ranges and continuity block publication; month-on-month jumps
only warn. The Data Docs site (``data_docs/index.html`` in the report folder of every month a
run covers, which the dashboard links to) is written with the report's documents, after the
figures are published (``quality_docs``). GE runs in a process of its own, started with the run
(``GreatExpectations``), never when the code location loads."""

import shutil
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg
import duckdb

from dashboard.report import DATA_DOCS
from pipelines.resources import CareData
from pipelines.settings import Settings
from warehouse.catalogue import load_overrides, max_monthly_changes
from warehouse.expectations import Outcome, Suite
from warehouse.publish import current_file
from warehouse.quality import (
    gx_worker,
    kpi_frame,
    read_kpi,
    reconciliation_frame,
    run_suites,
    start_gx_worker,
    suites,
)

if TYPE_CHECKING:
    import pandas as pd


#: Only the months matter to the suites' names and blocking; the real list is read at run time.
SUITES = suites([])


class GreatExpectations(dg.ConfigurableResource):
    """Great Expectations in a worker process started when the run starts (``cpr run`` starts
    it sooner, before it imports Dagster): importing GE takes about 5 s, which then overlaps the
    run's own imports, staging and models on the other core instead of following them."""

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        start_gx_worker()

    def validate(
        self, suites: list[Suite], frames: dict[str, "pd.DataFrame"], site: Path | None = None
    ) -> dict[str, Outcome]:
        """``run_suites`` in the worker; a worker that died is replaced for the next run."""
        try:
            return gx_worker().submit(run_suites, suites, frames, site).result()
        except BrokenProcessPool:
            gx_worker.cache_clear()
            raise


def suite_frames(kpi: "pd.DataFrame", settings: Settings) -> dict[str, "pd.DataFrame"]:
    """What the suites run on: the KPI mart with its allowed changes, and its reconciliations."""
    configured = max_monthly_changes(load_overrides(settings.indicator_config))
    return {"kpi": kpi_frame(kpi, configured), "reconciliation": reconciliation_frame(kpi)}


def quality_docs(
    settings: Settings, great_expectations: GreatExpectations, months: list[str]
) -> list[Path]:
    """The Data Docs of the suites run on the published KPI mart (the mart as checked), copied
    into each month's report folder; returns the index pages."""
    with duckdb.connect(str(current_file(settings.published_path)), read_only=True) as con:
        kpi, held = read_kpi(con, settings.la_code, "kpi_monthly")
    site = settings.report_folder(months[-1]) / DATA_DOCS.parent
    great_expectations.validate(suites(held), suite_frames(kpi, settings), site)
    written = []
    for month in months:
        target = settings.report_folder(month) / DATA_DOCS.parent
        if target != site:
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(site, target)
        written.append(target / DATA_DOCS.name)
    return written


@dg.multi_asset_check(
    name="mart_expectations",
    specs=[
        dg.AssetCheckSpec(
            s.name,
            asset="kpi_monthly",
            description=f"Great Expectations: {s.description}",
            blocking=s.blocking,
        )
        for s in SUITES
    ],
    can_subset=False,
)
def mart_expectations(
    context: dg.AssetCheckExecutionContext,
    care_data: CareData,
    great_expectations: GreatExpectations,
):
    settings = care_data.settings
    with care_data.warehouse() as con:
        kpi, months = read_kpi(con, settings.la_code)
    outcomes = great_expectations.validate(suites(months), suite_frames(kpi, settings))
    for suite in SUITES:
        outcome = outcomes[suite.name]
        yield dg.AssetCheckResult(
            check_name=suite.name,
            asset_key="kpi_monthly",
            passed=outcome.success,
            severity=dg.AssetCheckSeverity.ERROR if suite.blocking else dg.AssetCheckSeverity.WARN,
            metadata={
                "expectations": outcome.evaluated,
                # Each failed expectation with the months (and indicators) it failed on.
                "failed": dg.MetadataValue.json(outcome.failures),
            },
        )

"""The report: the month's dashboard, rendered from the published marts only (aggregates)."""

import datetime as dt

import dagster as dg
import duckdb

from dashboard import render_dashboard
from pipelines.partitions import extract_months
from pipelines.resources import CareData, month_start
from warehouse.catalogue import indicators


@dg.asset(
    group_name="reports",
    deps=["published_marts"],
    description="The Corporate Parenting dashboard for the month (HTML), from the published marts.",
    kinds={"html"},
    partitions_def=extract_months,
    backfill_policy=dg.BackfillPolicy.single_run(),
    owners=["team:data"],
)
def dashboard(context: dg.AssetExecutionContext, care_data: CareData) -> dg.MaterializeResult:
    settings = care_data.settings
    with duckdb.connect(str(settings.published_path), read_only=True) as con:
        kpi = con.sql(
            "select * from kpi_monthly where la_code = $la", params={"la": settings.la_code}
        ).pl()
        synthetic = bool(con.execute("select synthetic from publication").fetchone()[0])
    written = []
    for key in context.partition_keys:
        html = render_dashboard(
            kpi,
            indicators(),
            report_month=month_start(key),
            la_name=settings.la_name,
            synthetic=synthetic,
            generated_at=dt.datetime.now(),
        )
        path = settings.report_folder(key) / "dashboard.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        written.append(path)
    return dg.MaterializeResult(
        metadata={
            "dashboard": dg.MetadataValue.path(str(written[-1])),
            "url": dg.MetadataValue.url(written[-1].as_uri()),
            "dashboards_written": len(written),
        }
    )

"""The reports of each month: the dashboard (HTML, PDF, Excel; internal and published editions),
rendered from the published marts only (aggregates), and beside it, in an owner-only
``restricted/`` folder, the validation report of the month's quarantine (record-level:
pseudonymised child ids, never a raw identifier)."""

import contextlib
import datetime as dt

import dagster as dg
import duckdb

from dashboard.pdf import find_chromium, pdf_printer
from dashboard.report import write_report
from dashboard.validation import report_for_loaded_month, write_month_report
from pipelines.partitions import extract_months
from pipelines.resources import WAREHOUSE_POOL, CareData, month_start
from warehouse.catalogue import indicators
from warehouse.publish import current_file
from warehouse.runner import connect


def _pdf_printer(context: dg.AssetExecutionContext) -> contextlib.AbstractContextManager:
    """The machine's chromium, or a note of why there is none (make run needs only Python)."""
    chromium = find_chromium()
    if chromium is None:
        context.log.warning(
            "PDF skipped: no chromium found (set CPR_CHROMIUM or apt-get install chromium); "
            "the HTML and Excel reports are written."
        )
        return contextlib.nullcontext(None)
    return pdf_printer(chromium)


@dg.asset(
    group_name="reports",
    deps=["published_marts"],
    description="The Corporate Parenting report for the month from the published marts: the "
    "dashboard as HTML, PDF (when chromium is installed; in a backfill, for its last month) and Excel, and the same as the published "
    "edition (disclosure control applied) in published/.",
    kinds={"html", "pdf", "excel"},
    partitions_def=extract_months,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool=WAREHOUSE_POOL,  # two runs of the LA never write the same month's report files at once
    owners=["team:data"],
)
def dashboard(context: dg.AssetExecutionContext, care_data: CareData) -> dg.MaterializeResult:
    settings = care_data.settings
    with duckdb.connect(str(current_file(settings.published_path)), read_only=True) as con:
        kpi = con.sql(
            "select * from kpi_monthly where la_code = $la", params={"la": settings.la_code}
        ).pl()
        synthetic = bool(con.execute("select synthetic from publication").fetchall()[0][0])
    latest_key = context.partition_keys[-1]
    with _pdf_printer(context) as print_pdf:
        reports = [
            write_report(
                kpi,
                indicators(),
                settings.report_folder(key),
                report_month=month_start(key),
                la_name=settings.la_name,
                synthetic=synthetic,
                generated_at=dt.datetime.now(),
                # Printing takes seconds a page: a backfill prints only the month it reaches.
                print_pdf=print_pdf if key == latest_key else None,
            )
            for key in context.partition_keys
        ]
    latest = reports[-1]
    return dg.MaterializeResult(
        metadata={
            "dashboard": dg.MetadataValue.path(str(latest.html)),
            "url": dg.MetadataValue.url(latest.html.as_uri()),
            "excel": dg.MetadataValue.path(str(latest.xlsx)),
            "pdf": dg.MetadataValue.path(str(latest.pdf))
            if latest.pdf
            else dg.MetadataValue.text("skipped: no chromium found (set CPR_CHROMIUM)"),
            "published_edition": dg.MetadataValue.path(str(latest.published["html"])),
            "dashboards_written": len(reports),
        }
    )


@dg.asset(
    group_name="reports",
    deps=["quarantine"],
    description="The month's validation report (HTML and CSV) from its quarantine, in "
    "restricted/ (owner-only) beside the dashboard: every finding by file, line, column and rule, "
    "naming children by pseudonymised id only. A month staging rejects whole gets its report "
    "from staging, which fails.",
    kinds={"html", "csv"},
    partitions_def=extract_months,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool=WAREHOUSE_POOL,  # it reads the warehouse's quarantine
    owners=["team:data"],
)
def validation_report(
    context: dg.AssetExecutionContext, care_data: CareData
) -> dg.MaterializeResult:
    settings = care_data.settings
    with connect(settings.warehouse_path, read_only=True) as warehouse:
        written = [
            write_month_report(
                report_for_loaded_month(
                    warehouse,
                    settings.la_code,
                    month_start(key),
                    settings.landing_folder(key),
                    settings.max_rejected_share,
                ),
                settings.report_folder(key),
            )
            for key in context.partition_keys
        ]
    return dg.MaterializeResult(
        # A path only: the report itself is record-level.
        metadata={
            "validation_report": dg.MetadataValue.path(str(written[-1])),
            "reports_written": len(written),
        }
    )

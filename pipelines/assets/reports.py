"""The reports of each month: the dashboard (HTML, PDF, Excel; internal and published editions),
rendered from the published marts only (aggregates),
and beside it, in an owner-only ``restricted/`` folder, the validation report of the month's
quarantine (record-level: pseudonymised child ids, never a raw identifier)."""

import contextlib
import datetime as dt
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from dashboard.outlook import for_month, read_outlook
from dashboard.pdf import find_chromium, pdf_printer
from dashboard.report import write_report
from dashboard.validation import (
    PSEUDONYMISED_CHILD,
    ValidationReport,
    report_for_loaded_month,
    write_validation_report,
)
from ingest.stage import FINDINGS_SCHEMA
from pipelines.partitions import extract_months
from pipelines.resources import WAREHOUSE_POOL, CareData, month_start
from pipelines.settings import Settings
from warehouse.catalogue import indicators
from warehouse.publish import current_file
from warehouse.runner import connect

RESTRICTED = "restricted"


def write_validation_reports(settings: Settings, months: list[str]) -> list[Path]:
    """Each month's validation report (HTML and CSV) from the warehouse's quarantine, in the
    month's report folder under restricted/: the HTML paths."""
    with connect(settings.warehouse_path, read_only=True) as warehouse:
        reports = [
            report_for_loaded_month(
                warehouse,
                settings.la_code,
                month_start(month),
                settings.landing_folder(month),
                settings.max_rejected_share,
            )
            for month in months
        ]
    return [
        write_validation_report(
            report, settings.report_folder(month) / RESTRICTED, dt.datetime.now()
        )[0]
        for month, report in zip(months, reports, strict=True)
    ]


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


def write_rejection_report(settings: Settings, month: str, reason: str) -> Path:
    """The validation report of a month staging rejected whole: why, and that nothing of it was
    loaded (the last good publication stays). Its HTML path."""
    report = ValidationReport(
        source=str(settings.landing_folder(month)),
        la_code=settings.la_code,
        extract_month=month_start(month),
        files=(),
        findings=pl.DataFrame(schema=FINDINGS_SCHEMA),
        id_column=PSEUDONYMISED_CHILD,
        max_rejected_share=settings.max_rejected_share,
        rejection=reason,
    )
    folder = settings.report_folder(month) / RESTRICTED
    return write_validation_report(report, folder, dt.datetime.now())[0]


@dg.asset(
    group_name="reports",
    deps=["published_marts"],
    description="The Corporate Parenting report for the month from the published marts: the "
    "dashboard as HTML, PDF (when chromium is installed; in a backfill, for its last month) and Excel, and the same as the published "
    "edition (disclosure control applied) in published/; beside it in restricted/ (owner-only) "
    "the month's validation report (HTML and CSV) from the quarantine, naming children by "
    "pseudonymised id only.",
    kinds={"html", "pdf", "excel"},
    partitions_def=extract_months,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool=WAREHOUSE_POOL,  # it reads the warehouse's quarantine
    owners=["team:data"],
)
def dashboard(context: dg.AssetExecutionContext, care_data: CareData) -> dg.MaterializeResult:
    settings = care_data.settings
    with duckdb.connect(str(current_file(settings.published_path)), read_only=True) as con:
        kpi = con.sql(
            "select * from kpi_monthly where la_code = $la", params={"la": settings.la_code}
        ).pl()
        synthetic = bool(con.execute("select synthetic from publication").fetchall()[0][0])
        outlook, outlook_statuses = read_outlook(con, settings.la_code)
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
                **for_month(outlook, outlook_statuses, month_start(key)),
            )
            for key in context.partition_keys
        ]
        # Written while the PDFs print.
        validation = write_validation_reports(settings, context.partition_keys)
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
            # A path only: the report itself is record-level.
            "validation_report": dg.MetadataValue.path(str(validation[-1])),
        }
    )

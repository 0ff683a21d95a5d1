"""The reports of each month: the dashboard (HTML, PDF, Excel; internal and published editions)
and the committee paper, rendered from the published marts only (aggregates) with the
officer's commentary; and beside them, in an owner-only ``restricted/`` folder, the validation
report of the month's quarantine (record-level: pseudonymised child ids, never a raw
identifier)."""

import contextlib
import datetime as dt
from collections.abc import Callable

import dagster as dg
import duckdb

from dashboard.commentary import load_commentary
from dashboard.committee import CommitteeConfig
from dashboard.outlook import for_month, read_outlook
from dashboard.pdf import PdfPrinter, find_chromium, pdf_printer
from dashboard.report import (
    PaperFiles,
    ReportFiles,
    finish_committee_paper,
    write_committee_paper,
    write_report,
)
from dashboard.validation import report_for_loaded_month, write_month_report
from pipelines.check_warnings import failed_warnings
from pipelines.month_metadata import add_per_month, report_links
from pipelines.partitions import extract_months
from pipelines.resources import WAREHOUSE_POOL, CareData
from pipelines.settings import Settings
from schemas.months import parse_month
from warehouse.catalogue import indicators, sections
from warehouse.publish import current_file
from warehouse.runner import connect

COMMITTEE = "committee"


def pdf_printer_or_none(
    settings: Settings, warn: Callable[[str], None]
) -> contextlib.AbstractContextManager:
    """The machine's chromium, or a note of why there is none (make run needs only Python)."""
    chromium = find_chromium(settings.chromium)
    if chromium is None:
        warn(
            "PDF skipped: no chromium found (set CPR_CHROMIUM or apt-get install chromium); "
            "the HTML, Excel and Word files are written."
        )
        return contextlib.nullcontext(None)
    return pdf_printer(chromium)


def write_month_reports(
    settings: Settings,
    months: list[str],
    print_pdf: PdfPrinter | None,
    warn: Callable[[str], None],
    warnings: tuple[str, ...] = (),
) -> tuple[list[ReportFiles], PaperFiles]:
    """Each month's dashboard from the published marts with its commentary, and the committee
    paper of the last month; PDFs (the last month's only: printing takes seconds a page) are
    queued on ``print_pdf``. Commentary lines that may name a child are warned about here,
    before the published edition is written; ``warnings`` are the warning checks the run
    failed, named in the internal edition's quality note. Re-rendering needs no pipeline run."""
    with duckdb.connect(str(current_file(settings.published_path)), read_only=True) as con:
        kpi = con.sql(
            "select * from kpi_monthly where la_code = $la", params={"la": settings.la_code}
        ).pl()
        workforce = con.sql(
            "select * from mart_workforce where la_code = $la", params={"la": settings.la_code}
        ).pl()
        synthetic = bool(con.execute("select synthetic from publication").fetchall()[0][0])
        outlook, outlook_statuses = read_outlook(con, settings.la_code)
    titles = {s["id"]: s["title"] for s in sections()}
    reports = []
    for key in months:
        commentary = load_commentary(settings.commentary_file(key), titles)
        for warning in commentary.warnings if commentary else []:
            warn(warning)
        reports.append(
            write_report(
                kpi,
                indicators(),
                settings.report_folder(key),
                report_month=parse_month(key),
                la_name=settings.la_name,
                synthetic=synthetic,
                generated_at=dt.datetime.now(),
                print_pdf=print_pdf if key == months[-1] else None,
                commentary=commentary,
                workforce=workforce,
                failed_warnings=warnings,
                **for_month(outlook, outlook_statuses, parse_month(key)),
            )
        )
    paper = write_committee_paper(
        kpi,
        indicators(),
        settings.report_folder(months[-1]) / COMMITTEE,
        report_month=parse_month(months[-1]),
        la_name=settings.la_name,
        synthetic=synthetic,
        config=CommitteeConfig.load(settings.committee_config),
        commentary=commentary,
        print_pdf=print_pdf,
    )
    return reports, paper


@dg.asset(
    group_name="reports",
    deps=["published_marts"],
    description="The Corporate Parenting report for the month from the published marts, with "
    "the officer's commentary (data/commentary/<la>/<month>.md): the "
    "dashboard as HTML, PDF (when chromium is installed; in a backfill, for its last month) and Excel, and the same as the published "
    "edition (disclosure control applied) in published/; the committee paper (Word, PDF) "
    "in committee/.",
    kinds={"html", "pdf", "excel"},
    partitions_def=extract_months,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool=WAREHOUSE_POOL,  # two runs of the LA never write the same month's report files at once
    owners=["team:data"],
)
def dashboard(context: dg.AssetExecutionContext, care_data: CareData) -> dg.MaterializeResult:
    settings = care_data.settings
    warnings = tuple(failed_warnings(context.instance, context.run_id))
    with pdf_printer_or_none(settings, context.log.warning) as print_pdf:
        reports, paper = write_month_reports(
            settings, context.partition_keys, print_pdf, context.log.warning, warnings
        )
    paper = finish_committee_paper(paper, reports[-1].published.get("pdf"))
    latest_key = context.partition_keys[-1]
    # Each month's own report links on its partition; the run's latest below.
    add_per_month(
        context,
        {
            key: report_links(r, key == latest_key)
            for key, r in zip(context.partition_keys, reports, strict=True)
        },
    )
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
            "committee_paper": dg.MetadataValue.path(str(paper.pdf or paper.docx)),
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
                    parse_month(key),
                    settings.landing_folder(key),
                    settings.max_rejected_share,
                ),
                settings.report_folder(key),
            )
            for key in context.partition_keys
        ]
    # Each month's own report on its partition (a path only: the report is record-level).
    add_per_month(
        context,
        {
            key: {"validation_report": dg.MetadataValue.path(str(path))}
            for key, path in zip(context.partition_keys, written, strict=True)
        },
    )
    return dg.MaterializeResult(metadata={"reports_written": len(written)})

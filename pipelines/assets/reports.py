"""The reports of each month, rendered from the published marts only (aggregates) with the
officer's commentary: the dashboard pages (HTML, internal and published editions), published
with the figures; then, in a run of their own so that printing never holds back the figures,
the documents made from them (Excel, PDF, the committee paper, the Data Docs). Beside them, in
an owner-only ``restricted/`` folder, the validation report of the month's quarantine
(record-level: pseudonymised child ids, never a raw identifier)."""

import contextlib
import datetime as dt
from collections.abc import Callable

import dagster as dg
import duckdb

from dashboard.commentary import load_commentary
from dashboard.outlook import for_month, read_outlook
from dashboard.pdf import PdfPrinter, find_chromium, pdf_printer
from dashboard.report import (
    MonthReport,
    PaperFiles,
    ReportFiles,
    finish_committee_paper,
    write_committee_paper,
    write_documents,
    write_pages,
)
from dashboard.validation import report_for_loaded_month, write_month_report
from pipelines.assets.quality import GreatExpectations, quality_docs
from pipelines.check_warnings import failed_warnings
from pipelines.month_metadata import add_per_month, document_links, page_links
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


def month_reports(
    settings: Settings, months: list[str], warn: Callable[[str], None]
) -> list[MonthReport]:
    """What each month's report is made from, read from the published marts, with its
    commentary. Commentary lines that may name a child are warned about here, before any
    published edition is written. Re-rendering needs no pipeline run."""
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
    generated_at = dt.datetime.now()
    reports = []
    for key in months:
        commentary = load_commentary(settings.commentary_file(key), titles)
        for warning in commentary.warnings if commentary else []:
            warn(warning)
        reports.append(
            MonthReport(
                kpi,
                indicators(),
                settings.report_folder(key),
                report_month=parse_month(key),
                la_name=settings.la_name,
                synthetic=synthetic,
                generated_at=generated_at,
                commentary=commentary,
                workforce=workforce,
                **for_month(outlook, outlook_statuses, parse_month(key)),
            )
        )
    return reports


def write_month_documents(
    settings: Settings,
    reports: list[MonthReport],
    print_pdf: PdfPrinter | None,
) -> tuple[list[ReportFiles], PaperFiles]:
    """Each month's workbooks, the last month's PDFs (printing takes seconds a page) and its
    committee paper, the dashboard as Appendix A."""
    from dashboard.committee import CommitteeConfig  # python-docx: only the documents need it

    documents = [write_documents(r, print_pdf if r is reports[-1] else None) for r in reports]
    paper = write_committee_paper(
        reports[-1],
        reports[-1].folder / COMMITTEE,
        CommitteeConfig.load(settings.committee_config),
        print_pdf,
    )
    return documents, paper


@dg.asset(
    group_name="reports",
    deps=["published_marts"],
    description="The Corporate Parenting report for the month from the published marts, with "
    "the officer's commentary (data/commentary/<la>/<month>.md): the dashboard as HTML, and the "
    "same as the published edition (disclosure control applied) in published/. Its Excel, PDF "
    "and committee paper follow in report_documents (job monthly_documents).",
    kinds={"html"},
    partitions_def=extract_months,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool=WAREHOUSE_POOL,  # two runs of the LA never write the same month's report files at once
    owners=["team:data"],
)
def dashboard(context: dg.AssetExecutionContext, care_data: CareData) -> dg.MaterializeResult:
    warnings = tuple(failed_warnings(context.instance, context.run_id))
    reports = month_reports(care_data.settings, context.partition_keys, context.log.warning)
    pages = [write_pages(r, warnings) for r in reports]
    # Each month's own report links on its partition; the run's latest below.
    add_per_month(
        context, {key: page_links(p) for key, p in zip(context.partition_keys, pages, strict=True)}
    )
    return dg.MaterializeResult(
        metadata={**page_links(pages[-1]), "dashboards_written": len(pages)}
    )


@dg.asset(
    group_name="reports",
    deps=["dashboard"],
    description="The month's report as documents, made from its dashboard after the figures are "
    "published: Excel (both editions), PDF (when chromium is installed; in a backfill, for its "
    "last month), the committee paper (Word, PDF) in committee/, and the Data Docs of the "
    "quality checks in data_docs/. Its own job (monthly_documents), run after monthly_report.",
    kinds={"pdf", "excel", "docx"},
    partitions_def=extract_months,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool=WAREHOUSE_POOL,  # two runs of the LA never write the same month's report files at once
    owners=["team:data"],
)
def report_documents(
    context: dg.AssetExecutionContext,
    care_data: CareData,
    great_expectations: GreatExpectations,
) -> dg.MaterializeResult:
    settings = care_data.settings
    reports = month_reports(settings, context.partition_keys, context.log.warning)
    with pdf_printer_or_none(settings, context.log.warning) as print_pdf:
        documents, paper = write_month_documents(settings, reports, print_pdf)
        # GE's site is written meanwhile, while chromium prints.
        data_docs = quality_docs(settings, great_expectations, context.partition_keys)
    paper = finish_committee_paper(paper, documents[-1].published.get("pdf"))
    latest_key = context.partition_keys[-1]
    add_per_month(
        context,
        {
            key: {
                **document_links(d, key == latest_key),
                "data_docs": dg.MetadataValue.path(str(site)),
            }
            for key, d, site in zip(context.partition_keys, documents, data_docs, strict=True)
        },
    )
    latest = documents[-1]
    return dg.MaterializeResult(
        metadata={
            **document_links(latest, True),
            "committee_paper": dg.MetadataValue.path(str(paper.pdf or paper.docx)),
            "data_docs": dg.MetadataValue.path(str(data_docs[-1])),
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

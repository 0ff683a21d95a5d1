"""A month's report in every form. The pages (the dashboard as HTML, internal and published
editions) are what the run publishes with the figures; the documents made from them (Excel, the
PDFs, which need chromium, and the committee paper) follow in a run of their own, so printing
never holds back the figures. Without chromium the HTML and Excel are still written and the
reason the PDF was skipped is returned."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from dashboard.commentary import Commentary
from dashboard.pdf import PdfPrinter
from dashboard.render import render_dashboard

if TYPE_CHECKING:  # python-docx and pypdf: only the documents need them
    from dashboard.committee import CommitteeConfig

PUBLISHED = "published"
#: The data-quality docs, written beside the report with the documents.
DATA_DOCS = Path("data_docs") / "index.html"


@dataclass(frozen=True)
class MonthReport:
    """What a month's report is made from: the published marts' figures (``kpi``,
    ``workforce``: mart_workforce, every service and role), the officer's commentary, and the
    published Outlook made from the month's extract."""

    kpi: pl.DataFrame
    indicators: list[dict[str, Any]]
    folder: Path
    report_month: dt.date
    la_name: str
    synthetic: bool
    generated_at: dt.datetime
    commentary: Commentary | None = None
    workforce: pl.DataFrame | None = None
    outlook: pl.DataFrame | None = None
    outlook_status: dict[str, Any] | None = None

    def edition(self, published: bool) -> Path:
        return self.folder / PUBLISHED if published else self.folder


@dataclass
class ReportFiles:
    html: Path
    xlsx: Path | None = None
    pdf: Path | None = None
    published: dict[str, Path] = field(default_factory=dict)  # html, xlsx, pdf


def write_pages(report: MonthReport, failed_warnings: tuple[str, ...] = ()) -> ReportFiles:
    """Both editions of the month's dashboard as HTML. The published edition leaves out
    commentary lines that may name a child; the run's failed warning checks are named in the
    internal edition's quality note, which links the Data Docs (the documents run writes them)."""
    html = {}
    for published in (False, True):
        out = report.edition(published)
        out.mkdir(parents=True, exist_ok=True)
        html[published] = out / "dashboard.html"
        html[published].write_text(
            render_dashboard(
                report.kpi,
                report.indicators,
                report_month=report.report_month,
                la_name=report.la_name,
                synthetic=report.synthetic,
                generated_at=report.generated_at,
                published=published,
                # Data Docs show exact figures: linked from the internal edition only.
                data_docs=None if published else DATA_DOCS.as_posix(),
                commentary=report.commentary,
                workforce=report.workforce,
                failed_warnings=() if published else failed_warnings,
                outlook=report.outlook,
                outlook_status=report.outlook_status,
            ),
            encoding="utf-8",
        )
    return ReportFiles(html=html[False], published={"html": html[True]})


def write_documents(report: MonthReport, print_pdf: PdfPrinter | None) -> ReportFiles:
    """Both editions' workbooks, and their PDFs printed from the pages ``write_pages`` wrote
    (queued on ``print_pdf``, when given)."""
    from dashboard.excel import write_workbook  # openpyxl: only the documents need it

    files: dict[bool, dict[str, Path]] = {}
    for published in (False, True):
        out = report.edition(published)
        files[published] = {
            "html": out / "dashboard.html",
            "xlsx": write_workbook(
                report.kpi,
                report.indicators,
                out / "dashboard.xlsx",
                report_month=report.report_month,
                la_name=report.la_name,
                synthetic=report.synthetic,
                published=published,
                commentary=report.commentary,
                workforce=report.workforce,
            ),
        }
        if print_pdf is not None:
            files[published]["pdf"] = print_pdf(out / "dashboard.html", out / "dashboard.pdf")
    internal = files[False]
    return ReportFiles(
        html=internal["html"], xlsx=internal["xlsx"], pdf=internal.get("pdf"), published=files[True]
    )


@dataclass
class PaperFiles:
    docx: Path
    #: The paper's own pages, printed; joined to Appendix A once the printer is done.
    body_pdf: Path | None = None
    pdf: Path | None = None


def write_committee_paper(
    report: MonthReport, folder: Path, config: CommitteeConfig, print_pdf: PdfPrinter | None
) -> PaperFiles:
    """The month's committee paper in Word, and its pages queued for printing when given a
    printer (``finish_committee_paper`` adds Appendix A once they are printed)."""
    from dashboard.committee import PAPER, build_paper, write_docx, write_paper_html

    paper = build_paper(
        report.kpi,
        report.indicators,
        report_month=report.report_month,
        la_name=report.la_name,
        config=config,
        commentary=report.commentary,
        synthetic=report.synthetic,
    )
    files = PaperFiles(docx=write_docx(paper, folder / f"{PAPER}.docx"))
    if print_pdf is not None:
        html = write_paper_html(paper, folder / f"{PAPER}.html")
        files.body_pdf = print_pdf(html, folder / f"{PAPER}_pages.pdf")
    return files


def finish_committee_paper(paper: PaperFiles, appendix: Path | None) -> PaperFiles:
    """The printed paper followed by the published dashboard as Appendix A, one PDF."""
    from dashboard.committee import join_pdfs

    if paper.body_pdf is None or appendix is None:
        return paper
    paper.pdf = join_pdfs([paper.body_pdf, appendix], paper.docx.with_suffix(".pdf"))
    paper.body_pdf.unlink()
    paper.body_pdf = None
    return paper

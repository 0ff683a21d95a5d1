"""A month's report in every form: the dashboard as HTML, PDF and Excel, and the same three as
the published edition (disclosure control applied) in ``published/``. The PDF needs chromium;
without it the HTML and Excel are still written and the reason the PDF was skipped is returned."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from dashboard.commentary import Commentary
from dashboard.committee import (
    PAPER,
    CommitteeConfig,
    build_paper,
    join_pdfs,
    write_docx,
    write_paper_html,
)
from dashboard.excel import write_workbook
from dashboard.pdf import PdfPrinter
from dashboard.render import render_dashboard

PUBLISHED = "published"
#: The data-quality docs, written beside the report by the quality checks.
DATA_DOCS = Path("data_docs") / "index.html"


@dataclass
class ReportFiles:
    html: Path
    xlsx: Path
    pdf: Path | None = None
    published: dict[str, Path] = field(default_factory=dict)  # html, xlsx, pdf


def write_report(
    kpi: pl.DataFrame,
    indicators: list[dict[str, Any]],
    folder: Path,
    *,
    report_month: dt.date,
    la_name: str,
    synthetic: bool,
    generated_at: dt.datetime,
    print_pdf: PdfPrinter | None,
    commentary: Commentary | None = None,
    workforce: pl.DataFrame | None = None,
    failed_warnings: tuple[str, ...] = (),
    outlook: pl.DataFrame | None = None,
    outlook_status: dict[str, Any] | None = None,
) -> ReportFiles:
    """Both editions of the month's report into ``folder``; PDFs only when given a printer.
    The published edition leaves out commentary lines that may name a child. ``workforce``
    is mart_workforce: every service and role, shown in the Workforce section. The run's
    failed warning checks are named in the internal edition's quality note; ``outlook`` and
    ``outlook_status`` are the published Outlook made from the month's extract."""
    written: dict[bool, dict[str, Path]] = {}
    for published in (False, True):
        out = folder / PUBLISHED if published else folder
        out.mkdir(parents=True, exist_ok=True)
        # Data Docs show exact figures: linked from the internal edition only.
        data_docs = None if published or not (folder / DATA_DOCS).exists() else DATA_DOCS
        html = out / "dashboard.html"
        html.write_text(
            render_dashboard(
                kpi,
                indicators,
                report_month=report_month,
                la_name=la_name,
                synthetic=synthetic,
                generated_at=generated_at,
                published=published,
                data_docs=None if data_docs is None else data_docs.as_posix(),
                commentary=commentary,
                workforce=workforce,
                failed_warnings=() if published else failed_warnings,
                outlook=outlook,
                outlook_status=outlook_status,
            ),
            encoding="utf-8",
        )
        files = {
            "html": html,
            "xlsx": write_workbook(
                kpi,
                indicators,
                out / "dashboard.xlsx",
                report_month=report_month,
                la_name=la_name,
                synthetic=synthetic,
                published=published,
                commentary=commentary,
                workforce=workforce,
            ),
        }
        if print_pdf is not None:
            files["pdf"] = print_pdf(html, out / "dashboard.pdf")
        written[published] = files
    internal = written[False]
    return ReportFiles(
        html=internal["html"],
        xlsx=internal["xlsx"],
        pdf=internal.get("pdf"),
        published=written[True],
    )


@dataclass
class PaperFiles:
    docx: Path
    #: The paper's own pages, printed; joined to Appendix A once the printer is done.
    body_pdf: Path | None = None
    pdf: Path | None = None


def write_committee_paper(
    kpi: pl.DataFrame,
    indicators: list[dict[str, Any]],
    folder: Path,
    *,
    report_month: dt.date,
    la_name: str,
    synthetic: bool,
    config: CommitteeConfig,
    commentary: Commentary | None,
    print_pdf: PdfPrinter | None,
) -> PaperFiles:
    """The committee paper in Word, and its pages queued for printing when given a printer
    (``finish_committee_paper`` adds Appendix A once they are printed)."""
    paper = build_paper(
        kpi,
        indicators,
        report_month=report_month,
        la_name=la_name,
        config=config,
        commentary=commentary,
        synthetic=synthetic,
    )
    files = PaperFiles(docx=write_docx(paper, folder / f"{PAPER}.docx"))
    if print_pdf is not None:
        html = write_paper_html(paper, folder / f"{PAPER}.html")
        files.body_pdf = print_pdf(html, folder / f"{PAPER}_pages.pdf")
    return files


def finish_committee_paper(paper: PaperFiles, appendix: Path | None) -> PaperFiles:
    """The printed paper followed by the published dashboard as Appendix A, one PDF."""
    if paper.body_pdf is None or appendix is None:
        return paper
    paper.pdf = join_pdfs([paper.body_pdf, appendix], paper.docx.with_suffix(".pdf"))
    paper.body_pdf.unlink()
    paper.body_pdf = None
    return paper

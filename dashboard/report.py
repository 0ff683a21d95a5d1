"""A month's report in every form: the dashboard as HTML, PDF and Excel, and the same three as
the published edition (disclosure control applied) in ``published/``. The PDF needs chromium;
without it the HTML and Excel are still written and the reason the PDF was skipped is returned."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

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
    outlook: pl.DataFrame | None = None,
    outlook_status: dict[str, Any] | None = None,
) -> ReportFiles:
    """Both editions of the month's report into ``folder``; PDFs only when given a printer."""
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

"""The committee paper around the dashboard, as the council's own papers have it: To, Meeting
date, From, Purpose, Recommendation, Summary, Main issues, Implications, Source documents, and
the dashboard as Appendix A. In Word (what committee services edit and publish) and PDF.

A committee paper is public, so it is written from the published edition: disclosure control
applied to every figure, and commentary lines that may name a child left out.
The meeting, the author and the implications come from the LA's configuration file
(``<data>/config/committee.yaml``); anything it leaves out takes the wording of the seeds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import polars as pl
import yaml
from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Pt

from dashboard.commentary import MAIN_ISSUES, Commentary
from dashboard.disclosure import apply_disclosure_control
from dashboard.formats import format_month
from dashboard.page import Section
from dashboard.plain import with_plain_labels
from dashboard.render import TEMPLATES, build_sections
from dashboard.summary import summary
from schemas.months import month_start

PAPER = "committee_paper"


@dataclass(frozen=True)
class CommitteeConfig:
    """The paper's front matter: the LA's configuration over these defaults."""

    committee: str = "Corporate Parenting Sub-Committee"
    meeting_date: str = ""  # as the paper prints it, e.g. "21 November 2019"
    author: str = ""
    author_post: str = ""
    author_email: str = ""
    author_tel: str = ""
    member: str = ""
    member_role: str = ""
    electoral_divisions: str = "All"
    purpose: str = (
        "To report on the performance of services for Children in Care and Care Leavers, as "
        "required in legislation and fulfilling the purpose of monitoring and offering advice."
    )
    recommendation: str = (
        "The Sub-Committee is asked to review performance for Children in Care and comment on "
        "the themes and trends identified in this report."
    )
    implications: dict[str, str] = field(
        default_factory=lambda: {"Significant implications": "None"}
    )
    source_documents: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> CommitteeConfig:
        """The LA's file, when there is one; an unknown key is an error naming the known ones."""
        if not path.is_file():
            return cls()
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        known = {f.name for f in fields(cls)}
        if not isinstance(data, dict) or set(data) - known:
            unknown = sorted(set(data) - known) if isinstance(data, dict) else ["(not a mapping)"]
            raise ValueError(f"{path}: unknown key(s) {unknown}; the keys are {sorted(known)}")
        return cls(**{k: v if isinstance(v, dict | list) else str(v) for k, v in data.items()})


@dataclass(frozen=True)
class Paper:
    """What the paper says, worked out once for both formats."""

    title: str
    config: CommitteeConfig
    report_month: str
    summary: list[str]
    background: str
    main_issues: list[str]
    sections: list[Section]
    months_shown: int
    synthetic: bool


def build_paper(
    kpi: pl.DataFrame,
    indicators: list[dict[str, Any]],
    *,
    report_month: dt.date,
    la_name: str,
    config: CommitteeConfig,
    commentary: Commentary | None,
    synthetic: bool,
) -> Paper:
    """The paper's content from kpi_monthly (disclosure control applied here)."""
    public = with_plain_labels(apply_disclosure_control(kpi), indicators)
    months, sections = build_sections(public, indicators, report_month)
    month_text = format_month(report_month)
    issues: list[str] = []
    if commentary is not None:
        issues = commentary.paragraphs(MAIN_ISSUES, published=True) or [
            line
            for section in sections
            for line in commentary.paragraphs(section.key, published=True)
        ]
    automatic = summary(public, report_month, la_name)
    return Paper(
        title=f"Corporate Parenting performance report: {month_text}",
        config=config,
        report_month=month_text,
        summary=automatic["statements"],
        background=(
            "This report gives the Sub-Committee an overview of the performance of services for "
            f"Children in Care and Care Leavers in {la_name} up to the end of {month_text}. "
            "The full performance dashboard is attached as Appendix A."
        ),
        main_issues=issues or automatic["turned_red"] + automatic["movements"],
        sections=sections,
        months_shown=sum(1 for m in months if m <= month_start(report_month)),
        synthetic=synthetic,
    )


def _front_matter(paper: Paper) -> list[tuple[str, str]]:
    c = paper.config
    author = "\n".join(x for x in (c.author, c.author_post) if x)
    return [
        ("To", c.committee),
        ("Meeting date", c.meeting_date or "to be confirmed"),
        ("From", author or "to be confirmed"),
        ("Electoral division(s)", c.electoral_divisions),
        ("Purpose", c.purpose),
        ("Recommendation", c.recommendation),
    ]


def _contacts(paper: Paper) -> list[tuple[str, str]]:
    c = paper.config
    rows = [
        ("Officer contact", ", ".join(x for x in (c.author, c.author_post) if x)),
        ("Email", c.author_email),
        ("Tel", c.author_tel),
        ("Member contact", ", ".join(x for x in (c.member, c.member_role) if x)),
    ]
    return [(k, v) for k, v in rows if v]


def _appendix_rows(section: Section, shown: int) -> list[list[str]]:
    """Each indicator's latest month beside its target and RAG: the appendix at a glance."""
    return [
        [row.label, row.cells[shown - 1].text if shown else "", row.target, (row.rag or "").title()]
        for row in section.rows
    ]


def write_docx(paper: Paper, path: Path) -> Path:
    """The paper in Word: headings, numbered paragraphs and tables committee services can edit."""
    doc = Document()
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)
    if paper.synthetic:
        doc.add_paragraph().add_run("SYNTHETIC DATA – not real children").bold = True
    doc.add_heading("PERFORMANCE REPORT", level=0)
    doc.add_paragraph(paper.title)
    table = doc.add_table(rows=0, cols=2)
    for label, text in _front_matter(paper):
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(f"{label}:").bold = True
        cells[1].text = text
    if contacts := _contacts(paper):
        doc.add_paragraph()
        table = doc.add_table(rows=0, cols=2)
        for label, text in contacts:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, text
    doc.add_heading("Summary", level=1)
    for line in paper.summary:
        doc.add_paragraph(line, style="List Bullet")
    doc.add_heading("1. Background", level=1)
    doc.add_paragraph(f"1.1 {paper.background}")
    doc.add_heading("2. Main issues", level=1)
    for number, line in enumerate(paper.main_issues, start=1):
        doc.add_paragraph(f"2.{number} {line}")
    doc.add_heading("3. Significant implications", level=1)
    for number, (heading, text) in enumerate(paper.config.implications.items(), start=1):
        doc.add_paragraph().add_run(f"3.{number} {heading}").bold = True
        doc.add_paragraph(text)
    doc.add_heading("Source documents", level=1)
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Source documents", "Location"
    for source in paper.config.source_documents or ["None"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = source, ""
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading(f"Appendix A: Corporate Parenting dashboard, {paper.report_month}", level=1)
    doc.add_paragraph(
        "Figures for the report month; the full dashboard with every month of the year, its "
        "charts and definitions is the PDF edition of this paper. “c”: 1 to 5 children, or a "
        "figure that would reveal one."
    )
    for section in paper.sections:
        doc.add_heading(section.title, level=2)
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, ["Indicator", paper.report_month, "Target", "RAG"], strict=True
        ):
            cell.paragraphs[0].add_run(text).bold = True
        for values in _appendix_rows(section, paper.months_shown):
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell.text = text
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def write_paper_html(paper: Paper, path: Path) -> Path:
    """The paper's pages before the appendix, as HTML to print (the dashboard PDF follows)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        TEMPLATES.get_template("committee.html").render(
            paper=paper, front=_front_matter(paper), contacts=_contacts(paper)
        ),
        encoding="utf-8",
    )
    return path


def join_pdfs(parts: list[Path], path: Path) -> Path:
    """The paper, then Appendix A: one PDF."""
    from pypdf import PdfWriter  # only when a PDF is made

    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    with path.open("wb") as out:
        writer.write(out)
    return path

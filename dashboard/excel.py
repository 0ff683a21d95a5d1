"""The report as an Excel workbook for teams who work in Excel: a contents sheet, then one sheet
per section with each indicator's monthly values as numbers (not images), its average,
target, RAG and England comparator. In the published edition a hidden figure is the text "c"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard.commentary import MAIN_ISSUES, Commentary
from dashboard.disclosure import SUPPRESSED, apply_disclosure_control
from dashboard.formats import UNIT_FORMAT, format_month
from dashboard.render import financial_year_months

HEADER_FILL = PatternFill("solid", fgColor="1D3F6E")
HEADER_FONT = Font(bold=True, color="FFFFFF")
#: Excel number format per unit (values are stored unrounded; the format rounds on screen).
NUMBER_FORMAT = {
    unit: "#,##0" if places == 0 else "#,##0.0" for unit, (places, _) in UNIT_FORMAT.items()
}
SHEET_NAME_MAX = 31  # Excel's limit


def _sheet_name(title: str) -> str:
    return title.removeprefix("Children in care - ").replace("/", " ")[:SHEET_NAME_MAX]


def write_workbook(
    kpi: pl.DataFrame,
    indicators: list[dict[str, Any]],
    path: Path,
    *,
    report_month: dt.date,
    la_name: str,
    synthetic: bool,
    published: bool = False,
    commentary: Commentary | None = None,
    workforce: pl.DataFrame | None = None,
) -> Path:
    """Write the workbook; kpi is kpi_monthly (published: disclosure control applied here).
    The officer's commentary, when there is one, is a sheet of its own."""
    if published:
        kpi = apply_disclosure_control(kpi)
    months = [m for m in financial_year_months(report_month) if m <= report_month.replace(day=1)]
    records = {
        (r["indicator_id"], r["month"]): r
        for r in kpi.filter(pl.col("month").is_in(months)).iter_rows(named=True)
    }
    book = Workbook()
    contents = book.active
    contents.title = "Contents"
    edition = "Published edition (disclosure control applied)" if published else "Internal edition"
    contents.append([f"Corporate Parenting Dashboard – {la_name} – {format_month(report_month)}"])
    contents.append([edition + (" – SYNTHETIC DATA, not real children" if synthetic else "")])
    contents.append([])
    contents.append(["Sheet", "Section", "Indicators"])
    contents["A1"].font = Font(bold=True, size=14)
    sections: dict[str, list[dict[str, Any]]] = {}
    for ind in indicators:
        sections.setdefault(ind["section_title"], []).append(ind)
    header = ["Indicator id", "Indicator", "Unit", *(m.strftime("%b %Y") for m in months)]
    header += ["Average", "Target", "RAG", "England", "England year"]
    for title, items in sections.items():
        sheet = book.create_sheet(_sheet_name(title))
        contents.append([sheet.title, title, len(items)])
        sheet.append(header)
        for cell in sheet[1]:
            cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        for ind in items:
            row: list[Any] = [ind["id"], ind["label"], ind["unit"]]
            for month in months:
                r = records.get((ind["id"], month))
                row.append(SUPPRESSED if r and r.get("suppressed") else _number(r, "value"))
            latest = records.get((ind["id"], months[-1])) if months else None
            hidden = SUPPRESSED in row[3:]
            average = _number(latest, "financial_year_average")
            row.append(SUPPRESSED if hidden and ind.get("average") else average)
            row += [
                _number(latest, "target"),
                latest.get("rag") if latest else None,
                _number(latest, "england_value"),
                latest.get("england_year") if latest else None,
            ]
            sheet.append(row)
            for cell in sheet[sheet.max_row][3 : 3 + len(months) + 2]:
                cell.number_format = NUMBER_FORMAT[ind["unit"]]
        sheet.freeze_panes = "D2"
        sheet.column_dimensions["A"].width = 34
        sheet.column_dimensions["B"].width = 48
        for col in range(3, len(header) + 1):
            sheet.column_dimensions[get_column_letter(col)].width = 11
    if commentary is not None:
        _commentary_sheet(book, commentary, sections, published)
    if workforce is not None:
        _workforce_sheet(book, workforce, months)
    contents.column_dimensions["A"].width = 28
    contents.column_dimensions["B"].width = 48
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _commentary_sheet(
    book: Workbook,
    commentary: Commentary,
    sections: dict[str, list[dict[str, Any]]],
    published: bool,
) -> None:
    sheet = book.create_sheet("Commentary", 1)
    sheet.append(["Section", "Commentary"])
    for cell in sheet[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    headings = {MAIN_ISSUES: MAIN_ISSUES} | {
        items[0]["section"]: t for t, items in sections.items()
    }
    for key, title in headings.items():
        for line in commentary.paragraphs(key, published):
            sheet.append([title, line])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 120
    for row in sheet.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")


#: Every service and role of the workforce file, month by month (staffing figures).
WORKFORCE_COLUMNS = {
    "month": "Month",
    "service": "Service",
    "role": "Role",
    "establishment_fte": "Establishment (FTE)",
    "establishment_fte_change": "Establishment change",
    "staff_fte": "Staff in post (FTE)",
    "staff_fte_change": "Staff in post change",
    "cases": "Cases",
    "average_caseload": "Average caseload",
    "average_caseload_change": "Average caseload change",
}


def _workforce_sheet(book: Workbook, workforce: pl.DataFrame, months: list[dt.date]) -> None:
    sheet = book.create_sheet("Workforce by role")
    sheet.append(list(WORKFORCE_COLUMNS.values()))
    for cell in sheet[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    rows = workforce.filter(pl.col("month").is_in(months)).sort("month", "service", "role")
    for record in rows.select(list(WORKFORCE_COLUMNS)).iter_rows():
        sheet.append(list(record))
        for cell in sheet[sheet.max_row][3:]:
            cell.number_format = "#,##0.0"
    for col in range(1, len(WORKFORCE_COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 14 if col > 3 else 28


def _number(record: dict[str, Any] | None, column: str) -> float | None:
    if record is None:
        return None
    value = record.get(column)
    return None if value is None or value != value else value

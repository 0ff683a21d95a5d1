"""The report as an Excel workbook for teams who work in Excel: a contents sheet, then one sheet
per section with each indicator's monthly values as numbers (not images), its average,
target, RAG and England comparator. In the published edition a hidden figure is the text "c"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard.disclosure import SUPPRESSED, apply_disclosure_control
from dashboard.formats import UNIT_FORMAT, format_month
from dashboard.render import financial_year_months
from dashboard.safe_cells import guard_value

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
) -> Path:
    """Write the workbook; kpi is kpi_monthly (published: disclosure control applied here)."""
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
    contents.column_dimensions["A"].width = 28
    contents.column_dimensions["B"].width = 48
    # openpyxl writes text starting with = as a formula: every cell is guarded, labels too.
    for cell in (c for sheet in book.worksheets for row in sheet.iter_rows() for c in row):
        cell.value = guard_value(cell.value)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _number(record: dict[str, Any] | None, column: str) -> float | None:
    if record is None:
        return None
    value = record.get(column)
    return None if value is None or value != value else value

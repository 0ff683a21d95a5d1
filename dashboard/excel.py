"""The report as an Excel workbook for teams who work in Excel: a contents sheet, then one sheet
per section with each indicator's monthly values as numbers rounded as the dashboard shows
them (percentages as Excel percentages), its average, target, RAG and England comparator, as an
Excel table with filters and a chart of the section's headline figure; then the definitions
(the exact ones, with their codes and models: the analyst's), every figure revised since first
reported, and the comparators with their years and sources. In the published edition a hidden
figure is the text "c"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.commentary import MAIN_ISSUES, Commentary
from dashboard.disclosure import SUPPRESSED, apply_disclosure_control
from dashboard.formats import UNIT_FORMAT, format_month, rounded
from dashboard.safe_cells import guard_value
from schemas.months import financial_year_months, month_start
from warehouse.catalogue import england_frame

#: Excel number format per unit: values are stored rounded as the dashboard prints them, and a
#: percentage as a fraction, so Excel shows "84.0%" and sums and charts work on it.
NUMBER_FORMAT = {
    unit: "0.0%" if unit == "percent" else "#,##0" if places == 0 else "#,##0.0"
    for unit, (places, _) in UNIT_FORMAT.items()
}
#: Analysts' definitions: every indicator, with the codes and the SQL that make it.
DEFINITION_COLUMNS = {
    "id": "Indicator id",
    "section_title": "Section",
    "label": "Indicator",
    "unit": "Unit",
    "polarity": "Polarity",
    "definition": "Definition",
    "plain": "In plain words (the dashboard's)",
    "counted_in": "Listed in (drill model)",
    "source": "Computed in (mart model)",
}


def _cell_value(record: dict[str, Any] | None, column: str, unit: str) -> float | str | None:
    """A figure as the workbook stores it: rounded as displayed, a percentage as a fraction."""
    if record is not None and column == "value" and record.get("suppressed"):
        return SUPPRESSED
    value = rounded(_number(record, column), unit)
    if value is None or unit != "percent":
        return value
    return round(value / 100, UNIT_FORMAT[unit][0] + 2)


def _excel_table(sheet: Worksheet, name: str) -> None:
    """The sheet's rows as one Excel table: a filter on every column, banded rows."""
    ref = f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(table)


def _headline_chart(sheet: Worksheet, title: str, label: str, months: int) -> None:
    """The section's first figure month by month, beside its table."""
    chart = LineChart()
    chart.title = f"{label}, by month"
    chart.y_axis.title = title
    chart.height, chart.width = 7, 16
    chart.add_data(Reference(sheet, min_col=4, max_col=3 + months, min_row=2), from_rows=True)
    chart.set_categories(Reference(sheet, min_col=4, max_col=3 + months, min_row=1))
    chart.legend = None
    sheet.add_chart(chart, f"B{sheet.max_row + 3}")


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
    A sheet per section (an Excel table and a chart of its headline figure), the definitions,
    and when given, the officer's commentary and every service and role of the workforce."""
    if published:
        kpi = apply_disclosure_control(kpi)
    months = [m for m in financial_year_months(report_month) if m <= month_start(report_month)]
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
    for n, (title, items) in enumerate(sections.items(), start=1):
        sheet = book.create_sheet(items[0].get("section_short_title", title[:31]))
        contents.append([sheet.title, title, len(items)])
        sheet.append(header)
        for ind in items:
            unit = ind["unit"]
            row: list[Any] = [ind["id"], ind["label"], unit]
            row += [_cell_value(records.get((ind["id"], m)), "value", unit) for m in months]
            latest = records.get((ind["id"], months[-1])) if months else None
            hidden = SUPPRESSED in row[3:]
            average = _cell_value(latest, "financial_year_average", unit)
            row.append(SUPPRESSED if hidden and ind.get("average") else average)
            row += [
                _cell_value(latest, "target", unit),
                latest.get("rag") if latest else None,
                _cell_value(latest, "england_value", unit),
                latest.get("england_year") if latest else None,
            ]
            sheet.append(row)
            for cell in [*sheet[sheet.max_row][3 : 3 + len(months) + 2], sheet[sheet.max_row][-2]]:
                cell.number_format = NUMBER_FORMAT[unit]
        _excel_table(sheet, f"t_{items[0].get('section', n)}")
        if months:
            _headline_chart(sheet, title, items[0]["label"], len(months))
        sheet.freeze_panes = "D2"
        sheet.column_dimensions["A"].width = 34
        sheet.column_dimensions["B"].width = 48
        for col in range(3, len(header) + 1):
            sheet.column_dimensions[get_column_letter(col)].width = 11
    _definitions_sheet(book, indicators)
    _revisions_sheet(book, indicators, records, months)
    if months:
        _comparators_sheet(book, indicators, records, months[-1])
    if commentary is not None:
        _commentary_sheet(book, commentary, sections, published)
    if workforce is not None:
        _workforce_sheet(book, workforce, months)
    contents.column_dimensions["A"].width = 28
    contents.column_dimensions["B"].width = 48
    # openpyxl writes text starting with = as a formula: every cell is guarded, labels too.
    for cell in (c for sheet in book.worksheets for row in sheet.iter_rows() for c in row):
        cell.value = guard_value(cell.value)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _definitions_sheet(book: Workbook, indicators: list[dict[str, Any]]) -> None:
    sheet = book.create_sheet("Definitions")
    sheet.append(list(DEFINITION_COLUMNS.values()))
    for ind in indicators:
        sheet.append([ind.get(key) or "" for key in DEFINITION_COLUMNS])
    _excel_table(sheet, "t_definitions")
    for col, width in zip("ABCDEFGHI", (34, 30, 44, 10, 16, 100, 60, 36, 36), strict=True):
        sheet.column_dimensions[col].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row[5:7]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


#: Every figure revised since it was first reported (the dashboard shows how many per section).
REVISION_COLUMNS = ("Indicator id", "Section", "Indicator", "Month", "First reported", "Now")


def _revisions_sheet(
    book: Workbook,
    indicators: list[dict[str, Any]],
    records: dict[tuple[str, dt.date], dict[str, Any]],
    months: list[dt.date],
) -> None:
    """One row per revised figure: its first reported value beside today's (the first reported
    is blank in the published edition, which drops it: it could reveal a hidden figure)."""
    sheet = book.create_sheet("Revisions")
    sheet.append(list(REVISION_COLUMNS))
    for ind in indicators:
        unit = ind["unit"]
        for month in months:
            record = records.get((ind["id"], month))
            if record is None or not record.get("revised"):
                continue
            sheet.append(
                [
                    ind["id"],
                    ind["section_title"],
                    ind["label"],
                    month,
                    _cell_value(record, "value_first_reported", unit),
                    _cell_value(record, "value", unit),
                ]
            )
            sheet[sheet.max_row][3].number_format = "mmm yyyy"
            for cell in sheet[sheet.max_row][4:]:
                cell.number_format = NUMBER_FORMAT[unit]
    if sheet.max_row > 1:  # Excel refuses a table with no data row
        _excel_table(sheet, "t_revisions")
    for col, width in zip("ABCDEF", (34, 34, 48, 12, 14, 14), strict=True):
        sheet.column_dimensions[col].width = width


#: The comparators beside each figure of the report month, with their years and sources.
COMPARATOR_COLUMNS = ("Indicator id", "Indicator", "Comparator", "Year", "Value", "Source")
NEIGHBOURS_SOURCE = "The council's configuration (CPR_INDICATOR_CONFIG)"


def _comparators_sheet(
    book: Workbook,
    indicators: list[dict[str, Any]],
    records: dict[tuple[str, dt.date], dict[str, Any]],
    month: dt.date,
) -> None:
    """England's figure (warehouse/reference/england.csv, its source named) and the statistical
    neighbours' (the LA's configuration) that the dashboard shows for the report month."""
    sources = {
        (r["indicator_id"], r["year"]): r["source"] for r in england_frame().iter_rows(named=True)
    }
    sheet = book.create_sheet("Comparators")
    sheet.append(list(COMPARATOR_COLUMNS))
    for ind in indicators:
        record = records.get((ind["id"], month)) or {}
        for key, name in (("england", "England"), ("neighbours", "Statistical neighbours")):
            year = record.get(f"{key}_year")
            if record.get(f"{key}_value") is None:
                continue
            source = sources.get((ind["id"], year)) if key == "england" else NEIGHBOURS_SOURCE
            value = _cell_value(record, f"{key}_value", ind["unit"])
            sheet.append([ind["id"], ind["label"], name, year, value, source])
            sheet[sheet.max_row][4].number_format = NUMBER_FORMAT[ind["unit"]]
    if sheet.max_row > 1:  # Excel refuses a table with no data row
        _excel_table(sheet, "t_comparators")
    for col, width in zip("ABCDEF", (34, 48, 22, 8, 10, 100), strict=True):
        sheet.column_dimensions[col].width = width


def _commentary_sheet(
    book: Workbook,
    commentary: Commentary,
    sections: dict[str, list[dict[str, Any]]],
    published: bool,
) -> None:
    sheet = book.create_sheet("Commentary", 1)
    sheet.append(["Section", "Commentary"])
    headings = {MAIN_ISSUES: MAIN_ISSUES} | {
        items[0]["section"]: t for t, items in sections.items()
    }
    for key, title in headings.items():
        for line in commentary.paragraphs(key, published):
            sheet.append([title, line])
    _excel_table(sheet, "t_commentary")
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
    rows = workforce.filter(pl.col("month").is_in(months)).sort("month", "service", "role")
    for record in rows.select(list(WORKFORCE_COLUMNS)).iter_rows():
        sheet.append([rounded(v, "fte") if isinstance(v, float) else v for v in record])
        sheet[sheet.max_row][0].number_format = "mmm yyyy"
        for cell in sheet[sheet.max_row][3:]:
            cell.number_format = "#,##0.0"
    _excel_table(sheet, "t_workforce_by_role")
    for col in range(1, len(WORKFORCE_COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 14 if col > 3 else 28


def _number(record: dict[str, Any] | None, column: str) -> float | None:
    if record is None:
        return None
    value = record.get(column)
    return None if value is None or value != value else value

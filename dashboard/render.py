"""Render the monthly Corporate Parenting dashboard as one self-contained HTML page.

The layout follows the council's own dashboard: per section, a table of indicators by month
(April to March), a Trend sparkline and an Average, then notes on data and definitions.
Only aggregate figures from the KPI mart reach this module; it never sees child-level data.

Councillors read it (the 2018 committee asked for no acronyms): labels and notes are the
catalogue's plain words (``plain_label``, ``plain``); the exact definitions with their 903 codes
and the models that compute them are the analyst's, in the internal edition's collapsed list
and the workbook's definitions sheet.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import jinja2
import polars as pl

from dashboard.charts import section_charts
from dashboard.commentary import Commentary
from dashboard.disclosure import SUPPRESSED, apply_disclosure_control
from dashboard.formats import NO_DATA, UNITS, format_month, format_value
from dashboard.outlook import outlook_view
from dashboard.page import Cell, RoleRow, Row, Section, Sparkline
from dashboard.plain import plain_label, with_plain_labels
from dashboard.summary import summary
from schemas.months import financial_year_months, month_start, previous_month

POLARITY_TEXT: dict[str, str] = {
    "higher_is_better": "higher is better",
    "lower_is_better": "lower is better",
    "neutral": "",
}
TARGET_DIRECTION_TEXT = {"above": "≥", "below": "≤"}

# Sparkline canvas in SVG user units; small enough to sit in a table cell.
SPARK_WIDTH = 96.0
SPARK_HEIGHT = 22.0
SPARK_PAD = 3.0

TEMPLATES = jinja2.Environment(
    # Beside this module, not PackageLoader: it also works when `dashboard` is imported as a
    # namespace package (an editable install made before the package had an __init__.py).
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    # Labels and definitions come from a catalogue others edit: escape everything.
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _signed(value: float | None, unit: str) -> str:
    if value is None or value != value:
        return ""
    return ("+" if value > 0 else "") + format_value(value, unit)


def role_rows(workforce: pl.DataFrame, report_month: datetime.date) -> list[RoleRow]:
    """Every service and role of mart_workforce in the report month, by name."""
    month = workforce.filter(pl.col("month") == month_start(report_month))
    return [
        RoleRow(
            service=r["service"],
            role=r["role"],
            establishment=format_value(r["establishment_fte"], "fte"),
            establishment_change=_signed(r["establishment_fte_change"], "fte"),
            staff=format_value(r["staff_fte"], "fte"),
            staff_change=_signed(r["staff_fte_change"], "fte"),
            caseload=format_value(r["average_caseload"], "ratio"),
            caseload_change=_signed(r["average_caseload_change"], "ratio"),
        )
        for r in month.sort("service", "role").iter_rows(named=True)
    ]


def format_generated(generated_at: datetime.datetime) -> str:
    text = f"{generated_at.day} {generated_at.strftime('%B %Y %H:%M')}"
    tz = generated_at.tzname()
    return f"{text} {tz}" if tz else text


def _shown_kpi(kpi: pl.DataFrame, ids: list[str], months: list[datetime.date]) -> pl.DataFrame:
    """Rows for catalogue indicators in the shown months, NaN treated as no data."""
    return kpi.filter(
        pl.col("indicator_id").is_in(ids),
        pl.col("month").is_in(months),
    ).with_columns(
        pl.col("value", "value_first_reported").cast(pl.Float64).fill_nan(None),
    )


def _sparkline(
    values: list[float | None], shown: int, unit: str, polarity: str, months: list[datetime.date]
) -> Sparkline:
    """Inline sparkline; x is the month's slot so gaps stay visible, missing points skipped."""
    points = [(i, v) for i, v in enumerate(values[:shown]) if v is not None]
    if not points:
        return Sparkline(path="", last_x=None, last_y=None, label="No data to show a trend")
    low = min(v for _, v in points)
    high = max(v for _, v in points)
    span = high - low
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / 11  # 12 monthly slots

    def xy(i: int, v: float) -> tuple[float, float]:
        # A flat series sits mid-height rather than on an edge.
        frac = 0.5 if span == 0 else (v - low) / span
        return (
            round(SPARK_PAD + i * step, 2),
            round(SPARK_HEIGHT - SPARK_PAD - frac * (SPARK_HEIGHT - 2 * SPARK_PAD), 2),
        )

    parts: list[str] = []
    previous: int | None = None
    for i, v in points:
        x, y = xy(i, v)
        # Start a new sub-path after a gap so no line is drawn through a missing month.
        parts.append(f"{'L' if previous == i - 1 else 'M'}{x} {y}")
        previous = i
    last_i, last_v = points[-1]
    last_x, last_y = xy(last_i, last_v)
    first_i, first_v = points[0]
    label = (
        f"Trend {months[first_i].strftime('%b')} to {months[last_i].strftime('%b')}: "
        f"{format_value(first_v, unit)} to {format_value(last_v, unit)}"
    )
    if POLARITY_TEXT.get(polarity):
        label += f" ({POLARITY_TEXT[polarity]})"
    return Sparkline(path=" ".join(parts), last_x=last_x, last_y=last_y, label=label)


def record_cell(record: dict[str, Any] | None, unit: str) -> Cell:
    if record is None:
        return Cell(text=NO_DATA, title="no data", is_missing=True)
    if record.get("suppressed"):
        return Cell(text=SUPPRESSED, title="1 to 5 children, or would reveal such a figure")
    if record["value"] is None:
        return Cell(text=NO_DATA, title="no data", is_missing=True)
    title = None
    numerator, denominator = record["numerator"], record["denominator"]
    if unit != "count" and numerator is not None and denominator is not None:
        title = f"{format_value(numerator, 'count')} / {format_value(denominator, 'count')}"
    revised_title = None
    if record["revised"]:
        first = record["value_first_reported"]
        # The published edition drops first-reported values (they could reveal a hidden one).
        revised_title = (
            "first reported differently"
            if first is None
            else (f"first reported as {format_value(first, unit)}")
        )
    return Cell(
        text=format_value(record["value"], unit),
        title=title,
        revised_title=revised_title,
        provisional=bool(record.get("provisional")),
        rag=record.get("rag"),
    )


def source_text(indicator: dict[str, Any]) -> str:
    """``cla_count: drill_population.sql, kpi_population.sql``: the id and the models."""
    models = [indicator.get("counted_in"), indicator.get("source")]
    return f"{indicator['id']}: " + ", ".join(Path(m).name for m in models if m)


def _average_text(average: float | None, hidden: bool, unit: str) -> str:
    # An average over months with one hidden would let it be worked back.
    return SUPPRESSED if hidden else format_value(average, unit)


def _target_text(record: dict[str, Any] | None, unit: str) -> str:
    if record is None or record.get("target") is None:
        return ""
    sign = TARGET_DIRECTION_TEXT.get(record.get("target_direction") or "", "")
    return f"{sign} {format_value(record['target'], unit)}".strip()


def _comparator_text(record: dict[str, Any] | None, unit: str, comparator: str) -> str:
    """``62.0 (2017)``: a comparator (``england``, ``neighbours``) with its year, or ""."""
    if record is None or record.get(f"{comparator}_value") is None:
        return ""
    return f"{format_value(record[f'{comparator}_value'], unit)} ({record[f'{comparator}_year']})"


def _reference_footnote(years: list[int]) -> str:
    # Several years only when a new estimate was adopted part-way through the year.
    joined = " and ".join(str(y) for y in years)
    return (
        f"Rate uses the Office for National Statistics mid-year population estimate for {joined}."
    )


def _target_value(records: list[dict[str, Any] | None]) -> float | None:
    """The latest target in force in the months shown (a month with no figure still has one)."""
    targets = [r["target"] for r in records if r is not None and r.get("target") is not None]
    return targets[-1] if targets else None


def build_sections(
    kpi: pl.DataFrame, indicators: list[dict[str, Any]], report_month: datetime.date
) -> tuple[list[datetime.date], list[Section]]:
    """The page's content as plain data: months shown and one Section per catalogue section."""
    months = financial_year_months(report_month)
    report_first = month_start(report_month)
    shown = sum(1 for m in months if m <= report_first)
    shown_months = months[:shown]
    ids = [ind["id"] for ind in indicators]
    data = _shown_kpi(kpi, ids, shown_months)

    by_key: dict[tuple[str, datetime.date], dict[str, Any]] = {
        (r["indicator_id"], r["month"]): r for r in data.iter_rows(named=True)
    }
    averages: dict[str, float | None] = dict(
        data.group_by("indicator_id").agg(pl.col("value").mean()).iter_rows()
    )

    sections: dict[str, Section] = {}
    for ind in indicators:
        unit = ind["unit"]
        if unit not in UNITS:
            raise ValueError(f"indicator {ind['id']!r} has unknown unit {unit!r}")
        section = sections.setdefault(
            ind["section"], Section(key=ind["section"], title=ind["section_title"])
        )
        records = [by_key.get((ind["id"], m)) for m in shown_months]
        cells = [record_cell(r, unit) for r in records]
        cells += [Cell(text="", is_future=True) for _ in months[shown:]]
        values = [None if r is None else r["value"] for r in records]
        average = averages.get(ind["id"])
        hidden = any(c.text == SUPPRESSED for c in cells)
        latest = records[-1] if records else None
        row = Row(
            id=ind["id"],
            label=plain_label(ind),
            definition=ind["definition"],
            plain=ind.get("plain") or ind["definition"],
            group=ind.get("group"),
            source=source_text(ind),
            cells=cells,
            sparkline=_sparkline(values, shown, unit, ind["polarity"], months),
            average=_average_text(average, hidden, unit) if ind["average"] else "",
            unit=unit,
            values=values + [None] * (len(months) - shown),
            target=_target_text(latest, unit),
            target_value=_target_value(records),
            rag=None if latest is None else latest.get("rag"),
            direction=None if latest is None else latest.get("direction_of_travel"),
            improving=None if latest is None else latest.get("improving"),
            england=_comparator_text(latest, unit, "england"),
            neighbours=_comparator_text(latest, unit, "neighbours"),
        )
        section.revisions += [
            f"{row.label}, {format_month(m)}: {c.revised_title}, now {c.text}"
            for m, c in zip(shown_months, cells, strict=False)
            if c.revised_title
        ]
        if unit == "rate_per_10k":
            years = sorted(
                {r["reference_year"] for r in records if r and r["reference_year"] is not None}
            )
            if years:
                section.footnotes.append(_reference_footnote(years))
                row.footnote = len(section.footnotes)
        section.rows.append(row)
    for section in sections.values():
        section.charts = section_charts(section.key, section.rows, months, shown)
    return months, list(sections.values())


def render_dashboard(
    kpi: pl.DataFrame,
    indicators: list[dict[str, Any]],
    *,
    report_month: datetime.date,
    la_name: str,
    synthetic: bool,
    generated_at: datetime.datetime,
    published: bool = False,
    data_docs: str | None = None,
    commentary: Commentary | None = None,
    workforce: pl.DataFrame | None = None,
    failed_warnings: tuple[str, ...] = (),
    outlook: pl.DataFrame | None = None,
    outlook_status: dict[str, Any] | None = None,
) -> str:
    """One self-contained HTML page (no network: no external CSS/JS/fonts/images; charts as
    inline SVG). ``published`` applies disclosure control first (dashboard/disclosure.py);
    ``data_docs`` is the relative link to the data-quality docs, shown when given;
    ``commentary`` the officer's, shown under each section's heading; ``workforce``
    mart_workforce's rows, every service and role shown in the Workforce section (staffing
    figures, not counts of children: the same in both editions); ``failed_warnings`` the
    warning checks the run failed, named in the quality note; ``outlook`` and
    ``outlook_status`` the published Outlook (dashboard/outlook.py), its own section."""
    if published:
        kpi = apply_disclosure_control(kpi)
    months, sections = build_sections(kpi, indicators, report_month)
    kpi = with_plain_labels(kpi, indicators)  # the summary names figures as the tables do
    for section in sections:
        if commentary is not None:
            section.commentary = commentary.html(section.key, published)
        if section.key == "workforce" and workforce is not None:
            section.roles = role_rows(workforce, report_month)
    return TEMPLATES.get_template("dashboard.html").render(
        months=months,
        sections=sections,
        neighbours=any(row.neighbours for s in sections for row in s.rows),
        summary=summary(kpi, report_month, la_name),
        report_month_text=format_month(report_month),
        previous_month_text=format_month(previous_month(report_month)),
        la_name=la_name,
        synthetic=synthetic,
        published=published,
        suppressed=SUPPRESSED,
        data_docs=data_docs,
        failed_warnings=failed_warnings,
        generated_text=format_generated(generated_at),
        generated_iso=generated_at.isoformat(timespec="seconds"),
        spark_width=SPARK_WIDTH,
        spark_height=SPARK_HEIGHT,
        outlook=outlook_view(outlook, outlook_status, kpi, report_month, breakdowns=not published),
    )

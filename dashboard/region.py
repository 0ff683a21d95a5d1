"""The regional dashboard: each LA of a region side by side for one month, one self-contained
HTML page (indicator rows × LA columns). Cells are formatted as the LA dashboard formats them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import polars as pl

from dashboard.render import (
    TEMPLATES,
    Cell,
    format_generated,
    format_month,
    record_cell,
)


@dataclass(frozen=True)
class RegionalRow:
    label: str
    cells: list[Cell]  # one per LA, in the page's column order


@dataclass(frozen=True)
class RegionalSection:
    title: str
    rows: list[RegionalRow]


def regional_sections(
    kpi: pl.DataFrame, indicators: list[dict[str, Any]], month: datetime.date, la_codes: list[str]
) -> list[RegionalSection]:
    """One section per catalogue section; each indicator's cell for each LA in ``month``."""
    by_key = {
        (r["indicator_id"], r["la_code"]): r
        for r in kpi.filter(pl.col("month") == month).iter_rows(named=True)
    }
    sections: dict[str, list[RegionalRow]] = {}
    titles: dict[str, str] = {}
    for ind in indicators:
        titles[ind["section"]] = ind["section_title"]
        cells = [record_cell(by_key.get((ind["id"], la)), ind["unit"]) for la in la_codes]
        sections.setdefault(ind["section"], []).append(RegionalRow(ind["label"], cells))
    return [RegionalSection(titles[key], rows) for key, rows in sections.items()]


def render_regional_dashboard(
    kpi: pl.DataFrame,
    indicators: list[dict[str, Any]],
    *,
    region: str,
    las: dict[str, str],
    month: datetime.date,
    synthetic: bool,
    generated_at: datetime.datetime,
) -> str:
    """``las``: LA code -> name, in column order."""
    return TEMPLATES.get_template("regional.html").render(
        region=region,
        la_names=list(las.values()),
        sections=regional_sections(kpi, indicators, month, list(las)),
        month_text=format_month(month),
        synthetic=synthetic,
        generated_text=format_generated(generated_at),
    )

"""The report's summary, written from the KPI mart in the style of the council's own reports:
"As of 31 January 2018 there are 702 children in care supported by the Council; 57% are
male, 43% female; ...", then the figures that moved most since the previous month and each
indicator that turned red.

``summary_facts`` picks the numbers (one place, so a test can hold them against the mart);
``summary_statements`` words them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from dashboard.formats import format_month, format_value
from schemas.months import financial_year_start, month_start, previous_month

#: How many of the largest month-on-month movements the summary names.
MOVEMENTS_NAMED = 3
#: A movement on fewer children than this is noise (one adoption of four is 25 points).
MOVEMENT_BASE = 20


@dataclass(frozen=True)
class Facts:
    """The summary's figures for the report month: indicator id to value as in kpi_monthly
    (None: no data, or hidden in the published edition), and the same for the previous month
    and April, with the indicators that moved most and those newly red."""

    month: dt.date
    now: dict[str, float | None]
    previous: dict[str, float | None]
    april: dict[str, float | None]
    units: dict[str, str]
    labels: dict[str, str]
    movements: list[str]  # indicator ids, largest relative movement first
    turned_red: list[str]


def _values(kpi: pl.DataFrame, month: dt.date) -> dict[str, float | None]:
    rows = kpi.filter(pl.col("month") == month).select("indicator_id", "value")
    return {i: (None if v is None or v != v else v) for i, v in rows.iter_rows()}


def _movement(now: float | None, before: float | None, unit: str) -> float:
    """Size of a month's change: percentage points for a percentage, else relative change."""
    if now is None or before is None:
        return 0.0
    if unit == "percent":
        return abs(now - before)
    return abs(now - before) / max(abs(before), 10.0)  # small bases do not dominate


def summary_facts(kpi: pl.DataFrame, report_month: dt.date) -> Facts:
    """The figures the summary states, straight from kpi_monthly's rows for the month."""
    month = month_start(report_month)
    previous = previous_month(month)
    april = financial_year_start(month)
    shown = kpi.filter(pl.col("month") == month)
    units = dict(shown.select("indicator_id", "unit").iter_rows())
    labels = dict(shown.select("indicator_id", "label").iter_rows())
    now, before = _values(kpi, month), _values(kpi, previous)
    base = dict(
        shown.select("indicator_id", pl.coalesce("denominator", "value").fill_nan(None)).iter_rows()
    )
    movements = sorted(
        (
            i
            for i in now
            if units.get(i) in ("count", "percent") and (base.get(i) or 0) >= MOVEMENT_BASE
        ),
        key=lambda i: -_movement(now[i], before.get(i), units[i]),
    )
    previous_rag = dict(
        kpi.filter(pl.col("month") == previous).select("indicator_id", "rag").iter_rows()
    )
    turned_red = [
        i
        for i, rag in shown.select("indicator_id", "rag").iter_rows()
        if rag == "red" and previous_rag.get(i) != "red"
    ]
    return Facts(
        month=month,
        now=now,
        previous=before,
        april=_values(kpi, april),
        units=units,
        labels=labels,
        movements=[i for i in movements if _movement(now[i], before.get(i), units[i]) > 0][
            :MOVEMENTS_NAMED
        ],
        turned_red=turned_red,
    )


def _whole_percent(value: float) -> str:
    return format_value(value, "count") + "%"


def _known(facts: Facts, *ids: str) -> bool:
    return all(facts.now.get(i) is not None for i in ids)


def summary_statements(facts: Facts, la_name: str) -> list[str]:
    """The summary's bullet points; a statement whose figure is missing or hidden is left out."""
    now = facts.now
    month_end = (
        f"{calendar.monthrange(facts.month.year, facts.month.month)[1]} {format_month(facts.month)}"
    )
    lines: list[str] = []
    if _known(facts, "cla_count"):
        lines.append(
            f"As of {month_end} there are {format_value(now['cla_count'], 'count')} children in "
            f"care supported by {la_name}."
        )
    if _known(facts, "cla_male_pct", "cla_female_pct"):
        lines.append(
            f"{_whole_percent(now['cla_male_pct'])} of children in care are male, "
            f"{_whole_percent(now['cla_female_pct'])} are female."
        )
    if _known(facts, "cla_disabled_pct"):
        lines.append(f"{_whole_percent(now['cla_disabled_pct'])} have a disability.")
    if _known(facts, "placed_in_county_pct"):
        line = f"{_whole_percent(now['placed_in_county_pct'])} of children in care are placed in county"
        if _known(
            facts,
            "placed_out_of_county_non_uasc_pct",
            "placed_out_of_county_over_20_miles_non_uasc_pct",
        ):
            line += (
                f"; {_whole_percent(now['placed_out_of_county_non_uasc_pct'])} of children "
                "(not counting unaccompanied children) are placed out of county, "
                f"{_whole_percent(now['placed_out_of_county_over_20_miles_non_uasc_pct'])} "
                "more than 20 miles from home"
            )
        lines.append(line + ".")
    if _known(facts, "uasc_placed_out_of_county_pct"):
        lines.append(
            f"{_whole_percent(now['uasc_placed_out_of_county_pct'])} of unaccompanied "
            "asylum-seeking young people are placed out of county."
        )
    if _known(facts, "visits_in_timescale_pct"):
        line = "The proportion of children in care visited within statutory timescales was "
        first = facts.april.get("visits_in_timescale_pct")
        if first is not None and facts.month.month != 4:
            line += f"{format_value(first, 'percent')} in April and "
        lines.append(
            line
            + f"{format_value(now['visits_in_timescale_pct'], 'percent')} in {format_month(facts.month)}."
        )
    if _known(facts, "missing_children"):
        before = facts.previous.get("missing_children")
        line = "The number of children in care reported missing was "
        if before is not None:
            line += f"{format_value(before, 'count')} in {format_month(previous_month(facts.month))} and "
        lines.append(
            line
            + f"{format_value(now['missing_children'], 'count')} in {format_month(facts.month)}."
        )
    if _known(facts, "adoption_count"):
        lines.append(
            f"{format_value(now['adoption_count'], 'count')} children were adopted in "
            f"{format_month(facts.month)}."
        )
    return lines


def _change(facts: Facts, indicator_id: str) -> str:
    unit = facts.units[indicator_id]
    now, before = facts.now[indicator_id], facts.previous[indicator_id]
    word = "rose" if now > before else "fell"
    return (
        f"{facts.labels[indicator_id]} {word} from {format_value(before, unit)} to "
        f"{format_value(now, unit)}."
    )


def change_statements(facts: Facts) -> tuple[list[str], list[str]]:
    """(the largest movements since the previous month, the indicators that turned red)."""
    red = [
        f"{facts.labels[i]}: {format_value(facts.now[i], facts.units[i])} is red against its target."
        for i in facts.turned_red
        if facts.now.get(i) is not None
    ]
    return [_change(facts, i) for i in facts.movements], red


def summary(kpi: pl.DataFrame, report_month: dt.date, la_name: str) -> dict[str, Any]:
    """The summary block as the template shows it."""
    facts = summary_facts(kpi, report_month)
    movements, red = change_statements(facts)
    return {
        "statements": summary_statements(facts, la_name),
        "movements": movements,
        "turned_red": red,
    }

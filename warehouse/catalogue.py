"""The indicator catalogue: one YAML file per dashboard section under ``catalogue/``, loaded once
and shared by the marts, the quality checks and the report.

From a dashboard figure to its SQL: each indicator names ``counted_in``, the drill model that
lists the children (or reviews, incidents) in its numerator and denominator, where the counting
rules live; ``listed_counts`` turns those lists into the figure by the indicator's unit (a count
is its numerator list's length, a percentage one list's over the other's). Only where a figure
needs more than that (an average of days, a rate per population, a net change) does it name a
``source``, the mart (``kpi_<section>``) that adds the rule, and that mart forms the figure;
``kpi_monthly`` takes every other figure from ``listed_counts``. Figures that count no one
(workforce FTE and caseloads) have no ``counted_in``.

``required_table`` is the optional extract table a figure is made from: a month its extract did
not record (the table not landed; see ``dim_report_month.tables_recorded``) has no data for the
figure, not zero.

Two definitions per indicator: ``definition``, the exact rule with its 903 codes, for analysts
(the Excel definitions sheet, the internal edition's exact notes), and ``plain``, the same in
plain English for councillors (the dashboard's notes on data and definitions), with no codes,
file names or unexplained acronyms. ``plain_label`` is the councillor's label where ``label``
has a code or an acronym; ``group`` heads the rows of a block shown together (exploitation by
sex and by age, as the council's report shows it).

England's figures come from one place, ``reference/england.csv`` (the DfE's published figure
per indicator and year, with its source). Targets in the catalogue are the defaults. An LA
replaces them, and gives its statistical neighbours' figures, without touching code in its own
YAML file (``CPR_INDICATOR_CONFIG``; see ``load_overrides``)::

    indicators:
      cla_count:
        targets: [{from_financial_year: 2024, value: 600, direction: below, amber_within: 20}]
        comparators: [{name: Statistical neighbours, year: 2024, value: 65}]
        max_monthly_change: 25

An indicator named there has its targets replaced as a whole list.
``max_monthly_change`` (in the indicator's unit: children, percentage points, days...) is how far
a figure may move from one month to the next before the quality checks flag it (a warning).
Without one, the move chance alone could explain (``DEFAULT_MAX_CHANGE_ERRORS`` standard errors):
a count of n may move by 3 sqrt(n) (at least ``DEFAULT_MAX_CHANGE_FLOOR``), a percentage of n by
150 / sqrt(n) points (at least ``DEFAULT_MAX_CHANGE_POINTS``), anything else by
``DEFAULT_MAX_CHANGE_SHARE`` of its previous value.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

CATALOGUE_DIR = Path(__file__).parent / "catalogue"
#: England's published figure per indicator and year (31 March), with its source.
ENGLAND_CSV = Path(__file__).parent / "reference" / "england.csv"
ENGLAND = "England"
#: The comparators an LA's configuration may give (England's are the reference table's).
LA_COMPARATORS = ("Statistical neighbours",)
#: Amber when short of the target by no more than this share of it, unless a target says.
DEFAULT_AMBER_SHARE = 0.05
#: Month-on-month moves flagged by default (see the module docstring).
DEFAULT_MAX_CHANGE_ERRORS = 3.0
DEFAULT_MAX_CHANGE_POINTS = 10.0
DEFAULT_MAX_CHANGE_SHARE = 0.25
DEFAULT_MAX_CHANGE_FLOOR = 5.0


@cache
def _loaded() -> list[dict[str, Any]]:
    return [
        yaml.load(p.read_text(), Loader=yaml.CSafeLoader)
        for p in sorted(CATALOGUE_DIR.glob("*.yaml"))
    ]


@cache
def sections() -> list[dict[str, Any]]:
    """Each section (id, title, order) with its indicators, in display order."""
    return sorted(
        ({**s["section"], "indicators": s["indicators"]} for s in _loaded() if "section" in s),
        key=lambda s: s["order"],
    )


def projections() -> dict[str, dict[str, Any]]:
    """Catalogued projections (the Outlook) by id: what they hold and their method in words;
    no indicators, so never a monthly figure."""
    return {s["projection"]["id"]: s["projection"] for s in _loaded() if "projection" in s}


def indicators() -> list[dict[str, Any]]:
    """Indicators in display order, each with its section's id and title, and how many months
    after its month a figure can still fill in (the indicator's, else its section's, else 0)."""
    return [
        {
            "settles_after_months": s.get("settles_after_months", 0),
            **item,
            "section": s["id"],
            "section_title": s["title"],
            # Where the title is too long for a spreadsheet tab (31 characters).
            "section_short_title": s.get("short_title", s["title"]),
        }
        for s in sections()
        for item in s["indicators"]
    ]


def indicator_frame() -> pl.DataFrame:
    """The catalogue as the warehouse's ``dim_indicator`` table."""
    rows = indicators()
    return pl.DataFrame(
        {
            "indicator_id": [i["id"] for i in rows],
            "display_order": list(range(len(rows))),
            "section": [i["section"] for i in rows],
            "section_title": [i["section_title"] for i in rows],
            "label": [i["label"] for i in rows],
            "unit": [i["unit"] for i in rows],
            "polarity": [i["polarity"] for i in rows],
            "average": [bool(i.get("average", False)) for i in rows],
            "definition": [i["definition"] for i in rows],
            "source": [i.get("source") for i in rows],
            "counted_in": [i.get("counted_in") for i in rows],
            "required_table": [i.get("required_table") for i in rows],
            "settles_after_months": [int(i["settles_after_months"]) for i in rows],
        }
    )


def load_overrides(path: Path | None) -> dict[str, dict[str, Any]]:
    """The LA's replacements per indicator id; none when there is no file."""
    if path is None or not path.exists():
        return {}
    overrides = (yaml.load(path.read_text(), Loader=yaml.CSafeLoader) or {}).get("indicators", {})
    unknown = set(overrides) - {i["id"] for i in indicators()}
    if unknown:
        raise ValueError(f"{path}: no indicator(s) {', '.join(sorted(unknown))} in the catalogue")
    return overrides


def _entries(key: str, overrides: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"indicator_id": i["id"], **entry}
        for i in indicators()
        for entry in overrides.get(i["id"], {}).get(key, i.get(key, []))
    ]


def target_frame(overrides: dict[str, dict[str, Any]]) -> pl.DataFrame:
    """Each indicator's targets from the financial year they apply (named by the year it starts: 2021 is April 2021 to March 2022, as in dim_month)."""
    rows = [
        {
            "indicator_id": t["indicator_id"],
            "from_financial_year": int(t["from_financial_year"]),
            "target": float(t["value"]),
            "direction": t["direction"],
            "amber_within": float(t.get("amber_within", DEFAULT_AMBER_SHARE * t["value"])),
        }
        for t in _entries("targets", overrides)
    ]
    return pl.DataFrame(
        rows,
        schema={
            "indicator_id": pl.String,
            "from_financial_year": pl.Int32,
            "target": pl.Float64,
            "direction": pl.String,
            "amber_within": pl.Float64,
        },
    )


def england_frame() -> pl.DataFrame:
    """England's published figures (indicator_id, year, value, source) from the reference table."""
    frame = pl.read_csv(
        ENGLAND_CSV,
        schema={
            "indicator_id": pl.String,
            "year": pl.Int32,
            "value": pl.Float64,
            "source": pl.String,
        },
    )
    unknown = set(frame["indicator_id"]) - {i["id"] for i in indicators()}
    if unknown:
        raise ValueError(f"{ENGLAND_CSV}: no indicator(s) {', '.join(sorted(unknown))}")
    return frame


def comparator_frame(overrides: dict[str, dict[str, Any]]) -> pl.DataFrame:
    """Comparators per indicator and year: England's from the reference table, the statistical
    neighbours' from the LA's configuration."""
    configured = [
        {"indicator_id": i, **c} for i, o in overrides.items() for c in o.get("comparators", [])
    ]
    wrong = sorted({c["name"] for c in configured} - set(LA_COMPARATORS))
    if wrong:
        raise ValueError(
            f"comparator(s) {', '.join(wrong)} in the LA's configuration: it may give "
            f"{', '.join(LA_COMPARATORS)}; England's figures are {ENGLAND_CSV.name}'s"
        )
    england = england_frame().select(
        "indicator_id", pl.lit(ENGLAND).alias("comparator"), "year", "value"
    )
    rows = [
        {
            "indicator_id": c["indicator_id"],
            "comparator": c["name"],
            "year": int(c["year"]),
            "value": float(c["value"]),
        }
        for c in configured
    ]
    return pl.concat([england, pl.DataFrame(rows, schema=england.schema)])


def max_monthly_changes(overrides: dict[str, dict[str, Any]]) -> dict[str, float]:
    """The configured largest month-on-month move per indicator id, where one is configured
    (the LA's own over the catalogue's); the others take the defaults."""
    return {
        i["id"]: float(change)
        for i in indicators()
        if (
            change := overrides.get(i["id"], {}).get(
                "max_monthly_change", i.get("max_monthly_change")
            )
        )
        is not None
    }

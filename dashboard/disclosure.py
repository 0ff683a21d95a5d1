"""Disclosure control for the published edition (indicators.md, DfE convention).

Internal reports show exact figures. The published edition applies three rules, per month:

1. Primary: a count of children from 1 to 5 is shown as "c".
2. Secondary: where figures add up (a total and its parts, ``warehouse/relations.py``; a
   year-to-date count and its months),
   a suppressed cell could be recovered by subtraction when it is the only one hidden in the
   relation, so the smallest other part is hidden too, until no relation has a lone hidden
   cell. A part the table does not show (the rest: total minus the parts shown, such as
   care leavers in unsuitable accommodation) counts as a cell: when it is 1-5 the shown parts
   would reveal it, so it is treated as suppressed.
3. Dependent: a percentage, average or rate is hidden when its numerator or denominator is
   1-5, or when the count it is a percentage of is hidden. A percentage whose count the table
   does not show (% male) stands for its numerator in the relations above.

Staffing figures (FTE, caseloads) are not counts of children and are shown as they are.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

import polars as pl

from schemas.months import financial_year_of
from warehouse.relations import RELATIONS

SUPPRESSED = "c"
SMALLEST, LARGEST = 1, 5
#: Units whose figures count or are made from counts of children.
CHILD_UNITS = frozenset({"count", "percent", "days", "rate_per_10k"})


#: Year-to-date counts: this month's total is last month's plus this month's count. When a
#: month's count is hidden, the year to date is hidden from that month on (never an earlier
#: month's count of 6 or more): the cumulative figure is the derived one.
CUMULATIVE: dict[str, str] = {"reviews_late_ytd": "reviews_late"}
#: Differences of two figures the edition publishes (children in care now and at 31 March):
#: a small difference is not a count of children and reveals nothing the two do not, so it is
#: hidden only when the figure it is the difference of is.
DIFFERENCES: dict[str, str] = {
    "cla_change_since_april": "cla_count",
    "cla_change_since_april_pct": "cla_count",
}


def is_small(value: float | None) -> bool:
    """A count of 1 to 5 (either sign: a change of 3 children is 3 children)."""
    return value is not None and SMALLEST <= abs(value) <= LARGEST


Cell = tuple[str, dt.date]  # (indicator id or "<relation>#rest", month)


def _count_of(indicator_id: str, units: dict[str, str]) -> str | None:
    """The count a percentage is of, when the catalogue shows it (cla_uasc_pct: cla_uasc)."""
    base = indicator_id.removesuffix("_pct")
    return base if base != indicator_id and units.get(base) == "count" else None


def _relations_by_month(
    months: Iterable[dt.date], units: dict[str, str]
) -> list[tuple[Cell, tuple[Cell, ...]]]:
    """Each relation instantiated per month, a percentage replaced by the count it is of."""

    def cell(indicator_id: str, month: dt.date) -> Cell:
        return (_count_of(indicator_id, units) or indicator_id, month)

    months = sorted(set(months))
    out = [
        (cell(r.total, m), tuple(cell(p, m) for p in r.parts)) for r in RELATIONS for m in months
    ]
    for ytd, monthly in CUMULATIVE.items():
        for previous, month in itertools.pairwise(months):
            follows = (month.year - previous.year) * 12 + month.month - previous.month == 1
            if follows and month.month != 4:  # April starts the year afresh
                out.append(((ytd, month), ((ytd, previous), (monthly, month))))
    return out


def suppressed_cells(kpi: pl.DataFrame) -> set[tuple[str, dt.date]]:
    """The (indicator, month) figures the published edition shows as "c".

    ``kpi`` has kpi_monthly's columns indicator_id, month, unit, value, numerator, denominator.
    """
    child = kpi.filter(pl.col("unit").is_in(CHILD_UNITS))
    units = dict(child.select("indicator_id", "unit").unique().iter_rows())
    records = {(r["indicator_id"], r["month"]): r for r in child.iter_rows(named=True)}
    # A cell's count: a count's value, a percentage's numerator.
    count: dict[Cell, float | None] = {
        (_count_of(i, units) or i, m): r["value"] if r["unit"] == "count" else r["numerator"]
        for (i, m), r in records.items()
        if r["unit"] in ("count", "percent")
    }
    hidden: set[Cell] = {c for c, v in count.items() if is_small(v) and c[0] not in DIFFERENCES}
    relations = _relations_by_month({m for _, m in records}, units)
    # The rest of each relation, when every figure in it is known.
    for n, (total, parts) in enumerate(relations):
        values = [count.get(c) for c in (total, *parts)]
        if all(v is not None for v in values):
            rest = (f"#rest{n}", total[1])
            count[rest] = values[0] - sum(values[1:])
            if is_small(count[rest]):
                hidden.add(rest)
    changed = True
    while changed:
        changed = False
        for n, (total, parts) in enumerate(relations):
            members = (total, *parts, (f"#rest{n}", total[1]))
            if any(c not in count for c in members):
                continue  # a figure of the relation is not in the table: nothing to subtract
            if sum(c in hidden for c in members) != 1:
                continue
            # Hide the latest year to date first, then the smallest other shown part (a zero
            # last), the total when no part is left.
            shown = [c for c in members if c not in hidden and not c[0].startswith("#")]
            hidden.add(
                min(
                    shown,
                    key=lambda c: (
                        c[0] not in CUMULATIVE,
                        -c[1].toordinal() if c[0] in CUMULATIVE else 0,
                        c == total,
                        count[c] == 0,
                        count[c],
                    ),
                )
            )
            changed = True

    def hides(indicator_id: str, month: dt.date, r: dict) -> bool:
        if (_count_of(indicator_id, units) or indicator_id, month) in hidden:
            return True
        if indicator_id in DIFFERENCES:
            return (DIFFERENCES[indicator_id], month) in hidden
        # Dependent figures: a percentage, average or rate made from 1-5 children.
        return r["unit"] != "count" and (is_small(r["numerator"]) or is_small(r["denominator"]))

    return {key for key, r in records.items() if hides(*key, r)}


def apply_disclosure_control(kpi: pl.DataFrame) -> pl.DataFrame:
    """kpi_monthly as the published edition may show it: hidden figures' values null with
    ``suppressed`` set; numerators, denominators and first-reported values dropped (they
    would show what is hidden); averages hidden where any month of the year is."""
    hidden = suppressed_cells(kpi)
    flags = pl.DataFrame(
        {"indicator_id": [i for i, _ in hidden], "month": [m for _, m in hidden]},
        schema={"indicator_id": pl.String, "month": pl.Date},
    ).with_columns(suppressed=pl.lit(True))
    marked = kpi.join(flags, on=["indicator_id", "month"], how="left").with_columns(
        pl.col("suppressed").fill_null(False)
    )
    financial_year = financial_year_of(pl.col("month"))
    hide = pl.col("suppressed")
    row_hidden = hide.any().over("indicator_id", financial_year)
    nulls = {c: pl.lit(None, dtype=marked.schema[c]) for c in ("numerator", "denominator")}
    return marked.with_columns(
        **{c: pl.when(hide).then(None).otherwise(pl.col(c)) for c in _optional(marked, "value")},
        **nulls,
        **{
            c: pl.when(row_hidden).then(None).otherwise(pl.col(c))
            for c in _optional(marked, "financial_year_average")
        },
        **{
            c: pl.lit(None, dtype=marked.schema[c])
            for c in _optional(marked, "value_first_reported", "previous_value")
        },
        **{
            c: pl.when(hide).then(None).otherwise(pl.col(c))
            for c in _optional(marked, "rag", "direction_of_travel", "improving")
        },
    )


def _optional(frame: pl.DataFrame, *columns: str) -> list[str]:
    return [c for c in columns if c in frame.columns]

"""The report's Outlook section: the projection made from the report month's extract (the
published ``mart_outlook``), as a fan chart after the actual numbers, the scenarios beside the
baseline, and the method in the catalogue's words. Always labelled a projection and kept apart
from the monthly tables, which hold only what happened."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb
import polars as pl

from dashboard.charts import FanPoint, fan_chart
from dashboard.formats import format_month, format_value
from warehouse.catalogue import projections
from warehouse.outlook import AGE_BANDS, GROUPS, add_months

AHEAD = (3, 6, 12)
#: Actual months shown before the projection.
ACTUAL_MONTHS = 24
GROUP_LABELS = {
    "fostering": "Fostering",
    "residential": "Residential",
    "semi_independent": "Semi-independent / supported",
    "adoption": "Placed for adoption",
    "with_parents": "Placed with parents",
    "other": "Other",
}


@dataclass
class OutlookRow:
    label: str
    cells: list[str]  # one per months-ahead column: "612 (590 to 634)"


@dataclass
class OutlookView:
    title: str
    message: str
    method: str
    scenarios_text: str
    caveats: str
    projected: bool
    columns: list[str] = field(default_factory=list)
    chart: str = ""
    scenario_rows: list[OutlookRow] = field(default_factory=list)
    breakdown_rows: list[OutlookRow] = field(default_factory=list)


def _interval(row: dict[str, Any]) -> str:
    middle = format_value(row["median"], "count")
    return f"{middle} ({format_value(row['lower_80'], 'count')} to {format_value(row['upper_80'], 'count')})"


def _points(frame: pl.DataFrame) -> list[FanPoint]:
    return [
        FanPoint(
            r["month"], r["lower_95"], r["lower_80"], r["median"], r["upper_80"], r["upper_95"]
        )
        for r in frame.sort("month").iter_rows(named=True)
    ]


def changed_groups(outlook: pl.DataFrame, scenario: str) -> list[str]:
    """The placement groups whose projection a year on the scenario moves by a child or more."""
    at_year = outlook.filter(
        (pl.col("breakdown") == "placement_group") & (pl.col("months_ahead") == max(AHEAD))
    )
    medians = {(r["scenario"], r["category"]): r["median"] for r in at_year.iter_rows(named=True)}
    return [
        g
        for g in GROUPS
        if abs(medians.get((scenario, g), 0) - medians.get(("baseline", g), 0)) >= 1
    ]


def outlook_view(
    outlook: pl.DataFrame | None,
    status: dict[str, Any] | None,
    kpi: pl.DataFrame,
    report_month: dt.date,
    *,
    breakdowns: bool = True,
) -> OutlookView | None:
    """The section for the report month; None when the marts hold no outlook at all (a
    warehouse built before the Outlook). ``breakdowns``: the age band and placement group
    projections (the internal edition)."""
    if status is None:
        return None
    entry = projections()["outlook"]
    month = report_month.replace(day=1)
    view = OutlookView(
        title=entry["title"],
        message=status["message"],
        method=entry["method"],
        scenarios_text=entry["scenarios"],
        caveats=entry["caveats"],
        projected=status["projection_status"] == "projected"
        and outlook is not None
        and not outlook.is_empty(),
    )
    if status["as_of"] != month:
        view.projected = False
        view.message = (
            f"No outlook was made from the {format_month(month)} extract (the outlook is made "
            f"from the latest extract of each run; the latest is {format_month(status['as_of'])})."
        )
    if not view.projected or outlook is None:
        return view
    view.columns = [format_month(add_months(month, h)) for h in AHEAD]
    total = outlook.filter(
        (pl.col("measure") == "children_in_care") & (pl.col("breakdown") == "total")
    )
    actual = (
        kpi.filter(
            (pl.col("indicator_id") == "cla_count")
            & pl.col("month").is_between(add_months(month, 1 - ACTUAL_MONTHS), month)
            & pl.col("value").is_not_null()
        )
        .sort("month")
        .select("month", "value")
        .rows()
    )
    scenario_names = [s for s in total["scenario"].unique(maintain_order=True) if s != "baseline"]
    view.chart = fan_chart(
        f"Children in care: actual to {format_month(month)}, then projected",
        [(m, float(v)) for m, v in actual],
        _points(total.filter(pl.col("scenario") == "baseline")),
        {s: _points(total.filter(pl.col("scenario") == s)) for s in scenario_names},
    )

    def row(label: str, frame: pl.DataFrame) -> OutlookRow:
        by_ahead = {r["months_ahead"]: r for r in frame.iter_rows(named=True)}
        return OutlookRow(label, [_interval(by_ahead[h]) if h in by_ahead else "" for h in AHEAD])

    window = status["window_months"]
    for scenario in ["baseline", *scenario_names]:
        of = outlook.filter(pl.col("scenario") == scenario)
        label = f"Baseline (as the last {window} months)" if scenario == "baseline" else scenario
        in_care = of.filter(
            (pl.col("measure") == "children_in_care") & (pl.col("breakdown") == "total")
        )
        view.scenario_rows.append(row(f"{label}: children in care", in_care))
        if breakdowns and scenario != "baseline":
            # A planned move leaves the total alone: show the groups it changes.
            for group in changed_groups(outlook, scenario):
                of_group = of.filter(
                    (pl.col("breakdown") == "placement_group") & (pl.col("category") == group)
                )
                view.scenario_rows.append(row(f"{label}: {GROUP_LABELS[group].lower()}", of_group))
        if scenario == "baseline":
            for measure, text in (("starts", "coming into care"), ("ceases", "leaving care")):
                view.scenario_rows.append(
                    row(
                        f"{label}: children {text} in the month",
                        of.filter(pl.col("measure") == measure),
                    )
                )
    if breakdowns:
        base = outlook.filter(
            (pl.col("scenario") == "baseline") & (pl.col("measure") == "children_in_care")
        )
        for name, _, _ in AGE_BANDS:
            view.breakdown_rows.append(
                row(
                    f"Aged {name}",
                    base.filter((pl.col("breakdown") == "age_band") & (pl.col("category") == name)),
                )
            )
        for group in GROUPS:
            view.breakdown_rows.append(
                row(
                    GROUP_LABELS[group],
                    base.filter(
                        (pl.col("breakdown") == "placement_group") & (pl.col("category") == group)
                    ),
                )
            )
    return view


def read_outlook(
    con: duckdb.DuckDBPyConnection, la_code: str
) -> tuple[pl.DataFrame | None, list[dict[str, Any]]]:
    """The published Outlook: its projections and each month's status, latest first; nothing
    from a file published before the Outlook existed."""
    tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    if not {"mart_outlook", "outlook_status"} <= tables:
        return None, []
    params = {"la": la_code}
    frame = con.sql("select * from mart_outlook where la_code = $la", params=params).pl()
    status = con.sql(
        "select * from outlook_status where la_code = $la order by as_of desc", params=params
    ).pl()
    return frame, status.to_dicts()


def for_month(
    frame: pl.DataFrame | None, statuses: list[dict[str, Any]], month: dt.date
) -> dict[str, Any]:
    """The report's ``outlook`` and ``outlook_status`` for a month: the outlook made from its
    extract, else none and the latest status (the section then says it was not made)."""
    own = next((s for s in statuses if s["as_of"] == month), None)
    status = own or (statuses[0] if statuses else None)
    mine = None if frame is None or own is None else frame.filter(pl.col("as_of") == month)
    return {"outlook": mine, "outlook_status": status}

"""The data-quality expectations on the KPI mart, as data: which totals reconcile, which figures
must lie in range, that no month is missing, and how far a figure may move in a month before it
is flagged. Great Expectations runs them as Dagster asset checks (``pipelines/assets/quality.py``)
through ``run_suites``, which imports it (seconds) only when called.

GE sees aggregates only: frames built here from ``mart.kpi_monthly``, one row per indicator and
month (or one row per month of reconciled totals), never a record-level table.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from typing import TYPE_CHECKING

from schemas.months import month_keys
from warehouse.catalogue import (
    DEFAULT_MAX_CHANGE_ERRORS,
    DEFAULT_MAX_CHANGE_FLOOR,
    DEFAULT_MAX_CHANGE_POINTS,
    DEFAULT_MAX_CHANGE_SHARE,
    indicators,
)
from warehouse.expectations import Expectation, Outcome, Suite
from warehouse.relations import RELATIONS, Relation

if TYPE_CHECKING:  # pandas is imported only when the checks run (process start stays fast)
    from pathlib import Path

    import duckdb
    import pandas as pd


def _reconciles(r: Relation) -> Expectation:
    kind, extra = (
        ("ExpectColumnPairValuesAToBeGreaterThanB", {"or_equal": True})
        if not r.exact
        else ("ExpectColumnPairValuesToBeEqual", {})
    )
    return Expectation(
        kind,
        {
            "column_A": f"{r.name}_total",
            "column_B": f"{r.name}_parts",
            "ignore_row_if": "either_value_is_missing",  # "no data" months are not compared
            **extra,
        },
        f"{r.name}: {r.description}",
    )


def suites(months: list[str]) -> list[Suite]:
    """The suites for a mart that should hold every month in ``months``."""
    return [
        Suite(
            "totals_reconcile",
            "Totals reconcile across sections: each breakdown adds up to its total, month by month.",
            blocking=True,
            frame="reconciliation",
            index=("month",),
            expectations=tuple(_reconciles(r) for r in RELATIONS),
        ),
        Suite(
            "figures_in_range",
            "Percentages lie within 0-100 and counts are not negative (changes excepted).",
            blocking=True,
            frame="kpi",
            index=("indicator_id", "month"),
            expectations=(
                Expectation(
                    "ExpectColumnValuesToBeBetween",
                    {
                        "column": "value",
                        "min_value": 0,
                        "max_value": 100,
                        "row_condition": 'unit == "percent" and not signed',
                        "condition_parser": "pandas",
                    },
                    "Percentages lie within 0-100.",
                ),
                Expectation(
                    "ExpectColumnValuesToBeBetween",
                    {
                        "column": "value",
                        "min_value": 0,
                        "row_condition": 'unit == "count" and not signed',
                        "condition_parser": "pandas",
                    },
                    "Counts are not negative.",
                ),
            ),
        ),
        Suite(
            "no_missing_months",
            "Every month from the first the mart holds to the latest extract, each indicator once.",
            blocking=True,
            frame="kpi",
            index=("indicator_id", "month"),
            expectations=(
                Expectation(
                    "ExpectColumnDistinctValuesToEqualSet",
                    {"column": "month", "value_set": months},
                    f"The months run from {months[0]} to {months[-1]} with none missing."
                    if months
                    else "The mart holds months.",
                ),
                Expectation(
                    "ExpectCompoundColumnsToBeUnique",
                    {"column_list": ["indicator_id", "month"]},
                    "Each indicator has one figure a month.",
                ),
                Expectation(
                    "ExpectTableRowCountToEqual",
                    {"value": len(months) * len(indicators())},
                    "Every catalogue indicator has a figure every month.",
                ),
            ),
        ),
        Suite(
            "month_on_month_jumps",
            "No figure moves from one month to the next by more than its indicator's "
            "max_monthly_change (April, which restarts year-to-date figures, is not compared "
            "with March). A warning: a jump may be real.",
            blocking=False,
            frame="kpi",
            index=("indicator_id", "month", "change", "max_change"),
            expectations=(
                Expectation(
                    "ExpectColumnPairValuesAToBeGreaterThanB",
                    {
                        "column_A": "max_change",
                        "column_B": "change",
                        "or_equal": True,
                        "ignore_row_if": "either_value_is_missing",
                    },
                    "Each month's change from the previous month is within the indicator's "
                    "max_monthly_change.",
                ),
            ),
        ),
    ]


KPI_COLUMNS = [
    "month",
    "section",
    "indicator_id",
    "unit",
    "value",
    "numerator",
    "denominator",
    "previous_value",
]


def kpi_frame(kpi: pd.DataFrame, configured: dict[str, float]) -> pd.DataFrame:
    """The KPI mart's figures (``KPI_COLUMNS``, month as 'YYYY-MM') with what the suites compare:
    ``signed`` (a change, which may be negative), ``change`` from the previous month (none in
    April) and the ``max_change`` allowed (``configured`` by indicator id, else the defaults)."""
    import numpy as np
    import pandas as pd

    frame = kpi[KPI_COLUMNS].copy()
    frame["signed"] = frame["indicator_id"].str.contains("change")
    change = (frame["value"] - frame["previous_value"]).abs()
    frame["change"] = change.where(~frame["month"].str.endswith("-04"))
    # By default, what chance alone could move a figure by (three standard errors): a count of
    # n by sqrt(n), a percentage of n by up to 50/sqrt(n) points; other figures by a share.
    previous, errors = frame["previous_value"].abs(), DEFAULT_MAX_CHANGE_ERRORS
    default = np.select(
        [frame["unit"] == "count", frame["unit"] == "percent"],
        [
            np.fmax(errors * np.sqrt(previous), DEFAULT_MAX_CHANGE_FLOOR),
            np.fmax(errors * 50 / np.sqrt(frame["denominator"]), DEFAULT_MAX_CHANGE_POINTS),
        ],
        np.fmax(DEFAULT_MAX_CHANGE_SHARE * previous, DEFAULT_MAX_CHANGE_FLOOR),
    )
    frame["max_change"] = (
        frame["indicator_id"].map(configured).fillna(pd.Series(default, frame.index))
    )
    return frame


def reconciliation_frame(kpi: pd.DataFrame) -> pd.DataFrame:
    """One row per month: for each reconciliation, ``<name>_total`` (the total's value) and
    ``<name>_parts`` (the sum of the parts' numerators; none when a part has no data)."""
    import pandas as pd

    numerators = kpi.pivot_table(
        index="month", columns="indicator_id", values="numerator", aggfunc="first", dropna=False
    )
    values = kpi.pivot_table(
        index="month", columns="indicator_id", values="value", aggfunc="first", dropna=False
    )
    columns = {"month": values.index}
    for r in RELATIONS:
        columns[f"{r.name}_total"] = values.get(r.total)
        columns[f"{r.name}_parts"] = numerators.reindex(columns=list(r.parts)).sum(
            axis=1, min_count=len(r.parts)
        )
    return (
        pd.DataFrame(columns)
        .reset_index(drop=True)
        .astype({c: "float64" for c in columns if c != "month"})
    )


def read_kpi(
    con: duckdb.DuckDBPyConnection, la_code: str, table: str = "mart.kpi_monthly"
) -> tuple[pd.DataFrame, list[str]]:
    """The LA's KPI mart as GE's input (aggregates only), and the months it should hold: from its
    first month to the latest extract's. ``table`` is the warehouse's mart, or ``kpi_monthly``
    of the publication (the same mart, as checked and published)."""
    kpi = con.execute(
        f"select strftime(month, '%Y-%m') as month, {', '.join(KPI_COLUMNS[1:])} "
        f"from {table} where la_code = $la order by indicator_id, month",
        {"la": la_code},
    ).df()
    bounds = con.execute(
        "select strftime(min(month), '%Y-%m'), strftime(max(extract_month), '%Y-%m') "
        f"from {table} where la_code = $la",
        {"la": la_code},
    ).fetchall()
    first, last = bounds[0] if bounds else (None, None)
    return kpi, month_keys(first, last) if first else []


def run_suites(
    suites: list[Suite], frames: dict[str, pd.DataFrame], site: Path | None
) -> dict[str, Outcome]:
    """Each suite run by Great Expectations on its frame, and their Data Docs written to ``site``
    when given (``warehouse/data_docs.py``, which imports GE)."""
    from warehouse.data_docs import validate

    return validate(suites, frames, site)


@cache
def gx_worker() -> ProcessPoolExecutor:
    """One process that has imported GE (and not Dagster), kept for the life of this one: a
    process running many runs (a test session, ``cpr run``'s figures then documents) imports
    GE once. (A background import thread in the run's own process raced its imports of modules
    both use, such as SQLAlchemy.)"""
    return ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=prepare_worker
    )


def start_gx_worker() -> None:
    """The worker started now, importing GE, rather than when the checks come."""
    gx_worker().submit(int)


def prepare_worker() -> None:
    """Start of a process that runs the suites for a run (``pipelines/assets/quality.py``): GE
    imported, and an exit as soon as the run's process is gone. A killed run cannot say so, and
    its worker would otherwise wait for work, holding its memory, for ever."""
    import warehouse.data_docs  # noqa: F401 - imports GE

    if (parent := multiprocessing.parent_process()) is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()
    os._exit(0)

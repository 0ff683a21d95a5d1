"""Drill-through for the data team: the children behind a figure, from the restricted warehouse.

Each dashboard section's ``drill_<section>`` model lists, per extract and month, the children in
each indicator's numerator and denominator (pseudonymised). Source identifiers are not stored
anywhere: ``source_ids`` recovers them from the landed extract by hashing its CHILD values
with the same key, so they appear only in the owner-only file the data team asks for.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from ingest.landing import LandedMonth
from ingest.pseudonymise import pseudonymise
from warehouse.models import all_models


def drill_table(con: duckdb.DuckDBPyConnection, indicator_id: str) -> str:
    """The drill-through table of the indicator's section; ValueError when there is none."""
    rows = con.execute(
        "select section from main.dim_indicator where indicator_id = $i", {"i": indicator_id}
    ).fetchall()
    if not rows:
        raise ValueError(f"no indicator {indicator_id!r} in the catalogue")
    model = all_models().get(f"drill_{rows[0][0]}")
    if model is None:
        raise ValueError(f"the {rows[0][0]} section has no drill-through table yet")
    return model.table


def children_behind(
    con: duckdb.DuckDBPyConnection,
    la_code: str,
    indicator_id: str,
    month: dt.date,
    extract_month: dt.date | None = None,
) -> tuple[dt.date, pl.DataFrame]:
    """The extract used (the one the published figure comes from, unless given) and its
    children behind the figure: role (numerator or denominator) and pseudonymised child_id."""
    table = drill_table(con, indicator_id)
    params = {"la": la_code, "i": indicator_id, "m": month}
    if extract_month is None:
        # kpi_monthly's extract, not the latest listing anyone: a later extract that restates
        # the figure to nobody lists nobody, and its empty list is the figure's.
        rows = con.execute(
            "select extract_month from mart.kpi_monthly "
            "where la_code = $la and indicator_id = $i and month = $m",
            params,
        ).fetchall()
        extract_month = rows[0][0] if rows else None
    if extract_month is None:
        return month, pl.DataFrame(schema={"role": pl.String, "child_id": pl.String})
    children = con.sql(
        f"select role, child_id from {table} where la_code = $la and indicator_id = $i "
        "and month = $m and extract_month = $e order by role, child_id",
        params={**params, "e": extract_month},
    ).pl()
    return extract_month, children


def source_ids(month: LandedMonth, key: bytes, la_code: str) -> pl.DataFrame:
    """child_id -> CHILD as in the landed files, for every child they name."""
    named = pl.concat(
        [f.raw.frame.select("CHILD") for f in month.files.values() if "CHILD" in f.raw.header]
    ).unique()
    return named.select(pseudonymise(named["CHILD"], key, la_code).alias("child_id"), "CHILD")

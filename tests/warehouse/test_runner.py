"""The warehouse writer on DuckDB 2.0: a table created empty and filled past ~120,000 rows in one
transaction answers equality filters with no rows. The runner creates tables before the
transaction that fills them; these tests fail if that ever changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from warehouse.models import Model
from warehouse.runner import connect, ensure_table, replace_rows, run_model

ROWS = 300_000  # past the 122,880-row threshold
FIRST = dt.date(2017, 4, 1)


def test_staged_rows_past_the_threshold_can_be_filtered(tmp_path: Path) -> None:
    frame = pl.DataFrame({"d": [FIRST + dt.timedelta(days=i % 300) for i in range(ROWS)]})
    with connect(tmp_path / "w.duckdb") as con:
        ensure_table(con, "staging.big", frame)
        con.execute("begin transaction")
        replace_rows(con, "staging.big", frame, "true", {})
        con.execute("commit")
        assert con.execute(
            "select count(*) from staging.big where d = $d", {"d": FIRST}
        ).fetchall() == [(1000,)]


def test_a_partitioned_model_past_the_threshold_can_be_filtered(tmp_path: Path) -> None:
    sql = (
        "select unnest($la_codes) as la_code, unnest($months) as extract_month, "
        f"date '2017-04-01' + cast(i % 300 as integer) as d from range({ROWS}) as t(i)"
    )
    model = Model("fct_big", "facts", "test", (), True, sql, tmp_path / "fct_big.sql")
    with connect(tmp_path / "w.duckdb") as con:
        assert run_model(con, model, ["873"], [FIRST]) == ROWS
        assert con.execute(
            "select count(*) from main.fct_big where d = $d", {"d": FIRST}
        ).fetchall() == [(1000,)]

"""The one writer of the warehouse file: loads staged months and runs SQL models, each in a
transaction, so a crash leaves the file as it was before the statement that was running."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from warehouse.crashpoints import crash_point, model_point
from warehouse.models import Model

SCHEMAS = ("meta", "staging", "audit", "main", "mart", "drill")

DDL = """
create table if not exists meta.extract_load (
    la_code varchar, extract_month date, loaded_at timestamp, synthetic boolean,
    rows_loaded bigint, rows_rejected bigint, warnings bigint,
    primary key (la_code, extract_month)
);
create table if not exists meta.landing_file (
    la_code varchar, extract_month date, table_name varchar, file_name varchar,
    sha256 varchar, size_bytes bigint, row_count bigint, encoding varchar,
    unknown_columns varchar[], first_loaded_at timestamp, last_loaded_at timestamp,
    primary key (la_code, extract_month, table_name, sha256)
);
create table if not exists meta.staged_key (
    la_code varchar, extract_month date, key_fingerprint varchar, staged_at timestamp,
    primary key (la_code, extract_month)
);
create table if not exists meta.first_published (
    la_code varchar, month date, indicator_id varchar, first_reported_in date,
    value_first_reported double, published_at timestamp,
    primary key (la_code, month, indicator_id)
);
create table if not exists audit.quarantine (
    la_code varchar, extract_month date, table_name varchar, file_name varchar, line integer,
    column_name varchar, rule_id varchar, severity varchar, message varchar, child_id varchar
);
"""


@contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse file, created owner-only (it holds record-level data)."""
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        if not read_only:
            os.chmod(path, 0o600)
            for schema in SCHEMAS:
                con.execute(f"create schema if not exists {schema}")
            con.execute(DDL)
        yield con
    finally:
        con.close()


def ensure_table(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Create ``table`` with the frame's columns if it does not exist, as a statement of its own,
    before the transaction that fills it: DuckDB 2.0 answers equality filters wrongly (no rows)
    on a table created empty and filled past ~120,000 rows in one transaction."""
    con.register("_shape", frame.head(0).to_arrow())
    try:
        con.execute(f"create table if not exists {table} as select * from _shape")
    finally:
        con.unregister("_shape")


def replace_rows(
    con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, where: str, params: dict
) -> None:
    """Within the caller's transaction: delete the rows ``where`` selects, insert ``frame``.
    The table must exist (``ensure_table``, before the transaction)."""
    con.register("_incoming", frame.to_arrow())
    try:
        con.execute(f"delete from {table} where {where}", params)
        con.execute(f"insert into {table} by name select * from _incoming")
    finally:
        con.unregister("_incoming")


def run_model(
    con: duckdb.DuckDBPyConnection, model: Model, la_codes: list[str], months: list[dt.date]
) -> int:
    """Run one model for the LAs' extract months in one transaction (set-based: one statement
    for every LA); returns the rows it wrote."""
    params = {"la_codes": la_codes, "months": months}
    select = model.sql
    used = {
        k: v for k, v in {**params, "union_of": list(model.union_of)}.items() if f"${k}" in select
    }
    if model.partitioned:
        # Created before the transaction that fills it: see ensure_table.
        con.execute(
            f"create table if not exists {model.table} as select * from ({select}) limit 0", used
        )
    con.execute("begin transaction")
    try:
        if model.partitioned:
            con.execute(
                f"delete from {model.table} where la_code in (select unnest($la_codes)) "
                "and extract_month in (select unnest($months))",
                params,
            )
            con.execute(f"insert into {model.table} by name select * from ({select})", used)
            rows = con.execute(
                f"select count(*) from {model.table} where la_code in (select unnest($la_codes)) "
                "and extract_month in (select unnest($months))",
                params,
            ).fetchall()[0]
        else:
            con.execute(f"create or replace table {model.table} as {select}", used)
            rows = con.execute(f"select count(*) from {model.table}").fetchall()[0]
        crash_point(model_point(model.name))  # the model's rows written, not yet committed
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return int(rows[0]) if rows else 0

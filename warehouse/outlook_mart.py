"""The Outlook mart: the projection (warehouse/outlook.py) from the warehouse's month-end
history, written as two aggregate tables beside the section marts, never into kpi_monthly:

- ``mart.mart_outlook``: per projected month, measure, breakdown and scenario, the median and
  80%/95% intervals (children in care in total, by age band and placement group; starts; ceases);
- ``mart.outlook_status``: per extract month projected from, whether it projected or why not,
  and the method's settings.

Each run projects from the latest extract month loaded and replaces that month's outlook; the
outlooks of earlier months stay, so a month's report shows the outlook made from its extract.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import yaml

from warehouse.outlook import GROUPS, Move, Outlook, OutlookSettings, Scenario, project

#: Who was in care at each month end up to the extract month, each month as the latest extract
#: holding it tells it (an extract restates its history back to April of the previous financial
#: year; earlier extracts reach further back). Child-level: it never leaves the warehouse.
HISTORY_SQL = """
with sources as (
    select month, max(extract_month) as extract_month
    from main.fct_child_month
    where la_code = $la and extract_month <= $as_of and in_care
    group by month
)

select
    f.month,
    f.child_id,
    cast(date_sub('month', c.dob, last_day(f.month)) as integer) as age_months,
    f.placement_group
from main.fct_child_month as f
join sources as s on s.month = f.month and s.extract_month = f.extract_month
join main.dim_child as c
    on c.la_code = f.la_code and c.extract_month = f.extract_month and c.child_id = f.child_id
where f.la_code = $la and f.in_care and c.dob is not null
order by f.month, f.child_id
"""

#: The examples an LA sees until it names its own (``outlook: scenarios:`` in its config).
DEFAULT_SCENARIOS = (
    Scenario("Entries rise by 10%", entries_change=0.10),
    Scenario(
        "Five children a month move from residential to fostering",
        moves=(Move("residential", "fostering", 5),),
    ),
)

#: The published name of each table and where the warehouse keeps it.
OUTLOOK_TABLES = {"mart_outlook": "mart.mart_outlook", "outlook_status": "mart.outlook_status"}

STATUS_COLUMNS = (
    "la_code varchar, as_of date, projection_status varchar, message varchar, history_months integer, "
    "window_months integer, simulations integer, seed integer, scenarios varchar"
)


def outlook_settings(config: Path | None) -> OutlookSettings:
    """The ``outlook:`` section of the LA's indicator config over the defaults; a wrong entry is
    refused naming the file and the key."""
    raw: dict[str, Any] = {}
    if config is not None and config.exists():
        raw = (yaml.safe_load(config.read_text()) or {}).get("outlook") or {}
    where = f"{config}: outlook"
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a mapping of settings")
    known = {"window_months", "horizon_months", "simulations", "seed", "scenarios"}
    if unknown := set(raw) - known:
        raise ValueError(f"{where}: unknown setting(s) {', '.join(sorted(unknown))}")
    numbers = {}
    for key in known - {"scenarios"}:
        if key in raw:
            value = raw[key]
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(
                    f"{where}.{key}: expected a whole number of 1 or more, got {value!r}"
                )
            numbers[key] = value
    scenarios = (
        DEFAULT_SCENARIOS
        if "scenarios" not in raw
        else tuple(
            _scenario(s, f"{where}.scenarios[{i}]") for i, s in enumerate(raw["scenarios"] or [])
        )
    )
    return OutlookSettings(**numbers, scenarios=scenarios)


def _scenario(raw: Any, where: str) -> Scenario:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise ValueError(f"{where}: expected a mapping with a name")
    if unknown := set(raw) - {"name", "entries_change", "moves"}:
        raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    change = raw.get("entries_change", 0.0)
    if not isinstance(change, int | float) or isinstance(change, bool):
        raise ValueError(f"{where}.entries_change: expected a share such as 0.1, got {change!r}")
    moves = []
    for j, move in enumerate(raw.get("moves") or []):
        here = f"{where}.moves[{j}]"
        if not isinstance(move, dict) or set(move) != {"from", "to", "per_month"}:
            raise ValueError(f"{here}: expected from, to and per_month")
        if move["from"] not in GROUPS or move["to"] not in GROUPS:
            raise ValueError(f"{here}: placement groups are {', '.join(GROUPS)}")
        if not isinstance(move["per_month"], int) or move["per_month"] < 0:
            raise ValueError(
                f"{here}.per_month: expected a whole number, got {move['per_month']!r}"
            )
        moves.append(Move(move["from"], move["to"], move["per_month"]))
    try:
        return Scenario(raw["name"], float(change), tuple(moves))
    except ValueError as error:
        raise ValueError(f"{where}: {error}") from None


def history(con: duckdb.DuckDBPyConnection, la_code: str, as_of: dt.date) -> pl.DataFrame:
    return con.sql(HISTORY_SQL, params={"la": la_code, "as_of": as_of}).pl()


def latest_extract_month(con: duckdb.DuckDBPyConnection, la_code: str) -> dt.date | None:
    return con.execute(
        "select max(extract_month) from main.fct_child_month where la_code = $la", {"la": la_code}
    ).fetchall()[0][0]


def build_outlook(
    con: duckdb.DuckDBPyConnection, la_code: str, settings: OutlookSettings
) -> Outlook | None:
    """Project from the latest extract month and replace its rows in the two tables (created
    empty on a first run). None when nothing is loaded yet."""
    _create_tables(con)
    as_of = latest_extract_month(con, la_code)
    if as_of is None:
        return None
    outlook = project(history(con, la_code, as_of), as_of, settings)
    frame = outlook.frame.with_columns(
        pl.lit(la_code).alias("la_code"), pl.lit(as_of).alias("as_of")
    )
    status = {
        "la": la_code,
        "as_of": as_of,
        "status": outlook.status,
        "message": outlook.message,
        "history": outlook.history_months,
        "window": settings.window_months,
        "sims": settings.simulations,
        "seed": settings.seed,
        "scenarios": "; ".join(s.name for s in settings.scenarios),
    }
    key = {"la": la_code, "as_of": as_of}
    con.execute("begin")
    try:
        for table in OUTLOOK_TABLES.values():
            con.execute(f"delete from {table} where la_code = $la and as_of = $as_of", key)
        con.register("outlook_frame", frame)
        con.execute("insert into mart.mart_outlook by name select * from outlook_frame")
        con.unregister("outlook_frame")
        con.execute(
            "insert into mart.outlook_status values "
            "($la, $as_of, $status, $message, $history, $window, $sims, $seed, $scenarios)",
            status,
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return outlook


def _create_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists mart")
    con.execute(
        "create table if not exists mart.mart_outlook (la_code varchar, as_of date, "
        "scenario varchar, month date, months_ahead integer, measure varchar, breakdown varchar, "
        "category varchar, lower_95 double, lower_80 double, median double, upper_80 double, "
        "upper_95 double, mean double)"
    )
    con.execute(f"create table if not exists mart.outlook_status ({STATUS_COLUMNS})")

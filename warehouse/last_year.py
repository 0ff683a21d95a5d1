"""Last year's return from the warehouse: the staged tables of the previous collection year's
March extract (ingest.last_year says what the return is and which rules use it)."""

from __future__ import annotations

import datetime as dt

import duckdb

from ingest.last_year import LAST_YEAR_TABLES, LastYear, last_year_month, year_return
from schemas.months import collection_year


def last_year_return(
    con: duckdb.DuckDBPyConnection, la_code: str, month_end: dt.date
) -> LastYear | None:
    """The staged March extract of the previous collection year cut to that year's return, or
    None when the warehouse has not loaded it. Its child ids are the warehouse key's, as this
    month's are (warehouse.key_identity refuses a month staged with another key)."""
    params = {"la_code": la_code, "month": last_year_month(month_end)}
    loaded = con.execute(
        "select count(*) from meta.extract_load where la_code = $la_code and extract_month = $month",
        params,
    ).fetchall()
    if not loaded[0][0]:
        return None
    tables = {}
    for table in LAST_YEAR_TABLES:
        name = f"staging.stg_{table}"
        exists = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'staging' and table_name = $name",
            {"name": f"stg_{table}"},
        ).fetchall()
        if exists[0][0]:
            tables[table] = con.sql(
                f"select * exclude (la_code, extract_month) from {name} "
                "where la_code = $la_code and extract_month = $month",
                params=params,
            ).pl()
    return year_return(tables, collection_year(month_end) - 1)

"""Regional marts: the published marts of several LAs side by side in one file.

Each LA's runs write only that LA's files (``warehouse/<la>.duckdb``, ``published/marts_<la>.duckdb``),
so LAs run in parallel. The region reads the LAs' *published* files, attached read-only (they
are aggregates only, and never locked for writing), unions each published table, and publishes
the union exactly as an LA publishes its marts: a fresh file renamed over the last one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from warehouse.publish import PUBLISHED_TABLES, publish

#: Tables that are the same for every LA (the catalogue): one copy, not one per LA.
SHARED_TABLES = {"indicator_catalogue"}


def attach_la_marts(con: duckdb.DuckDBPyConnection, la_marts: dict[str, Path]) -> None:
    """Each LA's published file read-only, as ``la_<code>``; a missing file is named."""
    for la_code, path in la_marts.items():
        if not path.exists():
            raise FileNotFoundError(
                f"LA {la_code} has no published marts at {path}: run it first (CPR_LA={la_code} cpr run)"
            )
        con.execute(f"attach '{path}' as la_{la_code} (read_only)")


def union_sql(table: str, la_codes: list[str]) -> str:
    joiner = " union by name " if table in SHARED_TABLES else " union all by name "
    return joiner.join(f"select * from la_{la}.{table}" for la in la_codes)


def publish_region(
    region: str,
    la_marts: dict[str, Path],
    published_path: Path,
    run_id: str,
    versioned: bool | None = None,
) -> dict[str, object]:
    """Union the LAs' published tables into ``published_path`` (atomically, in ``publish``'s
    layout); the publication record it wrote: region, LAs (codes and names), months, synthetic
    flag, when and which run."""
    la_codes = sorted(la_marts)
    with duckdb.connect() as con:
        attach_la_marts(con, la_marts)
        # publish() copies PUBLISHED_TABLES from their warehouse names: here, views of the union.
        for name, source in PUBLISHED_TABLES.items():
            con.execute(f"create schema if not exists {source.split('.')[0]}")
            con.execute(f"create view {source} as {union_sql(name, la_codes)}")
        las = con.execute(
            f"select la_code, la_name, first_month, last_month, synthetic "
            f"from ({union_sql('publication', la_codes)}) order by la_code"
        ).fetchall()
        publication: dict[str, object] = {
            "region": region,
            "la_codes": [r[0] for r in las],
            "la_names": [r[1] for r in las],
            "first_month": min(r[2] for r in las),
            "last_month": max(r[3] for r in las),
            "synthetic": any(r[4] for r in las),
            "published_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
            "run_id": run_id,
        }
        publish(con, published_path, publication, versioned=versioned)
    return publication

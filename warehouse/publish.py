"""Publishing the marts: built into a fresh file, checkpointed, closed, then swapped in as the
published file in one step. A report tool holding the old file open keeps reading it; a new
reader sees the whole new month or none of it.

The swap is an atomic rename over the published file where the platform allows renaming over a
file another process holds open (POSIX). Where it does not (Windows), each publication is a new
versioned file and a small pointer file, itself replaced atomically, names the current one;
``current_file`` resolves either layout for readers."""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from pathlib import Path

import duckdb

from warehouse.crashpoints import crash_point
from warehouse.models import all_models
from warehouse.outlook_mart import OUTLOOK_TABLES
from warehouse.report_views import create_report_views

#: What leaves the warehouse: aggregates and the catalogue only, never a child-level table:
#: the long KPI mart, every section's wide ``mart_*`` table, and the catalogue.
PUBLISHED_TABLES = {
    "kpi_monthly": "mart.kpi_monthly",
    **{m.name: m.table for m in all_models().values() if m.name.startswith("mart_")},
    "indicator_catalogue": "main.dim_indicator",
}

#: Published when the warehouse holds them: the Outlook's, made by its own asset after the marts
#: (a warehouse built without it, or a region's union, publishes without them).
OPTIONAL_TABLES = OUTLOOK_TABLES

#: Windows cannot rename over a file a reader holds open: there each publication is a versioned
#: file behind a pointer. ``versioned`` True or False forces either layout on any platform.
VERSIONED_BY_DEFAULT = os.name == "nt"


def pointer_path(published_path: Path) -> Path:
    return published_path.with_suffix(".current")


def current_file(published_path: Path) -> Path:
    """The file a reader opens for the current publication, in either layout."""
    pointer = pointer_path(published_path)
    if pointer.exists():
        return pointer.parent / pointer.read_text().strip()
    return published_path


def publish(
    con: duckdb.DuckDBPyConnection,
    published_path: Path,
    publication: dict,
    *,
    tables: dict[str, str] | None = None,
    versioned: bool | None = None,
) -> Path:
    """Copy ``tables`` (published name: source relation; the internal file's when None: the
    published tables and those of OPTIONAL_TABLES the warehouse holds) into a new file beside the target,
    then swap it in atomically (as a versioned file behind a pointer when ``versioned``; None:
    the platform's layout). Returns the file readers now open."""
    published_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(published_path)
    staging_path = published_path.with_name(f".{published_path.name}.{uuid.uuid4().hex}.tmp")
    con.execute(f"attach '{staging_path}' as pub")
    try:
        # One transaction: one flush of the new file's log, not one per table and view.
        con.execute("begin transaction")
        try:
            for name, source in (
                tables or {**PUBLISHED_TABLES, **present(con, OPTIONAL_TABLES)}
            ).items():
                con.execute(f"create table pub.{name} as select * from {source}")
            columns = ", ".join(f"${k} as {k}" for k in publication)
            con.execute(f"create table pub.publication as select {columns}", publication)
            create_report_views(con, "pub")
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        con.execute("checkpoint pub")
    finally:
        con.execute("detach pub")
    _fsync(staging_path)
    crash_point("publish")  # the new file complete, the old one still published
    if VERSIONED_BY_DEFAULT if versioned is None else versioned:
        target = published_path.with_name(f"{published_path.stem}.{time.time_ns()}.duckdb")
        os.replace(staging_path, target)
        _replace_text(pointer_path(published_path), target.name)
    else:
        target = published_path
        os.replace(staging_path, target)
        pointer_path(published_path).unlink(missing_ok=True)
    _fsync(published_path.parent)
    _remove_old_versions(published_path, keep=target)
    return target


def present(con: duckdb.DuckDBPyConnection, tables: dict[str, str]) -> dict[str, str]:
    """The tables given that exist (schema.table) in the connection's own database."""
    existing = {
        f"{schema}.{table}"
        for schema, table in con.execute(
            "select schema_name, table_name from duckdb_tables() "
            "where database_name = current_database()"
        ).fetchall()
    }
    return {name: source for name, source in tables.items() if source in existing}


def record_first_published(con: duckdb.DuckDBPyConnection) -> None:
    """Each figure as first published, kept for good: kpi_monthly reports it as the value first
    reported even when a re-landed extract later changes what its first extract says."""
    con.execute(
        """
        insert into meta.first_published
        select la_code, month, indicator_id, first_reported_in, value_first_reported, now()
        from mart.kpi_monthly
        on conflict do nothing
        """
    )


def _remove_stale(published_path: Path) -> None:
    """Temporary files a killed run left (the publish step runs one at a time: its pool)."""
    for leftover in published_path.parent.glob(f".{published_path.name}.*.tmp*"):
        leftover.unlink(missing_ok=True)


def _remove_old_versions(published_path: Path, keep: Path) -> None:
    """Versioned files before the current one; one a reader still holds open (Windows refuses)
    goes on a later publication."""
    for old in published_path.parent.glob(f"{published_path.stem}.*.duckdb"):
        if old != keep:
            with contextlib.suppress(PermissionError):
                old.unlink()


def _replace_text(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    partial.write_text(text)
    _fsync(partial)
    os.replace(partial, path)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


#: Columns the public edition leaves out: they would show what it hides.
PUBLIC_DROPS = ("numerator", "denominator", "value_first_reported", "previous_value")


def publish_public(
    internal_path: Path, public_path: Path, publication: dict, versioned: bool | None = None
) -> Path:
    """The public marts file from the internal one: kpi_monthly with the published edition's
    disclosure control (a hidden figure is null with ``suppressed`` true), the catalogue and
    the publication, swapped in atomically like the internal file. Returns the file readers
    now open."""
    from dashboard.disclosure import apply_disclosure_control

    with duckdb.connect() as con:
        con.execute(f"attach '{current_file(internal_path)}' as internal (read_only)")
        kpi = apply_disclosure_control(con.sql("select * from internal.kpi_monthly").pl())
        con.register("public_kpi", kpi.drop(PUBLIC_DROPS).to_arrow())
        return publish(
            con,
            public_path,
            publication,
            tables={
                "kpi_monthly": "public_kpi",
                "indicator_catalogue": "internal.indicator_catalogue",
            },
            versioned=versioned,
        )

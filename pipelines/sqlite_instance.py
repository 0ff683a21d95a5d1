"""The local Dagster instance's SQLite, without a flush to disk on every commit.

Dagster's SQLite event log opens a connection and commits once per event, and SQLite's default
(``synchronous=FULL``, a rollback journal made and deleted each time) waits for the disk about
ten times an event: a month's run of ~400 events made ~3,400 ``fdatasync`` calls, seconds of
its run on this machine and tens of seconds on a busy disk. Every process that loads the code
location (``cpr run``, the runs the daemon launches, the UI's code server) runs its SQLite
connections with ``synchronous=OFF``. A run whose process is killed loses nothing (the OS still
holds what was written: the crash tests kill runs); a machine that loses power mid-run may lose
or damage the run history, never the warehouse or the publication (DuckDB's, flushed). A
deployment that needs the history to survive that runs on PostgreSQL (``CPR_PG_URL``,
docs/deploy.md), which this leaves alone.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


def _without_flush(dbapi_connection: Any, _record: Any) -> None:
    # Every SQLite connection of the process: only Dagster's instance uses SQLite here.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()


def without_flush_per_commit() -> None:
    """From now on, each new SQLite connection of this process commits without a flush."""
    if not event.contains(Engine, "connect", _without_flush):
        event.listen(Engine, "connect", _without_flush)

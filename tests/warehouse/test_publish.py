"""Publishing swaps a whole new file in: a reader holding the old one open (in its own process)
keeps its snapshot, a new reader sees the new publication, in both layouts: rename over the
published file (POSIX) and versioned files with a pointer (Windows, forced here)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from runs import Reader

from warehouse.publish import PUBLISHED_TABLES, current_file, publish

DECEMBER, JANUARY = dt.date(2017, 12, 1), dt.date(2018, 1, 1)


def publish_month(
    con: duckdb.DuckDBPyConnection, path: Path, month: dt.date, versioned: bool
) -> Path:
    """Stand-in marts holding one month, published."""
    for source in PUBLISHED_TABLES.values():
        con.execute(f"create or replace table {source} as select $month as month", {"month": month})
    return publish(con, path, {"last_month": month}, versioned=versioned)


@pytest.mark.parametrize("versioned", ["0", "1"], ids=["rename", "versioned"])
def test_a_reader_keeps_its_snapshot_and_a_new_reader_sees_the_new_month(
    versioned: str, tmp_path: Path
) -> None:
    path = tmp_path / "marts_873.duckdb"
    # A killed publication's temporary file, to be cleared by the next one.
    (tmp_path / ".marts_873.duckdb.0123abcd.tmp").write_bytes(b"partial")
    with duckdb.connect() as con:
        con.execute("create schema mart")
        first = publish_month(con, path, DECEMBER, versioned == "1")
        reader = Reader(current_file(path))
        assert reader.query("select last_month from publication") == [["2017-12-01"]]
        second = publish_month(con, path, JANUARY, versioned == "1")
    # The old reader still reads December, whole; a new one reads January.
    assert reader.query(
        "select last_month, (select max(month) from kpi_monthly) from publication"
    ) == [["2017-12-01", "2017-12-01"]]
    reader.close()
    assert current_file(path) == second
    with duckdb.connect(str(current_file(path)), read_only=True) as new:
        assert new.execute("select last_month from publication").fetchall() == [(JANUARY,)]
    files = sorted(p.name for p in tmp_path.iterdir())
    if versioned == "1":
        assert first != second and first.name.startswith("marts_873.")
        # The pointer names the one version kept; the old version went once replaced.
        assert files == sorted(["marts_873.current", second.name])
    else:
        assert first == second == path
        assert files == ["marts_873.duckdb"]

"""Reading what a run published, for the end-to-end tests: the current publication in either
layout (see warehouse/publish.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from warehouse.audits import AUDITS, failing_rows
from warehouse.publish import current_file

#: The Dagster instances a test runs on (the `instance` fixture of tests/conftest.py):
#: `@pytest.mark.parametrize("instance", INSTANCES, indirect=True)`.
INSTANCES = ["sqlite", "postgres"]


def use_data_folder(env: pytest.MonkeyPatch, root: Path, la_code: str | None = "873") -> None:
    """Point cpr at a data folder of its own: CPR_DATA, the LA, a Dagster instance inside it,
    and a key file created there on first run (no key from the environment)."""
    env.setenv("CPR_DATA", str(root))
    if la_code:
        env.setenv("CPR_LA", la_code)
    env.setenv("DAGSTER_HOME", str(root / "dagster_home"))
    env.delenv("CPR_PSEUDONYM_KEY", raising=False)


#: `cpr` as a separate process (the test's environment: CPR_DATA, DAGSTER_HOME, ...).
CLI = [
    sys.executable,
    "-c",
    "import sys; from pipelines.cli import main; sys.exit(main(sys.argv[1:]))",
]


def run_cpr(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], env=dict(os.environ), capture_output=True, text=True, timeout=900
    )


def published_file(root: Path) -> Path:
    return current_file(root / "published" / "marts_873.duckdb")


def published(root: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(published_file(root)), read_only=True) as con:
        return con.execute(sql).fetchall()


def marts_digest(root: Path) -> str:
    """A digest of every published table's contents (the publication timestamp aside)."""
    with duckdb.connect(str(published_file(root)), read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute("select table_name from duckdb_tables() order by 1").fetchall()
        ]
        rows = [
            con.execute(f"select * exclude (published_at, run_id) from {t} order by all").fetchall()
            if t == "publication"
            else con.execute(f"select * from {t} order by all").fetchall()
            for t in tables
        ]
    return hashlib.sha256(repr((tables, rows)).encode()).hexdigest()


class Reader:
    """A report tool in its own process, holding the published file open read-only between
    queries, as Power BI, Excel or Metabase would."""

    SCRIPT = (
        "import duckdb, json, sys\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "for sql in sys.stdin:\n"
        "    print(json.dumps(con.execute(sql).fetchall(), default=str), flush=True)\n"
    )

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", self.SCRIPT, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def query(self, sql: str) -> list:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(" ".join(sql.split()) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        assert self.process.stdin
        self.process.stdin.close()
        assert self.process.wait(timeout=60) == 0


def assert_warehouse_consistent(root: Path) -> list[dt.date]:
    """Every month the warehouse records as loaded has its staged rows and no other month has
    any; the marts pass every publication audit. Returns the months loaded."""
    with duckdb.connect(str(root / "warehouse" / "873.duckdb"), read_only=True) as con:
        loaded = con.execute("select extract_month from meta.extract_load order by 1").fetchall()
        staged = con.execute(
            "select distinct extract_month from staging.stg_episodes order by 1"
        ).fetchall()
        assert staged == loaded
        assert [a.name for a in AUDITS if failing_rows(con, a)] == []
    return [row[0] for row in loaded]


def assert_january_published(root: Path) -> None:
    """The hand-built January extract is the last month published, with its count of children
    in care (worked by hand in tests/warehouse/test_population.py)."""
    assert published(root, "select last_month from publication") == [(dt.date(2018, 1, 1),)]
    assert published(
        root,
        "select value from kpi_monthly where indicator_id = 'cla_count' "
        "and month = date '2018-01-01'",
    ) == [(6.0,)]

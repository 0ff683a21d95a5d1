"""Many LAs through Dagster's run queue, as deployed for a region (docs/deploy.md, section 8):
the daemon on a PostgreSQL instance, the landing sensor watching three LAs' landing folders, the
queue running one run per LA and at most two at once, then the regional report over all three."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance, DagsterRunStatus, RunsFilter
from extracts import EXTRACT, land
from local_postgres import LocalPostgres

from pipelines.settings import PROJECT_ROOT
from warehouse.publish import current_file

LAS = ["873", "874", "935"]
DONE = {DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED}


def stop_processes_of(data_root: Path) -> None:
    """Whatever the daemon started for this test and left running (a run, its code server) when
    the test failed: the processes whose CPR_DATA is this test's folder, and no other."""
    mine = f"CPR_DATA={data_root}".encode()
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if mine in environ.read_bytes().split(b"\0"):
                os.kill(int(environ.parent.name), signal.SIGKILL)
        except (OSError, ProcessLookupError):
            continue  # ended meanwhile, or not ours to read


def runs_of(instance: DagsterInstance, job: str) -> list:
    return instance.get_run_records(RunsFilter(job_name=job))


def test_the_daemon_runs_three_las_through_the_queue_then_the_region(
    tmp_path: Path, postgres: LocalPostgres, monkeypatch: pytest.MonkeyPatch
) -> None:
    for la in LAS:
        land(tmp_path / "landing", "2018-01", EXTRACT, la_code=la)
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "pipelines" / "dagster.postgres.yaml", home / "dagster.yaml")
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "CPR_PG_URL": postgres.new_database(),
        "CPR_DATA": str(tmp_path),
        "CPR_LAS": ",".join(LAS),
        "CPR_REGION": "test",
        "CPR_REGION_LAS": ",".join(LAS),
    }
    env.pop("CPR_LANDING", None)
    log = tmp_path / "daemon.log"
    daemon = subprocess.Popen(
        [str(Path(sys.executable).with_name("dagster-daemon")), "run", "-w", "workspace.yaml"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    monkeypatch.setenv("CPR_PG_URL", env["CPR_PG_URL"])  # the instance read below
    try:
        with DagsterInstance.from_config(str(home)) as instance:
            deadline = time.monotonic() + 1500
            while not (
                (region := runs_of(instance, "regional_report"))
                and region[0].dagster_run.status in DONE
            ):
                assert daemon.poll() is None, log.read_text()[-3000:]
                assert time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(2)
            monthly = runs_of(instance, "monthly_report")
            region = runs_of(instance, "regional_report")
    finally:
        daemon.terminate()
        daemon.wait(timeout=120)
        stop_processes_of(tmp_path)
    assert sorted(r.dagster_run.tags["la_code"] for r in monthly) == LAS
    assert {r.dagster_run.status for r in monthly} == {DagsterRunStatus.SUCCESS}
    assert [r.dagster_run.status for r in region] == [DagsterRunStatus.SUCCESS]
    # The queue ran at most two LA runs at once (dagster.postgres.yaml), and the region after
    # every LA's run had ended.
    spans = [(r.start_time, r.end_time) for r in monthly]
    assert all(start and end for start, end in spans)
    overlapping = max(sum(s <= t < e for s, e in spans) for t, _ in spans)
    assert 1 <= overlapping <= 2
    assert region[0].start_time >= max(end for _, end in spans)
    marts = current_file(tmp_path / "published" / "marts_region_test.duckdb")
    with duckdb.connect(str(marts), read_only=True) as con:
        held = con.execute(
            "select la_code, value from kpi_monthly where indicator_id = 'cla_count' "
            "and month = date '2018-01-01' order by 1"
        ).fetchall()
        names = con.execute("select la_names from publication").fetchone()
    # Each LA landed the same hand-built January: 6 children in care (tests/extracts.py).
    assert held == [(la, 6.0) for la in LAS]
    # Each LA's run carried its own name (the reference's), not one name for every LA.
    assert names == (["Cambridgeshire", "Peterborough", "Suffolk"],)

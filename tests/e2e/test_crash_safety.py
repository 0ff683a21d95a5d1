"""Crash safety: real `cpr run` processes killed with SIGKILL at each named point of a run (see
warehouse/crashpoints.py) leave the warehouse consistent and the previous publication in place,
and the next run recovers on its own."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from dagster import DagsterInstance, DagsterRunStatus, RunsFilter
from runs import CLI, assert_january_published, assert_warehouse_consistent, marts_digest, run_cpr

from pipelines.cli import main
from warehouse.crashpoints import PAUSE_AT, PAUSE_MARKER, POINTS


def run_until_killed(root: Path, point: str, *args: str) -> None:
    """Start `cpr run`, wait until it reaches ``point``, then SIGKILL it."""
    marker = root / f"paused_at_{point}"
    env = {**os.environ, PAUSE_AT: point, PAUSE_MARKER: str(marker)}
    process = subprocess.Popen(
        [*CLI, "run", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 600
    while not marker.exists():
        if process.poll() is not None:
            raise AssertionError(f"run ended before {point}: {process.stdout.read().decode()}")
        assert time.monotonic() < deadline, f"run never reached {point}"
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def test_a_run_killed_at_any_point_loses_nothing_and_the_next_run_recovers(
    data_root: Path,
) -> None:
    assert main(["run", "--last", "2017-12"]) == 0
    good = marts_digest(data_root)
    for point in POINTS:
        run_until_killed(data_root, point, "--first", "2018-01")
        # The published file is still December's publication, whole.
        assert marts_digest(data_root) == good, point
        assert_warehouse_consistent(data_root)
    published_dir = data_root / "published"
    assert list(published_dir.glob(".*.tmp")), "the kill during publish left its temporary file"
    # Each killed run is left STARTED, holding the pool's one slot: each next run (the killed
    # ones after the first too) marks it failed and frees the slot, or it would wait forever.
    recovered = run_cpr("run", "--first", "2018-01")
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    assert recovered.stdout.count("was interrupted; marked failed") == 1
    assert_january_published(data_root)
    # No temporary file left: the internal and the public marts only.
    assert sorted(p.name for p in published_dir.iterdir()) == [
        "marts_873.duckdb",
        "public_marts_873.duckdb",
    ]
    assert_warehouse_consistent(data_root)
    with DagsterInstance.get() as instance:
        statuses = [r.status for r in instance.get_runs(RunsFilter(job_name="monthly_report"))]
    assert statuses == [DagsterRunStatus.SUCCESS] + [DagsterRunStatus.FAILURE] * len(POINTS) + [
        DagsterRunStatus.SUCCESS
    ]

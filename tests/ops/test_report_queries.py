"""A report tool's view of the published marts: the example queries of docs/queries/dashboard.sql
run from their own process, read-only, while the pipeline publishes a new month, and every one
succeeds; the friendly views carry a comment on every column."""

import datetime as dt
import io
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import dagster as dg
import duckdb
from dagster import DagsterEventType, DagsterInstance
from report_queries import named_queries

from pipelines.cli import main
from pipelines.definitions import defs
from pipelines.progress import RunProgress
from warehouse.catalogue import sections

SCRIPT = Path(__file__).with_name("report_queries.py")


def test_there_is_an_example_query_for_every_dashboard_section() -> None:
    assert {s["id"] for s in sections()} <= set(named_queries())


def test_example_queries_succeed_read_only_while_a_run_publishes(data_root: Path) -> None:
    assert main(["run", "--last", "2017-12"]) == 0
    marts = data_root / "published" / "marts_873.duckdb"
    finished = data_root / "run_finished"
    reader = subprocess.Popen(
        [sys.executable, str(SCRIPT), str(marts), str(finished)],
        stdout=subprocess.PIPE,
        text=True,
    )
    run = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "run", "--first", "2018-01"],
        env=os.environ,
        capture_output=True,
        text=True,
    )
    finished.touch()
    out, _ = reader.communicate(timeout=120)
    assert run.returncode == 0, run.stderr
    # Progress per step on stderr (not a terminal: a line per step), a summary on stdout.
    steps = len(defs.resolve_job_def("monthly_report").nodes)
    assert f"{steps}/{steps} " in run.stderr and " dashboard done" in run.stderr
    assert "red in 2018-01:" in run.stdout and str(marts) in run.stdout
    assert reader.returncode == 0, out
    counts = dict(line.split() for line in out.splitlines())
    # The reader went round many times during the run, every query of every pass succeeding.
    assert int(counts.pop("passes")) > 3
    assert set(counts) == set(named_queries())
    # Its last pass (after the run) saw January: both months of children in care.
    assert counts["population"] == "10" and counts["what_is_published"] == "1"

    with duckdb.connect(str(marts), read_only=True) as con:
        # Hand-worked in tests/warehouse/test_population.py: 5 in December, 6 in January.
        assert con.execute(
            "select month, children_in_care from v_children_in_care "
            "where month >= date '2017-12-01' order by month"
        ).fetchall() == [(dt.date(2017, 12, 1), 5.0), (dt.date(2018, 1, 1), 6.0)]
        views = con.execute(
            "select view_name, comment from duckdb_views() where not internal order by 1"
        ).fetchall()
        assert {"v_children_in_care", "v_indicators", "v_publication"} <= {v for v, _ in views}
        assert all(comment for _, comment in views)
        uncommented = con.execute(
            "select table_name, column_name from duckdb_columns() "
            "where table_name like 'v\\_%' escape '\\' and comment is null"
        ).fetchall()
        assert uncommented == []
        assert (
            con.execute(
                "select comment from duckdb_columns() "
                "where table_name = 'v_children_in_care' and column_name = 'children_in_care'"
            )
            .fetchall()[0][0]
            .startswith("Children in care (count): ")
        )


def step_ended(step: str, kind: DagsterEventType) -> SimpleNamespace:
    """What RunProgress reads of a step's event in the run's event log."""
    return SimpleNamespace(step_key=step, dagster_event=SimpleNamespace(event_type=kind))


def test_off_a_terminal_each_step_that_ends_gets_a_line_with_the_steps_done() -> None:
    out = io.StringIO()
    with DagsterInstance.ephemeral() as instance:
        progress = RunProgress(instance, "no-such-run", steps=4, out=out, interval=0.01)
        with progress:
            progress.step_event(step_ended("staged_extract", DagsterEventType.STEP_SUCCESS))
            progress.step_event(step_ended("dashboard", DagsterEventType.STEP_FAILURE))
    # Neither step was seen starting: each took no time.
    assert out.getvalue().splitlines() == [
        "1/4 staged_extract done (0.0 s)",
        "2/4 dashboard FAILED (0.0 s)",
    ]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_one_line_is_redrawn_with_the_running_step() -> None:
    out = Terminal()
    with DagsterInstance.ephemeral() as instance:
        progress = RunProgress(instance, "no-such-run", steps=4, out=out, interval=0.01)
        with progress:
            progress.running["staged_extract"] = time.monotonic()
            time.sleep(0.1)
    text = out.getvalue()
    assert "0/4" in text and "staged_extract 0 s" in text
    # Redrawn in place: the one line break is the bar's last, when the run ends.
    assert text.count("\n") == 1


def test_the_steps_of_a_real_run_reach_the_progress_as_the_instance_stores_them() -> None:
    @dg.asset
    def first() -> int:
        return 1

    @dg.asset(deps=[first])
    def second() -> None:
        raise RuntimeError("fails on purpose")

    job = dg.define_asset_job("two_steps", [first, second]).resolve(
        asset_graph=dg.Definitions(assets=[first, second]).resolve_asset_graph()
    )
    out, run_id = io.StringIO(), str(uuid.uuid4())
    with DagsterInstance.ephemeral() as instance, RunProgress(instance, run_id, steps=2, out=out):
        job.execute_in_process(instance=instance, run_id=run_id, raise_on_error=False)
    lines = [line.rsplit(" (", 1)[0] for line in out.getvalue().splitlines()]
    assert lines == ["1/2 first done", "2/2 second FAILED"]

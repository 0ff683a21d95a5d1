"""A smoke test of the long-running daemon as deployed (docs/deploy.md): `dagster-daemon run`
against workspace.yaml loads the code location and evaluates the landing sensor, which says why
it starts nothing when nothing has landed. (What the sensor and schedule request is tested on
their evaluation functions in tests/e2e/test_definitions.py.)"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dagster import DagsterInstance
from dagster._core.scheduler.instigation import TickStatus
from runs import INSTANCES

from pipelines.instance import dagster_yaml_template
from pipelines.settings import PROJECT_ROOT, load_settings


@pytest.mark.parametrize("instance", INSTANCES, indirect=True)
def test_the_daemon_evaluates_the_landing_sensor(instance: str, tmp_path: Path) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(dagster_yaml_template(load_settings()), home / "dagster.yaml")
    log = tmp_path / "daemon.log"
    daemon = subprocess.Popen(
        [str(Path(sys.executable).with_name("dagster-daemon")), "run", "-w", "workspace.yaml"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DAGSTER_HOME": str(home), "CPR_DATA": str(tmp_path)},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    expected = (
        f"Sensor landing_ready skipped: No landing folder under {tmp_path / 'landing' / '873'}"
    )
    try:
        deadline = time.monotonic() + 300
        while expected not in log.read_text():
            assert daemon.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(1)
    finally:
        daemon.terminate()
        daemon.wait(timeout=60)
    assert "SchedulerDaemon" in log.read_text() and "FreshnessDaemon" in log.read_text()
    # The sensor's tick is recorded in the instance's schedule storage (PostgreSQL's, there).
    with DagsterInstance.from_config(str(home)) as dagster:
        assert type(dagster.schedule_storage).__name__.startswith(instance.capitalize())
        ticks = [
            dagster.get_ticks(state.instigator_origin_id, state.selector_id)
            for state in dagster.all_instigator_state()
            if state.instigator_name == "landing_ready"
        ]
        assert ticks and ticks[0][0].status == TickStatus.SKIPPED

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

from pipelines.settings import PROJECT_ROOT


def test_the_daemon_evaluates_the_landing_sensor(tmp_path: Path) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "pipelines" / "dagster.yaml", home / "dagster.yaml")
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

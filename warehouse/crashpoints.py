"""Named points of a run where a test can stop the real process, to prove a crash there loses
nothing. With ``CPR_PAUSE_AT=<point>`` the run writes the point's name to ``CPR_PAUSE_MARKER`` on
reaching it and waits there for the test's SIGKILL; unset, as in every deployment, a point is a
no-op."""

from __future__ import annotations

import os
import time
from pathlib import Path

PAUSE_AT = "CPR_PAUSE_AT"
PAUSE_MARKER = "CPR_PAUSE_MARKER"

#: Every point a test can stop a run at, in the order a run reaches them.
POINTS = ("ingest", "warehouse_load", "mart_build", "publish")


def crash_point(name: str) -> None:
    if os.environ.get(PAUSE_AT) != name:
        return
    Path(os.environ[PAUSE_MARKER]).write_text(name)
    while True:  # until killed
        time.sleep(1)

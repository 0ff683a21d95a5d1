"""Named points of a run where a test can stop the real process, to prove a crash there loses
nothing. With ``CPR_PAUSE_AT=<point>`` the run writes the point's name to ``CPR_PAUSE_MARKER`` on
reaching it and waits there for the test's SIGKILL; unset, as in every deployment, a point is a
no-op. Every SQL model has a point of its own, ``model:<name>``, between writing its rows and
committing them."""

from __future__ import annotations

import os
import time
from pathlib import Path

PAUSE_AT = "CPR_PAUSE_AT"
PAUSE_MARKER = "CPR_PAUSE_MARKER"


def model_point(model: str) -> str:
    """The point of a SQL model: its rows written, not yet committed."""
    return f"model:{model}"


#: The points the crash tests stop a run at, in the order a run reaches them: a model's point
#: only for the long mart (a crash in any model is the same rolled-back transaction).
POINTS = ("ingest", "warehouse_load", model_point("kpi_monthly"), "publish")


def crash_point(name: str) -> None:
    if os.environ.get(PAUSE_AT) != name:
        return
    Path(os.environ[PAUSE_MARKER]).write_text(name)
    while True:  # until killed
        time.sleep(1)

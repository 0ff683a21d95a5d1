"""Step progress of an in-process Dagster run, on stderr: the instance hands each event of the
run to a listener as it stores it (no polling of the event log, which cost a query every half
second of the run). On a terminal, a rich
progress bar with the steps running and their time (staging a year of months takes a while), a
step that fails or is skipped printed above it; otherwise (a log file, CI) each step that ends
gets a line of its own."""

import sys
import threading
import time
from types import TracebackType
from typing import TextIO

from dagster import DagsterEventType, DagsterInstance, EventLogEntry
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

STEP_ENDS = {
    DagsterEventType.STEP_SUCCESS: "done",
    DagsterEventType.STEP_FAILURE: "FAILED",
    DagsterEventType.STEP_SKIPPED: "skipped",
}
WATCHED = {DagsterEventType.STEP_START, *STEP_ENDS}
#: Characters of the running steps' names shown beside the bar.
RUNNING_WIDTH = 60


class RunProgress:
    """``with RunProgress(instance, run_id, steps): job.execute_in_process(run_id=run_id)``."""

    def __init__(
        self,
        instance: DagsterInstance,
        run_id: str,
        steps: int,
        out: TextIO | None = None,
        interval: float = 0.5,
    ) -> None:
        # sys.stderr as it is now, not as it was at import (a test's capture may have closed that).
        self.instance, self.run_id, self.steps = instance, run_id, steps
        self.out = out or sys.stderr
        self.interval = interval
        self.live = self.out.isatty()
        self.done = 0
        self.running: dict[str, float] = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self.bar = Progress(
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[running]}"),
            TimeElapsedColumn(),
            console=Console(file=self.out, highlight=False),
            disable=not self.live,
        )
        self._task = self.bar.add_task("run", total=steps, running="...")

    def __enter__(self) -> "RunProgress":
        self.instance.add_event_listener(self.run_id, self.on_event)
        self.bar.start()
        if self.live:
            self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self.redraw()
        self.bar.stop()

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            self.redraw()

    def on_event(self, entry: EventLogEntry) -> None:
        """Called by the instance, in the run's thread, for each event it stores."""
        if entry.dagster_event is not None and entry.dagster_event.event_type in WATCHED:
            with self._lock:
                self.step_event(entry)

    def redraw(self) -> None:
        """The bar with the steps running and for how long (their time grows between events)."""
        with self._lock:
            now = time.monotonic()
            running = ", ".join(f"{s} {now - t:.0f} s" for s, t in self.running.items()) or "..."
            self.bar.update(self._task, completed=self.done, running=running[:RUNNING_WIDTH])

    def step_event(self, entry: EventLogEntry) -> None:
        step, event = entry.step_key, entry.dagster_event
        if step is None or event is None:
            return
        if event.event_type == DagsterEventType.STEP_START:
            self.running[step] = time.monotonic()
            return
        began = self.running.pop(step, time.monotonic())
        self.done += 1
        line = (
            f"{self.done:>{len(str(self.steps))}}/{self.steps} {step} "
            f"{STEP_ENDS[event.event_type]} ({time.monotonic() - began:.1f} s)"
        )
        if not self.live:
            self.out.write(line + "\n")
        elif event.event_type != DagsterEventType.STEP_SUCCESS:
            self.bar.console.print(line, markup=False)  # above the bar, which stays at the bottom

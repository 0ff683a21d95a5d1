"""Step progress of an in-process Dagster run, on stderr: the run's step events are read from
the instance's event log while the run executes in the main thread. On a terminal, a rich
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
        self._cursor: str | None = None
        self._stop = threading.Event()
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
        self.bar.start()
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
        self.poll()  # the last steps' events
        self.bar.stop()

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            self.poll()

    def poll(self) -> None:
        of_type = {DagsterEventType.STEP_START, *STEP_ENDS}
        while True:
            page = self.instance.get_records_for_run(
                self.run_id, cursor=self._cursor, of_type=of_type, limit=200
            )
            for record in page.records:
                self.step_event(record.event_log_entry)
            self._cursor = page.cursor
            if not page.has_more:
                break
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

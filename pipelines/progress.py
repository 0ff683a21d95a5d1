"""Step progress of an in-process Dagster run, on stderr: the run's step events are read from
the instance's event log while the run executes in the main thread. On a terminal one line is
redrawn as a bar with the step running and its time (staging a year of months takes a while);
otherwise (a log file, CI) each step that ends gets a line of its own."""

import sys
import threading
import time
from types import TracebackType
from typing import TextIO

from dagster import DagsterEventType, DagsterInstance, EventLogEntry

STEP_ENDS = {
    DagsterEventType.STEP_SUCCESS: "done",
    DagsterEventType.STEP_FAILURE: "FAILED",
    DagsterEventType.STEP_SKIPPED: "skipped",
}
WIDTH = 30


def bar(done: int, total: int, width: int = WIDTH) -> str:
    """``[#####.....]  5/10``: a text bar of steps done."""
    filled = width * done // total if total else width
    return f"[{'#' * filled}{'.' * (width - filled)}] {done:>{len(str(total))}}/{total}"


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

    def __enter__(self) -> "RunProgress":
        self.started = time.monotonic()
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
        if self.live:
            self.out.write("\n")
            self.out.flush()

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
        if self.live:
            self.redraw()

    def step_event(self, entry: EventLogEntry) -> None:
        step, event = entry.step_key, entry.dagster_event
        if step is None or event is None:
            return
        if event.event_type == DagsterEventType.STEP_START:
            self.running[step] = time.monotonic()
            return
        began = self.running.pop(step, time.monotonic())
        self.done += 1
        if not self.live or event.event_type != DagsterEventType.STEP_SUCCESS:
            outcome = STEP_ENDS[event.event_type]
            self.clear()
            self.out.write(
                f"{bar(self.done, self.steps)} {step} {outcome} "
                f"({time.monotonic() - began:.1f} s)\n"
            )

    def clear(self) -> None:
        if self.live:
            self.out.write("\r\033[K")

    def redraw(self) -> None:
        now = time.monotonic()
        current = ", ".join(f"{s} {now - t:.0f} s" for s, t in self.running.items()) or "..."
        self.clear()
        self.out.write(f"{bar(self.done, self.steps)} {current[:60]} ({now - self.started:.0f} s)")
        self.out.flush()

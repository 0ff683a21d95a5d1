"""Our validation against the DfE's own 903 validator on one LA-year of synthetic data.

    .venv/bin/python benchmarks/validate_vs_dfe.py [data/dfe/2017-18/873/2018-03]

Three stages, each in a fresh process so each has its own peak memory (ru_maxrss from
os.wait4):
- read: polars read_csv of every CSV file in the folder (the floor: bytes to frames);
- ours: ingest.landing.read_month then ingest.stage.stage_month (parse, check, pseudonymise
  every table), with a random 32-byte key;
- dfe: tools/dfe_validator/validate_month.py under .venv-dfe (cut to the year's return, every
  rule of the year's ruleset), wall time of the whole process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = ROOT / "data" / "dfe" / "2017-18" / "873" / "2018-03"
DFE_PYTHON = ROOT / ".venv-dfe" / "bin" / "python"
DFE_SCRIPT = ROOT / "tools" / "dfe_validator" / "validate_month.py"
MAX_REJECTED_SHARE = 0.05


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def month_end_of(folder: Path) -> dt.date:
    from schemas.months import month_end, parse_month

    return month_end(parse_month(folder.name))


def stage_read(folder: Path) -> dict[str, float]:
    import polars as pl

    started = time.perf_counter()
    rows = sum(pl.read_csv(path).height for path in sorted(folder.glob("*.csv")))
    return {"seconds": time.perf_counter() - started, "rows": rows}


def stage_ours(folder: Path) -> dict[str, float]:
    from ingest.errors import ExtractRejected
    from ingest.landing import read_month
    from ingest.stage import stage_month

    started = time.perf_counter()
    month = read_month(folder)
    rows = sum(landed.row_count for landed in month.files.values())
    try:
        staged = stage_month(
            month, month_end_of(folder), os.urandom(32), folder.parent.name, MAX_REJECTED_SHARE
        )
        outcome = f"staged {len(staged)} tables"
    except ExtractRejected as rejected:
        outcome = f"rejected: {rejected}"
    return {"seconds": time.perf_counter() - started, "rows": rows, "outcome": outcome}


STAGES = {"read": stage_read, "ours": stage_ours}


def run_child(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and stdout of a child process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    assert child.stdout is not None
    output = child.stdout.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # the DfE script exits 1 on errors
        raise RuntimeError(f"{command[0]} failed:\n{output}")
    return wall, usage.ru_maxrss / 1024, output


def dfe_rows(folder: Path) -> int:
    """Rows of the 903 files the DfE validator reads."""
    names = ("header", "episodes", "uasc", "reviews", "missing", "oc2", "oc3", "ad1",
             "placed_for_adoption", "previous_permanence", "sw_episodes")  # fmt: skip
    return sum(
        max(sum(1 for _ in (folder / f"{n}.csv").open(encoding="utf-8")) - 1, 0) for n in names
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, nargs="?", default=DEFAULT_FOLDER)
    parser.add_argument("--stage", choices=sorted(STAGES), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    if args.stage:  # inside a child process: one stage, its figures as JSON
        figures = STAGES[args.stage](folder)
        print(json.dumps({**figures, "peak_mb": peak_rss_mb()}))
        return 0
    if not DFE_PYTHON.exists():
        print("no .venv-dfe: run `make dfe-validate` first", file=sys.stderr)
        return 2

    rows_out = []
    for stage in ("read", "ours"):
        wall, peak, output = run_child([sys.executable, __file__, str(folder), "--stage", stage])
        figures = json.loads(output.strip().splitlines()[-1])
        rows_out.append((stage, figures["seconds"], wall, int(figures["rows"]), peak,
                         figures.get("outcome", "")))  # fmt: skip
    wall, peak, output = run_child([str(DFE_PYTHON), str(DFE_SCRIPT), str(folder)])
    verdict = next((line for line in output.splitlines() if line.startswith("errors:")), "?")
    rows_out.append(("dfe", wall, wall, dfe_rows(folder), peak, verdict))

    print(f"One LA-year: {folder}")
    print(f"{'stage':<6} {'work s':>8} {'process s':>10} {'rows':>8} {'rows/s':>10} {'peak MB':>8}")
    for stage, work, process, rows, peak, note in rows_out:
        print(
            f"{stage:<6} {work:>8.2f} {process:>10.2f} {rows:>8} {rows / work:>10,.0f} "
            f"{peak:>8.0f}  {note}"
        )
    print(
        "work s: the stage itself, timed inside its process; process s: the whole process "
        "(interpreter start, imports; for dfe also its postcode directory and the year's "
        "return cut); rows/s: rows read over work seconds"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A national full rebuild: every LA's extract of one month into one warehouse, then every model
once for all of them (the models are keyed by la_code, so one set-based pass serves all LAs).

Staging (reading, typing, pseudonymising, every rule) is per LA and runs in worker processes;
the one writer of the warehouse loads each LA as its staging arrives, in LA order, so memory
holds a few LAs' staged rows at a time, never the country's. DuckDB is held to a memory limit
and spills to disk beyond it.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.errors import ExtractRejected
from ingest.landing import LandedMonth, read_month
from ingest.stage import StagedTable, stage_month
from warehouse.build import build
from warehouse.key_identity import check_key
from warehouse.runner import connect
from warehouse.staging import load_month, month_end

DUCKDB_MEMORY_LIMIT = "3GB"

Staged = tuple[LandedMonth, dict[str, StagedTable]]


@dataclass
class NationalRun:
    loaded: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)  # LA -> why
    staging_seconds: float = 0.0
    model_seconds: float = 0.0


def stage_la(job: tuple[Path, str, dt.date, bytes, float]) -> Staged | str:
    """One LA's month read and staged (in a worker), or why it was rejected."""
    folder, la_code, month, key, max_rejected_share = job
    try:
        landed = read_month(folder)
        staged = stage_month(landed, month_end(month), key, la_code, max_rejected_share)
    except ExtractRejected as rejection:
        return str(rejection)
    # Only what the load writes goes back to the writer: not the pre-quarantine copy.
    return landed, {name: replace(t, typed=t.typed.head(0)) for name, t in staged.items()}


def staged_in_order(
    jobs: list[tuple[Path, str, dt.date, bytes, float]], workers: int
) -> Iterator[Staged | str]:
    if workers <= 1:
        yield from map(stage_la, jobs)
        return
    # spawn, not fork: a forked polars can deadlock on its thread pool.
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        yield from pool.imap(stage_la, jobs)


def rebuild_national(
    warehouse: Path,
    folders: dict[str, Path],
    month: dt.date,
    key: bytes,
    max_rejected_share: float,
    indicator_config: Path | None = None,
    workers: int = 2,
) -> NationalRun:
    """Stage and load every LA's folder (LA code -> its month's folder), then build every model
    once for the LAs that loaded."""
    run = NationalRun()
    started = time.perf_counter()
    jobs = [(folder, la, month, key, max_rejected_share) for la, folder in sorted(folders.items())]
    with connect(warehouse) as con:
        con.execute(f"set memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        for la_code in folders:
            check_key(con, la_code, key)
        for (_, la_code, *_), outcome in zip(jobs, staged_in_order(jobs, workers), strict=True):
            if isinstance(outcome, str):
                run.rejected[la_code] = outcome
                continue
            load_month(con, la_code, month, *outcome, key)
            run.loaded.append(la_code)
        run.staging_seconds = time.perf_counter() - started
        if run.loaded:
            build(con, run.loaded, [month], indicator_config)
    run.model_seconds = time.perf_counter() - started - run.staging_seconds
    return run

"""Readers never block the pipeline, and the pipeline never fails a reader: report tools in
other processes hold the published marts open and query them throughout a multi-year backfill;
two runs started at once both land."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from extracts import EXTRACT, land
from runs import (
    CLI,
    Reader,
    assert_january_published,
    assert_warehouse_consistent,
    published,
    published_file,
)

from pipelines.cli import main

#: A report tool refreshing again and again: each time it opens the current publication afresh,
#: reads a figure, a section mart and the publication record, and checks they are one month's
#: (never a mix), until told to stop; then prints how many queries ran and every error.
QUERY_LOOP = """
import json, sys, time
from pathlib import Path
import duckdb
from warehouse.publish import current_file
published, stop = Path(sys.argv[1]), Path(sys.argv[2])
queries, errors = 0, []
while not stop.exists():
    try:
        with duckdb.connect(str(current_file(published)), read_only=True) as con:
            last = con.execute("select last_month from publication").fetchall()[0][0]
            kpi = con.execute("select max(month), count(*) from kpi_monthly").fetchall()[0]
            con.execute("select * from mart_population order by month").fetchall()
        queries += 3
        if kpi[0] != last:
            errors.append(f"publication says {last}, kpi_monthly ends {kpi[0]}")
    except Exception as error:
        errors.append(repr(error))
    time.sleep(0.05)
print(json.dumps({"queries": queries, "errors": errors}))
"""

BACKFILL = [f"{year}-{month:02d}" for year in (2018, 2019) for month in range(1, 13)][:13]


def test_report_tools_read_throughout_a_multi_year_backfill(
    data_root: Path, capsys: pytest.CaptureFixture
) -> None:
    # The January extract, landed again each month to January 2019: thirteen months, two years.
    for month in BACKFILL[1:]:
        land(data_root / "landing", month, EXTRACT)
    assert main(["run", "--last", "2017-12"]) == 0
    holder = Reader(published_file(data_root))
    snapshot = "select last_month, (select count(*) from kpi_monthly) from publication"
    before = holder.query(snapshot)
    assert before[0][0] == "2017-12-01"
    stop = data_root / "stop_querying"
    tool = subprocess.Popen(
        [
            sys.executable,
            "-c",
            QUERY_LOOP,
            str(data_root / "published" / "marts_873.duckdb"),
            str(stop),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert main(["run", "--first", BACKFILL[0]]) == 0
    stop.touch()
    outcome = json.loads(tool.communicate(timeout=120)[0])
    with capsys.disabled():  # shown in every pytest run, not only on failure
        print(
            f"\n{outcome['queries']} report-tool queries ran during the {len(BACKFILL)}-month "
            f"backfill; {len(outcome['errors'])} failed"
        )
    assert outcome["errors"] == []
    assert outcome["queries"] >= 30
    # The reader that held the file open still sees its December snapshot, whole.
    assert holder.query(snapshot) == before
    holder.close()
    # A new reader sees the backfill.
    assert published(data_root, "select last_month from publication") == [(dt.date(2019, 1, 1),)]
    assert_warehouse_consistent(data_root)


def test_two_runs_started_at_once_both_land(data_root: Path) -> None:
    december, january = (
        subprocess.Popen([*CLI, "run", *months], stdout=subprocess.PIPE, text=True)
        for months in (["--last", "2017-12"], ["--first", "2018-01"])
    )
    outputs = [december.communicate(timeout=900)[0], january.communicate(timeout=900)[0]]
    assert (december.returncode, january.returncode) == (0, 0), outputs
    # One waited for the other instead of interleaving with it.
    assert sum("waiting for it to finish" in out for out in outputs) == 1
    # Both months are in the warehouse and published, whichever ran first.
    assert assert_warehouse_consistent(data_root) == [dt.date(2017, 12, 1), dt.date(2018, 1, 1)]
    assert_january_published(data_root)

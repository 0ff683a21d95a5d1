"""Every case of the malformed-extract corpus (tests/ingest/bad_extracts.py) against the contract.

A rejected month is tried against a real warehouse file holding a good, published month: it
must raise ExtractRejected naming the file and the reason, and leave the warehouse's tables and
the published marts file exactly as they were. A month that loads is staged in memory and must
give exactly the findings, quarantine and loaded rows worked out for its defect.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pytest
from bad_extracts import (
    CASES,
    CLEAN,
    CLEAN_LINES,
    DEFAULT_SHARE,
    SUPPLEMENTARY,
    Case,
    Loads,
    Rejected,
)
from extracts import (
    EXTRACT,
    KEY,
    LA,
    land,
    land_files,
    load_and_build,
    month_date,
    without_more_dfe,
)

from ingest.errors import ExtractRejected
from ingest.landing import LandedMonth, read_month
from ingest.stage import StagedTable, stage_month
from schemas.contract import MAX_FILE_MB
from warehouse.publish import publish
from warehouse.runner import connect
from warehouse.staging import load_extract, month_end

MONTH = "2018-01"
MONTH_END = month_end(month_date(MONTH))


def cases(outcome: type) -> list:
    return [
        pytest.param(
            case,
            id=case.name,
            marks=[pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else [],
        )
        for case in CASES
        if isinstance(case.outcome, outcome)
    ]


def land_case(root: Path, case: Case) -> Path:
    folder = land_files(root / "landing", MONTH, case.files, ready=case.ready)
    if case.setup:
        case.setup(folder)
    return folder


def stage(
    folder: Path, max_rejected_share: float, max_file_mb: int = MAX_FILE_MB
) -> tuple[LandedMonth, dict[str, StagedTable]]:
    month = read_month(folder, max_file_mb=max_file_mb)
    return month, without_more_dfe(stage_month(month, MONTH_END, KEY, LA, max_rejected_share))


# --- Rejected months: against a warehouse holding a good, published month. ---------------


def table_digests(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """Each warehouse table's row count and the sum of its rows' hashes: equal whatever the
    row order, different when a row is added, removed or changed. One query for them all."""
    tables = con.execute("select schema_name, table_name from duckdb_tables() order by all")
    digests = " union all ".join(
        f"select '{schema}.{table}', count(*), sum(hash(t)) from {schema}.{table} as t"
        for schema, table in tables.fetchall()
    )
    return {name: (rows, digest) for name, rows, digest in con.execute(digests).fetchall()}


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Baseline:
    warehouse: Path
    published: Path
    tables: dict[str, tuple[int, int]]
    marts: str


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Baseline:
    """January 2018, clean, loaded, built and published: the last good state."""
    root = tmp_path_factory.mktemp("baseline")
    land(root / "landing", MONTH, EXTRACT)
    warehouse, published = root / "warehouse.duckdb", root / "published" / f"marts_{LA}.duckdb"
    with connect(warehouse) as con:
        load_and_build(con, root / "landing", [MONTH])
        publish(
            con,
            published,
            {
                "la_code": LA,
                "first_month": month_date(MONTH),
                "last_month": month_date(MONTH),
                "published_at": dt.datetime(2018, 2, 5),
            },
        )
        tables = table_digests(con)
    assert tables["staging.stg_episodes"][0] == 10 and tables["mart.kpi_monthly"][0] > 0
    return Baseline(warehouse, published, tables, file_digest(published))


@pytest.mark.parametrize("case", cases(Rejected))
def test_a_rejected_month_changes_nothing(case: Case, baseline: Baseline, tmp_path: Path) -> None:
    assert isinstance(case.outcome, Rejected)
    warehouse = shutil.copy(baseline.warehouse, tmp_path / "warehouse.duckdb")
    folder = land_case(tmp_path, case)
    with connect(warehouse) as con:
        with pytest.raises(ExtractRejected, match=case.outcome.message):
            load_extract(con, folder, LA, month_date(MONTH), KEY, DEFAULT_SHARE, case.max_file_mb)
        assert table_digests(con) == baseline.tables
    assert file_digest(baseline.published) == baseline.marts


def test_the_snapshot_sees_a_month_that_loads(baseline: Baseline, tmp_path: Path) -> None:
    """So that 'unchanged' above means something: re-landing January with one more column
    loads, and the warehouse's digests move."""
    warehouse = shutil.copy(baseline.warehouse, tmp_path / "warehouse.duckdb")
    folder = land_case(tmp_path, next(c for c in CASES if c.name == "unknown_extra_column"))
    with connect(warehouse) as con:
        load_extract(con, folder, LA, month_date(MONTH), KEY, DEFAULT_SHARE)
        changed = {t for t, digest in table_digests(con).items() if baseline.tables[t] != digest}
    assert {"meta.landing_file", "meta.extract_load", "audit.quarantine"} <= changed


# --- Months that load: staged in memory. --------------------------------------------------


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, StagedTable]:
    folder = land_files(tmp_path_factory.mktemp("clean") / "landing", MONTH, CLEAN)
    return stage(folder, 0.0)[1]


def without_lines(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.drop("line")


@pytest.mark.parametrize("case", cases(Loads))
def test_a_month_that_loads(case: Case, clean: dict[str, StagedTable], tmp_path: Path) -> None:
    outcome = case.outcome
    assert isinstance(outcome, Loads)
    folder = land_case(tmp_path, case)
    month, staged = stage(folder, outcome.share(), case.max_file_mb)
    # Every table file of the folder is read (whatever the case of its extension) ...
    tables = {p.stem for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.is_file()}
    assert set(staged) == tables
    # ... and every other entry is named with why not (READY aside).
    assert {(s.name, s.why) for s in month.skipped} == outcome.skipped
    found = {
        (f["table_name"], f["line"], f["column_name"], f["rule_id"], f["severity"])
        for t in staged.values()
        for f in t.findings.iter_rows(named=True)
    }
    assert found == outcome.findings
    for table in tables:
        lines = outcome.lines.get(table, CLEAN_LINES[table])
        assert month.files[table].raw.frame["line"].to_list() == list(lines), table
        loads = [line for line in lines if line not in outcome.quarantined(table)]
        assert staged[table].frame["line"].to_list() == loads, table
    if outcome.same_as_clean:
        for table, staged_table in staged.items():
            assert without_lines(staged_table.frame).equals(without_lines(clean[table].frame))
    if outcome.check:
        outcome.check(month, staged)


# --- The corpus itself. -------------------------------------------------------------------


def test_the_clean_extract_and_supplementary_tables_have_no_findings(tmp_path: Path) -> None:
    """So that each case's defect is its only one."""
    folder = land(tmp_path / "landing", MONTH, EXTRACT | SUPPLEMENTARY)
    staged = stage(folder, 0.0)[1]
    assert set(staged) == set(EXTRACT) | set(SUPPLEMENTARY)
    assert {t: s.findings.height for t, s in staged.items() if s.findings.height} == {}
    assert {t: s.frame["line"].to_list() for t, s in staged.items()} == {
        t: list(lines) for t, lines in CLEAN_LINES.items()
    }


def test_the_corpus_has_a_case_for_each_problem() -> None:
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)

"""End to end: the real `cpr run` command, the real Dagster job on a local instance, real DuckDB
files, on the hand-built extract of tests/extracts.py."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path

import duckdb
import pytest
from dagster import (
    AssetCheckKey,
    AssetKey,
    DagsterInstance,
    DagsterRunStatus,
    RunsFilter,
)
from extracts import EPISODES, EXTRACT, HEADER, land
from runs import INSTANCES, marts_digest, published

from pipelines.cli import main
from warehouse.audits import AUDITS, Audit

# Values of the hand-built extract that must never leave the warehouse.
CHILD_IDS = ["A001", "B002", "C003", "D004", "E005", "F006", "G007", "H008"]
DOBS = ["01/06/2010", "2010-06-01", "15/01/2000", "2000-01-15", "07/07/2008", "2008-07-07"]
POSTCODES = ["CB4 1AA", "CB4 2BB"]


def readable(path: Path) -> bytes:
    """What a reader of the file sees: a PDF's text (its raw bytes are compressed, and hex
    strings such as "006F006E" would match ids by chance), a workbook's unzipped XML."""
    if path.suffix == ".pdf":
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            return b"".join(book.read(name) for name in book.namelist())
    return path.read_bytes()


@pytest.mark.parametrize("instance", INSTANCES, indirect=True)
def test_run_publishes_marts_and_dashboard(
    instance: str, data_root: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["run"]) == 0
    out = capsys.readouterr().out
    assert "2 extract month(s) 2017-12 to 2018-01" in out
    assert str(data_root / "reports" / "873" / "2018-01" / "dashboard.html") in out
    # Worked by hand in tests/warehouse/test_population.py.
    assert published(
        data_root,
        "select value, value_first_reported, revised from kpi_monthly "
        "where indicator_id = 'cla_count' and month = date '2018-01-01'",
    ) == [(6.0, 6.0, False)]
    assert published(
        data_root, "select children_in_care from mart_population where month = date '2017-12-01'"
    ) == [(5.0,)]
    html = (data_root / "reports" / "873" / "2018-01" / "dashboard.html").read_text()
    assert "Children in care" in html and "January 2018" in html
    # The Great Expectations Data Docs beside each month's report, naming every suite.
    for month in ["2017-12", "2018-01"]:
        docs = (data_root / "reports" / "873" / month / "data_docs" / "index.html").read_text()
        for suite in ["totals_reconcile", "figures_in_range", "no_missing_months"]:
            assert suite in docs
    with DagsterInstance.get() as dagster:
        # The instance the run used: PostgreSQL's storage when CPR_PG_URL is set.
        assert (
            type(dagster.run_storage).__name__
            == {
                "sqlite": "SqliteRunStorage",
                "postgres": "PostgresRunStorage",
            }[instance]
        )
        runs = dagster.get_runs(RunsFilter(job_name="monthly_report"))
        assert [r.status for r in runs] == [DagsterRunStatus.SUCCESS]
        # The documents in a run of their own, begun once the figures were published.
        documents = dagster.get_runs(RunsFilter(job_name="monthly_documents"))
        assert [r.status for r in documents] == [DagsterRunStatus.SUCCESS]
        figures = dagster.get_run_record_by_id(runs[0].run_id)
        printed = dagster.get_run_record_by_id(documents[0].run_id)
        assert figures and printed and figures.end_time <= printed.start_time
        passed = {
            name: dagster.event_log_storage.get_latest_asset_check_execution_by_key(
                [AssetCheckKey(AssetKey("kpi_monthly"), name)]
            )[AssetCheckKey(AssetKey("kpi_monthly"), name)].event.asset_check_evaluation.passed
            for name in ["totals_reconcile", "figures_in_range", "no_missing_months"]
        }
        assert passed == dict.fromkeys(passed, True)
        assert dagster.get_latest_materialization_event(AssetKey("published_marts")) is not None
        # A staged table's materialisation carries its described columns, not its rows.
        staged = dagster.get_latest_materialization_event(AssetKey("stg_episodes"))
        assert staged is not None and staged.asset_materialization is not None
        schema = staged.asset_materialization.metadata["dagster/column_schema"].value
        assert {
            c.name: bool(c.description) for c in schema.columns if c.name in ("decom", "child_id")
        } == {
            "decom": True,
            "child_id": True,
        }


def test_without_documents_the_figures_and_pages_are_published_and_cpr_report_adds_them(
    data_root: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["run", "--no-documents"]) == 0
    report = data_root / "reports" / "873" / "2018-01"
    assert (report / "dashboard.html").exists() and (
        report / "published" / "dashboard.html"
    ).exists()
    assert published(data_root, "select count(*) from kpi_monthly")[0][0] > 0
    assert not (report / "dashboard.xlsx").exists() and not (report / "committee").exists()
    assert "now the documents" not in capsys.readouterr().out
    assert main(["report", "--month", "2018-01"]) == 0
    assert (report / "dashboard.xlsx").exists() and (
        report / "published" / "dashboard.xlsx"
    ).exists()
    assert (report / "committee" / "committee_paper.docx").exists()


def test_rerunning_a_month_gives_identical_marts(data_root: Path) -> None:
    assert main(["run"]) == 0
    first = marts_digest(data_root)
    assert main(["run", "--first", "2018-01"]) == 0
    assert marts_digest(data_root) == first


def test_a_restated_month_keeps_the_first_reported_figure(data_root: Path) -> None:
    assert main(["run", "--last", "2017-12"]) == 0
    # January's extract restates history: child A001's episode is now recorded as ending in
    # December, so December's count drops from 5 to 4 while the first report stays 5.
    restated = EPISODES.replace(
        "A001,01/01/2016,S,C2,N1,U4,PR1,,,", "A001,01/01/2016,S,C2,N1,U4,PR1,15/12/2017,E13,"
    )
    land(data_root / "landing", "2018-01", {**EXTRACT, "episodes": restated})
    assert main(["run"]) == 0
    assert published(
        data_root,
        "select value, value_first_reported, revised from kpi_monthly "
        "where indicator_id = 'cla_count' and month = date '2017-12-01'",
    ) == [(4.0, 5.0, True)]
    # January re-lands with A001's episode open again (the restatement withdrawn), so
    # January's count rises from 5 to 6 and December's is 5 again. January's figure as first
    # published (5) stays, and the first episodes file stays on record beside the new one.
    land(data_root / "landing", "2018-01", EXTRACT)
    assert main(["run", "--first", "2018-01"]) == 0
    assert published(
        data_root,
        "select month, value, value_first_reported, revised from kpi_monthly "
        "where indicator_id = 'cla_count' and month >= date '2017-12-01' order by month",
    ) == [(dt.date(2017, 12, 1), 5.0, 5.0, False), (dt.date(2018, 1, 1), 6.0, 5.0, True)]
    with duckdb.connect(str(data_root / "warehouse" / "873.duckdb"), read_only=True) as con:
        versions = con.execute(
            "select table_name, count(distinct sha256) from meta.landing_file "
            "where extract_month = date '2018-01-01' group by 1 order by 1"
        ).fetchall()
    assert versions == [("episodes", 2), ("header", 1), ("uasc", 1)]


def test_a_failed_month_leaves_the_last_publication_in_place(
    data_root: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["run"]) == 0
    marts = data_root / "published" / "marts_873.duckdb"
    before = marts.read_bytes()
    # February lands without its episodes file: the month must fail before anything is written.
    folder = land(data_root / "landing", "2018-02", {"header": HEADER})
    assert main(["run", "--first", "2018-02"]) == 2  # a month rejected
    assert "required file episodes.csv is missing" in capsys.readouterr().err
    assert marts.read_bytes() == before
    report = data_root / "reports" / "873" / "2018-02" / "restricted" / "validation.html"
    assert "required file episodes.csv is missing" in report.read_text()
    assert "Nothing of this month would be loaded" in report.read_text()
    # A month that loads but fails a mart audit (a quality failure) is not published either.
    failing = Audit("deliberately_failing", "Fails on every run.", "select 1")
    monkeypatch.setattr("pipelines.assets.publish.AUDITS", [*AUDITS, failing])
    # Exit 3: no month was rejected, the run itself could not finish.
    assert main(["run", "--first", "2018-01", "--last", "2018-01"]) == 3
    assert "Audits failed (deliberately_failing)" in capsys.readouterr().err
    assert marts.read_bytes() == before
    with duckdb.connect(str(data_root / "warehouse" / "873.duckdb"), read_only=True) as con:
        assert con.execute(
            "select count(*) from meta.extract_load where extract_month = date '2018-02-01'"
        ).fetchone() == (0,)
    shutil.rmtree(folder)


def test_a_changed_key_stops_the_run_until_the_warehouse_is_rekeyed(
    data_root: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A month folder not named YYYY-MM is named and skipped; a run with another key stops
    (exit 3) with nothing loaded; `cpr rekey` re-stages both months with it."""
    land(data_root / "landing", "2018-13", EXTRACT)
    assert main(["run"]) == 0
    err = capsys.readouterr().err
    assert "Skipped landing folder 2018-13: not a month YYYY-MM" in err
    warehouse = data_root / "warehouse" / "873.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        before = con.execute("select * from meta.staged_key order by all").fetchall()
    marts = data_root / "published" / "marts_873.duckdb"
    published_before = marts.read_bytes()
    monkeypatch.setenv("CPR_PSEUDONYM_KEY", "a-replacement-key")
    assert main(["run", "--first", "2018-01"]) == 3
    assert "the pseudonymisation key is not the one 2 staged month(s)" in capsys.readouterr().err
    assert marts.read_bytes() == published_before
    assert main(["rekey"]) == 0
    assert "Re-staging 2 landed month(s) with the new key" in capsys.readouterr().out
    with duckdb.connect(str(warehouse), read_only=True) as con:
        after = con.execute("select * from meta.staged_key order by all").fetchall()
        cla = con.execute(
            "select value from mart.kpi_monthly where indicator_id = 'cla_count' "
            "and month = date '2018-01-01' and extract_month = date '2018-01-01'"
        ).fetchall()
    assert [m for _, m, *_ in after] == [m for _, m, *_ in before]
    assert len({f for *_, f, _ in after}) == 1 and not {f for *_, f, _ in after} & {
        f for *_, f, _ in before
    }
    assert cla == [(6.0,)]  # the figures do not depend on the key


def test_no_child_identifier_date_of_birth_or_postcode_leaves_the_warehouse(
    data_root: Path, capfd: pytest.CaptureFixture
) -> None:
    landing = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in landing_files(data_root)}
    assert main(["run"]) == 0
    captured = capfd.readouterr()
    outside = [data_root / "published", data_root / "reports", data_root / "dagster_home"]
    blobs = [readable(p) for folder in outside for p in folder.rglob("*") if p.is_file()]
    blobs += [captured.out.encode(), captured.err.encode()]
    for value in CHILD_IDS + DOBS + POSTCODES:
        leaks = [i for i, blob in enumerate(blobs) if value.encode() in blob]
        assert not leaks, f"{value!r} found outside the warehouse"
    # The key, created on this first run, is the owner's alone and in nothing the run wrote,
    # the record-level warehouse included.
    key_file = data_root / "secrets" / "pseudonym.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    key = key_file.read_text().strip().encode()
    warehouse_files = list((data_root / "warehouse").iterdir())
    assert not [b for b in blobs + [p.read_bytes() for p in warehouse_files] if key in b]
    # The record-level warehouse (quarantine included) and the validation reports are the
    # owner's alone.
    assert all(p.stat().st_mode & 0o077 == 0 for p in warehouse_files)
    restricted = data_root / "reports" / "873" / "2018-01" / "restricted"
    assert [p.stat().st_mode & 0o077 for p in [restricted, *restricted.iterdir()]] == [0, 0, 0]
    # Landing files are read, never modified.
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in landing_files(data_root)} == landing


def landing_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "landing").rglob("*") if p.is_file())

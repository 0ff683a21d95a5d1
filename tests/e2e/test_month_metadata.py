"""Each month of a single-run backfill records its own figures on its own partition: read back
through the Dagster instance, as the UI and its asset plots show them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey, AssetRecordsFilter, DagsterInstance
from extracts import DECEMBER_EPISODES, DECEMBER_EXTRACT, land

from pipelines.cli import main

# November: December's six episode rows plus one with a legal status that is no code (ZZ),
# which is quarantined: 7 landed, 6 loaded, 1 rejected.
NOVEMBER_EPISODES = DECEMBER_EPISODES.rstrip() + "\nB002,01/11/2017,S,ZZ,N2,U6,PR1,,,,,,\n"
MONTHS = ["2017-11", "2017-12", "2018-01"]


def partition_metadata(instance: DagsterInstance, asset: str, month: str) -> dict:
    records = instance.fetch_materializations(
        AssetRecordsFilter(AssetKey(asset), asset_partitions=[month]), limit=1
    ).records
    assert records and records[0].asset_materialization is not None, (asset, month)
    return {k: v.value for k, v in records[0].asset_materialization.metadata.items()}


def test_each_month_of_a_backfill_carries_its_own_metadata(
    data_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    # One rejected row of seven must not reject November (the default allows 5%).
    monkeypatch.setenv("CPR_MAX_REJECTED_SHARE", "0.5")
    land(data_root / "landing", "2017-11", {**DECEMBER_EXTRACT, "episodes": NOVEMBER_EPISODES})
    # 2017-11 to 2018-01 as one run; a row quarantined: exit 1 (pipelines/exit_codes.py).
    assert main(["run"]) == 1
    # November's rejected row fails the episodes' validation check, a warning: the run
    # summary and the internal dashboard's quality note name it, the published edition not.
    warned = "stg_episodes rows_pass_validation"
    assert f"Warning checks failed (published nonetheless): {warned}" in capsys.readouterr().out
    report = data_root / "reports" / "873" / "2018-01"
    assert warned in (report / "dashboard.html").read_text()
    assert warned not in (report / "published" / "dashboard.html").read_text()
    landing = data_root / "landing" / "873"
    with duckdb.connect(str(data_root / "warehouse" / "873.duckdb"), read_only=True) as con:
        children = dict(
            con.execute(
                "select strftime(extract_month, '%Y-%m'), count(*) from fct_child_month group by 1"
            ).fetchall()
        )
    with DagsterInstance.get() as instance:
        episodes = {m: partition_metadata(instance, "stg_episodes", m) for m in MONTHS}
        # Rows per month (tests/extracts.py): 6 of November's 7, December's 6, January's 10.
        assert [(e["rows_loaded"], e["rows_rejected"]) for e in episodes.values()] == [
            (6, 1),
            (6, 0),
            (10, 0),
        ]
        for month, meta in episodes.items():
            landed = landing / month / "episodes.csv"
            assert meta["landed_file"] == "episodes.csv"
            assert meta["landed_sha256"] == hashlib.sha256(landed.read_bytes()).hexdigest()
        quarantine = {m: partition_metadata(instance, "quarantine", m) for m in MONTHS}
        assert [q["rows_rejected"] for q in quarantine.values()] == [1, 0, 0]
        header_sha = hashlib.sha256((landing / "2017-11" / "header.csv").read_bytes()).hexdigest()
        assert header_sha in quarantine["2017-11"]["landed_files"]
        # A fact's rows per month are that month's rows in the warehouse, not the run's total.
        facts = [partition_metadata(instance, "fct_child_month", m)["rows"] for m in MONTHS]
        assert facts == [children[m] for m in MONTHS]
        assert len(set(facts)) > 1
        # Each month's dashboard links its own report, its validation report its own file.
        for month in MONTHS:
            links = partition_metadata(instance, "dashboard", month)
            folder = data_root / "reports" / "873" / month
            assert links["dashboard"] == str(folder / "dashboard.html")
            documents = partition_metadata(instance, "report_documents", month)
            assert documents["excel"] == str(folder / "dashboard.xlsx")
            assert documents["data_docs"] == str(folder / "data_docs" / "index.html")
            assert Path(documents["data_docs"]).exists()
            validation = partition_metadata(instance, "validation_report", month)
            assert validation["validation_report"] == str(folder / "restricted" / "validation.html")
            assert Path(validation["validation_report"]).exists()

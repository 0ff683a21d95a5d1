"""The validation report: `cpr validate` on a folder before it is landed, and the restricted report
written beside each month's dashboard from the warehouse's quarantine."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from extracts import EPISODES, EXTRACT, HEADER, KEY, LA, MORE_DFE, land, load_and_build

from dashboard.validation import (
    PSEUDONYMISED_CHILD,
    SOURCE_CHILD,
    report_for_loaded_month,
    write_validation_report,
)
from ingest.landing import read_month
from ingest.stage import stage_month
from pipelines.cli import main
from warehouse.runner import connect

JAN_END = dt.date(2018, 1, 31)
# B002's legal status XX is no code (file line 3); C003's episode starts after 31 January (line 4).
BAD_EPISODES = EPISODES.replace("B002,10/01/2018,S,V4,", "B002,10/01/2018,S,XX,").replace(
    "C003,15/01/2018,", "C003,15/02/2018,"
)
# Values of the hand-built extract the console must never print.
CHILD_IDS = ["A001", "B002", "C003", "D004", "E005", "F006", "G007", "H008"]
DOBS = ["01/06/2010", "05/05/2012", "03/03/2015", "15/01/2000"]
POSTCODES = ["CB4 1AA", "CB4 2BB"]


@pytest.fixture(autouse=True)
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPR_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("CPR_LA", LA)
    # 2 bad rows of a 10-row table are 20%: far above the default 5% that rejects a real month.
    monkeypatch.setenv("CPR_MAX_REJECTED_SHARE", "0.5")


def extract_folder(tmp_path: Path, tables: dict[str, str]) -> Path:
    """A month's folder as the data team has it before landing: no READY marker yet."""
    folder = land(tmp_path / "incoming", "2018-01", tables)
    (folder / "READY").unlink()
    return folder


def validate(folder: Path, out: Path, *options: str) -> int:
    return main(["validate", str(folder), "--out", str(out), *options])


def csv_rows(out: Path, more_dfe: bool = False) -> list[dict[str, str]]:
    """The report's rows; the further DfE completeness warnings the hand-built extract breaks
    (no postcodes, no URN: tests/ingest/test_dfe_more.py) only when asked for."""
    rows = csv.DictReader(io.StringIO((out / "validation.csv").read_text()))
    return [r for r in rows if more_dfe or r["rule"] not in MORE_DFE]


def test_a_clean_folder_exits_0_with_no_findings(tmp_path: Path) -> None:
    folder = extract_folder(tmp_path, EXTRACT)
    assert validate(folder, tmp_path / "out") == 0
    assert csv_rows(tmp_path / "out") == []
    assert {r["severity"] for r in csv_rows(tmp_path / "out", more_dfe=True)} == {"warning"}
    html = (tmp_path / "out" / "validation.html").read_text()
    assert "Passes: every row loads." in html


def test_row_errors_exit_1_and_are_reported_where_staging_finds_them(tmp_path: Path) -> None:
    folder = extract_folder(tmp_path, {**EXTRACT, "episodes": BAD_EPISODES})
    assert validate(folder, tmp_path / "out") == 1
    staged = stage_month(read_month(folder, require_ready=False), JAN_END, KEY, LA, 1.0)
    rule = {
        (f["line"], f["column_name"]): f["rule_id"]
        for f in staged["episodes"].findings.iter_rows(named=True)
    }
    assert [
        (r["file"], r["line"], r["column"], r["rule"], r["severity"])
        for r in csv_rows(tmp_path / "out")
    ] == [
        ("episodes.csv", "3", "LS", rule[(3, "LS")], "error"),
        ("episodes.csv", "4", "DECOM", rule[(4, "DECOM")], "error"),
    ]


def test_the_report_names_the_child_as_in_the_file(tmp_path: Path) -> None:
    folder = extract_folder(tmp_path, {**EXTRACT, "episodes": BAD_EPISODES})
    validate(folder, tmp_path / "out")
    assert [r[SOURCE_CHILD] for r in csv_rows(tmp_path / "out")] == ["B002", "C003"]
    html = (tmp_path / "out" / "validation.html").read_text()
    assert "<td>B002</td>" in html and "<td>C003</td>" in html


def test_an_identifier_a_spreadsheet_would_run_is_quoted_in_the_csv(tmp_path: Path) -> None:
    # B002 renamed to a formula everywhere: its bad episode (line 3) is reported under that name.
    tables = {**EXTRACT, "episodes": BAD_EPISODES}
    tables = {t: body.replace("B002", "=1+2") for t, body in tables.items()}
    validate(extract_folder(tmp_path, tables), tmp_path / "out")
    assert [r[SOURCE_CHILD] for r in csv_rows(tmp_path / "out")] == ["'=1+2", "C003"]


def test_a_file_name_a_spreadsheet_would_run_is_quoted_in_the_csv(tmp_path: Path) -> None:
    # The header file is named as a formula and carries an unknown column: a warning on it.
    folder = extract_folder(tmp_path, EXTRACT)
    name = '=HYPERLINK("http:\\\\evil","x").csv'
    (folder / "header.csv").rename(folder / name)
    header, *rows = (folder / name).read_text().splitlines()
    (folder / name).write_text("\n".join([header + ",NOTES", *(row + "," for row in rows)]) + "\n")
    (folder / "notes.txt").write_text("not a table\n")
    assert validate(folder, tmp_path / "out") == 0  # warnings only
    files = {r["file"]: r["rule"] for r in csv_rows(tmp_path / "out")}
    assert files == {"'" + name: "UNKNOWN_COLUMN", "notes.txt": "SKIPPED_FILE"}


def test_the_report_holds_no_other_value_of_the_row(tmp_path: Path) -> None:
    folder = extract_folder(tmp_path, {**EXTRACT, "episodes": BAD_EPISODES})
    validate(folder, tmp_path / "out")
    for name in ["validation.html", "validation.csv"]:
        text = (tmp_path / "out" / name).read_text()
        assert not [v for v in DOBS + POSTCODES + ["15/02/2018", "XX,"] if v in text]


def test_the_console_prints_counts_and_rules_but_no_child_dob_or_postcode(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = extract_folder(tmp_path, {**EXTRACT, "episodes": BAD_EPISODES})
    validate(folder, tmp_path / "out")
    out = capsys.readouterr().out
    warnings = len(csv_rows(tmp_path / "out", more_dfe=True)) - 2
    assert "episodes.csv (episodes): 10 rows, 2 quarantined" in out
    assert f"errors 2 (2 rows quarantined); warnings {warnings}" in out
    assert str(tmp_path / "out" / "validation.html") in out
    assert not [v for v in CHILD_IDS + DOBS + POSTCODES if v in out]


def test_a_missing_required_file_exits_2_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = extract_folder(tmp_path, {"header": HEADER})
    assert validate(folder, tmp_path / "out") == 2
    assert "required file episodes.csv is missing" in capsys.readouterr().out
    html = (tmp_path / "out" / "validation.html").read_text()
    assert "Fails: required file episodes.csv is missing" in html


def test_too_many_rejected_rows_exit_2_and_still_list_every_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    # 2 of episodes' 10 rows rejected: 20%, above a 10% threshold.
    monkeypatch.setenv("CPR_MAX_REJECTED_SHARE", "0.1")
    folder = extract_folder(tmp_path, {**EXTRACT, "episodes": BAD_EPISODES})
    assert validate(folder, tmp_path / "out") == 2
    assert "2 of 10 rows rejected (20%), above the 10% threshold" in capsys.readouterr().out
    assert len(csv_rows(tmp_path / "out")) == 2


def test_report_files_are_owner_only(tmp_path: Path) -> None:
    folder = extract_folder(tmp_path, EXTRACT)
    validate(folder, tmp_path / "out")
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o700
    for name in ["validation.html", "validation.csv"]:
        assert (tmp_path / "out" / name).stat().st_mode & 0o777 == 0o600


def test_the_report_goes_under_the_data_folder_by_default(tmp_path: Path) -> None:
    assert main(["validate", str(extract_folder(tmp_path, EXTRACT))]) == 0
    assert (tmp_path / "data" / "validation" / "2018-01" / "validation.html").exists()


def test_a_folder_not_named_for_its_month_needs_month(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = extract_folder(tmp_path, EXTRACT).rename(tmp_path / "from_the_case_system")
    assert validate(folder, tmp_path / "out") == 3  # could not run: no month to judge by
    assert "--month YYYY-MM" in capsys.readouterr().err
    assert validate(folder, tmp_path / "out", "--month", "2018-01") == 0


def test_the_page_is_self_contained(tmp_path: Path) -> None:
    validate(extract_folder(tmp_path, {**EXTRACT, "episodes": BAD_EPISODES}), tmp_path / "out")
    html = (tmp_path / "out" / "validation.html").read_text()
    assert "<script" not in html and "http" not in html and "<link" not in html


def test_the_pipeline_report_names_the_pseudonymised_child_only(tmp_path: Path) -> None:
    land(tmp_path / "landing", "2018-01", {**EXTRACT, "episodes": BAD_EPISODES})
    with connect(tmp_path / "warehouse.duckdb") as con:
        load_and_build(con, tmp_path / "landing", ["2018-01"], max_rejected_share=1.0)
        report = report_for_loaded_month(
            con, LA, dt.date(2018, 1, 1), tmp_path / "landing" / LA / "2018-01", 0.05
        )
        quarantined = [
            (line, child)
            for line, child, rule in con.execute(
                "select line, child_id, rule_id from audit.quarantine order by line, rule_id"
            ).fetchall()
            if rule not in MORE_DFE
        ]
    assert [(f.file_name, f.rows) for f in report.files] == [
        ("episodes.csv", 10),
        ("header.csv", 8),
        ("uasc.csv", 2),
    ]
    html, _ = write_validation_report(report, tmp_path / "restricted", dt.datetime(2018, 2, 5))
    rows = csv_rows(tmp_path / "restricted")
    assert [(int(r["line"]), r[PSEUDONYMISED_CHILD]) for r in rows] == quarantined
    episodes = [r for r in csv_rows(tmp_path / "restricted", True) if r["file"] == "episodes.csv"]
    assert f"episodes.csv (episodes): {len(episodes)} finding(s)" in html.read_text()
    for name in ["validation.html", "validation.csv"]:
        text = (tmp_path / "restricted" / name).read_text()
        assert not [v for v in CHILD_IDS + DOBS + POSTCODES if v in text]


def test_every_run_writes_the_restricted_report_beside_the_dashboard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    monkeypatch.delenv("CPR_PSEUDONYM_KEY", raising=False)
    land(tmp_path / "data" / "landing", "2018-01", {**EXTRACT, "episodes": BAD_EPISODES})
    assert main(["run"]) == 1  # loaded, with two rows quarantined
    restricted = tmp_path / "data" / "reports" / LA / "2018-01" / "restricted"
    assert restricted.stat().st_mode & 0o777 == 0o700
    assert [r["line"] for r in csv_rows(restricted)] == ["3", "4"]
    assert all(len(r[PSEUDONYMISED_CHILD]) == 20 for r in csv_rows(restricted))
    for name in ["validation.html", "validation.csv"]:
        assert (restricted / name).stat().st_mode & 0o777 == 0o600
        text = (restricted / name).read_text()
        assert not [v for v in CHILD_IDS + DOBS + POSTCODES if v in text]

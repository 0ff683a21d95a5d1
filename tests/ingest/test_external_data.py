"""Fake 903 data written by others (tests/data/external, copied from ../shared/external with its
licences noted in its README): messy as real extracts are."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polars as pl
import pytest
from extracts import KEY, LA

from ingest.errors import ExtractRejected
from ingest.landing import read_month
from ingest.stage import StagedTable, stage_month

EXTERNAL = Path(__file__).resolve().parents[1] / "data" / "external"
DFE_FAKE = EXTERNAL / "dfe-validator-fake"
DEMAND = EXTERNAL / "demand-model-samples"
MARCH_2018 = dt.date(2018, 3, 31)


def landing_copy(tmp_path: Path, files: list[Path], names: list[str] | None = None) -> Path:
    folder = tmp_path / LA / "2018-03"
    folder.mkdir(parents=True)
    for i, f in enumerate(files):
        shutil.copy(f, folder / (names[i] if names else f.name))
    (folder / "READY").touch()
    return folder


def test_the_dfe_fake_folder_as_it_is_is_rejected_for_its_second_adoption_file(
    tmp_path: Path,
) -> None:
    # DoLo.csv (deprivation of liberty orders, 2026/27) is a table we know now; the folder still
    # holds placed_for_adoption twice.
    folder = landing_copy(tmp_path, sorted(DFE_FAKE.glob("*.csv")))
    with pytest.raises(ExtractRejected, match=r"holds the placed_for_adoption table"):
        read_month(folder)


def test_the_dfe_fake_dolo_file_is_recognised_and_not_yet_in_2017_18(tmp_path: Path) -> None:
    files = [DFE_FAKE / f"{n}.csv" for n in ["header", "episodes", "DoLo"]]
    month = read_month(landing_copy(tmp_path, files))
    assert month.files["dolo"].row_count == 1  # its last line has no newline
    staged = stage_month(month, MARCH_2018, KEY, LA, max_rejected_share=1.0)
    assert staged["dolo"].findings.select("line", "rule_id", "severity").rows() == [
        (1, "TABLE_NOT_IN_YEAR", "warning")
    ]
    assert staged["dolo"].frame.is_empty()


def test_two_files_holding_one_table_are_rejected(tmp_path: Path) -> None:
    files = [
        DFE_FAKE / n
        for n in [
            "header.csv",
            "episodes.csv",
            "placed_for_adoption.csv",
            "placed_for_adoption_errors.csv",
        ]
    ]
    with pytest.raises(
        ExtractRejected, match="holds the placed_for_adoption table, already read from"
    ):
        read_month(landing_copy(tmp_path, files))


def test_every_903_table_of_the_dfe_fake_is_recognised(tmp_path: Path) -> None:
    names = ["header", "episodes", "uasc", "reviews", "missing", "oc2", "oc3", "ad1",
             "placed_for_adoption", "previous_permanence", "sw_episodes"]  # fmt: skip
    month = read_month(
        landing_copy(
            tmp_path, [DFE_FAKE / f"{n}.csv" for n in names], [f"SSDA903_{n}.csv" for n in names]
        )
    )
    assert set(month.files) == set(names)
    # sw_episodes.csv has a byte-order mark and CRLF line endings.
    assert month.files["sw_episodes"].raw.header[0] == "CHILD"


def test_reviews_dated_into_the_2030s_make_the_extract_suspect(tmp_path: Path) -> None:
    files = [DFE_FAKE / f"{n}.csv" for n in ["header", "episodes", "uasc", "reviews", "missing"]]
    month = read_month(landing_copy(tmp_path, files))
    with pytest.raises(ExtractRejected, match=r"rows rejected \(\d+%\), above the 5% threshold"):
        stage_month(month, MARCH_2018, KEY, LA, max_rejected_share=0.05)
    staged = stage_month(month, MARCH_2018, KEY, LA, max_rejected_share=1.0)
    reviews = staged["reviews"].findings
    assert reviews.filter(rule_id="FUTURE_DATE").height == 5042  # of 12,582: 40%
    # Its review dates are drawn at random: most fall outside any episode of the child's.
    assert staged["reviews"].rejected_rows == 9331


def test_the_dfe_fake_defects_are_reported_with_the_right_rules(tmp_path: Path) -> None:
    files = [DFE_FAKE / f"{n}.csv" for n in ["header", "episodes", "uasc", "reviews", "missing"]]
    staged = stage_month(
        read_month(landing_copy(tmp_path, files)), MARCH_2018, KEY, LA, max_rejected_share=1.0
    )
    rules = {
        (t, r["rule_id"])
        for t, s in staged.items()
        for r in s.findings.select("rule_id").unique().iter_rows(named=True)
    }
    # Open episodes carrying a REC are loaded and reported; reviews after the month are rejected.
    assert ("episodes", "REC_ON_OPEN_EPISODE") in rules
    assert ("reviews", "FUTURE_DATE") in rules
    # One MOTHER is written "1.0", as a spreadsheet saves a number: not a 903 code.
    assert ("header", "DFE-165") in rules
    assert staged["header"].frame.height == 2674
    findings = staged["episodes"].findings
    errors = findings.filter(severity="error")["line"].implode()
    warned_only = findings.filter(~pl.col("line").is_in(errors), rule_id="REC_ON_OPEN_EPISODE")[
        "line"
    ]
    assert warned_only.len() > 1000
    assert warned_only.is_in(staged["episodes"].frame["line"].implode()).all()


DFE_TABLES = ["header", "episodes", "uasc", "reviews", "missing", "oc2", "oc3", "ad1",
              "placed_for_adoption", "previous_permanence", "sw_episodes"]  # fmt: skip


@pytest.fixture(scope="module")
def dfe_fake_staged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, StagedTable]:
    folder = landing_copy(
        tmp_path_factory.mktemp("dfe"), [DFE_FAKE / f"{n}.csv" for n in DFE_TABLES]
    )
    return stage_month(read_month(folder), MARCH_2018, KEY, LA, max_rejected_share=1.0)


@pytest.mark.parametrize(
    ("table", "rule", "why"),
    [
        ("episodes", "REC_ON_OPEN_EPISODE", "open episodes carry a REC"),
        ("reviews", "FUTURE_DATE", "review dates run to 2030"),
        ("sw_episodes", "DFE-SW13STG1", "an invalid SW_REASON"),
        ("placed_for_adoption", "DFE-120", "an invalid REASON_PLACED_CEASED"),
        ("header", "DFE-165", "a MOTHER written 1.0"),
    ],
)
def test_every_deliberate_defect_of_the_dfe_fake_is_reported(
    dfe_fake_staged: dict[str, StagedTable], table: str, rule: str, why: str
) -> None:
    assert rule in dfe_fake_staged[table].findings["rule_id"].to_list(), why


def test_every_row_of_the_dfe_fake_either_loads_or_is_quarantined(
    dfe_fake_staged: dict[str, StagedTable],
) -> None:
    for table, staged in dfe_fake_staged.items():
        quarantined = staged.findings.filter(severity="error")["line"].unique()
        assert staged.frame.height + quarantined.len() == staged.typed.height, table
        assert not staged.frame["line"].is_in(quarantined.implode()).any(), table
    # Tables with nothing wrong load whole.
    assert dfe_fake_staged["uasc"].frame.height == 132
    assert dfe_fake_staged["ad1"].frame.height == 29


def test_a_child_placed_for_adoption_twice_at_once_is_reported(tmp_path: Path) -> None:
    # placed_for_adoption_errors.csv: line 2 is a decision of 22/11/2016 for a child whose
    # decision of 22/11/2015 (line 3) stays open until 07/04/2017.
    files = [
        DFE_FAKE / "header.csv",
        DFE_FAKE / "episodes.csv",
        DFE_FAKE / "placed_for_adoption_errors.csv",
    ]
    staged = stage_month(read_month(landing_copy(tmp_path, files)), MARCH_2018, KEY, LA, 1.0)
    overlapping = staged["placed_for_adoption"].findings.filter(rule_id="DFE-579")
    assert overlapping["line"].to_list() == [2]


@pytest.mark.parametrize("year", [2017, 2018, 2019, 2020, 2021])
def test_each_demand_model_year_stages(tmp_path: Path, year: int) -> None:
    tables = [
        "header",
        "episodes",
        "uasc",
        "reviews",
        "missing",
        "oc2",
        "oc3",
        "previous_permanence",
    ]
    folder = landing_copy(tmp_path, [DEMAND / f"{year}-{t}.csv" for t in tables])
    month_end = dt.date(year + 1, 3, 31)
    staged = stage_month(read_month(folder), month_end, KEY, LA, max_rejected_share=1.0)
    assert staged["episodes"].frame.height > 0
    # Only 2017's header has a defect: one MOTHER written "1.0".
    assert staged["header"].rejected_rows == (1 if year == 2017 else 0)

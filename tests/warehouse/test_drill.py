"""`cpr drill`: the children behind a figure, for the data team, on the hand-built January 2018
extract (tests/extracts.py): at 31 January A, C, D, F, G and H are in care, H alone UASC."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

import pytest
from extracts import EXTRACT, KEY, LA, land, load_and_build

from pipelines.cli import main
from warehouse.runner import connect

IN_CARE = {"A001", "C003", "D004", "F006", "G007", "H008"}


@pytest.fixture
def data_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "data"
    monkeypatch.setenv("CPR_DATA", str(root))
    monkeypatch.setenv("CPR_LA", LA)
    monkeypatch.setenv("CPR_PSEUDONYM_KEY", KEY.decode())
    land(root / "landing", "2018-01", EXTRACT)
    with connect(root / "warehouse" / f"{LA}.duckdb") as con:
        load_and_build(con, root / "landing", ["2018-01"])
    return root


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text())))


def test_the_children_in_care_are_listed_with_their_source_ids(
    data_root: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["drill", "cla_uasc_pct", "2018-01", "--source-ids"]) == 0
    out = data_root / "validation" / "drill" / "cla_uasc_pct_2018-01.csv"
    listed = rows(out)
    assert {r["CHILD"] for r in listed if r["role"] == "denominator"} == IN_CARE
    assert [r["CHILD"] for r in listed if r["role"] == "numerator"] == ["H008"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    # The console says how many and where, never who.
    console = capsys.readouterr().out
    assert "numerator 1, denominator 6" in console
    assert not [c for c in IN_CARE if c in console]


def test_without_source_ids_only_pseudonymised_ids_are_written(data_root: Path) -> None:
    assert main(["drill", "cla_count", "2018-01"]) == 0
    listed = rows(data_root / "validation" / "drill" / "cla_count_2018-01.csv")
    assert len(listed) == 6 and set(listed[0]) == {"role", "child_id"}
    assert all(len(r["child_id"]) == 20 for r in listed)


def test_an_unknown_indicator_is_refused(data_root: Path) -> None:
    assert main(["drill", "cla_cuont", "2018-01"]) == 2

"""`cpr drill`: the children behind a figure, for the data team, on the hand-built January 2018
extract (tests/extracts.py): at 31 January A, C, D, F, G and H are in care, H alone UASC."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

import pytest
from extracts import (
    DECEMBER_EXTRACT,
    EXTRACT,
    KEY,
    LA,
    drill,
    kpi,
    land,
    load_and_build,
    pseudonymised,
)

from pipelines.cli import main
from warehouse.audits import DRILL_AUDITS, failing_rows
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
    assert main(["drill", "cla_cuont", "2018-01"]) == 3  # could not run: nothing was judged


def test_the_list_is_the_one_the_published_figure_counts(tmp_path: Path) -> None:
    # The December extract has Z, who left care on 10 Dec; the January extract no longer has
    # him (his record was withdrawn), so December's children ceasing care are restated to none.
    # The figure comes from the January extract, and so does its (empty) list, not December's.
    december = {
        **DECEMBER_EXTRACT,
        "header": DECEMBER_EXTRACT["header"] + "Z009,1,01/01/2010,WBRI,,,\n",
        "episodes": DECEMBER_EXTRACT["episodes"]
        + "Z009,01/06/2017,S,V2,N1,U6,PR1,10/12/2017,E13,,,,\n",
    }
    land(tmp_path / "landing", "2017-12", december)
    land(tmp_path / "landing", "2018-01", EXTRACT)
    with connect(tmp_path / "warehouse.duckdb") as con:
        load_and_build(con, tmp_path / "landing", ["2017-12", "2018-01"])
        listed_in_december = con.execute(
            "select child_id from drill.drill_population where extract_month = '2017-12-01' "
            "and month = '2017-12-01' and indicator_id = 'cla_ceased'"
        ).fetchall()
        assert [r[0] for r in listed_in_december] == pseudonymised("Z009")
        assert kpi(con, "cla_ceased", "2017-12") == 0
        assert drill(con, "cla_ceased", "2017-12", "numerator") == []


def test_a_list_for_an_indicator_not_in_the_catalogue_fails_the_audit(data_root: Path) -> None:
    # listed_counts counts catalogue indicators only: a list under any other id would go unseen.
    with connect(data_root / "warehouse" / f"{LA}.duckdb") as con:
        audit = next(a for a in DRILL_AUDITS if a.name == "drill_population_agrees_with_kpi")
        assert failing_rows(con, audit) == 0
        con.execute(
            "insert into drill.drill_population select la_code, extract_month, month, "
            "'cla_not_in_the_catalogue', role, child_id from drill.drill_population "
            "where indicator_id = 'cla_count'"
        )
        # One per month and role listed under it: every month of the year to date has someone.
        assert failing_rows(con, audit) == 10

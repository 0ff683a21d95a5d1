"""DoLO indicators on a hand-built June 2026 extract (collection year 2026/27, whose return has
the DoLo table), and "no data" for an extract without a DoLo file."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest
from extracts import EXTRACT, drill, kpi, land_and_build, pseudonymised, quarantined_but_more_dfe

from warehouse.audits import DRILL_AUDITS, failing_rows
from warehouse.runner import connect

HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
A001,M,01/06/2010,WBRI,,,
B002,F,05/05/2012,WBRI,,0,
C003,F,03/03/2011,WBRI,,0,
"""
# A: children's home (K2) throughout. B: foster care (U4). C: K2 until she leaves on 15 May.
EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A001,01/01/2026,S,C2,N1,K2,PR1,,,,,,
B002,01/01/2026,S,C2,N1,U4,PR1,,,,,,
C003,01/01/2026,S,C2,N1,K2,PR1,15/05/2026,E13,,,,
"""
# A: a DoLO from 1 May, open. B: from 1 June, open. C: 1 April to 10 May.
DOLO = """
CHILD,DOB,DOLO_START,DOLO_END
A001,01/06/2010,01/05/2026,
B002,05/05/2012,01/06/2026,
C003,03/03/2011,01/04/2026,10/05/2026
"""


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    root = tmp_path_factory.mktemp("dolo")
    with connect(root / "warehouse.duckdb") as con:
        tables = {"header": HEADER, "episodes": EPISODES, "DoLo": DOLO}
        land_and_build(con, root, tables, month="2026-06")
        yield con


def test_every_row_loads(warehouse) -> None:
    assert quarantined_but_more_dfe(warehouse) == 0


def test_children_subject_to_a_dolo_at_each_month_end(warehouse) -> None:
    # 30 April: C. 31 May: A (C's ended 10 May). 30 June: A and B.
    assert [kpi(warehouse, "dolo_children", m) for m in ("2026-04", "2026-05", "2026-06")] == [
        1,
        1,
        2,
    ]
    assert drill(warehouse, "dolo_children", "2026-06", "numerator") == pseudonymised(
        "A001", "B002"
    )


def test_of_them_those_in_a_placement_rule_709_expects(warehouse) -> None:
    # April: C in K2, 1 of 1. June: A in K2, B in foster care (U4): 1 of 2 = 50%.
    assert kpi(warehouse, "dolo_expected_placement_pct", "2026-04") == 100
    assert kpi(warehouse, "dolo_expected_placement_pct", "2026-06") == 50
    assert drill(warehouse, "dolo_expected_placement_pct", "2026-06", "numerator") == (
        pseudonymised("A001")
    )
    # Every figure is the count of the children its drill-through lists.
    assert all(failing_rows(warehouse, audit) == 0 for audit in DRILL_AUDITS)


def test_an_extract_without_a_dolo_file_has_no_dolo_data(tmp_path) -> None:
    with connect(tmp_path / "warehouse.duckdb") as con:
        land_and_build(con, tmp_path, EXTRACT)
        assert kpi(con, "dolo_children", "2018-01") is None

"""Workforce indicators on the hand-built extract of tests/extracts.py (extract month Jan 2018)
with a workforce table and the children's social worker episodes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from extracts import EXTRACT, drill, kpi, land_and_build, pseudonymised, quarantined_but_more_dfe

from warehouse.audits import DRILL_AUDITS, failing_rows
from warehouse.runner import connect

# January's Children in Care social workers come as two teams, the second spelt with other
# capitals than the first and than December's; Leaving Care's role is spelt with other capitals
# than the dashboard's; Fostering is not a tracked service. November's social
# workers have cases but no staff in post; October has no rows at all.
WORKFORCE = """
MONTH_END,SERVICE,ROLE,ESTABLISHMENT_FTE,STAFF_FTE,CASES
30/11/2017,Children in Care,Qualified social worker,20,0,200
31/12/2017,Children in Care,Qualified social worker,20,16,240
31/01/2018,Children in Care,Qualified social worker,12,10,150
31/01/2018,children in care,Qualified Social Worker,10.5,8,138
31/01/2018,Leaving Care,Personal Adviser,5,4,90
31/01/2018,Fostering,Supervising social worker,6,5,60
"""

# In care at 31 Jan (tests/extracts.py): A, C, D, F, G, H; at 31 Dec: A, D, E, G, H.
# D's first social worker's episode ends on 31 Jan and the next starts that day. G has none.
# B (a short break) and E (left care on 31 Jan) have social workers but are not in care then.
SW_EPISODES = """
CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON
A001,01/06/2010,SW1,01/01/2016,,FCONTA
B002,05/05/2012,SW4,10/01/2018,,FCONTA
C003,03/03/2015,SW1,15/01/2018,,FCONTA
D004,07/07/2008,SW2,01/03/2017,31/01/2018,FCONTA
D004,07/07/2008,SW3,31/01/2018,,MANAGE
E005,09/09/2005,SW5,01/05/2017,,FCONTA
F006,11/11/2011,SW2,10/01/2018,,FCONTA
H008,01/03/2002,SW2,01/02/2017,,FCONTA
"""


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    root = tmp_path_factory.mktemp("workforce")
    with connect(root / "warehouse.duckdb") as con:
        land_and_build(con, root, {**EXTRACT, "workforce": WORKFORCE, "sw_episodes": SW_EPISODES})
        yield con


def test_every_row_loads(warehouse) -> None:
    assert quarantined_but_more_dfe(warehouse) == 0


def test_teams_add_up(warehouse) -> None:
    # January, Children in Care qualified social workers (one service and role whatever their
    # capitals): establishment 12 + 10.5 = 22.5 FTE,
    # staff 10 + 8 = 18 FTE, cases 150 + 138 = 288: average caseload 288 / 18 = 16.
    assert kpi(warehouse, "wf_cic_qsw_establishment_fte", "2018-01") == 22.5
    assert kpi(warehouse, "wf_cic_qsw_staff_fte", "2018-01") == 18
    assert kpi(warehouse, "wf_cic_qsw_caseload", "2018-01") == pytest.approx(16.0)


def test_caseload_change_on_previous_month(warehouse) -> None:
    # December: 240 / 16 = 15. January 16 - 15 = +1.
    assert kpi(warehouse, "wf_cic_qsw_caseload", "2017-12") == pytest.approx(15.0)
    assert kpi(warehouse, "wf_cic_qsw_caseload_change", "2018-01") == pytest.approx(1.0)
    # November has no staff in post: no caseload, so December's change is blank too.
    assert kpi(warehouse, "wf_cic_qsw_caseload", "2017-11") is None
    assert kpi(warehouse, "wf_cic_qsw_caseload_change", "2017-12") is None


def test_role_names_match_without_regard_to_case(warehouse) -> None:
    # "Personal Adviser": 90 / 4 = 22.5; no December row, so no change.
    assert kpi(warehouse, "wf_lc_pa_caseload", "2018-01") == pytest.approx(22.5)
    assert kpi(warehouse, "wf_lc_pa_caseload_change", "2018-01") is None


def test_month_without_rows_is_no_data(warehouse) -> None:
    assert kpi(warehouse, "wf_cic_qsw_establishment_fte", "2017-10") is None
    assert kpi(warehouse, "wf_cic_qsw_staff_fte", "2017-10") is None


def test_every_service_and_role_in_the_wide_mart(warehouse) -> None:
    rows = warehouse.execute(
        "select service, role, staff_fte, average_caseload from mart.mart_workforce "
        "where month = date '2018-01-01' order by service, role"
    ).fetchall()
    assert rows == [
        ("Children in Care", "Qualified social worker", 18.0, 16.0),
        ("Fostering", "Supervising social worker", 5.0, 12.0),
        ("Leaving Care", "Personal Adviser", 4.0, 22.5),
    ]


def test_each_figure_of_every_service_and_role_has_its_change_on_the_previous_month(
    warehouse,
) -> None:
    # Children in Care, January against December: establishment 22.5 - 20 = +2.5, staff in
    # post 18 - 16 = +2, caseload 16 - 15 = +1. Fostering and Leaving Care have no December
    # row: no change.
    rows = warehouse.execute(
        "select service, establishment_fte_change, staff_fte_change, average_caseload_change "
        "from mart.mart_workforce where month = date '2018-01-01' order by service, role"
    ).fetchall()
    assert rows == [
        ("Children in Care", 2.5, 2.0, pytest.approx(1.0)),
        ("Fostering", None, None, None),
        ("Leaving Care", None, None, None),
    ]


def test_the_dashboard_shows_every_service_and_role_of_the_file(warehouse) -> None:
    from dashboard.render import role_rows

    mart = warehouse.sql("select * from mart.mart_workforce").pl()
    rows = role_rows(mart, dt.date(2018, 1, 1))
    assert [(r.service, r.role) for r in rows] == [
        ("Children in Care", "Qualified social worker"),
        ("Fostering", "Supervising social worker"),
        ("Leaving Care", "Personal Adviser"),
    ]
    cic = rows[0]
    assert (cic.establishment, cic.establishment_change) == ("22.5 FTE", "+2.5 FTE")
    assert (cic.staff, cic.staff_change, cic.caseload, cic.caseload_change) == (
        "18.0 FTE",
        "+2.0 FTE",
        "16.0",
        "+1.0",
    )
    assert rows[1].staff_change == ""


def test_children_in_care_per_allocated_social_worker(warehouse) -> None:
    # 31 Jan: A (SW1), C (SW1), D (SW3: SW2's episode ended that day), F (SW2), H (SW2) = 5
    # children in care with a social worker, among 3 social workers: 5 / 3. G has none; B's and
    # E's workers do not count (SW4, SW5).
    assert kpi(warehouse, "wf_cic_per_allocated_sw", "2018-01") == pytest.approx(5 / 3)
    # 31 Dec: A (SW1), D (SW2), E (SW5), H (SW2) = 4 children, 3 workers.
    assert kpi(warehouse, "wf_cic_per_allocated_sw", "2017-12") == pytest.approx(4 / 3)


def test_the_children_with_an_allocated_social_worker_are_listed(warehouse) -> None:
    # 31 Jan (test_children_in_care_per_allocated_social_worker): A, C, D, F, H; D once, though
    # two of her social workers' episodes touch that day. The social workers are not listed.
    assert drill(warehouse, "wf_cic_per_allocated_sw", "2018-01", "numerator") == pseudonymised(
        "A001", "C003", "D004", "F006", "H008"
    )
    assert drill(warehouse, "wf_cic_per_allocated_sw", "2018-01", "denominator") == []
    # 31 Dec: A, D, E, H.
    assert drill(warehouse, "wf_cic_per_allocated_sw", "2017-12", "numerator") == pseudonymised(
        "A001", "D004", "E005", "H008"
    )
    assert all(failing_rows(warehouse, audit) == 0 for audit in DRILL_AUDITS)


def test_no_workforce_or_social_worker_files_is_no_data(tmp_path: Path) -> None:
    with connect(tmp_path / "warehouse.duckdb") as con:
        land_and_build(con, tmp_path, EXTRACT)
        assert kpi(con, "wf_cic_qsw_caseload", "2018-01") is None
        assert kpi(con, "wf_lc_pa_staff_fte", "2018-01") is None
        assert kpi(con, "wf_cic_per_allocated_sw", "2018-01") is None
        assert kpi(con, "wf_cic_per_allocated_sw", "2017-04") is None

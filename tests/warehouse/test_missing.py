"""Missing indicators on the hand-built extract of tests/extracts.py (extract month Jan 2018)
with a missing file of its children's incidents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from extracts import EXTRACT, LA, drill, kpi, land_and_build, load_and_build, pseudonymised

from warehouse.audits import DRILL_AUDITS, failing_rows
from warehouse.runner import connect

# Who is looked after when (tests/extracts.py): A in care throughout; B only on a short break
# (V3) from 10 Jan; C from 15 Jan; D throughout (an X1 change on 20 Jan); E until 31 Jan, the
# day her episode ends; F from 1 April to 30 June, then from 10 Jan; G and H throughout.
MISSING = """
CHILD,DOB,MISSING,MIS_START,MIS_END,RHI_OFFERED,RHI_ACCEPTED
A001,01/06/2010,M,31/01/2018,,NA,NA
B002,05/05/2012,M,20/01/2018,21/01/2018,Y,Y
C003,03/03/2015,M,10/01/2018,11/01/2018,Y,N
D004,07/07/2008,M,03/01/2018,04/01/2018,Y,Y
D004,07/07/2008,M,20/01/2018,21/01/2018,Y,N
E005,09/09/2005,M,31/01/2018,31/01/2018,Y,Y
F006,11/11/2011,M,30/06/2017,30/06/2017,Y,Y
G007,15/01/2000,A,15/01/2018,15/01/2018,NA,NA
H008,01/03/2002,M,01/12/2017,02/12/2017,N,NA
H008,01/03/2002,A,31/12/2017,31/12/2017,NA,NA
"""

# The same incidents from a file without the optional return-interview columns.
MISSING_WITHOUT_RHI = "\n".join(
    ",".join(line.split(",")[:5]) for line in MISSING.strip().splitlines()
)

MISSING_INDICATORS = [
    "missing_incidents",
    "missing_children",
    "missing_away_incidents",
    "missing_away_children",
    "missing_rhi_offered_pct",
    "missing_rhi_accepted_pct",
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    root = tmp_path_factory.mktemp("missing")
    with connect(root / "warehouse.duckdb") as con:
        land_and_build(con, root, {**EXTRACT, "missing": MISSING}, max_rejected_share=0.2)
        yield con


def test_incidents_of_children_in_care_when_they_started(warehouse) -> None:
    # January, missing (M): A on 31 Jan, the month's last day (counts: the incident starts in
    # January and A is looked after that day); D on 3 Jan and 20 Jan = 3.
    # Not B (on a short break, not looked after), not C (10 Jan, before her care began on
    # 15 Jan), not E (31 Jan: her episode ends that day, so she is not looked after on it).
    assert kpi(warehouse, "missing_incidents", "2018-01") == 3
    # A and D: D's two incidents make one child.
    assert kpi(warehouse, "missing_children", "2018-01") == 2


def test_incident_before_care_is_quarantined_and_not_counted(warehouse) -> None:
    rules = warehouse.execute(
        "select rule_id from audit.quarantine where table_name = 'missing'"
    ).fetchall()
    # The DfE's 578 and 581 both flag a missing period outside every episode; its 577 (a
    # warning) one that ends outside every period of care.
    assert sorted(rules) == [("DFE-577",), ("DFE-578",), ("DFE-581",)]


def test_incident_on_the_day_care_ended_is_not_counted(warehouse) -> None:
    # F's only June incident started on 30 June, the day her episode ended: 0, not no data.
    assert kpi(warehouse, "missing_incidents", "2017-06") == 0
    assert kpi(warehouse, "missing_children", "2017-06") == 0


def test_away_incidents_are_counted_apart(warehouse) -> None:
    # January: G away on 15 Jan. December: H missing on 1 Dec and away on 31 Dec.
    assert kpi(warehouse, "missing_away_incidents", "2018-01") == 1
    assert kpi(warehouse, "missing_away_children", "2018-01") == 1
    assert kpi(warehouse, "missing_incidents", "2017-12") == 1
    assert kpi(warehouse, "missing_away_incidents", "2017-12") == 1
    assert kpi(warehouse, "missing_children", "2017-12") == 1


def test_months_without_incidents_are_zero(warehouse) -> None:
    assert kpi(warehouse, "missing_incidents", "2017-04") == 0
    assert kpi(warehouse, "missing_away_children", "2017-04") == 0


def test_return_interviews(warehouse) -> None:
    # January's counted missing incidents: A (NA: still missing, left out), D on 3 Jan (offered,
    # accepted), D on 20 Jan (offered, declined). Offered 2 of 2 = 100%; accepted 1 of 2 = 50%.
    assert kpi(warehouse, "missing_rhi_offered_pct", "2018-01") == pytest.approx(100.0)
    assert kpi(warehouse, "missing_rhi_accepted_pct", "2018-01") == pytest.approx(50.0)
    # December: H's missing incident, not offered: 0 of 1 = 0%; none offered, so no acceptance
    # rate (0 of 0). G's and H's away incidents (NA) are not missing incidents.
    assert kpi(warehouse, "missing_rhi_offered_pct", "2017-12") == 0.0
    assert kpi(warehouse, "missing_rhi_accepted_pct", "2017-12") is None


def test_the_incidents_and_children_behind_a_figure_are_listed(warehouse) -> None:
    # January (test_incidents_of_children_in_care_when_they_started): A's incident and D's two,
    # one row each, so D is listed twice; as children, A and D once each.
    assert drill(warehouse, "missing_incidents", "2018-01", "numerator") == sorted(
        pseudonymised("A001", "D004") + pseudonymised("D004")
    )
    assert drill(warehouse, "missing_children", "2018-01", "numerator") == pseudonymised(
        "A001", "D004"
    )
    # Return interviews (test_return_interviews): both of D's were offered, the first accepted.
    assert drill(warehouse, "missing_rhi_accepted_pct", "2018-01", "numerator") == pseudonymised(
        "D004"
    )
    assert drill(warehouse, "missing_rhi_accepted_pct", "2018-01", "denominator") == 2 * (
        pseudonymised("D004")
    )
    assert all(failing_rows(warehouse, audit) == 0 for audit in DRILL_AUDITS)


def test_no_missing_file_is_no_data(tmp_path: Path) -> None:
    with connect(tmp_path / "warehouse.duckdb") as con:
        land_and_build(con, tmp_path, EXTRACT)
        for indicator in MISSING_INDICATORS:
            assert kpi(con, indicator, "2018-01") is None, indicator
            assert kpi(con, indicator, "2017-04") is None, indicator


def test_file_without_return_interview_columns(tmp_path: Path) -> None:
    with connect(tmp_path / "warehouse.duckdb") as con:
        land_and_build(
            con, tmp_path, {**EXTRACT, "missing": MISSING_WITHOUT_RHI}, max_rejected_share=0.2
        )
        # The counts stand; the return interview figures are no data, not 0%.
        assert kpi(con, "missing_incidents", "2018-01") == 3
        assert kpi(con, "missing_rhi_offered_pct", "2018-01") is None
        assert kpi(con, "missing_rhi_accepted_pct", "2018-01") is None
        assert kpi(con, "missing_rhi_offered_pct", "2017-12") is None


def test_month_landed_again_without_its_missing_file_is_no_data(tmp_path: Path) -> None:
    with connect(tmp_path / "warehouse.duckdb") as con:
        land_and_build(con, tmp_path, {**EXTRACT, "missing": MISSING}, max_rejected_share=0.2)
        assert kpi(con, "missing_incidents", "2018-01") == 3
        # The file is withdrawn and the month loaded again. The first version's file stays on
        # record in meta.landing_file, but the latest load did not see it.
        (tmp_path / "landing" / LA / "2018-01" / "missing.csv").unlink()
        load_and_build(con, tmp_path / "landing", ["2018-01"])
        assert kpi(con, "missing_incidents", "2018-01") is None
        assert kpi(con, "missing_children", "2017-12") is None

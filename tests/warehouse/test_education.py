"""Education indicators on a hand-built extract (extract month Jan 2018) of children in care of
every side of school age, with their education records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from extracts import drill, kpi, land_and_build, pseudonymised, quarantined_but_more_dfe

from warehouse.audits import DRILL_AUDITS, failing_rows
from warehouse.runner import connect

# School age for January 2018 is the age on 31 August 2017 (Years 1 to 11: aged 5 to 15).
# P1: 15 on 31 Aug 2017, 16 on 20 Oct 2017: still school aged.
# P2: 5 on 31 Aug 2017, that very day.     P3: 16 on 15 Aug 2017: past school age.
# P4: 4 on 31 Aug 2017 (5 the next day).   P5, P6, P8: 8 to 6.   P7: on a short break only.
HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
P1,1,20/10/2001,WBRI,,,
P2,2,31/08/2012,WBRI,,0,
P3,1,15/08/2001,WBRI,,,
P4,2,01/09/2012,WBRI,,0,
P5,1,01/01/2009,WBRI,,,
P6,2,01/01/2010,WBRI,,0,
P7,1,01/01/2010,WBRI,,,
P8,2,01/01/2011,WBRI,,0,
"""

EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
P1,01/01/2016,S,C2,N1,U4,PR1,,,,,,
P2,01/01/2016,S,C2,N1,U4,PR1,,,,,,
P3,01/01/2016,S,C2,N1,U4,PR1,,,,,,
P4,01/01/2016,S,C2,N1,U4,PR1,,,,,,
P5,01/01/2016,S,C2,N1,U4,PR1,,,,,,
P6,01/01/2016,S,C2,N1,U4,PR1,,,,,,
P7,01/01/2016,S,V4,N2,U6,PR1,,,,,,
P8,01/01/2016,S,C2,N1,U4,PR1,,,,,,
"""

# P1's PEP is six months old to the day at 31 Jan (current); P2's a day older (not current).
# P5 has no record. P6 moved school in January: the December record is the latest as at 31 Dec.
# P8's school has no Ofsted grade yet.
EDUCATION = """
CHILD,RECORD_DATE,PEP_DATE,SCHOOL_URN,SCHOOL_OFSTED_GRADE
P1,31/01/2018,31/07/2017,100001,2
P2,31/01/2018,30/07/2017,100002,3
P3,31/01/2018,10/01/2018,100003,1
P4,31/01/2018,10/01/2018,100004,1
P6,31/12/2017,15/12/2017,100005,4
P6,31/01/2018,15/01/2018,100006,1
P7,31/01/2018,10/01/2018,100007,1
P8,31/01/2018,10/01/2018,100008,
"""

EXTRACT = {"header": HEADER, "episodes": EPISODES}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    root = tmp_path_factory.mktemp("education")
    with connect(root / "warehouse.duckdb") as con:
        land_and_build(con, root, {**EXTRACT, "education": EDUCATION})
        yield con


def fraction(con: duckdb.DuckDBPyConnection, indicator_id: str, month: str) -> tuple:
    return con.execute(
        "select numerator, denominator from mart.kpi_monthly "
        "where indicator_id = $i and month = cast($m as date)",
        {"i": indicator_id, "m": f"{month}-01"},
    ).fetchone()


def test_every_row_loads(warehouse) -> None:
    assert quarantined_but_more_dfe(warehouse) == 0


def test_pep_current_in_january(warehouse) -> None:
    # School aged and in care at 31 Jan: P1 (16 now, 15 on 31 Aug), P2, P5, P6, P8 = 5. Not P3
    # (16 on 31 Aug), P4 (4 on 31 Aug), P7 (short break: not in care).
    # Current PEP: P1 (31 Jul, six months to the day), P6 (15 Jan), P8 (10 Jan) = 3; not P2
    # (30 Jul) nor P5 (no record). 3 / 5 = 60%.
    assert fraction(warehouse, "edu_pep_current_pct", "2018-01") == (3, 5)
    assert kpi(warehouse, "edu_pep_current_pct", "2018-01") == pytest.approx(60.0)


def test_good_or_outstanding_schools_in_january(warehouse) -> None:
    # At a school: P1 (grade 2), P2 (3), P6 (1, her new school), P8 (not graded) = 4; P5 has no
    # record. Good or outstanding: P1, P6 = 2. 2 / 4 = 50%.
    assert fraction(warehouse, "edu_good_school_pct", "2018-01") == (2, 4)
    assert kpi(warehouse, "edu_good_school_pct", "2018-01") == pytest.approx(50.0)


def test_latest_record_as_at_the_month_end(warehouse) -> None:
    # At 31 Dec the only record yet is P6's December one (PEP 15 Dec, grade 4 school). The same
    # five children are school aged: PEP 1 / 5 = 20%; good school 0 / 1 = 0%.
    assert fraction(warehouse, "edu_pep_current_pct", "2017-12") == (1, 5)
    assert fraction(warehouse, "edu_good_school_pct", "2017-12") == (0, 1)


def test_months_before_any_record_have_no_data(warehouse) -> None:
    # Nothing is recorded as at 30 Nov: no data, not 0% of five children.
    assert kpi(warehouse, "edu_pep_current_pct", "2017-11") is None
    assert fraction(warehouse, "edu_good_school_pct", "2017-04") == (None, None)


def test_the_children_behind_a_figure_are_listed(warehouse) -> None:
    # January (test_pep_current_in_january, test_good_or_outstanding_schools_in_january): PEPs
    # P1, P6, P8 of the school aged P1, P2, P5, P6, P8; good schools P1, P6 of those at a school,
    # P1, P2, P6, P8.
    assert drill(warehouse, "edu_pep_current_pct", "2018-01", "numerator") == pseudonymised(
        "P1", "P6", "P8"
    )
    assert drill(warehouse, "edu_pep_current_pct", "2018-01", "denominator") == pseudonymised(
        "P1", "P2", "P5", "P6", "P8"
    )
    assert drill(warehouse, "edu_good_school_pct", "2018-01", "numerator") == pseudonymised(
        "P1", "P6"
    )
    assert drill(warehouse, "edu_good_school_pct", "2018-01", "denominator") == pseudonymised(
        "P1", "P2", "P6", "P8"
    )
    assert all(failing_rows(warehouse, audit) == 0 for audit in DRILL_AUDITS)


def test_no_education_file_is_no_data(tmp_path: Path) -> None:
    with connect(tmp_path / "warehouse.duckdb") as con:
        land_and_build(con, tmp_path, EXTRACT)
        assert kpi(con, "edu_pep_current_pct", "2018-01") is None
        assert kpi(con, "edu_good_school_pct", "2018-01") is None

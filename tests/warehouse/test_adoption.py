"""Adoption indicators on a hand-built extract (extract month Jan 2018): adoptions, the A1 and A2
timeliness measures, the share of children leaving care who were adopted, and children placed
for adoption or matched at the month end."""

from __future__ import annotations

from pathlib import Path

import pytest
from extracts import drill, kpi, kpi_parts, land_and_build, pseudonymised, quarantined_but_more_dfe

from warehouse.audits import DRILL_AUDITS, failing_rows
from warehouse.runner import connect

# P01: adopted by his foster carers on 15 Nov 2017. Entered care 1 Feb 2016, moved to new foster
#      carers 1 May 2016 (RNE P), placement order 1 Sep 2016 with them (RNE L), placed for
#      adoption with them (A5, RNE T) 1 Mar 2017. Matched 1 Feb 2017.
#      A1 runs to the start of the placement with those carers, 1 May 2016: 90 days (not 394 to
#      the A5 episode). A2: 1 Sep 2016 to 1 Feb 2017 = 153 days.
# P02: adopted 20 Nov 2017. Entered care 1 Mar 2016, placement order 1 Oct 2016, placed with
#      adopters (A6) 1 Dec 2016, but matched on 15 Sep 2016, before the order.
#      A1: 1 Mar to 1 Dec 2016 = 275 days. A2: the match came first, 0.
# P03: adopted 5 Dec 2017. Entered care 1 Jan 2015, placed for adoption with consent (A4, no
#      placement order) 2 Mar 2016. A1: 365 + 31 + 29 + 1 = 426 days, exactly 14 months: not
#      less. No placement order, so no A2.
# P05: placed for adoption (A6) from 1 Oct 2017, not yet adopted.
# P06: matched on 15 Dec 2017 (AD1), still with foster carers.
# P07: left care 10 May 2017 to live with relatives. P08: left care twice, in June and
#      September. P10: a short break that ended in June is not leaving care.
HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
P01,1,01/01/2015,WBRI,,,
P02,2,01/06/2015,WBRI,,0,
P03,1,01/01/2014,WBRI,,,
P05,2,01/01/2016,WBRI,,0,
P06,1,01/03/2016,WBRI,,,
P07,2,01/01/2010,WBRI,,0,
P08,1,01/01/2009,WBRI,,,
P10,2,01/01/2011,WBRI,,0,
"""

EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
P01,01/02/2016,S,C1,N1,U3,PR1,01/05/2016,X1,,,,
P01,01/05/2016,P,C1,N1,U3,PR2,01/09/2016,X1,CARPL,,,
P01,01/09/2016,L,E1,N1,U3,PR2,01/03/2017,X1,,,,
P01,01/03/2017,T,E1,N1,A5,PR2,15/11/2017,E12,,,,
P02,01/03/2016,S,C1,N1,U3,PR1,01/10/2016,X1,,,,
P02,01/10/2016,L,E1,N1,U3,PR1,01/12/2016,X1,,,,
P02,01/12/2016,P,E1,N1,A6,PR1,20/11/2017,E11,CARPL,,,
P03,01/01/2015,S,C2,N1,U3,PR1,02/03/2016,X1,,,,
P03,02/03/2016,P,C2,N1,A4,PR1,05/12/2017,E11,CARPL,,,
P05,01/02/2017,S,C1,N1,U3,PR1,01/06/2017,X1,,,,
P05,01/06/2017,L,E1,N1,U3,PR1,01/10/2017,X1,,,,
P05,01/10/2017,P,E1,N1,A6,PR1,,,,,,
P06,01/04/2017,S,C1,N1,U3,PR1,01/09/2017,X1,,,,
P06,01/09/2017,L,E1,N1,U3,PR1,,,,,,
P07,01/01/2017,S,V2,N4,U6,PR1,10/05/2017,E13,,,,
P08,01/03/2017,S,V2,N4,U6,PR1,01/06/2017,E4A,,,,
P08,01/08/2017,S,V2,N4,U6,PR1,01/09/2017,E4A,,,,
P10,01/06/2017,S,V3,N2,U6,PR1,05/06/2017,E13,,,,
"""

AD1 = """
CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR
P01,01/01/2015,01/07/2016,01/02/2017,1,2,MF,L11
P02,01/06/2015,01/08/2016,15/09/2016,0,2,MF,L11
P03,01/01/2014,01/02/2016,01/03/2016,0,1,F1,L0
P06,01/03/2016,01/10/2017,15/12/2017,0,2,MF,L3
"""

EXTRACT = {"header": HEADER, "episodes": EPISODES, "ad1": AD1}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("adoption")
    with connect(root / "warehouse.duckdb") as con:
        land_and_build(con, root, EXTRACT)
        yield con


def test_the_extract_loads_clean(warehouse) -> None:
    assert quarantined_but_more_dfe(warehouse) == 0


def test_adoptions_in_the_month(warehouse) -> None:
    # P01 (E12) and P02 (E11) in November, P03 in December; none in October.
    assert kpi(warehouse, "adoption_count", "2017-11") == 2
    assert kpi(warehouse, "adoption_count", "2017-12") == 1
    assert kpi(warehouse, "adoption_count", "2017-10") == 0


def test_a1_for_a_foster_carer_adoption_starts_with_those_carers(warehouse) -> None:
    # November: P01 90 days (from the 1 May 2016 placement, not the A5 episode) and P02 275.
    # (90 + 275) / 2 = 182.5.
    assert kpi_parts(warehouse, "adoption_a1_days", "2017-11") == (365, 2, 182.5)


def test_a2_is_0_when_the_match_came_before_the_order(warehouse) -> None:
    # November: P01 153 days, P02 0 (matched before the placement order): 153 / 2 = 76.5.
    assert kpi_parts(warehouse, "adoption_a2_days", "2017-11") == (153, 2, 76.5)
    # December: P03 was placed with consent, no placement order: no A2, of nobody.
    assert kpi_parts(warehouse, "adoption_a2_days", "2017-12") == (0, 0, None)


def test_waited_less_than_14_months(warehouse) -> None:
    # November: 90 and 275 days, both under 426: 100%. December: P03's 426 days is not less.
    assert kpi(warehouse, "adoption_within_14_months_pct", "2017-11") == 100.0
    assert kpi_parts(warehouse, "adoption_within_14_months_pct", "2017-12") == (0, 1, 0.0)
    # October: nobody adopted, so no value (not 0%).
    assert kpi_parts(warehouse, "adoption_within_14_months_pct", "2017-10") == (0, 0, None)


def test_share_of_children_leaving_care_who_were_adopted_year_to_date(warehouse) -> None:
    # April: nobody left yet. May: P07. September: P07 and P08 (twice, counted once); P10's
    # short break is not leaving care. November: + P01, P02 adopted: 2 of 4. December: + P03:
    # 3 of 5, which January keeps.
    assert kpi_parts(warehouse, "adoption_left_care_adopted_pct", "2017-04") == (0, 0, None)
    assert kpi_parts(warehouse, "adoption_left_care_adopted_pct", "2017-05") == (0, 1, 0.0)
    assert kpi_parts(warehouse, "adoption_left_care_adopted_pct", "2017-09") == (0, 2, 0.0)
    assert kpi_parts(warehouse, "adoption_left_care_adopted_pct", "2017-11") == (2, 4, 50.0)
    assert kpi_parts(warehouse, "adoption_left_care_adopted_pct", "2018-01") == (3, 5, 60.0)


def test_placed_for_adoption_at_the_month_end(warehouse) -> None:
    # End of October: P01 (A5), P02 (A6), P03 (A4), P05 (A6 from 1 Oct) = 4. November: P01 and
    # P02 adopted, 2 left. December: P03 adopted, P05 alone.
    assert kpi(warehouse, "adoption_placed", "2017-10") == 4
    assert kpi(warehouse, "adoption_placed", "2017-11") == 2
    assert kpi(warehouse, "adoption_placed", "2017-12") == 1


def test_matched_and_awaiting_placement(warehouse) -> None:
    # P06, matched 15 Dec and not yet placed for adoption, from the end of December. Matched
    # children already placed (P01, P02, P03) do not count.
    assert kpi(warehouse, "adoption_matched_awaiting_placement", "2017-11") == 0
    assert kpi(warehouse, "adoption_matched_awaiting_placement", "2017-12") == 1
    assert kpi(warehouse, "adoption_matched_awaiting_placement", "2018-01") == 1


def test_the_children_behind_a_figure_are_listed(warehouse) -> None:
    # November's adoptions, P01 and P02, are the A1 average's denominator (its days are no list).
    november = pseudonymised("P01", "P02")
    assert drill(warehouse, "adoption_count", "2017-11", "numerator") == november
    assert drill(warehouse, "adoption_a1_days", "2017-11", "denominator") == november
    assert drill(warehouse, "adoption_a1_days", "2017-11", "numerator") == []
    # Left care by January (test_share_of_children_leaving_care_who_were_adopted_year_to_date):
    # P01, P02, P03 adopted of P01, P02, P03, P07 and P08, who left twice and is listed once.
    assert drill(warehouse, "adoption_left_care_adopted_pct", "2018-01", "numerator") == (
        pseudonymised("P01", "P02", "P03")
    )
    assert drill(warehouse, "adoption_left_care_adopted_pct", "2018-01", "denominator") == (
        pseudonymised("P01", "P02", "P03", "P07", "P08")
    )
    # End of October: placed P01, P02, P03, P05; end of December: P06 matched, not placed.
    assert drill(warehouse, "adoption_placed", "2017-10", "numerator") == pseudonymised(
        "P01", "P02", "P03", "P05"
    )
    assert drill(warehouse, "adoption_matched_awaiting_placement", "2017-12", "numerator") == (
        pseudonymised("P06")
    )
    assert all(failing_rows(warehouse, audit) == 0 for audit in DRILL_AUDITS)


def test_no_ad1_file_is_no_data_for_matches(tmp_path: Path) -> None:
    with connect(tmp_path / "warehouse.duckdb") as con:
        land_and_build(con, tmp_path, {"header": HEADER, "episodes": EPISODES})
        # The episodes still tell adoptions, A1 and placements; matches need AD1.
        assert kpi(con, "adoption_count", "2017-11") == 2
        assert kpi(con, "adoption_a1_days", "2017-11") == 182.5
        no_data = (None, None, None)
        assert kpi_parts(con, "adoption_a2_days", "2017-11") == no_data
        assert kpi_parts(con, "adoption_matched_awaiting_placement", "2017-12") == no_data

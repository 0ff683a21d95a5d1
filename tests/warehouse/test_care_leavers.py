"""Care leaver indicators on a hand-built extract (extract month Jan 2018): the cohort of care
leavers whose 17th-21st birthday falls in the month, each described by the contact nearest the
birthday from 3 months before it to 1 month after."""

from __future__ import annotations

from pathlib import Path

import pytest
from extracts import drill, kpi, kpi_parts, land_and_build, pseudonymised, quarantined_but_more_dfe

from warehouse.audits import DRILL_AUDITS, failing_rows
from warehouse.runner import connect

# Birthdays in the report year (April 2017 - January 2018), by the month they fall in:
# Nov 2017:
#   K01 18th (10 Nov): two contacts, 20 Oct (21 days before) and 15 Nov (5 days after): the
#       nearer, 15 Nov, wins (NEET, unsuitable accommodation, plan of 1 Sep within 6 months).
#   K02 19th (20 Nov): contacts 10 Nov and 30 Nov, 10 days either side: the tie goes to the
#       later (NEET, suitable); its plan of 1 May is older than 6 months before 30 Nov.
#   K03 20th (15 Nov): the only contact, 14 Aug, is 3 months and 1 day before: no contact.
#   K04 21st (25 Nov): the only contact, 25 Aug, is exactly 3 months before: returned home.
#   K07 18th (5 Nov): not in the care-leavers table; left care at 17 after 3 years in care:
#       a care leaver with no contact.
#   Not in the cohort: K08 17th (12 Nov) still in care; K09 18th (20 Nov) left care that day;
#   K10 (8 Nov) only a qualifying care leaver; K12 17th (2 Nov) in care 45 days after 14,
#   under 13 weeks, and not listed.
# Oct 2017: K05 17th on 31 Oct: the window runs to 30 Nov, and its 30 Nov contact is in it.
# Aug 2017: K06 18th on 31 Aug: the window is 31 May to 30 Sep; the 31 May contact counts and
#   the 1 Oct one, though nearer, does not.
# Sep 2017: K14 no longer requires services; K15 refuses contact.
# Jun 2017: K11 19th (3 Jun) died (contact 20 Jun).
# Jul 2017: K13 19th (15 Jul) is not in the cohort: a contact in July 2016 found he had died.
HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
K01,1,10/11/1999,WBRI,,,
K02,2,20/11/1998,WBRI,,0,
K03,1,15/11/1997,WBRI,,,
K04,2,25/11/1996,WBRI,,0,
K05,2,31/10/2000,WBRI,,0,
K06,1,31/08/1999,WBRI,,,
K07,1,05/11/1999,WBRI,,,
K08,2,12/11/2000,WBRI,,0,
K09,1,20/11/1999,WBRI,,,
K10,2,08/11/1999,WBRI,,0,
K11,1,03/06/1998,WBRI,,,
K12,2,02/11/2000,WBRI,,0,
K13,1,15/07/1998,WBRI,,,
K14,2,12/09/1997,WBRI,,0,
K15,1,20/09/1998,WBRI,,,
"""

EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
K01,01/06/2015,S,C2,N1,U3,PR1,01/10/2017,E13,,,,
K05,01/09/2016,S,V2,N4,U3,PR1,30/06/2017,E13,,,,
K07,01/03/2014,S,C2,N1,U3,PR1,01/08/2017,E13,,,,
K08,01/01/2015,S,C2,N1,U3,PR1,,,,,,
K09,01/01/2015,S,C2,N1,U3,PR1,20/11/2017,E8,,,,
K12,01/03/2017,S,V2,N4,U3,PR1,15/04/2017,E13,,,,
"""

CARE_LEAVERS = """
CHILD,DOB,CONTACT_DATE,ELIGIBILITY,IN_TOUCH,ACTIV,ACCOM,PATHWAY_PLAN_DATE,PA_ALLOCATED
K01,10/11/1999,20/10/2017,FORMER_RELEVANT,YES,F2,C1,01/09/2017,Y
K01,10/11/1999,15/11/2017,FORMER_RELEVANT,YES,G5,D2,01/09/2017,Y
K02,20/11/1998,10/11/2017,FORMER_RELEVANT,YES,F1,B2,01/05/2017,Y
K02,20/11/1998,30/11/2017,FORMER_RELEVANT,YES,G4,E1,01/05/2017,Y
K03,15/11/1997,14/08/2017,FORMER_RELEVANT,YES,F3,D1,01/08/2017,Y
K04,25/11/1996,25/08/2017,FORMER_RELEVANT,RHOM,0,0,01/03/2017,N
K05,31/10/2000,30/11/2017,RELEVANT,YES,F3,D1,01/06/2017,Y
K06,31/08/1999,31/05/2017,FORMER_RELEVANT,YES,F3,C1,01/01/2017,Y
K06,31/08/1999,01/10/2017,FORMER_RELEVANT,YES,G6,S2,01/01/2017,Y
K08,12/11/2000,12/11/2017,ELIGIBLE,YES,F2,C1,01/10/2017,Y
K09,20/11/1999,25/11/2017,FORMER_RELEVANT,YES,F3,D1,01/10/2017,Y
K10,08/11/1999,08/11/2017,QUALIFYING,YES,F3,E1,01/10/2017,Y
K11,03/06/1998,20/06/2017,FORMER_RELEVANT,DIED,,,,N
K13,15/07/1998,01/07/2016,FORMER_RELEVANT,DIED,,,,N
K14,12/09/1997,10/09/2017,FORMER_RELEVANT,NREQ,,,01/06/2017,N
K15,20/09/1998,20/09/2017,FORMER_RELEVANT,REFU,0,0,01/06/2017,Y
"""

EXTRACT = {"header": HEADER, "episodes": EPISODES, "care_leavers": CARE_LEAVERS}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("care_leavers")
    with connect(root / "warehouse.duckdb") as con:
        land_and_build(con, root, EXTRACT)
        yield con


def test_the_extract_loads_clean(warehouse) -> None:
    assert quarantined_but_more_dfe(warehouse) == 0


def test_cohort_is_care_leavers_with_a_birthday_in_the_month(warehouse) -> None:
    # November: K01, K02, K03, K04 (listed) and K07 (found by his episodes) = 5. Not K08 (in
    # care), K09 (left on the birthday), K10 (qualifying), K12 (under 13 weeks in care since 14).
    assert kpi(warehouse, "cl_cohort", "2017-11") == 5
    assert kpi(warehouse, "cl_cohort", "2017-10") == 1  # K05, born on the 31st
    assert kpi(warehouse, "cl_cohort", "2017-08") == 1  # K06, born on the 31st
    assert kpi(warehouse, "cl_cohort", "2017-09") == 2  # K14, K15


def test_a_month_without_birthdays_is_zero_not_missing(warehouse) -> None:
    assert kpi(warehouse, "cl_cohort", "2017-04") == 0
    assert kpi(warehouse, "cl_cohort", "2018-01") == 0


def test_the_contact_nearest_the_birthday_wins(warehouse) -> None:
    # K01's 15 Nov contact (5 days after) beats 20 Oct (21 days before): G5, D2, not F2, C1.
    # K02's contacts tie at 10 days: the later, 30 Nov (G4, E1), beats 10 Nov (F1, B2).
    # So November: nobody EET, K01 and K02 NEET, and only K02 suitably housed.
    assert kpi(warehouse, "cl_eet", "2017-11") == 0
    assert kpi(warehouse, "cl_neet", "2017-11") == 2
    assert kpi(warehouse, "cl_accommodation_suitable", "2017-11") == 1


def test_the_window_is_3_months_before_to_1_month_after(warehouse) -> None:
    # K03's contact 3 months and 1 day before is outside: unknown, not in touch. K04's, exactly
    # 3 months before, is inside: returned home, with no accommodation or activity (0).
    # Unknown in November: K03, K04 (ACCOM 0) and K07 (no contact) = 3.
    assert kpi(warehouse, "cl_accommodation_unknown", "2017-11") == 3
    assert kpi(warehouse, "cl_eet_unknown", "2017-11") == 3
    assert kpi(warehouse, "cl_in_touch_returned_home", "2017-11") == 1


def test_a_birthday_on_the_31st(warehouse) -> None:
    # K05, 31 Oct: a month after is 30 Nov, so the 30 Nov contact (F3, D1) counts.
    assert kpi(warehouse, "cl_eet", "2017-10") == 1
    assert kpi(warehouse, "cl_accommodation_suitable", "2017-10") == 1
    # K06, 31 Aug: 3 months before is 31 May (in), a month after 30 Sep; the nearer 1 Oct
    # contact (G6, S2) is outside, so the 31 May one (F3, C1) describes him.
    assert kpi(warehouse, "cl_eet", "2017-08") == 1
    assert kpi(warehouse, "cl_neet", "2017-08") == 0
    assert kpi(warehouse, "cl_accommodation_suitable", "2017-08") == 1


def test_a_leaver_with_no_contact_is_not_in_touch(warehouse) -> None:
    # November: K01 and K02 in touch; K03 (contact outside the window) and K07 (no contact at
    # all) count as not in touch; K04 returned home.
    assert kpi(warehouse, "cl_in_touch", "2017-11") == 2
    assert kpi(warehouse, "cl_not_in_touch", "2017-11") == 2
    # September: K14 no longer requires services; K15 refused contact (not in touch).
    assert kpi(warehouse, "cl_in_touch_no_longer_requires_services", "2017-09") == 1
    assert kpi(warehouse, "cl_not_in_touch", "2017-09") == 1


def test_pathway_plan_within_6_months_of_the_contact(warehouse) -> None:
    # November: K01 (1 Sep, contact 15 Nov) and K04 (1 Mar, contact 25 Aug: from 25 Feb) have
    # plans; K02's 1 May is before 30 May; K03 and K07 have no contact. 2 of 5 = 40%.
    assert kpi_parts(warehouse, "cl_pathway_plan_pct", "2017-11") == (2, 5, pytest.approx(40.0))
    # October: K05's plan of 1 Jun is within the 6 months to 30 Nov (from 30 May).
    assert kpi(warehouse, "cl_pathway_plan_pct", "2017-10") == 100.0


def test_neet_aged_19_to_21(warehouse) -> None:
    # November at 19-21: K02 (19, NEET), K03 (20, unknown), K04 (21, returned home): 1 of 3.
    assert kpi_parts(warehouse, "cl_neet_19_to_21_pct", "2017-11") == (1, 3, pytest.approx(100 / 3))


def test_a_death_is_reported_once(warehouse) -> None:
    # June: K11 died. Nobody alive is left to have a plan: 0 of 0, no value.
    assert kpi(warehouse, "cl_died", "2017-06") == 1
    assert kpi_parts(warehouse, "cl_pathway_plan_pct", "2017-06") == (0, 0, None)
    # July: K13, found dead at the July 2016 contact, is not in the cohort at 19.
    assert kpi(warehouse, "cl_cohort", "2017-07") == 0


def test_no_care_leavers_file_is_no_data(tmp_path: Path) -> None:
    with connect(tmp_path / "warehouse.duckdb") as con:
        land_and_build(con, tmp_path, {"header": HEADER, "episodes": EPISODES})
        # K07 is a care leaver by his episodes alone, but without the file nothing is known.
        for indicator_id in ("cl_cohort", "cl_not_in_touch", "cl_pathway_plan_pct"):
            assert kpi_parts(con, indicator_id, "2017-11") == (None, None, None)
            assert kpi_parts(con, indicator_id, "2017-04") == (None, None, None)


def test_the_care_leavers_behind_a_figure_are_listed(warehouse) -> None:
    # November's cohort (test_cohort_is_care_leavers_with_a_birthday_in_the_month): K01, K02,
    # K03, K04 and K07; pathway plans K01 and K04 of all five; NEET at 19-21 K02 of K02-K04.
    cohort = pseudonymised("K01", "K02", "K03", "K04", "K07")
    assert drill(warehouse, "cl_cohort", "2017-11", "numerator") == cohort
    assert drill(warehouse, "cl_pathway_plan_pct", "2017-11", "numerator") == pseudonymised(
        "K01", "K04"
    )
    assert drill(warehouse, "cl_pathway_plan_pct", "2017-11", "denominator") == cohort
    assert drill(warehouse, "cl_neet_19_to_21_pct", "2017-11", "numerator") == pseudonymised("K02")
    assert drill(warehouse, "cl_neet_19_to_21_pct", "2017-11", "denominator") == pseudonymised(
        "K02", "K03", "K04"
    )
    # Not in touch: K03 (contact outside the window) and K07 (no contact at all).
    assert drill(warehouse, "cl_not_in_touch", "2017-11", "numerator") == pseudonymised(
        "K03", "K07"
    )
    assert all(failing_rows(warehouse, audit) == 0 for audit in DRILL_AUDITS)

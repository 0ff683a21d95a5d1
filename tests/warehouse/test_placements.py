"""Placements indicators on two hand-built January 2018 extracts: one for where children are
placed (real postcodes; distances worked by hand in tests/ingest/test_location.py), one for
how often they move and how long they stay. Every figure is worked out by hand below."""

from __future__ import annotations

import polars as pl
import pytest
from extracts import KEY, LA, drill, kpi, land, load_and_build, pseudonymised

from ingest.pseudonymise import pseudonymise
from warehouse.audits import DRILL_AUDITS, failing_rows
from warehouse.runner import connect

# --- where children are placed ----------------------------------------------------------------

# Everyone is 16 or over, in one placement since June 2016, so none is in the stability cohort.
LOCATION_HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
P01,1,01/03/2001,WBRI,,,
P02,1,01/03/2001,WBRI,,,
P03,2,01/03/2001,WBRI,,,
P04,2,01/03/2001,WBRI,,,
P05,1,01/03/2001,WBRI,,,
U01,1,01/05/2001,BAFR,,,
U02,1,01/08/2001,AOTH,,,
U03,1,15/01/2000,OOTH,,,
"""

# Home CB4 1AA (Cambridge) unless blank. P01 CB6 1AA Ely, in county, 14.1 miles.
# P02 PE1 1AA Peterborough, out, 29.6 miles. P03 CB10 2AA Saffron Walden (Essex), out:
# dE 8852, dN -20807 -> 22611.7 m = 14.05 miles, not over 20. P04 London, out, no home postcode
# so no distance. P05 no placement postcode: location unknown. U01 the sector PE7 4, out
# (most of its postcodes are in Peterborough). U02 CB4 1AB, in. U03 PE1 1AB, out.
LOCATION_EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
P01,01/06/2016,S,C2,N1,U6,PR4,,,,CB4 1AA,CB6 1AA,
P02,01/06/2016,S,C2,N1,U6,PR4,,,,CB4 1AA,PE1 1AA,
P03,01/06/2016,S,C2,N1,U6,PR4,,,,CB4 1AA,CB10 2AA,
P04,01/06/2016,S,C2,N1,U6,PR4,,,,,SW1A 1AA,
P05,01/06/2016,S,C2,N1,U6,PR4,,,,CB4 1AA,,
U01,01/06/2016,S,V2,N8,U6,PR4,,,,,PE7 4,
U02,01/06/2016,S,V2,N8,U6,PR4,,,,,CB4 1AB,
U03,01/06/2016,S,V2,N8,U6,PR4,,,,,PE1 1AB,
"""

# U03 stops being UASC on his 18th birthday, 15 Jan 2018: UASC at 31 Dec, not at 31 Jan.
LOCATION_UASC = """
CHILD,SEX,DOB,DUC
U01,1,01/05/2001,01/05/2019
U02,1,01/08/2001,01/08/2019
U03,1,15/01/2000,15/01/2018
"""

# --- how often children move and how long they stay --------------------------------------------

MOVES_HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
M01,1,05/05/2005,WBRI,,,
M02,2,01/03/2010,WBRI,,,
M03,2,01/03/2013,WBRI,,,
M04,1,01/09/2005,WBRI,,,
M05,2,01/02/2008,WBRI,,,
M06,1,01/06/2006,WBRI,,,
M07,1,01/06/2001,WBRI,,,
M08,1,01/04/2004,WBRI,,,
M09,2,01/01/2003,WBRI,,,
"""

# Placements (a run of episodes with the same carer), and those open from 1 April 2017:
# M01 four carers (RNE P each time): May 2016, 10 May 2017, 1 Sep 2017, 5 Jan 2018.
#     Open since 1 April: 1 in April, 2 from May, 3 from September, 4 in January.
# M02 one placement: a legal status change (L), respite while the carer is on holiday (T3)
#     and back (P), the same carer becoming long-term (T), hospital over new year (T1) and back.
# M03 two placements: Jun 2015, then a new carer 1 Dec 2015, with whom she is placed for
#     adoption (B to E1, A5: the current foster carer) on 15 Aug 2017, not a move.
# M04 left care 1 Oct 2015 and came back 1 Dec 2015 (a new period), placed with parents.
# M05 one placement since January 2015.
# M06 in care since June 2015, moved 1 Mar 2017.
# M07 16 or over; moved to semi-independence 1 Jul 2017 (two placements this year).
# M08 left care on 30 June 2017 (the month's last day) and came back 10 Oct, moved 1 Dec:
#     three placements this year across two periods of care.
# M09 three placements this year (Mar, Jun, Nov 2017); left care on 31 Jan 2018, the month's
#     last day, so not in care at 31 Jan.
MOVES_EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
M01,01/05/2016,S,C2,N1,U6,PR1,10/05/2017,X1,,CB4 1AA,CB6 1AA,
M01,10/05/2017,P,C2,N1,U6,PR4,01/09/2017,X1,CARPL,CB4 1AA,PE29 3TN,
M01,01/09/2017,P,C2,N1,K2,PR4,05/01/2018,X1,CARPL,CB4 1AA,CB4 1AB,
M01,05/01/2018,P,C2,N1,U4,PR1,,,CARPL,CB4 1AA,CB22 3AA,
M02,01/03/2017,S,C1,N1,U6,PR1,01/06/2017,X1,,CB4 1AA,CB6 1AA,
M02,01/06/2017,L,C2,N1,U6,PR1,01/07/2017,X1,,CB4 1AA,CB6 1AA,
M02,01/07/2017,P,C2,N1,T3,,10/07/2017,X1,,CB4 1AA,PE29 3TN,
M02,10/07/2017,P,C2,N1,U6,PR1,01/09/2017,X1,,CB4 1AA,CB6 1AA,
M02,01/09/2017,T,C2,N1,U4,PR1,28/12/2017,X1,,CB4 1AA,CB6 1AA,
M02,28/12/2017,P,C2,N1,T1,,03/01/2018,X1,,CB4 1AA,CB4 1AB,
M02,03/01/2018,P,C2,N1,U4,PR1,,,,CB4 1AA,CB6 1AA,
M03,01/06/2015,S,C1,N1,U3,PR1,01/12/2015,X1,,CB4 1AA,CB6 1AA,
M03,01/12/2015,P,C1,N1,U3,PR1,01/10/2016,X1,CARPL,CB4 1AA,CB4 1AB,
M03,01/10/2016,L,C2,N1,U3,PR1,15/08/2017,X1,,CB4 1AA,CB4 1AB,
M03,15/08/2017,B,E1,N1,A5,PR1,,,,CB4 1AA,CB4 1AB,
M04,01/01/2014,S,V2,N4,U6,PR1,01/10/2015,E13,,CB4 1AA,CB6 1AA,
M04,01/12/2015,S,C2,N1,P1,PR0,,,,CB4 1AA,CB4 1AA,
M05,01/01/2015,S,C2,N1,U4,PR1,,,,CB4 1AA,CB6 1AA,
M06,01/06/2015,S,C2,N1,U6,PR1,01/03/2017,X1,,CB4 1AA,CB6 1AA,
M06,01/03/2017,P,C2,N1,R1,PR4,,,CARPL,CB4 1AA,PE29 3TN,
M07,01/01/2014,S,C2,N1,U4,PR1,01/07/2017,X1,,CB4 1AA,CB6 1AA,
M07,01/07/2017,P,C2,N1,H5,PR4,,,CARPL,CB4 1AA,CB4 1AB,
M08,01/02/2017,S,V2,N4,U6,PR1,30/06/2017,E13,,CB4 1AA,CB6 1AA,
M08,10/10/2017,S,V2,N4,U6,PR4,01/12/2017,X1,,CB4 1AA,PE29 3TN,
M08,01/12/2017,P,V2,N4,K2,PR4,,,CARPL,CB4 1AA,CB4 1AB,
M09,01/03/2017,S,V2,N5,U6,PR1,01/06/2017,X1,,CB4 1AA,CB6 1AA,
M09,01/06/2017,P,V2,N5,U6,PR4,01/11/2017,X1,CARPL,CB4 1AA,PE29 3TN,
M09,01/11/2017,P,V2,N5,K2,PR4,31/01/2018,E13,CARPL,CB4 1AA,CB4 1AB,
"""


def build(tmp_path_factory: pytest.TempPathFactory, name: str, tables: dict[str, str]):
    root = tmp_path_factory.mktemp(name)
    land(root / "landing", "2018-01", tables)
    with connect(root / "warehouse.duckdb") as con:
        load_and_build(con, root / "landing", ["2018-01"])
        yield con


@pytest.fixture(scope="module")
def located(tmp_path_factory: pytest.TempPathFactory):
    tables = {"header": LOCATION_HEADER, "episodes": LOCATION_EPISODES, "uasc": LOCATION_UASC}
    yield from build(tmp_path_factory, "placement_location", tables)


@pytest.fixture(scope="module")
def moves(tmp_path_factory: pytest.TempPathFactory):
    yield from build(
        tmp_path_factory, "placement_moves", {"header": MOVES_HEADER, "episodes": MOVES_EPISODES}
    )


def fraction(con, indicator_id: str, month: str) -> tuple[float | None, float | None]:
    return con.execute(
        "select numerator, denominator from mart.kpi_monthly "
        "where indicator_id = $i and month = cast($m || '-01' as date)",
        {"i": indicator_id, "m": month},
    ).fetchone()


def test_every_extract_row_loads(located, moves) -> None:
    for con, rows in ((located, 8), (moves, 28)):
        assert con.execute("select count(*) from staging.stg_episodes").fetchone() == (rows,)


def test_in_county_counts_every_child_placed_in_the_la(located) -> None:
    # 31 Jan: P01 and U02 (UASC count here) of the 8 in care = 25%.
    assert kpi(located, "placed_in_county", "2018-01") == 2
    assert kpi(located, "placed_in_county_pct", "2018-01") == pytest.approx(25.0)


def test_out_of_county_not_uasc(located) -> None:
    # 31 Jan, not UASC: P01-P05 and U03 (no longer UASC after 15 Jan) = 6. Out of county: P02,
    # P03, P04, U03 = 4 of 6.
    assert fraction(located, "placed_out_of_county_non_uasc_pct", "2018-01") == (4, 6)
    assert kpi(located, "placed_out_of_county_non_uasc", "2018-01") == 4
    # 31 Dec: U03 is UASC, so 3 of the 5 not UASC.
    assert fraction(located, "placed_out_of_county_non_uasc_pct", "2017-12") == (3, 5)


def test_out_of_county_over_20_miles_and_distance_not_known(located) -> None:
    # Only P02 (29.6 miles) is over 20: P03 is 14.1 miles away; P04 and U03 have no home
    # postcode, so their distance is not known. The percentage is of all 6 not UASC.
    assert kpi(located, "placed_out_of_county_over_20_miles_non_uasc", "2018-01") == 1
    assert fraction(located, "placed_out_of_county_over_20_miles_non_uasc_pct", "2018-01") == (
        1,
        6,
    )
    assert kpi(located, "placed_out_of_county_distance_unknown_non_uasc", "2018-01") == 2
    # 31 Dec: U03 is UASC, so only P04's distance is not known among those not UASC.
    assert kpi(located, "placed_out_of_county_distance_unknown_non_uasc", "2017-12") == 1


def test_placement_location_not_known(located) -> None:
    # P05 has no placement postcode. In (2) + out not UASC (4) + UASC out (1) + unknown (1) = 8.
    assert kpi(located, "placed_location_unknown", "2018-01") == 1


def test_uasc_placed_out_of_county(located) -> None:
    # 31 Jan: UASC U01 (PE7 4, out) and U02 (in): 1 of 2. 31 Dec: U03 too: U01 and U03 of 3.
    assert fraction(located, "uasc_placed_out_of_county_pct", "2018-01") == (1, 2)
    assert kpi(located, "uasc_placed_out_of_county_pct", "2018-01") == pytest.approx(50.0)
    assert fraction(located, "uasc_placed_out_of_county_pct", "2017-12") == (2, 3)


def placements_of(con, child: str) -> list[tuple]:
    child_id = pseudonymise(pl.Series([child]), KEY, LA)[0]
    return con.execute(
        "select start_date, end_date, place from main.fct_placement "
        "where child_id = $c order by placement_seq",
        {"c": child_id},
    ).fetchall()


def test_same_carer_changes_and_temporary_placements_are_not_moves(moves) -> None:
    # M02: seven episodes (L, T3 respite and back, T to long-term, T1 hospital and back), one
    # placement, still open.
    assert [(str(s), e, p) for s, e, p in placements_of(moves, "M02")] == [
        ("2017-03-01", None, "U6")
    ]


def test_placed_for_adoption_with_the_foster_carer_is_not_a_move(moves) -> None:
    # M03: her second carer's placement began 1 Dec 2015 and goes on as A5 from 15 Aug 2017.
    assert [str(s) for s, _, _ in placements_of(moves, "M03")] == ["2015-06-01", "2015-12-01"]


def test_leaving_and_returning_starts_a_new_placement(moves) -> None:
    # M08: 1 Feb-30 Jun 2017, then a new period from 10 Oct and a move on 1 Dec.
    assert [(str(s), e and str(e)) for s, e, _ in placements_of(moves, "M08")] == [
        ("2017-02-01", "2017-06-30"),
        ("2017-10-10", "2017-12-01"),
        ("2017-12-01", None),
    ]


def test_three_or_more_placements_during_the_year_is_cumulative(moves) -> None:
    # Children in care at each month end: April-May 9 (M01-M09); June-September 8 (M08 left on
    # 30 June); October-December 9 (M08 back); January 8 (M09 left on 31 January).
    # With 3+ placements open since 1 April: M01 from September; M09 from November (placements
    # from March, June and November); M08 from December (two periods). M02's temporary
    # placements and M03's adoption by her carer add none.
    expected = {
        "2017-08": (0, 8),
        "2017-09": (1, 8),
        "2017-10": (1, 9),
        "2017-11": (2, 9),
        "2017-12": (3, 9),
        # M09 left on 31 Jan, the month's last day: out of both counts. M01 now has 4.
        "2018-01": (2, 8),
    }
    assert {m: fraction(moves, "placements_3_plus_pct", m) for m in expected} == expected
    assert kpi(moves, "placements_3_plus", "2018-01") == 2
    assert kpi(moves, "placements_3_plus_pct", "2018-01") == pytest.approx(25.0)


def test_long_term_stability(moves) -> None:
    # 31 Jan 2018: the cohort is children under 16 looked after continuously since 31 Jul 2015
    # or earlier: M03 (since 1 Jun 2015), M05 (1 Jan 2015), M06 (1 Jun 2015). Not M04: in care
    # since 2014 but with a break (home 1 Oct - 1 Dec 2015), so only since 1 Dec 2015. Not M07
    # (16). In their placement since 31 Jan 2016 or earlier: M05, and M03, whose placement for
    # adoption with her carer counts from 1 Dec 2015. M06 moved in March 2017. 2 of 3.
    assert fraction(moves, "placement_stability_2_years_pct", "2018-01") == (2, 3)
    assert kpi(moves, "placement_stability_2_years_pct", "2018-01") == pytest.approx(200 / 3)
    # 30 Nov 2017: looked after since 30 May 2015 or earlier: only M05, who is stable.
    assert fraction(moves, "placement_stability_2_years_pct", "2017-11") == (1, 1)


def test_placement_type_mix(moves) -> None:
    # 31 Jan (8 in care): fostering M01 (U4), M02 (U4, back from hospital), M05 (U4);
    # residential M06 (R1), M08 (K2); semi-independent M07 (H5); placed for adoption M03 (A5);
    # with parents M04 (P1).
    groups = ("fostering", "residential", "semi_independent", "adoption", "with_parents", "other")
    jan = {g: fraction(moves, f"placement_{g}_pct", "2018-01")[0] for g in groups}
    assert jan == {
        "fostering": 3,
        "residential": 2,
        "semi_independent": 1,
        "adoption": 1,
        "with_parents": 1,
        "other": 0,
    }
    assert kpi(moves, "placement_fostering_pct", "2018-01") == pytest.approx(37.5)
    # 31 Dec (9 in care): M02 is in hospital (T1, other); M01, M06, M08, M09 residential.
    dec = {g: fraction(moves, f"placement_{g}_pct", "2017-12")[0] for g in groups}
    assert dec == {
        "fostering": 1,
        "residential": 4,
        "semi_independent": 1,
        "adoption": 1,
        "with_parents": 1,
        "other": 1,
    }


def test_the_children_behind_a_figure_are_listed(located, moves) -> None:
    # 31 Jan (test_three_or_more_placements_during_the_year_is_cumulative): M01 and M08 of the
    # eight in care, M01-M08.
    in_care = pseudonymised("M01", "M02", "M03", "M04", "M05", "M06", "M07", "M08")
    assert drill(moves, "placements_3_plus_pct", "2018-01", "numerator") == pseudonymised(
        "M01", "M08"
    )
    assert drill(moves, "placements_3_plus_pct", "2018-01", "denominator") == in_care
    # Long-term stability (test_long_term_stability): M03 and M05 of M03, M05, M06.
    assert drill(moves, "placement_stability_2_years_pct", "2018-01", "numerator") == (
        pseudonymised("M03", "M05")
    )
    assert drill(moves, "placement_stability_2_years_pct", "2018-01", "denominator") == (
        pseudonymised("M03", "M05", "M06")
    )
    # A count lists no denominator: out of county, not UASC, P02, P03, P04, U03.
    assert drill(located, "placed_out_of_county_non_uasc", "2018-01", "numerator") == (
        pseudonymised("P02", "P03", "P04", "U03")
    )
    assert drill(located, "placed_out_of_county_non_uasc", "2018-01", "denominator") == []
    for con in (located, moves):
        assert all(failing_rows(con, audit) == 0 for audit in DRILL_AUDITS)

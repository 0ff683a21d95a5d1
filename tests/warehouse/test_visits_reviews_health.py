"""Visits, reviews and health indicators on three hand-built January 2018 extracts: one with
visits, one with reviews, one with health checks (so each file's absence from the others is
the "no data" case). Working days skip weekends and England and Wales bank holidays: in 2017-18
Good Friday 14 April, Easter Monday 17 April, 1 May, 29 May, 28 August, 25 and 26 December and
1 January."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from duckdb import DuckDBPyConnection as Connection
from extracts import drill, kpi, land, load_and_build, month_date, pseudonymised

from warehouse.audits import DRILL_AUDITS, failing_rows
from warehouse.runner import connect

EPISODE_COLUMNS = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
)

# --- visits -------------------------------------------------------------------------------
# K01: placed 1 Oct; seen 5 Oct, 16 Nov (on the due date), 20 Dec; next due 20 Dec + 42 days =
#      31 Jan, the month's last day, and seen that day.
# K02: placed 1 June, seen every ~5 weeks to 30 Nov (next due 11 Jan); moves to a new carer on
#      2 Jan (RNE P): the new placement's visit is due within 7 days, by 9 Jan; seen 10 Jan, late
#      (against the old clock's 11 Jan it would have been on time).
# K03: placed 1 Sep, seen 1 Dec (next due 12 Jan); a temporary placement in hospital (T1) from
#      3 to 6 Jan, then back to the same carer: neither resets the clock. Seen 11 Jan: on time
#      (a reset at 3 Jan would make it due 10 Jan).
# K04: as K03 but seen 13 Jan: late (a reset at the return on 6 Jan would make it due 13 Jan).
# K05: placed 1 Nov, seen 3 Nov; visited 14 Dec but not seen (SEEN = N), seen 20 Dec: the visit
#      due 15 Dec was missed; the next, due 31 Jan, has not happened.
# K06: in a long-term foster placement (U4) since 2015, seen 20 Sep (first visit on record) and
#      15 Dec: after the first year visits are three-monthly, so the next is due 15 Mar, none in
#      January (six-weekly would have made one due 26 Jan).
# K07: a short break (V4) from 10 Dec, never visited: no visits are due.
# K08: foster placement from 1 Oct, placed for adoption with the same carer (A5) on 8 Jan with
#      RNE P: not a new placement. Seen 5 Oct, 10 Nov, 15 Dec, 20 Jan: the visit due 26 Jan was on
#      time (a reset on 8 Jan would have made it due 15 Jan).
VISITS_HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
K01,1,01/01/2008,WBRI,,,
K02,2,01/01/2009,WBRI,,,
K03,1,01/01/2010,WBRI,,,
K04,2,01/01/2010,WBRI,,,
K05,1,01/01/2011,WBRI,,,
K06,2,01/01/2006,WBRI,,,
K07,1,01/01/2012,WBRI,,,
K08,2,01/01/2015,WBRI,,,
"""
VISITS_EPISODES = f"""
{EPISODE_COLUMNS}
K01,01/10/2017,S,C2,N1,U6,PR1,,,,,,
K02,01/06/2017,S,C2,N1,U6,PR1,02/01/2018,X1,,,,
K02,02/01/2018,P,C2,N1,U6,PR4,,,,,,
K03,01/09/2017,S,C2,N1,U6,PR1,03/01/2018,X1,,,,
K03,03/01/2018,P,C2,N1,T1,,06/01/2018,X1,,,,
K03,06/01/2018,P,C2,N1,U6,PR1,,,,,,
K04,01/09/2017,S,C2,N1,U6,PR1,03/01/2018,X1,,,,
K04,03/01/2018,P,C2,N1,T1,,06/01/2018,X1,,,,
K04,06/01/2018,P,C2,N1,U6,PR1,,,,,,
K05,01/11/2017,S,C2,N1,U6,PR1,,,,,,
K06,01/01/2015,S,C2,N1,U4,PR1,,,,,,
K07,10/12/2017,S,V4,N1,U6,PR1,,,,,,
K08,01/10/2017,S,E1,N1,U5,PR1,08/01/2018,X1,,,,
K08,08/01/2018,P,E1,N1,A5,PR1,,,,,,
"""
VISITS = """
CHILD,VISIT_DATE,SEEN,SEEN_ALONE
K01,05/10/2017,Y,N
K01,16/11/2017,Y,N
K01,20/12/2017,Y,N
K01,31/01/2018,Y,N
K02,05/06/2017,Y,N
K02,10/07/2017,Y,N
K02,14/08/2017,Y,N
K02,20/09/2017,Y,N
K02,25/10/2017,Y,N
K02,30/11/2017,Y,N
K02,10/01/2018,Y,N
K03,05/09/2017,Y,N
K03,12/10/2017,Y,N
K03,15/11/2017,Y,N
K03,01/12/2017,Y,N
K03,11/01/2018,Y,N
K04,05/09/2017,Y,N
K04,12/10/2017,Y,N
K04,15/11/2017,Y,N
K04,01/12/2017,Y,N
K04,13/01/2018,Y,N
K05,03/11/2017,Y,N
K05,14/12/2017,N,N
K05,20/12/2017,Y,N
K06,20/09/2017,Y,N
K06,15/12/2017,Y,N
K08,05/10/2017,Y,N
K08,10/11/2017,Y,N
K08,15/12/2017,Y,N
K08,20/01/2018,Y,N
"""

# --- reviews ------------------------------------------------------------------------------
# R01: in care from Friday 24 March 2017: 20 working days skip Good Friday and Easter Monday,
#      so the first review is due 25 April (21 April if bank holidays were ignored); held 25 Apr
#      on time. Second due 25 Jul, held 20 Jul; third due 20 Jan, held 19 Jan.
# R02: in care from Monday 11 Dec 2017: 20 working days skip 25, 26 Dec and 1 Jan: due 11 Jan
#      (8 Jan if bank holidays were ignored); held 10 Jan on time.
# R03: in care from 15 May (first due 13 June: 29 May is a bank holiday); held 9 June; second
#      due 9 Sep, held 20 Sep: late in September.
# R04: in care from 1 Mar 2017; held 28 Mar and 27 Jun; the third, due 27 Dec, not held: late in
#      December.
# R05: in care 3 April to 31 July (reviews 27 Apr, due 4 May; 26 Jul, due 27 Jul); returns on
#      4 Dec: a new period whose first review is due 20 working days on, 4 Jan. Held 5 Jan: late
#      (the old period's six-monthly clock would have made it due 26 Jan).
# R06: a short break (V4) from 1 Nov, never reviewed: no review is due (it would be 29 Nov).
# R07: in care since 2015: the first review on record (10 May 2016) cannot be judged; the next
#      ones, due six months after the previous (10 Nov 2016, 1 May 2017, 25 Oct 2017), were held
#      1 Nov 2016, 25 Apr 2017 and 20 Oct 2017: on time.
REVIEWS_HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
R01,1,01/01/2008,WBRI,,,
R02,2,01/01/2009,WBRI,,,
R03,1,01/01/2010,WBRI,,,
R04,2,01/01/2007,WBRI,,,
R05,1,01/01/2006,WBRI,,,
R06,2,01/01/2011,WBRI,,,
R07,1,01/01/2005,WBRI,,,
"""
REVIEWS_EPISODES = f"""
{EPISODE_COLUMNS}
R01,24/03/2017,S,C2,N1,U6,PR1,,,,,,
R02,11/12/2017,S,V2,N1,U6,PR1,,,,,,
R03,15/05/2017,S,C2,N1,U6,PR1,,,,,,
R04,01/03/2017,S,C2,N1,U6,PR1,,,,,,
R05,03/04/2017,S,V2,N1,U6,PR1,31/07/2017,E13,,,,
R05,04/12/2017,S,V2,N1,U6,PR1,,,,,,
R06,01/11/2017,S,V4,N1,U6,PR1,,,,,,
R07,01/01/2015,S,C2,N1,U4,PR1,,,,,,
"""
REVIEWS = """
CHILD,DOB,REVIEW,REVIEW_CODE
R01,01/01/2008,25/04/2017,PN1
R01,01/01/2008,20/07/2017,PN1
R01,01/01/2008,19/01/2018,PN1
R02,01/01/2009,10/01/2018,PN1
R03,01/01/2010,09/06/2017,PN1
R03,01/01/2010,20/09/2017,PN1
R04,01/01/2007,28/03/2017,PN1
R04,01/01/2007,27/06/2017,PN1
R05,01/01/2006,27/04/2017,PN1
R05,01/01/2006,26/07/2017,PN1
R05,01/01/2006,05/01/2018,PN1
R07,01/01/2005,10/05/2016,PN1
R07,01/01/2005,01/11/2016,PN1
R07,01/01/2005,25/04/2017,PN1
R07,01/01/2005,20/10/2017,PN1
"""

# R08: in care from 1 Feb 2017 with a change of legal status (X1, then L) on 1 June 2017, so the
#      period of care runs on, open. First review due 1 Mar, held 28 Feb; second due 28 May, held
#      20 May; third due 20 Nov, held 15 Nov: on time.
CHANGE_OF_LEGAL_STATUS = {
    "header": "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nR08,1,01/01/2008,WBRI,,,\n",
    "episodes": f"""{EPISODE_COLUMNS}
R08,01/02/2017,S,C1,N1,U6,PR1,01/06/2017,X1,,,,
R08,01/06/2017,L,C2,N1,U6,PR1,,,,,,
""",
    "reviews": """CHILD,DOB,REVIEW,REVIEW_CODE
R08,01/01/2008,28/02/2017,PN1
R08,01/01/2008,20/05/2017,PN1
R08,01/01/2008,15/11/2017,PN1
""",
}

# --- health -------------------------------------------------------------------------------
# Initial health assessments, due 20 working days after the start of care:
# H01: from Wed 1 Nov, due 29 Nov; completed 28 Nov: on time.
# H02: from Mon 6 Nov, due 4 Dec; completed 5 Dec: late.
# H03: from 13 Nov, left 24 Nov, before the 20 working days ran: not counted.
# H04: from 8 Nov, due 6 Dec; the IHA of 15 Nov was refused: not done.
# H05: from Mon 11 Dec, due 11 Jan over Christmas and New Year; completed 11 Jan: on time.
# H06: from 22 Jan, due 19 Feb: not yet counted in the January extract.
# H07: a short break (V4) from 6 Nov, never assessed: not counted.
# H12: back in care on 1 Sep after a break, never assessed: late, September's only entry.
# Annual health assessments and dental checks, for children looked after for the 12 months to
# the month end (at 31 Jan: since 1 Feb 2017; at 31 Dec: since 1 Jan 2017):
# H08: aged 10, in care since 2015: RHA 15 Mar 2017; dental 10 Jan 2017 (in December's 12 months,
#      not January's).
# H09: aged 8, in care since 1 Feb 2017 (exactly 12 months at 31 Jan): IHA 20 Feb 2017 counts as
#      the health assessment; dental on 1 Feb 2017, the window's first day.
# H10: in care since 2 Feb 2017: a day short of 12 months at 31 Jan, not in the cohort.
# H11: aged 3, in care since 2015: an under-5 needs an assessment in the last 6 months (at 31
#      Jan: since 1 Aug 2017): RHA 30 Jul 2017 is a day too early, and the one of 10 Oct was
#      cancelled. Dental 15 Jan 2017 (December's 12 months, not January's).
# H12: in care from 1 Mar 2016 to 30 Jun 2017, back on 1 Sep 2017: not looked after continuously.
# H13: a short break (V4) since 2016, with checks in Oct 2017: not in the cohort.
HEALTH_HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
H01,1,01/01/2008,WBRI,,,
H02,2,01/01/2009,WBRI,,,
H03,1,01/01/2010,WBRI,,,
H04,2,01/01/2011,WBRI,,,
H05,1,01/01/2012,WBRI,,,
H06,2,01/01/2013,WBRI,,,
H07,1,01/01/2012,WBRI,,,
H08,2,01/01/2008,WBRI,,,
H09,1,01/01/2010,WBRI,,,
H10,2,01/01/2009,WBRI,,,
H11,1,01/06/2014,WBRI,,,
H12,2,01/01/2007,WBRI,,,
H13,1,01/01/2010,WBRI,,,
"""
HEALTH_EPISODES = f"""
{EPISODE_COLUMNS}
H01,01/11/2017,S,V2,N1,U6,PR1,,,,,,
H02,06/11/2017,S,V2,N1,U6,PR1,,,,,,
H03,13/11/2017,S,V2,N1,U6,PR1,24/11/2017,E13,,,,
H04,08/11/2017,S,V2,N1,U6,PR1,,,,,,
H05,11/12/2017,S,V2,N1,U6,PR1,,,,,,
H06,22/01/2018,S,V2,N1,U6,PR1,,,,,,
H07,06/11/2017,S,V4,N1,U6,PR1,,,,,,
H08,01/01/2015,S,C2,N1,U4,PR1,,,,,,
H09,01/02/2017,S,C2,N1,U6,PR1,,,,,,
H10,02/02/2017,S,C2,N1,U6,PR1,,,,,,
H11,01/06/2015,S,C2,N1,U6,PR1,,,,,,
H12,01/03/2016,S,C2,N1,U6,PR1,30/06/2017,E13,,,,
H12,01/09/2017,S,C2,N1,U6,PR1,,,,,,
H13,01/01/2016,S,V4,N1,U6,PR1,,,,,,
"""
HEALTH_CHECKS = """
CHILD,CHECK_TYPE,CHECK_DATE,STATUS
H01,IHA,28/11/2017,COMPLETED
H02,IHA,05/12/2017,COMPLETED
H03,IHA,20/11/2017,COMPLETED
H04,IHA,15/11/2017,REFUSED
H05,IHA,11/01/2018,COMPLETED
H08,RHA,15/03/2017,COMPLETED
H08,DENTAL,10/01/2017,COMPLETED
H09,IHA,20/02/2017,COMPLETED
H09,DENTAL,01/02/2017,COMPLETED
H10,RHA,10/01/2018,COMPLETED
H10,DENTAL,10/01/2018,COMPLETED
H11,RHA,30/07/2017,COMPLETED
H11,RHA,10/10/2017,CANCELLED
H11,DENTAL,15/01/2017,COMPLETED
H12,RHA,10/10/2017,COMPLETED
H12,DENTAL,10/10/2017,COMPLETED
H13,RHA,10/10/2017,COMPLETED
H13,DENTAL,10/10/2017,COMPLETED
"""

VISITS_EXTRACT = {"header": VISITS_HEADER, "episodes": VISITS_EPISODES, "visits": VISITS}
REVIEWS_EXTRACT = {"header": REVIEWS_HEADER, "episodes": REVIEWS_EPISODES, "reviews": REVIEWS}
HEALTH_EXTRACT = {
    "header": HEALTH_HEADER,
    "episodes": HEALTH_EPISODES,
    "health_checks": HEALTH_CHECKS,
}


def built(factory: pytest.TempPathFactory, tables: dict[str, str]) -> Iterator[Connection]:
    """A warehouse loaded and built from the tables as the January 2018 extract."""
    root = factory.mktemp("visits_reviews_health")
    land(root / "landing", "2018-01", tables)
    with connect(root / "warehouse.duckdb") as con:
        load_and_build(con, root / "landing", ["2018-01"])
        yield con


@pytest.fixture(scope="module")
def visits(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    yield from built(tmp_path_factory, VISITS_EXTRACT)


@pytest.fixture(scope="module")
def reviews(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    yield from built(tmp_path_factory, REVIEWS_EXTRACT)


@pytest.fixture(scope="module")
def legal_status_change(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    yield from built(tmp_path_factory, CHANGE_OF_LEGAL_STATUS)


@pytest.fixture(scope="module")
def health(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    yield from built(tmp_path_factory, HEALTH_EXTRACT)


def figures(con: Connection, indicator_id: str, month: str) -> tuple:
    """(numerator, denominator, value) of one indicator in one month."""
    return con.execute(
        "select numerator, denominator, value from mart.kpi_monthly "
        "where indicator_id = $i and month = $m",
        {"i": indicator_id, "m": month_date(month)},
    ).fetchone()


def test_every_extract_loads_without_rejected_rows(visits, reviews, health) -> None:
    # The hand-built extracts are valid: every figure below is worked from every row.
    for con in (visits, reviews, health):
        assert con.execute(
            "select count(*) from audit.quarantine where severity = 'error'"
        ).fetchone() == (0,)


# --- visits ---------------------------------------------------------------------------------


def test_children_due_a_visit(visits) -> None:
    # January: K01 (31 Jan), K02 (9 Jan, new placement), K03 and K04 (12 Jan), K05 (31 Jan),
    # K08 (26 Jan) = 6. Not K06 (three-monthly: next due 15 Mar), not K07 (short break).
    assert kpi(visits, "visits_due", "2018-01") == 6
    # December: K01 (28 Dec), K03 and K04 (27 Dec), K05 (15 Dec), K06 (20 Dec), K08 (22 Dec)
    # = 6. Not K02: its visit due 6 Dec was made on 30 Nov, before December began.
    assert kpi(visits, "visits_due", "2017-12") == 6


def test_a_due_date_met_before_the_month_began_is_not_due_in_it(visits) -> None:
    # K02, seen every ~5 weeks: seen 25 Oct, so due 6 Dec; seen again 30 Nov, which sets 11 Jan
    # instead. Nothing was outstanding for K02 in December (its 6 Dec was met in November), and
    # in November its 1 Nov date (from 20 Sep) had been met on 25 Oct.
    listed = drill(visits, "visits_due", "2017-12", "numerator")
    assert pseudonymised("K02")[0] not in listed
    assert pseudonymised("K02")[0] not in drill(visits, "visits_due", "2017-11", "numerator")
    # K03, seen 1 Dec for a visit due 27 Dec: met within December, so due (and in time) there.
    assert pseudonymised("K03")[0] in listed


def test_visit_due_on_the_last_day_of_the_month_is_due_that_month(visits) -> None:
    # K01 seen 20 Dec: due 31 Jan and seen that day. K05 seen 20 Dec: due 31 Jan, not seen.
    # January's not seen: K02, K04, K05 = 3; seen in timescale: K01, K03, K08 = 3 of 6.
    assert figures(visits, "visits_not_seen_in_timescale", "2018-01") == (3, 6, 3)
    assert figures(visits, "visits_in_timescale_pct", "2018-01") == (3, 6, 50.0)


def test_a_visit_at_which_the_child_was_not_seen_does_not_count(visits) -> None:
    # December: K05's visit of 14 Dec (SEEN = N) does not meet the visit due 15 Dec: 1 of 6 not
    # seen in timescale, 5 / 6 = 83.3%.
    assert kpi(visits, "visits_not_seen_in_timescale", "2017-12") == 1
    assert kpi(visits, "visits_in_timescale_pct", "2017-12") == pytest.approx(500 / 6)


def test_every_child_seen_in_timescale(visits) -> None:
    # November: K01 (16 Nov, seen that day), K03 and K04 (23 Nov), K05 (8 Nov), K08 (16 Nov):
    # 5 due, all seen in time. Not K02 (its 1 Nov was met on 25 Oct); K06's clock runs from
    # 20 Sep to 20 Dec.
    assert figures(visits, "visits_in_timescale_pct", "2017-11") == (5, 5, 100.0)


# --- reviews --------------------------------------------------------------------------------


def test_late_reviews_in_the_month(reviews) -> None:
    # January: due R01 (20 Jan, held 19 Jan), R02 (11 Jan over Christmas, held 10 Jan), R05
    # (4 Jan, 20 working days after returning to care; held 5 Jan): one late.
    assert kpi(reviews, "reviews_late", "2018-01") == 1
    # December: R04's third review, due 27 Dec, not held.
    assert kpi(reviews, "reviews_late", "2017-12") == 1
    # September: R03's second, due 9 Sep, held 20 Sep.
    assert kpi(reviews, "reviews_late", "2017-09") == 1
    # April: R01's first, due 25 Apr counting over Easter, held that day. November: R06's short
    # break needs no review.
    assert kpi(reviews, "reviews_late", "2017-04") == 0
    assert kpi(reviews, "reviews_late", "2017-11") == 0


def test_cumulative_late_reviews_from_april(reviews) -> None:
    # September 1, December 1, January 1.
    assert kpi(reviews, "reviews_late_ytd", "2017-08") == 0
    assert kpi(reviews, "reviews_late_ytd", "2017-09") == 1
    assert kpi(reviews, "reviews_late_ytd", "2017-12") == 2
    assert kpi(reviews, "reviews_late_ytd", "2018-01") == 3


def test_reviews_held_in_timescale(reviews) -> None:
    # January: R01 (19 Jan), R02 (10 Jan) on time; R05 (5 Jan) late: 2 of 3.
    assert figures(reviews, "reviews_in_timescale_pct", "2018-01") == (2, 3, pytest.approx(200 / 3))
    # April: R01 (25 Apr, due 25 Apr over Easter), R05 (27 Apr, due 4 May), R07 (25 Apr, due
    # 1 May; its first review on record, 10 May 2016, is not judged): 3 of 3.
    assert figures(reviews, "reviews_in_timescale_pct", "2017-04") == (3, 3, 100.0)
    # September: R03's late review only.
    assert figures(reviews, "reviews_in_timescale_pct", "2017-09") == (0, 1, 0.0)
    # December: no review held: no percentage, not 0.
    assert figures(reviews, "reviews_in_timescale_pct", "2017-12") == (0, 0, None)


def test_a_change_of_legal_status_does_not_end_the_period_of_care(legal_status_change) -> None:
    # R08's review of 15 Nov, due 20 Nov, is held within the period of care that runs on after
    # the same-day change of legal status on 1 June: November 1 of 1 on time.
    assert figures(legal_status_change, "reviews_in_timescale_pct", "2017-11") == (1, 1, 100.0)


# --- initial health assessments ---------------------------------------------------------------


def test_initial_health_assessment_by_month_of_entry(health) -> None:
    # November's entrants who stayed 20 working days: H01 (on time), H02 (a day late), H04
    # (refused): 1 of 3. Not H03 (left after 11 days), not H07 (short break).
    assert figures(health, "iha_in_timescale_pct", "2017-11") == (1, 3, pytest.approx(100 / 3))
    # December: H05, due 11 Jan counting over Christmas and New Year, assessed that day.
    assert figures(health, "iha_in_timescale_pct", "2017-12") == (1, 1, 100.0)
    # September: H12, back in care on 1 Sep, never assessed.
    assert figures(health, "iha_in_timescale_pct", "2017-09") == (0, 1, 0.0)


def test_initial_health_assessment_not_yet_due_is_not_counted(health) -> None:
    # January: H06's 20 working days run to 19 Feb: nobody to count yet.
    assert figures(health, "iha_in_timescale_pct", "2018-01") == (0, 0, None)


# --- annual health assessments and dental checks ------------------------------------------------


def test_annual_health_assessment_on_time(health) -> None:
    # At 31 Jan: cohort H08, H09, H11 (not H10, a day short; not H12, a break in care; not H13,
    # short breaks). H08 (RHA 15 Mar) and H09 (IHA 20 Feb) are assessed; H11, under 5, had none
    # since 1 Aug: 2 of 3.
    assert figures(health, "health_assessment_on_time_pct", "2018-01") == (
        2,
        3,
        pytest.approx(200 / 3),
    )
    # At 31 Dec: cohort H08, H11 (H09 came into care on 1 Feb); H11's RHA of 30 Jul is within
    # the 6 months from 1 Jul: 2 of 2.
    assert figures(health, "health_assessment_on_time_pct", "2017-12") == (2, 2, 100.0)


def test_dental_check_on_time(health) -> None:
    # At 31 Jan (checks since 1 Feb 2017): H09 only (1 Feb); H08 (10 Jan 2017) and H11 (15 Jan
    # 2017) are too old: 1 of 3.
    assert figures(health, "dental_check_on_time_pct", "2018-01") == (1, 3, pytest.approx(100 / 3))
    # At 31 Dec (since 1 Jan 2017): H08 and H11: 2 of 2.
    assert figures(health, "dental_check_on_time_pct", "2017-12") == (2, 2, 100.0)


# --- who is counted ---------------------------------------------------------------------------


def test_the_children_behind_the_visits_figures_are_listed(visits) -> None:
    # January (test_visit_due_on_the_last_day_of_the_month_is_due_that_month): due K01, K02,
    # K03, K04, K05, K08; not seen in timescale K02, K04, K05; seen K01, K03, K08.
    due = pseudonymised("K01", "K02", "K03", "K04", "K05", "K08")
    assert drill(visits, "visits_due", "2018-01", "numerator") == due
    assert drill(visits, "visits_not_seen_in_timescale", "2018-01", "numerator") == (
        pseudonymised("K02", "K04", "K05")
    )
    assert drill(visits, "visits_not_seen_in_timescale", "2018-01", "denominator") == due
    assert drill(visits, "visits_in_timescale_pct", "2018-01", "numerator") == pseudonymised(
        "K01", "K03", "K08"
    )
    assert all(failing_rows(visits, audit) == 0 for audit in DRILL_AUDITS)


def test_the_reviews_behind_the_review_figures_are_listed(reviews) -> None:
    # Late in January: R05's; since April (test_cumulative_late_reviews_from_april): R03's in
    # September, R04's in December and R05's. Held in January: R01, R02 on time, R05 late.
    assert drill(reviews, "reviews_late", "2018-01", "numerator") == pseudonymised("R05")
    assert drill(reviews, "reviews_late_ytd", "2018-01", "numerator") == pseudonymised(
        "R03", "R04", "R05"
    )
    assert drill(reviews, "reviews_in_timescale_pct", "2018-01", "numerator") == pseudonymised(
        "R01", "R02"
    )
    assert drill(reviews, "reviews_in_timescale_pct", "2018-01", "denominator") == (
        pseudonymised("R01", "R02", "R05")
    )
    assert all(failing_rows(reviews, audit) == 0 for audit in DRILL_AUDITS)


def test_the_children_behind_the_health_figures_are_listed(health) -> None:
    # November's entrants (test_initial_health_assessment_by_month_of_entry): H01 on time of
    # H01, H02, H04. At 31 Jan (test_annual_health_assessment_on_time, test_dental_check_on_time):
    # H08 and H09 assessed, H09 alone to the dentist, of H08, H09, H11.
    assert drill(health, "iha_in_timescale_pct", "2017-11", "numerator") == pseudonymised("H01")
    assert drill(health, "iha_in_timescale_pct", "2017-11", "denominator") == pseudonymised(
        "H01", "H02", "H04"
    )
    cohort = pseudonymised("H08", "H09", "H11")
    assert drill(health, "health_assessment_on_time_pct", "2018-01", "numerator") == (
        pseudonymised("H08", "H09")
    )
    assert drill(health, "health_assessment_on_time_pct", "2018-01", "denominator") == cohort
    assert drill(health, "dental_check_on_time_pct", "2018-01", "numerator") == pseudonymised("H09")
    assert all(failing_rows(health, audit) == 0 for audit in DRILL_AUDITS)


# --- no data ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extract", "absent"),
    [
        ("visits", ["reviews_late", "reviews_late_ytd", "reviews_in_timescale_pct"]),
        ("reviews", ["iha_in_timescale_pct", "health_assessment_on_time_pct"]),
        ("health", ["visits_due", "visits_not_seen_in_timescale", "visits_in_timescale_pct"]),
    ],
)
def test_a_table_not_landed_is_no_data_not_zero(extract, absent, request) -> None:
    con = request.getfixturevalue(extract)
    for indicator_id in absent:
        for month in ("2017-04", "2018-01"):
            assert figures(con, indicator_id, month) == (None, None, None)


def test_every_indicator_every_month_of_the_year_to_date(visits) -> None:
    # Nine indicators, April 2017 to January 2018.
    assert visits.execute(
        "select count(*), count(distinct month) from mart.kpi_monthly "
        "where section = 'visits_reviews_health'"
    ).fetchone() == (90, 10)


def test_the_section_mart_has_a_column_per_indicator(visits) -> None:
    # January, as worked above: 6 to be visited, 3 not seen in timescale; no reviews file.
    assert visits.execute(
        "select children_to_be_visited, not_seen_in_timescale, visited_in_timescale_pct, "
        "late_reviews from mart.mart_visits_reviews_health where month = date '2018-01-01'"
    ).fetchone() == (6, 3, 50.0, None)

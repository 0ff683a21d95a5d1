"""Demographics indicators on a hand-built extract (extract months December 2017 and January
2018): every figure is a share of the children in care at the month end, worked out by hand."""

from __future__ import annotations

import pytest
from extracts import drill, kpi, land, load_and_build, pseudonymised

from warehouse.audits import DRILL_AUDITS, failing_rows
from warehouse.runner import connect

# Ages are whole years on the month's last day (31 Dec 2017 / 31 Jan 2018).
HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
A101,1,01/06/2017,WBRI,,,
A102,2,01/02/2015,MWBC,,,
A103,1,31/01/2013,AIND,,,
A104,2,01/02/2008,CHNE,,,
A105,1,15/06/2002,BAFR,,,
A106,1,01/01/2002,OOTH,,,
A107,2,10/10/2001,REFU,,,
A108,1,01/05/2005,NOBT,,,
A109,2,01/01/2010,WBRI,,,
A110,1,01/01/2009,WBRI,,,
"""

# Age at 31 Dec / 31 Jan, legal status:
# A101 0 / 0 C1        A102 2 / 2 E1         A103 4 / 5 D1 (5th birthday on 31 Jan)
# A104 9 / 9 C2        A105 15 / 15 V2       A106 15 / 16 J2 (16th birthday on 1 Jan)
# A107 16 / 16 L2      A108 12 / 12 C2       A109 short break (V3): never counted
# A110 8 C2, leaves care on 31 Jan, the month's last day: in care at 31 Dec, not at 31 Jan.
EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A101,05/06/2017,S,C1,N1,U6,PR1,,,,,,
A102,01/03/2016,S,E1,N1,U6,PR1,,,,,,
A103,01/02/2016,S,D1,N1,U6,PR1,,,,,,
A104,01/01/2017,S,C2,N1,U6,PR1,,,,,,
A105,01/05/2017,S,V2,N4,U6,PR1,,,,,,
A106,01/11/2017,S,J2,N6,U6,PR1,,,,,,
A107,20/12/2017,S,L2,N1,U6,PR1,,,,,,
A108,01/01/2016,S,C2,N1,U6,PR1,,,,,,
A109,10/01/2018,S,V3,N2,U6,PR1,,,,,,
A110,01/01/2017,S,C2,N1,U6,PR1,31/01/2018,E13,,,,
"""

# Two rows for A102 count once; A101's NONE is no disability; A109 (short break) and A110
# (left on 31 Jan) are not in care in January.
DISABILITY = """
CHILD,DISABILITY
A101,NONE
A102,LD
A102,HAND
A105,AUT
A109,MOB
A110,VIS
"""

# The December extract: nothing dated in January yet (A109 has not started, A110's episode is
# open) and no disability file, so its disability figures are "no data".
DECEMBER_EPISODES = "\n".join(
    line.replace("31/01/2018,E13", ",")
    for line in EPISODES.splitlines()
    if not line.startswith("A109")
)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("demographics")
    land(root / "landing", "2017-12", {"header": HEADER, "episodes": DECEMBER_EPISODES})
    land(
        root / "landing",
        "2018-01",
        {"header": HEADER, "episodes": EPISODES, "disability": DISABILITY},
    )
    with connect(root / "warehouse.duckdb") as con:
        load_and_build(con, root / "landing", ["2017-12", "2018-01"])
        yield con


def share(con, indicator_id: str, month: str) -> tuple[float | None, ...]:
    row = con.execute(
        "select numerator, denominator from mart.kpi_monthly "
        "where indicator_id = $i and month = cast($m || '-01' as date)",
        {"i": indicator_id, "m": month},
    ).fetchone()
    assert row is not None
    return row


def test_sex_split(warehouse) -> None:
    # 31 Jan: A101-A108 are in care (8). Boys A101, A103, A105, A106, A108 = 5; girls 3.
    assert share(warehouse, "cla_male_pct", "2018-01") == (5, 8)
    assert kpi(warehouse, "cla_male_pct", "2018-01") == pytest.approx(62.5)
    assert kpi(warehouse, "cla_female_pct", "2018-01") == pytest.approx(37.5)
    # Every child's sex is recorded (1 or 2): none not known.
    assert share(warehouse, "cla_sex_not_known_pct", "2018-01") == (0, 8)
    # 31 Dec: A110 is still in care (9): boys 6 of 9.
    assert share(warehouse, "cla_male_pct", "2017-12") == (6, 9)


def test_sex_not_known_is_the_third_share_so_the_three_add_up_to_100(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # 30 June 2025: four children in care, SEX M, F, and two U (not known, in the return from
    # 2024/25): male 1 of 4, female 1 of 4, not known 2 of 4; 25 + 25 + 50 = 100.
    root = tmp_path_factory.mktemp("sex_not_known")
    header = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n" + "\n".join(
        f"U{n},{sex},01/01/2015,WBRI,,," for n, sex in enumerate("MFUU", start=1)
    )
    episodes = (
        EPISODES.splitlines()[1]
        + "\n"
        + "\n".join(f"U{n},01/05/2025,S,C2,N1,U6,PR1,,,,,," for n in range(1, 5))
    )
    land(root / "landing", "2025-06", {"header": header, "episodes": episodes})
    with connect(root / "warehouse.duckdb") as con:
        load_and_build(con, root / "landing", ["2025-06"])
        assert share(con, "cla_male_pct", "2025-06") == (1, 4)
        assert share(con, "cla_female_pct", "2025-06") == (1, 4)
        assert share(con, "cla_sex_not_known_pct", "2025-06") == (2, 4)
        total = sum(
            kpi(con, f"cla_{s}_pct", "2025-06") for s in ("male", "female", "sex_not_known")
        )
        assert total == pytest.approx(100.0)


def test_age_bands_use_whole_years_at_the_month_end(warehouse) -> None:
    # 31 Jan: under 1 A101; 1-4 A102; 5-9 A103 (5 that day), A104; 10-15 A105, A108;
    # 16+ A106, A107.
    jan = {
        band: share(warehouse, f"cla_age_{band}_pct", "2018-01")[0]
        for band in ("under_1", "1_4", "5_9", "10_15", "16_plus")
    }
    assert jan == {"under_1": 1, "1_4": 1, "5_9": 2, "10_15": 2, "16_plus": 2}
    assert kpi(warehouse, "cla_age_5_9_pct", "2018-01") == pytest.approx(25.0)
    # 31 Dec: A103 is still 4 and A106 still 15; A110 (8) is in care.
    dec = {
        band: share(warehouse, f"cla_age_{band}_pct", "2017-12")[0]
        for band in ("under_1", "1_4", "5_9", "10_15", "16_plus")
    }
    assert dec == {"under_1": 1, "1_4": 2, "5_9": 2, "10_15": 3, "16_plus": 1}


def test_ethnicity_main_groups(warehouse) -> None:
    # 31 Jan: White A101; Mixed A102; Asian A103 (AIND) and A104 (CHNE, Chinese counts as
    # Asian); Black A105; Other A106 (OOTH); Not known A107 (REFU) and A108 (NOBT).
    groups = {
        g: share(warehouse, f"cla_ethnic_{g}_pct", "2018-01")[0]
        for g in ("white", "mixed", "asian", "black", "other", "not_known")
    }
    assert groups == {"white": 1, "mixed": 1, "asian": 2, "black": 1, "other": 1, "not_known": 2}
    assert kpi(warehouse, "cla_ethnic_not_known_pct", "2018-01") == pytest.approx(25.0)


def test_disability_is_any_code_but_none_among_children_in_care(warehouse) -> None:
    # 31 Jan: A102 (two codes, one child) and A105 of the 8 in care = 25%. A101 has NONE; A109
    # (short break) and A110 (left on 31 Jan) have codes but are not in care.
    assert share(warehouse, "cla_disabled_pct", "2018-01") == (2, 8)
    assert kpi(warehouse, "cla_disabled_pct", "2018-01") == pytest.approx(25.0)
    # The January extract's table stands for each month it reports: at 31 Dec A110 is in care
    # too, so A102, A105, A110 of 9 = 33.3%.
    assert share(warehouse, "cla_disabled_pct", "2017-12") == (3, 9)


def test_disability_is_no_data_when_the_extract_has_no_disability_file(warehouse) -> None:
    # The December extract landed no disability file: every month it reports (April to
    # December) has the row, with value, numerator and denominator all NULL, not 0.
    rows = warehouse.execute(
        "select count(*), count(value), count(numerator), count(denominator) "
        "from mart.listed_counts "
        "where extract_month = date '2017-12-01' and indicator_id = 'cla_disabled_pct'"
    ).fetchone()
    assert rows == (9, 0, 0, 0)
    # Its other figures are there: 9 children in care at 31 Dec, as the January extract says.
    assert warehouse.execute(
        "select numerator, denominator from mart.listed_counts "
        "where extract_month = date '2017-12-01' and month = date '2017-12-01' "
        "and indicator_id = 'cla_male_pct'"
    ).fetchone() == (6, 9)


def test_legal_status_groups(warehouse) -> None:
    # 31 Jan: full care order (C2) A104, A108; interim (C1) A101; placement order E1 A102 with
    # freed for adoption D1 A103; voluntary (V2) A105; other A106 (J2), A107 (L2).
    groups = {
        g: share(warehouse, f"cla_legal_{g}_pct", "2018-01")[0]
        for g in ("full_care_order", "interim_care_order", "placement_order", "voluntary", "other")
    }
    assert groups == {
        "full_care_order": 2,
        "interim_care_order": 1,
        "placement_order": 2,
        "voluntary": 1,
        "other": 2,
    }
    # 31 Dec: A110 (C2) is in care too: 3 of 9.
    assert share(warehouse, "cla_legal_full_care_order_pct", "2017-12") == (3, 9)


def test_a_group_with_no_child_is_zero_percent(warehouse) -> None:
    # April 2017: in care A102, A103, A104, A108, A110 (5), none of them 16 or over.
    assert share(warehouse, "cla_age_16_plus_pct", "2017-04") == (0, 5)
    assert kpi(warehouse, "cla_age_16_plus_pct", "2017-04") == 0


def test_the_children_behind_a_figure_are_listed(warehouse) -> None:
    # 31 Jan, disability (test_disability_is_any_code_but_none_among_children_in_care): A102 and
    # A105 of the 8 in care, A101-A108.
    in_care = pseudonymised("A101", "A102", "A103", "A104", "A105", "A106", "A107", "A108")
    assert drill(warehouse, "cla_disabled_pct", "2018-01", "numerator") == pseudonymised(
        "A102", "A105"
    )
    assert drill(warehouse, "cla_disabled_pct", "2018-01", "denominator") == in_care
    # 31 Dec, 16 and over: A107 alone (A106 turns 16 on 1 Jan), of the 9 with A110.
    assert drill(warehouse, "cla_age_16_plus_pct", "2017-12", "numerator") == pseudonymised("A107")
    assert drill(warehouse, "cla_age_16_plus_pct", "2017-12", "denominator") == sorted(
        in_care + pseudonymised("A110")
    )
    assert all(failing_rows(warehouse, audit) == 0 for audit in DRILL_AUDITS)

"""The DfE rules judged against last year's return (schemas/dfe_last_year.py), on a hand-built
March 2024 extract (the year 1 April 2023 to 31 March 2024) and the March 2023 extract before
it. Each line's findings are worked out by hand from the DfE rule beside it; only those rules'
findings are compared."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from extracts import KEY, LA, land, month_date

from ingest.landing import read_month
from ingest.last_year import year_return
from ingest.stage import last_year_from_folder, stage_month
from schemas.rules import LAST_YEAR
from warehouse.runner import connect
from warehouse.staging import load_extract

#: 392b and 406 (postcodes and UASC) have a test of their own: hand-built episodes here have
#: no postcodes.
POSTCODE_RULES = frozenset({"DFE-392b", "DFE-406"})
# 387 needs no other year (schemas/dfe_more.py); the hand-built return exercises it too.
RULES = frozenset(r.id for r in LAST_YEAR) - POSTCODE_RULES | {"DFE-387"}
MARCH_2024 = dt.date(2024, 3, 31)

LAST_HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
A,1,01/01/2010,WBRI,,,
B,1,01/01/2010,WBRI,,,
C,1,01/01/2010,WBRI,,,
D,1,01/01/2010,WBRI,,,
E,2,01/01/2005,WBRI,,1,
G,1,01/01/2010,WBRI,,,
H,1,01/01/2006,WBRI,,,
J,1,01/01/2006,WBRI,,,
"""
LAST_EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A,01/04/2022,S,C2,N1,U4,PR1,,,,,,
B,01/05/2022,S,C2,N1,U4,PR1,,,,,,
C,01/04/2022,S,C2,N1,U4,PR1,,,,,,
D,01/04/2022,S,C2,N1,U4,PR1,,,,,,
E,01/04/2022,S,C2,N1,U4,PR1,,,,,,
G,01/04/2021,S,C2,N1,U4,PR1,01/01/2023,E11,,,,
H,01/04/2022,S,C2,N1,U4,PR1,,,,,,
J,01/04/2022,S,C2,N1,U4,PR1,01/02/2023,E2,,,,
Z,01/04/2020,S,C2,N1,U4,PR1,01/03/2022,E8,,,,
"""
# Z left care before 2022/23: the March 2023 extract holds Z, last year's return does not.
LAST_YEAR = {"header": LAST_HEADER, "episodes": LAST_EPISODES}

HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
A,1,01/01/2010,WBRI,,,
B,2,01/01/2010,WBRI,,0,
C,1,02/01/2010,WBRI,,,
D,1,01/01/2010,WIRI,,,
E,2,01/01/2005,WBRI,,0,
G,1,01/01/2010,WBRI,,,
H,1,01/01/2006,WBRI,,,
J,1,01/01/2006,WBRI,,,
K,1,01/01/2006,WBRI,,,
L,1,01/01/2010,WBRI,,,
M,1,01/06/2010,WBRI,,,
Z,1,01/01/2004,WBRI,,,
N,1,01/01/2009,WBRI,,,
"""
# line 3: B was a boy last year (202). 4: C's DOB differs (203). 5: D's ethnicity (204).
# 6: E was a mother (MOTHER 1) last year and is in care this year with MOTHER 0 (207).
EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A,01/04/2022,S,C2,N1,U4,PR1,,,,,,
B,01/06/2023,S,C2,N1,U4,PR1,,,,,,
C,01/04/2022,S,C2,N1,U4,PR1,,,,,,
D,01/04/2022,S,C2,N1,U4,PR1,,,,,,
E,01/04/2022,S,C2,N1,U4,PR1,,,,,,
G,01/04/2021,S,C2,N1,U4,PR1,01/01/2023,E11,,,,
G,01/09/2023,S,C2,N1,U4,PR1,,,,,,
L,01/01/2023,S,C2,N1,U4,PR1,,,,,,
M,01/04/2023,S,C2,N1,U4,PR1,01/05/2023,E5,,,,
Z,01/04/2020,S,C2,N1,U4,PR1,01/03/2022,E8,,,,
N,01/04/2023,S,C2,N1,U4,PR1,01/10/2023,E8,,,,
"""
# line 3: B's first episode of the year does not start when last year's open one did (502).
# 8: G comes back into care after his adoption in 2023 (199; line 7 is his 2021 episode, not
# in this year's return, and is the adoption itself). 9: L started care before the year, but
# is not in last year's return (NoE), so neither is the episode open at the year's start (562).
# 10: M moved to independent living (E5) at 12 (387).
# 11: Z left care in 2022, before either return: no NoE (the episode is in neither).
OC3 = """
CHILD,DOB,IN_TOUCH,ACTIV,ACCOM
H,01/01/2006,YES,F2,S
J,01/01/2006,YES,F2,S
K,01/01/2006,YES,F2,S
N,01/01/2009,YES,F2,S
"""
# line 2: H's episode was open at the end of last year, yet this year has none (1010).
# 3: J died in care last year (E2) (1000). 4: K has no episode this year or last (1002), so
# no care at all from his 14th birthday (1001). 5: N left care at 14, in October 2023: no day
# in care from his 16th birthday, so no relevant child (1001). H (730 days in care from his
# 14th birthday, his open episode counted to the month's end) and J (306) are relevant children.
THIS_YEAR = {"header": HEADER, "episodes": EPISODES, "oc3": OC3}
EXPECTED = {
    ("header", 3): {"202"},
    ("header", 4): {"203"},
    ("header", 5): {"204"},
    ("header", 6): {"207"},
    ("episodes", 3): {"502"},
    ("episodes", 8): {"199"},
    ("episodes", 9): {"NoE", "562"},
    ("episodes", 10): {"387"},
    ("oc3", 2): {"1010"},
    ("oc3", 3): {"1000"},
    ("oc3", 4): {"1001", "1002"},
    ("oc3", 5): {"1001"},
}


def found_rules(staged: dict, rules: frozenset[str] = RULES) -> dict[tuple[str, int], set[str]]:
    found: dict[tuple[str, int], set[str]] = {}
    for table in staged.values():
        rows = table.findings.filter(pl.col("rule_id").is_in(rules))
        for name, line, rule, severity in rows.select(
            "table_name", "line", "rule_id", "severity"
        ).iter_rows():
            assert severity == "warning", rule
            found.setdefault((name, line), set()).add(rule.removeprefix("DFE-"))
    return found


def test_each_last_year_rule_flags_its_lines(tmp_path: Path) -> None:
    last = last_year_from_folder(land(tmp_path, "2023-03", LAST_YEAR), MARCH_2024, KEY, LA)
    month = read_month(land(tmp_path, "2024-03", THIS_YEAR))
    assert found_rules(stage_month(month, MARCH_2024, KEY, LA, 1.0, last)) == EXPECTED


def test_without_last_year_only_the_rules_of_this_extract_fire_and_a_note_says_so(
    tmp_path: Path,
) -> None:
    month = read_month(land(tmp_path, "2024-03", THIS_YEAR))
    staged = stage_month(month, MARCH_2024, KEY, LA, 1.0)
    notes = staged["header"].findings.filter(pl.col("rule_id") == "LAST_YEAR_NOT_HELD")
    # 199 reads G's adoption from this extract's own history; 387 needs no other year.
    assert found_rules(staged) == {
        ("episodes", 8): {"199"},
        ("episodes", 10): {"387"},
        (
            "header",
            None,
        ): {"LAST_YEAR_NOT_HELD"},
    }
    (note,) = notes["message"].to_list()
    assert note.startswith("rules 1001, 1002, 1010, 202,") and "502" in note and "NoE" in note
    assert note.endswith("not judged: no March 2023 extract (last year's return) is held")


def test_last_year_return_is_cut_to_that_year() -> None:
    # Z's episode ended before 1 April 2022: not in the 2022/23 return, nor is Z's header row.
    episodes = pl.DataFrame(
        {
            "child_id": ["A", "Z"],
            "decom": [dt.date(2022, 4, 1), dt.date(2020, 4, 1)],
            "dec": [None, dt.date(2022, 3, 1)],
        }
    )
    header = pl.DataFrame({"child_id": ["A", "Z"]})
    cut = year_return({"episodes": episodes, "header": header}, 2023)
    assert cut["episodes"]["child_id"].to_list() == ["A"]
    assert cut["header"]["child_id"].to_list() == ["A"]


def test_the_pipeline_judges_a_month_against_the_march_extract_the_warehouse_holds(
    tmp_path: Path,
) -> None:
    for month, tables in (("2023-03", LAST_YEAR), ("2024-03", THIS_YEAR)):
        land(tmp_path, month, tables)
    with connect(tmp_path / "warehouse.duckdb") as con:
        load_extract(con, tmp_path / LA / "2023-03", LA, month_date("2023-03"), KEY, 1.0)
        staged = load_extract(con, tmp_path / LA / "2024-03", LA, month_date("2024-03"), KEY, 1.0)
    assert found_rules(staged) == EXPECTED


DOLO_HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
A,1,01/01/2010,WBRI,,,
B,1,01/01/2010,WBRI,,,
"""
DOLO_EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A,01/04/2025,S,C2,N1,K2,PR1,,,,,,
B,01/04/2025,S,C2,N1,K2,PR1,,,,,,
"""
LAST_DOLO = """
CHILD,DOB,DOLO_START,DOLO_END
A,01/01/2010,01/05/2025,
B,01/01/2010,01/05/2025,
"""
DOLO = """
CHILD,DOB,DOLO_START,DOLO_END
A,01/01/2010,01/05/2025,
B,01/01/2010,01/06/2026,
"""
# B's DoLO open at the end of 2025/26 is not carried on by a DoLO starting that day (706, on
# B's header row, line 3: this year's DoLo has no row of it to flag).


def test_706_an_open_dolo_of_last_year_is_carried_on(tmp_path: Path) -> None:
    march = dt.date(2027, 3, 31)
    last_tables = {"header": DOLO_HEADER, "episodes": DOLO_EPISODES}
    last_folder = land(tmp_path, "2026-03", last_tables | {"dolo": LAST_DOLO})
    # 2025/26 did not collect DoLo: the landing folder's file is still read as last year's.
    last = last_year_from_folder(last_folder, march, KEY, LA)
    month = read_month(land(tmp_path, "2027-03", last_tables | {"dolo": DOLO}))
    assert found_rules(stage_month(month, march, KEY, LA, 1.0, last)) == {("header", 3): {"706"}}
    # Before 2026/27 the rule does not exist: a 2025/26 month is not judged by it.
    earlier = read_month(land(tmp_path, "2026-02", last_tables | {"dolo": DOLO}))
    feb = stage_month(earlier, dt.date(2026, 2, 28), KEY, LA, 1.0, last)
    assert "DFE-706" not in pl.concat([t.findings for t in feb.values()])["rule_id"].to_list()


def episodes_of(*rows: str) -> str:
    head = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
    return "\n".join([head, *rows]) + "\n"


CHILDREN = ("P", "Q", "R", "S", "T", "U", "V", "AA", "AB", "W", "X", "Y")
BOYS = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n" + "".join(
    f"{c},1,{'01/06/2006' if c == 'Y' else '01/01/2010'},WBRI,,,\n" for c in CHILDREN
)
OPEN_2024 = "01/04/2024,S,C2,N1,U4,PR1,,,,,,"
IN_CARE = ("U", "V", "AA", "AB", "W", "X")
LAST_2025 = {
    "header": BOYS,
    "episodes": episodes_of(
        *(f"{c},{OPEN_2024}" for c in ("P", "Q", "S", *IN_CARE)),
        "R,01/04/2024,S,C2,N1,Z1,,,,,,,",
        "T,01/06/2024,S,C2,N1,U4,PR1,01/03/2025,E8,,,,",
    ),
    "uasc": "CHILD,SEX,DOB,DUC\nW,1,01/01/2010,01/06/2027\n",
    "missing": "CHILD,DOB,MISSING,MIS_START,MIS_END\nU,01/01/2010,M,01/02/2025,\n",
    "placed_for_adoption": "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n"
    "V,01/01/2010,01/05/2024,,\nAB,01/01/2010,01/05/2024,01/01/2025,RD1\n",
    "oc3": "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nY,01/06/2006,DIED,,\n",
}
# Last year's return (2024/25): W is UASC, his DUC not his 18th birthday; U's missing period of
# February 2025 is open; V's decision of May 2024 stands, AB's has ceased; Y died (OC3).
THIS_2026 = {
    "header": BOYS,
    "episodes": episodes_of(
        f"P,{OPEN_2024}",
        "Q,01/04/2024,S,C1,N2,U5,PR2,,,,,,1234567",
        "R,01/04/2024,S,C2,N1,Z12,,,,,,,",
        "S,01/04/2024,T,C2,N1,U4,PR1,,,,,,",
        "T,01/05/2024,S,C2,N1,U4,PR1,,,,,,",
        *(f"{c},{OPEN_2024}" for c in IN_CARE),
        "Y,01/04/2022,S,C2,N1,U4,PR1,01/01/2024,E8,,,,",
    ),
    "uasc": "CHILD,SEX,DOB,DUC\nW,1,01/01/2010,01/01/2028\nX,1,01/01/2010,01/01/2028\n",
    "missing": "CHILD,DOB,MISSING,MIS_START,MIS_END\nU,01/01/2010,M,01/05/2025,03/05/2025\n",
    "placed_for_adoption": "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n"
    "V,01/01/2010,01/06/2024,,\nAA,01/01/2010,01/01/2025,,\nAB,01/01/2010,01/05/2024,,\n",
    "oc3": "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nY,01/06/2006,YES,F2,S\n",
}
# Episodes (2025/26, the first episode of the year against last year's open final one): P
# (line 2) carries it on unchanged. Q (3) changes its legal status, need, placement, provider
# and URN (503B-F). R (4) moves from Z1 to Z12, the recoding of 2025/26: no change. S (5)
# gives another reason for the episode (503A). T (6) starts before the year but not on the
# day of last year's final episode (562). U's first missing period (line 2) is not last year's
# open one (576). Placed for adoption: V's decision (2) is dated otherwise than last year's
# (560); AA's (3) predates the year with none last year (559); AB's (4) is last year's, which
# had ceased (561). W is UASC both years, last year's DUC not his 18th birthday (205B: header
# line 11, UASC line 2); X is UASC this year, not last (205D, header line 12). Y died last
# year, and this year is in touch (348).


def test_first_records_of_the_year_against_last_years_last(tmp_path: Path) -> None:
    march = dt.date(2026, 3, 31)
    last = last_year_from_folder(land(tmp_path, "2025-03", LAST_2025), march, KEY, LA)
    month = read_month(land(tmp_path, "2026-03", THIS_2026))
    assert found_rules(stage_month(month, march, KEY, LA, 1.0, last)) == {
        ("episodes", 3): {"503B", "503C", "503D", "503E", "503F"},
        ("episodes", 5): {"503A"},
        ("episodes", 6): {"562"},
        ("missing", 2): {"576"},
        ("placed_for_adoption", 2): {"560"},
        ("placed_for_adoption", 3): {"559"},
        ("placed_for_adoption", 4): {"561"},
        ("header", 11): {"205B"},
        ("uasc", 2): {"205B"},
        ("header", 12): {"205D"},
        ("oc3", 2): {"348"},
    }


UASC_HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
A,1,01/01/2010,WBRI,,,
B,1,01/01/2010,WBRI,,,
C,1,01/01/2010,WBRI,,,
D,1,01/01/2010,WBRI,,,
"""
UASC_EPISODES = episodes_of(
    "A,01/04/2022,S,C2,N1,U4,PR1,,,,,,",
    "B,01/04/2022,S,C2,N1,U4,PR1,,,,CB4 1AA,CB6 1AA,",
    "C,01/04/2022,S,C2,N1,U4,PR1,,,,,,",
    "D,01/05/2023,S,V3,N1,U6,PR1,03/05/2023,E8,,,,",
)
# line 2: A is not UASC, yet has no postcodes (392b). 3: B is UASC, yet both postcodes are
# found, so a distance would be recorded (406). 4: C was UASC last year: no postcodes needed.
# 5: D's short break needs none either.


def test_392b_and_406_a_uasc_child_of_this_year_or_last(tmp_path: Path) -> None:
    tables = {"header": UASC_HEADER, "episodes": UASC_EPISODES}
    this_year = {**tables, "uasc": "CHILD,SEX,DOB,DUC\nB,1,01/01/2010,01/01/2028\n"}
    last_folder = land(
        tmp_path, "2023-03", {**tables, "uasc": this_year["uasc"].replace("\nB,", "\nC,")}
    )
    last = last_year_from_folder(last_folder, MARCH_2024, KEY, LA)
    month = read_month(land(tmp_path, "2024-03", this_year))
    found = found_rules(stage_month(month, MARCH_2024, KEY, LA, 1.0, last), POSTCODE_RULES)
    assert found == {("episodes", 2): {"392b"}, ("episodes", 3): {"406"}}
    # Without last year's return, C is not known to have been UASC.
    alone = found_rules(stage_month(month, MARCH_2024, KEY, LA, 1.0), POSTCODE_RULES)
    assert alone == {("episodes", 2): {"392b"}, ("episodes", 3): {"406"}, ("episodes", 4): {"392b"}}


PLACED_HEADER = (
    "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA,1,01/01/2010,WBRI,,,\nB,1,01/01/2010,WBRI,,,\n"
)


def placed(postcode_a: str) -> str:
    return episodes_of(
        f"A,01/04/2022,S,C2,N1,U4,PR1,,,,CB4 1AA,{postcode_a},",
        "B,01/04/2022,S,C2,N1,U4,PR1,,,,CB4 1AA,CB6 1AA,",
    )


def test_452_453_503g_503h_503j_the_placement_carried_on(tmp_path: Path) -> None:
    # A's open placement was in Cambridgeshire (CB6 1AA, the LA's own) at the end of last year;
    # this year's first episode, the same one by its start and reason, puts it in Peterborough
    # (PE1 1AA): another LA (452, 503H), outside the LA (503J), and further from home (CB4 1AA)
    # by more than 0.2 miles (453, 503G). B's is unchanged.
    last_folder = land(
        tmp_path, "2023-03", {"header": PLACED_HEADER, "episodes": placed("CB6 1AA")}
    )
    last = last_year_from_folder(last_folder, MARCH_2024, KEY, LA)
    month = read_month(
        land(tmp_path, "2024-03", {"header": PLACED_HEADER, "episodes": placed("PE1 1AA")})
    )
    staged = stage_month(month, MARCH_2024, KEY, LA, 1.0, last)
    assert found_rules(staged) == {("episodes", 2): {"452", "453", "503G", "503H", "503J"}}
    # The same from the warehouse, whose staged episodes hold the area, not the postcode.
    with connect(tmp_path / "warehouse.duckdb") as con:
        for month_name in ("2023-03", "2024-03"):
            folder = tmp_path / LA / month_name
            staged = load_extract(con, folder, LA, month_date(month_name), KEY, 1.0)
    assert found_rules(staged) == {("episodes", 2): {"452", "453", "503G", "503H", "503J"}}

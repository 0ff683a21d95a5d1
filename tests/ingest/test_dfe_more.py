"""The further DfE rules (schemas/dfe_more.py) on a hand-built 2022/23 return, staged for
March 2023 (the year 1 April 2022 to 31 March 2023). Each line's findings are worked out by hand
from the DfE rule beside it; only those rules' findings are compared."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from extracts import KEY, LA, land

from ingest.landing import read_month
from ingest.stage import stage_month
from schemas.dfe_more import urn_not_recorded
from schemas.rules import DFE_MORE

#: The rules of schemas/dfe_more.py (those judged against last year: test_last_year_rules.py).
MORE_DFE = frozenset(r.id for r in DFE_MORE)

HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
A1,1,01/01/2010,WBRI,,,
B2,2,01/01/2012,WBRI,,,
C3,2,01/01/2012,WBRI,I12345678901,0,
D4,2,01/06/2015,WBRI,,,
E5,1,01/01/2020,WBRI,,,
F6,1,01/01/2010,WBRI,,,
G7,1,01/01/2010,WBRI,,,
H8,1,01/01/2006,WBRI,,,
I9,1,01/01/2006,WBRI,,,
J10,2,01/01/2008,WBRI,,,
K11,1,01/01/2020,WBRI,,,
L12,1,01/01/2020,WBRI,,,
"""
# 393: B2 (line 3) and J10 (11) are girls in care with MOTHER blank; C3 has MOTHER 0; D4 is on
# short breaks (V3) only, yet has a review (399). I9 (10) has no episode (EPI). J10 left care in
# the year with MOTHER blank (607). C3's UPN starts with I, which no UPN does (168).

EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A1,01/04/2021,S,C2,N1,U4,PR1,,,,CB4 1AA,CB6 1AA,
B2,01/05/2022,S,C2,N1,U4,PR1,,,,CB4 1AA,,
C3,01/05/2022,S,C2,N1,T1,PR1,,,,CB4 1AA,CB6 1AA,1234567
D4,01/06/2022,S,V3,N2,U6,PR1,03/06/2022,E8,,CB4 1AA,,
D4,10/06/2022,P,V3,N2,U6,PR1,12/06/2022,E8,,,,
E5,01/07/2022,S,L1,N1,U6,PR1,06/07/2022,X1,,CB4 1AA,CB6 1AA,
E5,06/07/2022,L,C1,N1,U6,PR1,,,,CB4 1AA,CB6 1AA,
F6,01/08/2022,S,C2,N1,A3,PR1,,,,CB4 1AA,CB6 1AA,
G7,01/08/2022,S,C2,N1,U4,PR0,,,,CB4 1AA,CB6 1AA,
H8,01/08/2022,S,C2,N1,U4,PR1,,,,CB4 1AA,CB4,
J10,01/04/2022,S,C2,N1,K2,PR1,01/12/2022,E8,,CB4 1AA,PE1 1AA,
K11,01/08/2022,S,C2,N1,A5,PR1,,,,CB4 1AA,CB6 1AA,
L12,01/05/2022,S,E1,N1,U4,PR1,01/02/2023,E8,,CB4 1AA,CB6 1AA,
"""
# line 2: clean. 3: no placement postcode: no placement LA (169), location (179) or distance
# (392a). 4: a temporary placement (T1) with a provider (213) and a URN (222), starting care
# (380). 5: a short break with a home postcode (398). 6: an individual short break (V3) not
# starting care (366), though the episode before it ended care (E8: 432). 5 and 6: D4, on short breaks only, has a review (399).
# 7: police protection (L1) for 5 days, over 72 hours (361). 9: placed for adoption (A3) with no
# decision to place in placed_for_adoption (551). 10: PR0 (parents) for a foster placement (550).
# 11: the district "CB4" is not a postcode (392c): no placement LA (169, 179); H8 is UASC, so the
# missing distance is excused (392a). 12: J10, a girl with MOTHER blank, left care (607); her
# LA's own children's home (PR1) is in Peterborough, not Cambridgeshire (1015). 13: placed for
# adoption under a placement order (A5) with legal status C2 (408), no decision recorded (551).
# 14: a placement order (E1) with no decision to place (553); left care not adopted, and no
# decision ceased (557). 218: a placement in England needing an Ofsted URN has none (2, 7-10,
# 12-14); where the placement's LA is not known (3, 5, 6, 11) the validator exempts it, up to
# 2024/25.

UASC = """
CHILD,SEX,DOB,DUC
H8,1,01/01/2006,01/01/2024
"""

REVIEWS = """
CHILD,DOB,REVIEW,REVIEW_CODE
E5,01/01/2020,01/09/2022,PN1
A1,01/01/2010,01/09/2022,PN0
A1,01/01/2010,01/10/2022,PN1
D4,01/06/2015,02/06/2022,PN1
I9,01/01/2006,01/09/2022,PN1
"""
# line 2: E5 is 2, yet a participation code for 4 and over (441); 3: A1 is 12, yet PN0 (440);
# 5: a review of a child on short breaks only (399); 6: of a child with no episode (1012).

OC2 = """
CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED
A1,01/01/2010,10,,0,,1,1,1,1,1,1
B2,01/01/2012,,,0,,,,,0,1,
E5,01/01/2020,12,SDQ1,0,,,,,,,
"""
# line 2: A1 is looked after all year; an intervention received, yet "offered" filled (158).
# 3: B2 started care in May, so the 12-month items should be blank (190); an intervention with no
# substance misuse (193); and B2 is a care leaver in oc3 (215). 4: E5 started care in July:
# SDQ score (185) and reason (198) and items (190) filled; a conviction item at 3 (542); an SDQ
# under 4 (188). 3 and 4: CONVICTED filled but IMMUNISATIONS ... blank: all or none (182).

OC3 = """
CHILD,DOB,IN_TOUCH,ACTIV,ACCOM
B2,01/01/2012,YES,F2,D1
"""
# line 2: B2 has care leaver information and 12-month items in oc2 (215), and is not yet 17 at
# the year's end (391).

PLACED_FOR_ADOPTION = """
CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED
A1,01/01/2010,01/02/2023,,
"""

TABLES = {"header": HEADER, "episodes": EPISODES, "uasc": UASC, "reviews": REVIEWS, "oc2": OC2,
          "oc3": OC3, "placed_for_adoption": PLACED_FOR_ADOPTION}  # fmt: skip
EXPECTED = {
    ("header", 3): {"393"},
    ("header", 4): {"168"},
    ("header", 5): {"399"},
    ("header", 10): {"EPI"},
    ("header", 11): {"393", "607"},
    ("episodes", 3): {"169", "179", "392a"},
    ("episodes", 4): {"213", "222", "380"},
    ("episodes", 5): {"398", "399"},
    ("episodes", 6): {"366", "399", "432"},
    ("episodes", 7): {"361", "218"},
    ("episodes", 9): {"551", "218"},
    ("episodes", 10): {"550", "218"},
    ("episodes", 11): {"392c", "169", "179"},
    ("episodes", 12): {"607", "1015", "218"},
    ("episodes", 13): {"408", "551", "218"},
    ("episodes", 14): {"553", "557", "218"},
    **{("episodes", line): {"218"} for line in (2, 8)},
    ("reviews", 2): {"441"},
    ("reviews", 3): {"440"},
    ("reviews", 5): {"399"},
    ("reviews", 6): {"1012"},
    ("oc2", 2): {"158"},
    ("oc2", 3): {"190", "193", "215", "182"},
    ("oc2", 4): {"185", "198", "190", "542", "188", "182"},
    ("oc3", 2): {"215", "391"},
}


def test_each_further_dfe_rule_flags_its_lines_as_warnings(tmp_path: Path) -> None:
    folder = land(tmp_path, "2023-03", TABLES)
    staged = stage_month(read_month(folder), dt.date(2023, 3, 31), KEY, LA, 1.0)
    findings = pl.concat([s.findings for s in staged.values()]).filter(
        pl.col("rule_id").is_in(MORE_DFE)
    )
    found: dict[tuple[str, int], set[str]] = {}
    for table, line, rule in findings.select("table_name", "line", "rule_id").iter_rows():
        found.setdefault((table, line), set()).add(rule.removeprefix("DFE-"))
    assert found == EXPECTED
    assert set(findings["severity"]) == {"warning"}
    # Warnings only: every row loads.
    assert staged["episodes"].frame.height == 13


def test_urn_placement_types_follow_the_collection_year() -> None:
    assert "H5" in urn_not_recorded(2023) and "H5" not in urn_not_recorded(2024)
    assert "P2" in urn_not_recorded(2024) and "P2" not in urn_not_recorded(2025)
    assert "Z1" in urn_not_recorded(2025)
    assert {"Z11", "Z14"} <= set(urn_not_recorded(2026)) and "Z1" not in urn_not_recorded(2026)


BOYS = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
A,1,01/01/2010,WBRI,,,
B,1,01/01/2010,WBRI,,,
C,1,01/01/2010,WBRI,,,
D,1,01/01/2010,WBRI,,,
E,1,01/01/2010,WBRI,,,
F,1,01/01/2010,WBRI,,,
G,1,01/01/2010,WBRI,,,
"""
PLACEMENTS = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A,01/04/2022,S,C2,N1,T4,,20/04/2022,E8,,CB4 1AA,CB6 1AA,
B,01/04/2022,S,V3,N2,T1,,02/04/2022,E8,,,,
C,01/04/2022,S,C2,N1,U4,PR4,01/05/2022,E11,,CB4 1AA,CB6 1AA,
D,01/04/2022,S,C2,N1,R2,PR1,,,,CB4 1AA,CB6 1AA,
E,01/04/2022,S,C2,N1,U4,PR4,01/06/2022,E7,,CB4 1AA,CB6 1AA,
F,01/04/2022,S,C2,N1,U4,PR4,01/06/2022,X1,,CB4 1AA,CB6 1AA,
F,01/06/2022,P,C2,N1,U6,PR4,,,,CB4 1AA,CB6 1AA,
G,01/04/2022,S,C2,N1,U4,PR4,01/06/2022,E8,,CB4 1AA,CB6 1AA,
G,01/06/2022,S,C2,N1,U4,PR4,,,,CB4 1AA,CB6 1AA,
"""
# line 2: care starts (380) and ends (381) in a temporary placement, T4 for 19 days (379).
# 3: a short break (V3) in a temporary placement (382), starting and ending care there (380, 381).
# 4: adopted (E11) from foster care, not an adoption placement (390). 5: the LA's own provision
# (PR1) for an NHS placement (R2) (527). 6: to adult social care (E7) at 12 (389). 7: a new
# episode (X1) for a change of placement (P on line 8) with no reason for it (225). 10: G
# starts care (S) on the day his previous episode ended (431).


def test_placement_type_and_period_rules(tmp_path: Path) -> None:
    folder = land(tmp_path, "2023-03", {"header": BOYS, "episodes": PLACEMENTS})
    staged = stage_month(read_month(folder), dt.date(2023, 3, 31), KEY, LA, 1.0)
    # 218 (no Ofsted URN) flags every foster placement here: the first test has its cases.
    findings = staged["episodes"].findings.filter(
        pl.col("rule_id").is_in(MORE_DFE) & (pl.col("rule_id") != "DFE-218")
    )
    found: dict[int, set[str]] = {}
    for line, rule in findings.select("line", "rule_id").iter_rows():
        found.setdefault(line, set()).add(rule.removeprefix("DFE-"))
    assert found == {
        2: {"380", "381", "379"},
        3: {"382", "380", "381"},
        4: {"390"},
        5: {"527"},
        6: {"389"},
        7: {"225"},
        10: {"431"},
    }

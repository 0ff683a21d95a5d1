"""DfE rules judged as the DfE validator judges them (issue 15, item 4): the rows it reports a
rule on, the episodes it judges, the year's parameters. A hand-built 2022/23 return staged for
March 2023 (the year 1 April 2022 to 31 March 2023); each line's findings are worked out by hand
from the validator's rule beside it; only these rules' findings are compared."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from extracts import KEY, LA, land

from ingest.landing import read_month
from ingest.stage import stage_month
from schemas.core import placement_min_ages

RULES = {"DFE-370", "DFE-371", "DFE-372", "DFE-373", "DFE-374", "PLACED_UNDER_AGE", "DFE-358",
         "DFE-165w", "DFE-578", "DFE-581", "OUTSIDE_CARE", "DFE-634", "DFE-1007"}  # fmt: skip

HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
A,1,01/06/2008,WBRI,,,
B,1,01/06/2008,WBRI,,,
C,1,01/05/2012,WBRI,,,
D,2,01/01/2006,WBRI,,,
E,1,01/01/2006,WBRI,,1,
F,1,01/01/2012,WBRI,,,
G,1,01/01/2012,WBRI,,,
H,1,01/01/2012,WBRI,,,
I,1,01/01/2012,WBRI,,,
"""
# 4: C's J1 episode starts on his 10th birthday (358, on the header too). 5: D, a girl in care,
# MOTHER blank; 6: E, a boy, MOTHER 1 (165w, on their OC3 rows too).

EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A,01/05/2022,S,C2,N1,P2,PR1,01/09/2022,E8,,,,
B,01/05/2022,S,C2,N1,P2,PR1,,,,,,
C,01/05/2022,S,J1,N1,U4,PR1,,,,,,
D,01/04/2022,S,C2,N1,U4,PR1,,,,,,
E,01/10/2022,S,C2,N1,U4,PR1,01/02/2023,E8,,,,
F,01/06/2022,S,C2,N1,U4,PR1,01/08/2022,E8,,,,
F,01/10/2022,S,C2,N1,U4,PR1,01/12/2022,E8,,,,
H,01/01/2018,S,C2,N1,U4,PR1,01/01/2019,E8,,,,
H,01/06/2020,S,C2,N1,U4,PR1,,,,,,
I,01/06/2022,S,C2,N1,U4,PR1,,,,,,
"""
# 2: A starts independent living (P2) at 13, and the episode has ended (370). 3: B the same,
# still open: the DfE skips it; ours, PLACED_UNDER_AGE, flags it. 4: 358. 10: H's latest
# episode started before the year, yet H has previous permanence (634); line 9, H's 2018
# episode, is history a year's return does not hold: not judged. 11: I started care in the year.

MISSING = """
CHILD,DOB,MISSING,MIS_START,MIS_END
F,01/01/2012,M,01/05/2022,02/05/2022
F,01/01/2012,M,01/09/2022,02/09/2022
F,01/01/2012,M,01/07/2022,02/07/2022
F,01/01/2012,M,01/01/2023,02/01/2023
G,01/01/2012,M,01/07/2022,02/07/2022
"""
# F's missing periods: 2 before his first episode, 3 between his two, 5 after the last: each
# outside every episode, so both 578 and 581, as the DfE has them; 4 within an episode. 6: G has
# no episode at all: the DfE's 1012, and OUTSIDE_CARE here (not 578 or 581).

OC3 = """
CHILD,DOB,IN_TOUCH,ACTIV,ACCOM
D,01/01/2006,YES,F2,D1
E,01/01/2006,YES,F2,D1
"""
# 2, 3: 165w, as on D's and E's headers. 3: E was looked after on his 17th birthday (1 January
# 2023) in an episode that has ended (1007); D's episode over hers is open, which the DfE
# does not count.

PREVIOUS_PERMANENCE = """
CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM
H,01/01/2012,Z1,,
I,01/01/2012,Z1,,
"""
# 2: H did not start care in the year (634); 3: I did.

TABLES = {"header": HEADER, "episodes": EPISODES, "missing": MISSING, "oc3": OC3,
          "previous_permanence": PREVIOUS_PERMANENCE}  # fmt: skip
EXPECTED = {
    ("header", 4): {"DFE-358"},
    ("header", 5): {"DFE-165w"},
    ("header", 6): {"DFE-165w"},
    ("episodes", 2): {"DFE-370"},
    ("episodes", 3): {"PLACED_UNDER_AGE"},
    ("episodes", 4): {"DFE-358"},
    ("episodes", 10): {"DFE-634"},
    ("missing", 2): {"DFE-578", "DFE-581"},
    ("missing", 3): {"DFE-578", "DFE-581"},
    ("missing", 5): {"DFE-578", "DFE-581"},
    ("missing", 6): {"OUTSIDE_CARE"},
    ("oc3", 2): {"DFE-165w"},
    ("oc3", 3): {"DFE-165w", "DFE-1007"},
    ("previous_permanence", 2): {"DFE-634"},
}


def found(staged: dict, rules: set[str]) -> dict[tuple[str, int], set[str]]:
    findings = pl.concat([s.findings for s in staged.values()]).filter(
        pl.col("rule_id").is_in(rules)
    )
    out: dict[tuple[str, int], set[str]] = {}
    for table, line, rule in findings.select("table_name", "line", "rule_id").iter_rows():
        out.setdefault((table, line), set()).add(rule)
    return out


def test_rules_report_on_the_rows_and_episodes_the_dfe_does(tmp_path: Path) -> None:
    folder = land(tmp_path, "2023-03", TABLES)
    staged = stage_month(read_month(folder), dt.date(2023, 3, 31), KEY, LA, 1.0)
    assert found(staged, RULES) == EXPECTED
    # The new findings are warnings: every episode, care leaver and permanence row loads; the
    # missing rows outside care stay quarantined, as before.
    assert staged["episodes"].frame.height == 10
    assert staged["oc3"].frame.height == 2
    assert staged["previous_permanence"].frame.height == 2
    assert staged["missing"].frame.height == 1


def test_placement_ages_follow_the_collection_year() -> None:
    assert placement_min_ages(2023)["370"] == ("P2", 15)
    assert placement_min_ages(2023)["371"] == ("H5", 14)
    assert placement_min_ages(2024)["370"] == ("P2", 16)
    assert placement_min_ages(2024)["371"] == ("H5", 16)
    assert "370" not in placement_min_ages(2025)
    assert placement_min_ages(2025)["371"] == ("K3", 16)
    assert placement_min_ages(2027)["372"] == ("R5", 10)


SUPPORTED = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A,01/05/2024,S,C2,N1,K3,PR1,01/09/2024,E8,,,,
B,01/05/2024,S,C2,N1,H5,PR1,01/09/2024,E8,,,,
"""
# 2024/25: A is 15 in supported accommodation (K3), under 16 (371); B is 15 in H5, no longer
# 371's placement.


def test_371_is_supported_accommodation_from_2024_25(tmp_path: Path) -> None:
    header = (
        "\nCHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA,1,01/06/2008,WBRI,,,\nB,1,01/06/2008,WBRI,,,\n"
    )
    folder = land(tmp_path, "2025-03", {"header": header, "episodes": SUPPORTED})
    staged = stage_month(read_month(folder), dt.date(2025, 3, 31), KEY, LA, 1.0)
    assert found(staged, RULES) == {("episodes", 2): {"DFE-371"}}


MORE_HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
J,1,01/01/2010,WBRI,,,
K,1,01/01/2010,WBRI,,,
L,1,01/01/2010,WBRI,,,
M,1,01/01/2010,WBRI,,,
N,1,01/01/2006,WBRI,,,
O,1,01/06/2005,WBRI,,,
P,1,01/01/2018,WBRI,,,
"""
MORE_EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
J,01/06/2022,S,C2,N1,U4,,,,,,,
K,01/04/2021,S,C2,N1,U4,PR1,01/05/2021,E8,,,,
K,01/06/2022,P,C2,N1,U4,PR1,,,,,,
L,01/06/2022,P,C2,N1,U4,PR1,,,,,,
M,01/06/2022,S,C2,N1,U4,PR1,01/04/2023,E8,,,,
N,01/01/2020,S,C2,N1,U4,PR1,,,,,,
O,01/01/2020,S,C2,N1,U4,PR1,01/05/2022,E3,,,,
P,01/01/2020,S,E1,N1,A5,PR1,01/06/2022,E11,,,,
"""
# 2: a foster placement with no provider (526). 4: K left care (E8) in 2021, and his next
# episode is a change of placement (P), not a start of care (432). 5: L's first episode ever,
# in the year, does not start care (357). 6: M's episode ends after 31 March 2023 (385, and
# FUTURE_DATE). N is looked after all year; O left care to another LA (E3) in May; P was
# adopted (E11) in June.

MORE_OC3 = """
CHILD,DOB,IN_TOUCH,ACTIV,ACCOM
N,01/01/2006,YES,F2,D1
O,01/06/2005,YES,F2,Z1
"""
# 2: N, looked after all year, has care leaver information (187). 3: O turned 17 in the year
# and lives with former foster carers (3001); his care passed to another LA (1011).

MORE_AD1 = """
CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR
N,01/01/2006,01/06/2022,,,,,
P,01/01/2018,01/02/2022,01/03/2022,0,L0,M1,L1
"""
# 2: N has adoption information, yet is looked after all year (187) and was not adopted in it
# (602). 3: P was adopted in the year.

MORE = {"DFE-526", "DFE-432", "DFE-357", "DFE-385", "DFE-602", "DFE-187", "DFE-3001", "DFE-1011"}


def test_rules_new_to_the_pipeline_flag_their_lines(tmp_path: Path) -> None:
    tables = {"header": MORE_HEADER, "episodes": MORE_EPISODES, "oc3": MORE_OC3, "ad1": MORE_AD1}
    folder = land(tmp_path, "2023-03", tables)
    staged = stage_month(read_month(folder), dt.date(2023, 3, 31), KEY, LA, 1.0)
    assert found(staged, MORE) == {
        ("episodes", 2): {"DFE-526"},
        ("episodes", 4): {"DFE-432"},
        ("episodes", 5): {"DFE-357"},
        ("episodes", 6): {"DFE-385"},
        ("oc3", 2): {"DFE-187"},
        ("oc3", 3): {"DFE-3001", "DFE-1011"},
        ("ad1", 2): {"DFE-187", "DFE-602"},
    }
    assert {
        s
        for t in staged.values()
        for s in t.findings.filter(pl.col("rule_id").is_in(MORE))["severity"]
    } == {"warning"}


def test_special_guardianship_and_custody_codes_are_valid_in_2017_18(tmp_path: Path) -> None:
    # The DfE validator's lists (rules 149, 1009) have E45-E48 and CUSTOD in every year; so do
    # the DfE's own 2017/18 fake data and demand-model samples. E43 is still valid then too.
    header = (
        "\nCHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA,1,01/01/2010,WBRI,,,\nB,1,01/01/2010,WBRI,,,\n"
    )
    episodes = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A,01/05/2017,S,C2,N1,U4,PR1,01/06/2017,X1,CUSTOD,,,
A,01/06/2017,P,C2,N1,R5,PR1,01/09/2017,E45,,,,
B,01/05/2017,S,C2,N1,U4,PR1,01/06/2017,E43,,,,
"""
    folder = land(tmp_path, "2018-03", {"header": header, "episodes": episodes})
    staged = stage_month(read_month(folder), dt.date(2018, 3, 31), KEY, LA, 1.0)
    assert found(staged, {"DFE-149", "DFE-1009"}) == {}


ADOPTION_HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
Q,1,01/01/2010,WBRI,,,
R,1,01/01/2012,WBRI,,,
S,1,01/01/2016,WBRI,,,
T,1,01/01/2016,WBRI,,,
U,1,01/01/2016,WBRI,,,
V,1,01/01/2016,WBRI,,,
W,1,01/01/2016,WBRI,,,
X,1,01/01/2016,WBRI,,,
Y,1,01/01/2016,WBRI,,,
Z,1,01/06/2006,WBRI,,,
"""
ADOPTION_EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
Q,01/04/2022,S,C2,N1,U4,PR1,01/06/2022,E5,,,,
R,01/04/2021,S,E1,N1,A5,PR1,01/06/2021,E11,,,,
R,01/04/2022,S,C2,N1,U4,PR1,,,,,,
"""
# 2: Q, 12, left care to live independently (E5: 387). 3: R adopted; 4: R in care again after
# his adoption (199; the adoption itself is not flagged).

ADOPTERS = """
CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR
S,01/01/2016,01/06/2022,01/07/2022,0,2,M1,L2
T,01/01/2016,01/06/2022,01/07/2022,0,1,MM,L0
U,01/01/2016,01/06/2022,01/07/2022,0,2,MM,L3
V,01/01/2016,01/06/2022,01/07/2022,0,2,MF,L4
W,01/01/2016,01/06/2022,01/07/2022,0,2,MM,L11
X,01/01/2016,01/06/2022,01/07/2022,0,2,MF,L12
Y,01/01/2016,01/06/2022,01/07/2022,0,2,MF,L2
"""
# 2: two adopters of one gender code (511), and L2 (a couple) needs MM, FF or MF (519).
# 3: a single adopter (L0) needs M1 or F1 (514); 4: L3 needs MF (517); 5: L4 needs MM or FF
# (518); 6: L11 needs MF (520); 7: L12 needs MM or FF (524). 8: clean.

YOUNG_LEAVER = """
CHILD,DOB,IN_TOUCH,ACTIV,ACCOM
Z,01/06/2006,YES,F2,D1
"""
# 2: Z turns 17 after the year's end: no care leaver information yet (391).

ADOPTION_RULES = {"DFE-387", "DFE-199", "DFE-391", "DFE-511", "DFE-514", "DFE-517", "DFE-518",
                  "DFE-519", "DFE-520", "DFE-524"}  # fmt: skip


def test_adoption_and_leaving_care_rules(tmp_path: Path) -> None:
    tables = {"header": ADOPTION_HEADER, "episodes": ADOPTION_EPISODES, "ad1": ADOPTERS,
              "oc3": YOUNG_LEAVER}  # fmt: skip
    folder = land(tmp_path, "2023-03", tables)
    staged = stage_month(read_month(folder), dt.date(2023, 3, 31), KEY, LA, 1.0)
    assert found(staged, ADOPTION_RULES) == {
        ("episodes", 2): {"DFE-387"},
        ("episodes", 4): {"DFE-199"},
        ("ad1", 2): {"DFE-511", "DFE-519"},
        ("ad1", 3): {"DFE-514"},
        ("ad1", 4): {"DFE-517"},
        ("ad1", 5): {"DFE-518"},
        ("ad1", 6): {"DFE-520"},
        ("ad1", 7): {"DFE-524"},
        ("oc3", 2): {"DFE-391"},
    }


DECISIONS_HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
A,1,01/01/2018,WBRI,,,
B,1,01/01/2018,WBRI,,,
C,1,01/01/2005,WBRI,,,
"""
DECISIONS_EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A,01/06/2021,S,C2,N1,U4,PR1,01/09/2021,E8,,,,
A,01/06/2022,S,E1,N1,A5,PR1,,,,,,
B,01/06/2021,S,E1,N1,A5,PR1,,,,,,
C,01/01/2021,S,C2,N1,U4,PR1,01/02/2022,E2,,,,
"""
DECISIONS_PLACED = """
CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED
A,01/01/2018,01/07/2022,,
B,01/01/2018,01/05/2021,,
"""
DECISIONS_AD1 = """
CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR
A,01/01/2018,01/01/2022,,,,,
"""
DECISIONS_OC3 = """
CHILD,DOB,IN_TOUCH,ACTIV,ACCOM
C,01/01/2005,DIED,0,0
"""
# A's latest start of care (line 3, June 2022) is after the adoption decision in AD1 (January
# 2022): 334 on both rows; his first (line 2) is before the decision of July 2022 (no 1003).
# B's decision to place (placed_for_adoption line 3, May 2021) comes before his care began in
# June (1003, and on his episode, line 4). C died in care (E2): no OC3 row (1000).


def test_decisions_before_care_and_care_leavers_who_died(tmp_path: Path) -> None:
    tables = {"header": DECISIONS_HEADER, "episodes": DECISIONS_EPISODES, "ad1": DECISIONS_AD1,
              "placed_for_adoption": DECISIONS_PLACED, "oc3": DECISIONS_OC3}  # fmt: skip
    folder = land(tmp_path, "2023-03", tables)
    staged = stage_month(read_month(folder), dt.date(2023, 3, 31), KEY, LA, 1.0)
    assert found(staged, {"DFE-334", "DFE-1003", "DFE-1000"}) == {
        ("episodes", 3): {"DFE-334"},
        ("ad1", 2): {"DFE-334"},
        ("episodes", 4): {"DFE-1003"},
        ("placed_for_adoption", 3): {"DFE-1003"},
        ("oc3", 2): {"DFE-1000"},
    }


def test_decisions_and_missing_periods_after_care_ended(tmp_path: Path) -> None:
    header = (
        "\nCHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA,1,01/01/2018,WBRI,,,\nB,1,01/01/2012,WBRI,,,\n"
    )
    episodes = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A,01/06/2022,S,E1,N1,A5,PR1,01/10/2022,E8,,,,
B,01/04/2022,S,C2,N1,U4,PR1,01/09/2022,E8,,,,
"""
    placed = """
CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED
A,01/01/2018,01/08/2022,01/12/2022,RD1
"""
    missing = """
CHILD,DOB,MISSING,MIS_START,MIS_END
B,01/01/2012,M,01/05/2022,02/05/2022
B,01/01/2012,M,01/07/2022,
"""
    # A's decision ceased in December, after his care ended in October (117, on the decision
    # and on his last episode). B's missing period from July (line 3) is still open, though
    # his care ended in September (577); the May one (line 2) ended within care.
    tables = {"header": header, "episodes": episodes, "placed_for_adoption": placed,
              "missing": missing}  # fmt: skip
    folder = land(tmp_path, "2023-03", tables)
    staged = stage_month(read_month(folder), dt.date(2023, 3, 31), KEY, LA, 1.0)
    assert found(staged, {"DFE-117", "DFE-577"}) == {
        ("episodes", 2): {"DFE-117"},
        ("placed_for_adoption", 2): {"DFE-117"},
        ("missing", 3): {"DFE-577"},
    }


def test_389_reads_the_date_of_birth_of_a_quarantined_header_row(tmp_path: Path) -> None:
    # A's header row is quarantined (ethnicity XXXX), yet his DOB shows him 17 when he moved to
    # adult social care (E7): no 389. B is 12: 389.
    header = (
        "\nCHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA,1,01/01/2005,XXXX,,,\nB,1,01/01/2010,WBRI,,,\n"
    )
    episodes = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A,01/04/2022,S,C2,N1,U4,PR1,01/06/2022,E7,,,,
B,01/04/2022,S,C2,N1,U4,PR1,01/06/2022,E7,,,,
"""
    folder = land(tmp_path, "2023-03", {"header": header, "episodes": episodes})
    staged = stage_month(read_month(folder), dt.date(2023, 3, 31), KEY, LA, 1.0)
    assert staged["header"].frame.height == 1
    assert found(staged, {"DFE-389"}) == {("episodes", 3): {"DFE-389"}}


def test_social_worker_episodes_ending_in_the_years_last_days(tmp_path: Path) -> None:
    header = "\nCHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA,1,01/01/2010,WBRI,,,\nB,1,01/01/2010,WBRI,,,\nC,1,01/01/2010,WBRI,,,\n"
    workers = """
CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON
A,01/01/2010,SW1,01/04/2023,28/03/2024,
B,01/01/2010,SW2,01/04/2023,01/10/2023,
B,01/01/2010,SW3,01/10/2023,29/03/2024,
C,01/01/2010,SW4,01/04/2023,20/03/2024,
"""
    # 2023/24: A's only episode (line 2) ends on 28 March, within the year's last five days; so
    # does B's second (line 4), which follows another (SW11bSTG2). C's ends on 20 March.
    episodes = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A,01/04/2023,S,C2,N1,U4,PR1,,,,,,
B,01/04/2023,S,C2,N1,U4,PR1,,,,,,
C,01/04/2023,S,C2,N1,U4,PR1,,,,,,
"""
    tables = {"header": header, "episodes": episodes, "sw_episodes": workers}
    folder = land(tmp_path, "2024-03", tables)
    staged = stage_month(read_month(folder), dt.date(2024, 3, 31), KEY, LA, 1.0)
    assert found(staged, {"DFE-SW11bSTG2"}) == {
        ("sw_episodes", 2): {"DFE-SW11bSTG2"},
        ("sw_episodes", 4): {"DFE-SW11bSTG2"},
    }


def test_118_judges_decisions_of_children_in_care_in_the_year(tmp_path: Path) -> None:
    header = (
        "\nCHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA,1,01/01/2018,WBRI,,,\nB,1,01/01/2016,WBRI,,,\n"
        "C,1,01/01/2018,WBRI,,,\n"
    )
    episodes = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A,01/06/2022,S,C2,N1,U4,PR1,,,,,,
B,01/01/2018,S,E1,N1,A5,PR1,01/01/2019,E8,,,,
C,01/06/2022,S,C2,N1,U4,PR1,,,,,,
"""
    placed = """
CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED
A,01/01/2018,01/04/2022,01/05/2022,RD1
B,01/01/2016,01/06/2018,01/12/2018,RD1
C,01/01/2018,01/01/2022,01/03/2022,RD1
"""
    # A's decision ceased in May 2022, in the year but before his care began in June (118, on
    # the decision and on his first episode of the year). B left care in 2019: his 2018
    # decision is history the year's return does not hold. C is in care in the year, but his
    # decision ceased in March 2022, before it: history too (the year's return holds only
    # decisions open or ceased in the year), on neither the decision nor his episode.
    tables = {"header": header, "episodes": episodes, "placed_for_adoption": placed}
    folder = land(tmp_path, "2023-03", tables)
    staged = stage_month(read_month(folder), dt.date(2023, 3, 31), KEY, LA, 1.0)
    assert found(staged, {"DFE-118"}) == {
        ("episodes", 2): {"DFE-118"},
        ("placed_for_adoption", 2): {"DFE-118"},
    }


def test_526_judges_the_years_episodes_by_the_years_list(tmp_path: Path) -> None:
    header = "\nCHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA,1,01/01/2012,WBRI,,,\n"
    episodes = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A,01/05/2024,S,C2,N1,Z1,,01/08/2024,E8,,,,
A,01/06/2026,S,C2,N1,U4,,,,,,,
"""
    # 2: A's Z1 episode of 2024 rightly has no provider (Z1 then needed none); it is history a
    # 2026/27 return does not hold, so not judged by 2026/27's list, which has no Z1. 3: A's
    # foster placement of the year has none (526).
    folder = land(tmp_path, "2026-11", {"header": header, "episodes": episodes})
    staged = stage_month(read_month(folder), dt.date(2026, 11, 30), KEY, LA, 1.0)
    assert found(staged, {"DFE-526"}) == {("episodes", 3): {"DFE-526"}}

"""Rules where ours disagreed with the DfE validator's (``lac_validator/rules``), each on a
hand-built month of January 2018 (collection year 2017/18) whose findings are worked out in
comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from extracts import HEADER, KEY, LA, land, without_more_dfe

from ingest.landing import read_month
from ingest.stage import stage_month
from schemas.core import age

JAN_END = dt.date(2018, 1, 31)
EPISODES_HEAD = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
)


def found(tmp_path: Path, tables: dict[str, str]) -> set[tuple]:
    """The findings of the rules these defects are about (the further DfE completeness
    warnings aside: the hand-built extract has no postcodes or URNs)."""
    month = read_month(land(tmp_path, "2018-01", tables))
    staged = without_more_dfe(stage_month(month, JAN_END, KEY, LA, 1.0))
    return {
        (t, *r)
        for t, s in staged.items()
        for r in s.findings.select("line", "column_name", "rule_id", "severity").rows()
    }


def episodes(*rows: str) -> str:
    return "\n".join([EPISODES_HEAD, *rows]) + "\n"


def test_age_does_not_wrap_in_december() -> None:
    # Born 21/05/2006: ten on 21/05/2016, so ten on 30/12/2016. month * 100 in Int8 wrapped.
    frame = pl.DataFrame({"on": [dt.date(2016, 12, 30)], "_dob": [dt.date(2006, 5, 21)]})
    assert frame.select(age("on")).item() == 10


def test_a_ten_year_old_remanded_in_december_is_not_under_ten(tmp_path: Path) -> None:
    header = HEADER + "J010,1,21/05/2006,WBRI,,,\n"
    body = episodes("J010,30/12/2016,S,J1,N6,R1,PR1,,,,,,")  # line 2: aged 10 on DECOM
    assert found(tmp_path, {"header": header, "episodes": body}) == set()


def test_388_is_about_ended_episodes_and_both_ways(tmp_path: Path) -> None:
    body = episodes(
        "A001,01/01/2016,S,C2,N1,U4,PR1,,X1,,,,",  # line 2: open, REC X1: ignored, not 388
        "D004,01/03/2017,S,C1,N1,U6,PR1,20/01/2018,E13,,,,",  # line 3: E13, yet line 4 starts that day
        "D004,20/01/2018,L,C2,N1,U6,PR1,,,,,,",  # line 4
    )
    assert found(tmp_path, {"header": HEADER, "episodes": body}) == {
        ("episodes", 2, "REC", "REC_ON_OPEN_EPISODE", "warning"),
        ("episodes", 3, "REC", "DFE-388", "warning"),
    }


def test_574_catches_a_missing_spell_inside_another(tmp_path: Path) -> None:
    missing = (
        "CHILD,DOB,MISSING,MIS_START,MIS_END\n"
        "A001,01/06/2010,M,01/09/2017,10/09/2017\n"  # line 2: holds line 3's spell
        "A001,01/06/2010,A,03/09/2017,05/09/2017\n"  # line 3
    )
    # Spells ordered by end: line 3 (5 Sep), then line 2 (10 Sep), which starts (1 Sep) before
    # the spell before it ends: the DfE flags line 2.
    tables = {"header": HEADER, "episodes": episodes("A001,01/01/2016,S,C2,N1,U4,PR1,,,,,,")}
    assert found(tmp_path, {**tables, "missing": missing}) == {
        ("missing", 2, "MIS_START", "DFE-574", "error")
    }


def test_434_and_435_compare_with_an_earlier_episode_not_ending_that_day(tmp_path: Path) -> None:
    body = episodes(
        "A001,01/01/2016,S,C2,N1,U4,PR1,01/06/2017,E13,,,,",  # line 2
        # line 3: a change of placement only (P), three months later, in the same placement
        "A001,01/09/2017,P,C2,N1,U4,PR1,,,,,,",
        "D004,01/03/2017,S,C1,N1,U6,PR1,01/06/2017,E13,,,,",  # line 4
        "D004,01/09/2017,L,C1,N1,U4,PR1,,,,,,",  # line 5: L, but LS same and placement changed
    )
    assert found(tmp_path, {"header": HEADER, "episodes": body}) == {
        ("episodes", 3, "RNE", "DFE-433", "warning"),
        ("episodes", 3, "RNE", "DFE-435", "warning"),
        ("episodes", 5, "RNE", "DFE-433", "warning"),
        ("episodes", 5, "RNE", "DFE-434", "warning"),
    }


def test_142_flags_the_episode_left_open_not_the_next(tmp_path: Path) -> None:
    body = episodes(
        "A001,01/01/2016,S,C2,N1,U4,PR1,,,,,,",  # line 2: never closed
        "A001,01/06/2017,S,C2,N1,U6,PR4,,,,,,",  # line 3: a later episode, loads
    )
    assert found(tmp_path, {"header": HEADER, "episodes": body}) == {
        ("episodes", 2, "DEC", "DFE-142", "error")
    }


def test_165_mother_status_for_boys_and_girls(tmp_path: Path) -> None:
    header = HEADER.replace("A001,1,01/06/2010,WBRI,A123456789012,,", "A001,1,01/06/2010,WBRI,,1,")
    # line 10: a girl with no MOTHER looked after this year; line 11: one whose only episode
    # ended before April 2017, not asked.
    header += "K011,2,01/01/2004,WBRI,,,\nL012,2,01/01/2004,WBRI,,,\n"
    body = episodes(
        "A001,01/01/2016,S,C2,N1,U4,PR1,,,,,,",
        "K011,01/05/2017,S,V2,N1,U4,PR1,,,,,,",
        "L012,01/01/2016,S,V2,N1,U4,PR1,01/02/2017,E13,,,,",
    )
    assert found(tmp_path, {"header": header, "episodes": body}) == {
        ("header", 2, "MOTHER", "DFE-165w", "warning"),  # a boy with MOTHER 1
        ("header", 10, "MOTHER", "DFE-165w", "warning"),
    }


def test_178_no_provider_for_a_temporary_placement(tmp_path: Path) -> None:
    body = episodes(
        "A001,01/01/2016,S,C2,N1,T1,PR1,,,,,,",  # line 2: T1 with a provider
        "C003,15/01/2018,S,V2,N1,T1,,,,,,,",  # line 3: T1 without: fine
    )
    assert found(tmp_path, {"header": HEADER, "episodes": body}) == {
        ("episodes", 2, "PLACE_PROVIDER", "DFE-178w", "warning")
    }


def test_an_episode_older_than_the_code_lists_is_judged_by_the_oldest(tmp_path: Path) -> None:
    # A long history reaches back to 1998: its U6 placement is judged by the first code list
    # (2000), not found wanting in a year before any list.
    header = HEADER + "J011,1,01/01/1990,WBRI,,,\n"
    body = episodes("J011,29/07/1998,S,C1,N7,U6,PR1,02/08/1998,E13,,,,")
    assert not {
        f for f in found(tmp_path, {"header": header, "episodes": body}) if f[3] == "DFE-146"
    }

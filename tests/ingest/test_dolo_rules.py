"""The DoLo table (deprivation of liberty orders, in the return from 2026/27): recognised,
validated by the DfE's rules 700-710, and reported, not loaded, in an earlier year's month."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from extracts import HEADER, KEY, LA, land

from ingest.errors import ExtractRejected
from ingest.landing import read_month
from ingest.stage import stage_month

JUNE_2026 = dt.date(2026, 6, 30)
EPISODES = """CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A001,01/01/2026,S,C2,N1,K2,PR1,,,,,,
B002,01/01/2026,S,C2,N1,U4,PR1,,,,,,
C003,01/01/2026,S,C2,N1,K2,PR1,01/03/2026,E13,,,,
D004,01/01/2026,S,C2,N1,K1,PR1,,,,,,
"""


def staged_findings(tmp_path: Path, month: str, month_end: dt.date, dolo: str) -> tuple:
    folder = land(tmp_path, month, {"header": HEADER, "episodes": EPISODES, "DoLo": dolo})
    staged = stage_month(read_month(folder), month_end, KEY, LA, 1.0)
    rows = staged["dolo"].findings.select("line", "column_name", "rule_id", "severity").rows()
    return set(rows), staged["dolo"].frame["line"].to_list()


def test_dolo_rows_are_judged_by_the_dfe_rules(tmp_path: Path) -> None:
    dolo = (
        "CHILD,DOB,DOLO_START,DOLO_END\n"
        "A001,01/06/2010,01/05/2026,\n"  # line 2: open, in a K2 placement: clean
        "A001,01/06/2010,31/02/2026,\n"  # line 3: 31 February: quarantined (700)
        "B002,05/05/2012,01/05/2026,01/06/2026\n"  # line 4: in U4, not K2/Z12/Z13 (709)
        "C003,03/03/2015,01/05/2026,\n"  # line 5: open, yet care ended 1 March (707)
        "A001,01/06/2010,01/04/2026,01/04/2026\n"  # line 6: ends the day it starts (702)
        "E005,09/09/2005,01/07/2026,\n"  # line 7: starts after the month (703)
    )
    findings, loaded = staged_findings(tmp_path, "2026-06", JUNE_2026, dolo)
    assert findings == {
        (3, "DOLO_START", "DFE-700", "error"),
        (4, "DOLO_START", "DFE-709", "warning"),
        (5, "DOLO_END", "DFE-707", "warning"),
        (6, "DOLO_END", "DFE-702", "error"),
        (7, "DOLO_START", "DFE-703", "error"),
    }
    assert loaded == [2, 4, 5]


def test_a_barred_placement_and_an_overlapping_order(tmp_path: Path) -> None:
    dolo = (
        "CHILD,DOB,DOLO_START,DOLO_END\n"
        "D004,07/07/2008,01/05/2026,01/06/2026\n"  # line 2: in K1 (709, 710)
        "A001,01/06/2010,01/04/2026,30/06/2026\n"  # line 3
        "A001,01/06/2010,01/05/2026,01/06/2026\n"  # line 4: inside line 3's
    )
    # Ordered by end: line 4 (1 June) then line 3 (30 June), which starts before line 4 ends.
    findings, _ = staged_findings(tmp_path, "2026-06", JUNE_2026, dolo)
    assert findings == {
        (2, "DOLO_START", "DFE-709", "warning"),
        (2, "DOLO_START", "DFE-710", "warning"),
        (3, "DOLO_START", "DFE-705", "warning"),
    }


def test_a_dolo_file_before_2026_27_is_reported_not_loaded(tmp_path: Path) -> None:
    dolo = "CHILD,DOB,DOLO_START,DOLO_END\nA001,01/06/2010,01/02/2026,\n"
    findings, loaded = staged_findings(tmp_path, "2026-03", dt.date(2026, 3, 31), dolo)
    assert findings == {(1, None, "TABLE_NOT_IN_YEAR", "warning")}
    assert loaded == []


def test_an_unknown_table_still_rejects_the_month(tmp_path: Path) -> None:
    folder = land(tmp_path, "2026-06", {"header": HEADER, "episodes": EPISODES,
                                        "orders": "CHILD,ORDER_START\nA001,01/02/2026\n"})  # fmt: skip
    with pytest.raises(ExtractRejected, match=r"orders\.csv: not a table we know"):
        read_month(folder)

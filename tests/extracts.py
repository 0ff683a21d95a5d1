"""Tiny hand-built extracts for tests, written inline as CSV text, and helpers to land and load
them. Every figure a test expects from these is worked out by hand in that test."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import duckdb
import polars as pl

from ingest.pseudonymise import pseudonymise
from ingest.stage import StagedTable
from schemas.rules import DFE_MORE, LAST_YEAR
from warehouse.build import build
from warehouse.drill import children_behind
from warehouse.staging import load_extract

LA = "873"
KEY = b"test-key-not-secret"

HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
A001,1,01/06/2010,WBRI,A123456789012,,
B002,2,05/05/2012,WBRI,,0,
C003,2,03/03/2015,MWBC,,0,
D004,1,07/07/2008,BAFR,,,
E005,2,09/09/2005,WBRI,,0,
F006,1,11/11/2011,AIND,,,
G007,1,15/01/2000,OOTH,,,
H008,1,01/03/2002,BOTH,,,
"""

# A: in care throughout.                       B: a short break (V4), open at 31 Jan.
# C: starts care 15 Jan.                        D: same-day legal status change (X1) 20 Jan.
# E: episode ends on 31 Jan, the month's last day.
# F: in care April-June, leaves on 30 June, returns 10 Jan.
# G: UASC whose status ends on his 18th birthday, 15 Jan, while still in care.
# H: UASC until 2020.
EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A001,01/01/2016,S,C2,N1,U4,PR1,,,,CB4 1AA,CB4 2BB,
B002,10/01/2018,S,V4,N2,U6,PR1,,,,,,
C003,15/01/2018,S,V2,N1,U6,PR1,,,,,,
D004,01/03/2017,S,C1,N1,U6,PR1,20/01/2018,X1,,,,
D004,20/01/2018,L,C2,N1,U6,PR1,,,,,,
E005,01/05/2017,S,V2,N4,U6,PR4,31/01/2018,E13,,,,
F006,01/04/2017,S,V2,N5,U6,PR1,30/06/2017,E13,,,,
F006,10/01/2018,S,V2,N5,U6,PR1,,,,,,
G007,01/09/2016,S,V2,N8,U6,PR4,,,,,,
H008,01/02/2017,S,V2,N8,U6,PR4,,,,,,
"""

UASC = """
CHILD,SEX,DOB,DUC
G007,1,15/01/2000,15/01/2018
H008,1,01/03/2002,01/03/2020
"""

EXTRACT = {"header": HEADER, "episodes": EPISODES, "uasc": UASC}

# The same children as the December extract saw them, at 31 Dec 2017: nothing dated in January,
# so D's and E's episodes are still open and B, C and F's return have not happened.
DECEMBER_EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A001,01/01/2016,S,C2,N1,U4,PR1,,,,CB4 1AA,CB4 2BB,
D004,01/03/2017,S,C1,N1,U6,PR1,,,,,,
E005,01/05/2017,S,V2,N4,U6,PR4,,,,,,
F006,01/04/2017,S,V2,N5,U6,PR1,30/06/2017,E13,,,,
G007,01/09/2016,S,V2,N8,U6,PR4,,,,,,
H008,01/02/2017,S,V2,N8,U6,PR4,,,,,,
"""
DECEMBER_EXTRACT = {**EXTRACT, "episodes": DECEMBER_EPISODES}


def land(landing_root: Path, month: str, tables: dict[str, str], la_code: str = LA) -> Path:
    """Write a month's landing folder: one CSV per table, then READY."""
    folder = landing_root / la_code / month
    folder.mkdir(parents=True, exist_ok=True)
    for table, text in tables.items():
        (folder / f"{table}.csv").write_text(textwrap.dedent(text).lstrip())
    (folder / "READY").touch()
    return folder


def land_files(
    landing_root: Path,
    month: str,
    files: Mapping[str, str | bytes],
    ready: bool = True,
    la_code: str = LA,
) -> Path:
    """Write a month's landing folder byte for byte as given (file name to text or bytes): for
    extracts whose encoding, line endings or blank lines are the point."""
    folder = landing_root / la_code / month
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content.encode() if isinstance(content, str) else content)
    if ready:
        (folder / "READY").touch()
    return folder


def month_date(month: str) -> dt.date:
    return dt.datetime.strptime(month, "%Y-%m").date()


def load_and_build(
    con: duckdb.DuckDBPyConnection,
    landing_root: Path,
    months: list[str],
    max_rejected_share: float = 0.05,
) -> None:
    """What the Dagster job does for these months, without Dagster."""
    for month in months:
        load_extract(con, landing_root / LA / month, LA, month_date(month), KEY, max_rejected_share)
    build(con, LA, [month_date(m) for m in months])


def kpi(con: duckdb.DuckDBPyConnection, indicator_id: str, month: str) -> float | None:
    parts = kpi_parts(con, indicator_id, month)
    return None if parts is None else parts[2]


def land_and_build(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    tables: dict[str, str],
    month: str = "2018-01",
    max_rejected_share: float = 0.05,
) -> None:
    """Land one extract month under ``root/landing``, then load and build it into ``con``."""
    land(root / "landing", month, tables)
    load_and_build(con, root / "landing", [month], max_rejected_share)


def kpi_parts(
    con: duckdb.DuckDBPyConnection, indicator_id: str, month: str
) -> tuple[float | None, float | None, float | None] | None:
    """(numerator, denominator, value) of one figure: all three None is "no data"."""
    # fetchall, not fetchone: DuckDB 2.0 keeps a half-read result open on the connection.
    rows = con.execute(
        "select numerator, denominator, value from mart.kpi_monthly "
        "where indicator_id = $i and month = $m",
        {"i": indicator_id, "m": month_date(month)},
    ).fetchall()
    return rows[0] if rows else None


def pseudonymised(*children: str) -> list[str]:
    """The warehouse's ids for these CHILD values of a hand-built extract, sorted."""
    return sorted(pseudonymise(pl.Series(children, dtype=pl.String), KEY, LA))


def drill(con: duckdb.DuckDBPyConnection, indicator_id: str, month: str, role: str) -> list[str]:
    """The ids the figure's drill-through lists in that role (as `cpr drill` reads them), sorted:
    one per thing counted, so a child counted twice is listed twice."""
    _, children = children_behind(con, LA, indicator_id, month_date(month))
    return sorted(children.filter(pl.col("role") == role)["child_id"])


#: The further DfE rules (schemas/dfe_more.py): completeness warnings (no postcode, MOTHER
#: blank, ...) that hand-built extracts, which leave such columns blank, break; and the rules
#: judged against last year's return, with the note that it is not held, which a month staged
#: alone has. Tests about other rules leave them out; tests/ingest/test_dfe_more.py and
#: test_last_year_rules.py test them.
MORE_DFE = frozenset(r.id for r in DFE_MORE + LAST_YEAR)


def quarantined_but_more_dfe(con: duckdb.DuckDBPyConnection) -> int:
    """Findings in the warehouse's quarantine but the further DfE warnings (the hand-built
    extracts have no postcodes, URNs or social worker details those rules ask for)."""
    return con.execute(
        "select count(*) from audit.quarantine where rule_id not in (select unnest($more))",
        {"more": sorted(MORE_DFE)},
    ).fetchone()[0]


def without_more_dfe(staged: Mapping[str, StagedTable]) -> dict[str, StagedTable]:
    return {
        t: replace(s, findings=s.findings.filter(~pl.col("rule_id").is_in(MORE_DFE)))
        for t, s in staged.items()
    }

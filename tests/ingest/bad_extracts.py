"""The malformed-extract corpus: the hand-built January 2018 extract of tests/extracts.py with ONE
defect each, and what the contract (shared/design/extract-contract.md, "Formats" and "What bad
input gets") says must come of it.

A case is data: the landed files (name to text or bytes), made from the clean extract by
changing one thing, and the outcome worked out by hand from the defect:

- ``Rejected``: the month fails with ExtractRejected, whose message names the file and the
  reason (a regex searched in the message); the warehouse and the published marts stay as
  they were.
- ``Loads``: the month loads with exactly these findings ``(table, line, column, rule, severity)``.
  A row with an error finding is quarantined; every other row of the file loads. The file's
  data lines are the clean file's unless the case says otherwise.

A case the code gets wrong names the bug in ``bug`` (the test marks it xfail, strictly).

The clean extract, by episodes.csv line: 2 A001 in care since 2016; 3 B002 short break (V4) from
10 Jan, open; 4 C003 starts 15 Jan; 5-6 D004 X1 on 20 Jan, then a new legal status; 7 E005 ends
31 Jan (E13); 8-9 F006 April-June 2017, back 10 Jan; 10 G007 and 11 H008 (UASC) in care.
header.csv lines 2-9 hold A001 to H008 in that order; uasc.csv lines 2-3 G007 and H008.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import lzma
import os
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from extracts import EXTRACT

from ingest.landing import READY, LandedMonth
from ingest.stage import StagedTable
from schemas.contract import MAX_FILE_MB

Files = Mapping[str, str | bytes]
#: (table, file line, column, rule id, severity)
Finding = tuple[str, int, str, str, str]
Check = Callable[[LandedMonth, dict[str, StagedTable]], None]

DEFAULT_SHARE = 0.05  # the configured default: more than 5% of a table rejected fails the month

# Optional tables, clean, for the cases whose defect lies in one of them. Every row is about a
# child in care on its date (see the episodes above), so each case's defect is its only one.
SUPPLEMENTARY = {
    "reviews": """
CHILD,DOB,REVIEW,REVIEW_CODE
A001,01/06/2010,10/01/2018,PN1
C003,03/03/2015,25/01/2018,PN0
F006,11/11/2011,20/01/2018,PN1
""",
    "missing": """
CHILD,DOB,MISSING,MIS_START,MIS_END
A001,01/06/2010,M,05/01/2018,06/01/2018
C003,03/03/2015,A,20/01/2018,21/01/2018
""",
    "oc3": """
CHILD,DOB,IN_TOUCH,ACTIV,ACCOM
G007,15/01/2000,YES,F2,D1
H008,01/03/2002,YES,F2,B1
""",
    "care_leavers": """
CHILD,DOB,CONTACT_DATE,ELIGIBILITY,IN_TOUCH,ACTIV,ACCOM,PATHWAY_PLAN_DATE,PA_ALLOCATED
G007,15/01/2000,16/01/2018,ELIGIBLE,YES,F2,D1,10/01/2018,Y
""",
    "visits": """
CHILD,VISIT_DATE,SEEN,SEEN_ALONE
A001,15/01/2018,Y,Y
C003,20/01/2018,Y,N
""",
    "workforce": """
MONTH_END,SERVICE,ROLE,ESTABLISHMENT_FTE,STAFF_FTE,CASES
31/01/2018,Children in Care,Qualified social worker,20,18.5,270
31/01/2018,Children in Care,Team manager,3,3,
""",
}

CLEAN_TEXT = {table: text.lstrip() for table, text in (EXTRACT | SUPPLEMENTARY).items()}
CLEAN: dict[str, str | bytes] = {f"{table}.csv": CLEAN_TEXT[table] for table in EXTRACT}
#: The data lines of each clean file: line 1 is the header row.
CLEAN_LINES = {
    table: tuple(range(2, len(text.splitlines()) + 1)) for table, text in CLEAN_TEXT.items()
}


@dataclass(frozen=True)
class Rejected:
    message: str


@dataclass(frozen=True)
class Loads:
    findings: frozenset[Finding] = frozenset()
    #: data lines per table, where the defect changes them from the clean file's
    lines: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    #: every staged frame equals the clean extract's (line numbers aside)
    same_as_clean: bool = False
    check: Check | None = None
    #: (name, why) of each entry of the folder that is not read
    skipped: frozenset[tuple[str, str]] = frozenset()
    #: None: the default 5% where nothing is quarantined (warnings never count), the threshold
    #: off where a row is (one row of a ten-row table is 10%; the threshold has its own cases)
    max_rejected_share: float | None = None

    def quarantined(self, table: str) -> set[int]:
        return {f[1] for f in self.findings if f[0] == table and f[4] == "error"}

    def share(self) -> float:
        if self.max_rejected_share is not None:
            return self.max_rejected_share
        return 1.0 if any(f[4] == "error" for f in self.findings) else DEFAULT_SHARE


@dataclass(frozen=True)
class Case:
    name: str
    defect: str
    files: Files
    outcome: Rejected | Loads
    ready: bool = True
    bug: str | None = None
    #: what is done to the landed folder after its files are written (links, folders, times)
    setup: Callable[[Path], None] | None = None
    max_file_mb: int = MAX_FILE_MB


def findings(*rows: Finding) -> frozenset[Finding]:
    return frozenset(rows)


# How a defective extract is made from the clean one.


def changed(table: str, old: str, new: str) -> dict[str, str | bytes]:
    """The clean extract with one table's text changed where it holds ``old`` (exactly once);
    an optional table is added, so changed."""
    text = CLEAN_TEXT[table]
    assert text.count(old) == 1, f"{old!r} must occur once in {table}"
    return {**CLEAN, f"{table}.csv": text.replace(old, new)}


def replaced(name: str, content: str | bytes) -> dict[str, str | bytes]:
    return {**CLEAN, name: content}


def without(name: str) -> dict[str, str | bytes]:
    return {k: v for k, v in CLEAN.items() if k != name}


def rewritten(table: str, edit: Callable[[list[list[str]]], list[list[str]]]) -> str:
    """A clean table's text with its rows (the header row first) rewritten by ``edit``."""
    rows = edit(list(csv.reader(io.StringIO(CLEAN_TEXT[table]))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def drop_column(column: str) -> Callable[[list[list[str]]], list[list[str]]]:
    def edit(rows: list[list[str]]) -> list[list[str]]:
        at = rows[0].index(column)
        return [row[:at] + row[at + 1 :] for row in rows]

    return edit


def add_column(name: str) -> Callable[[list[list[str]]], list[list[str]]]:
    """A column appended, blank in every row."""
    return lambda rows: [rows[0] + [name]] + [[*row, ""] for row in rows[1:]]


def iso_dates(text: str) -> str:
    return re.sub(r"\b(\d{2})/(\d{2})/(\d{4})\b", r"\3-\2-\1", text)


def zipped(name: str, text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, text)
    return out.getvalue()


# What a case does to the landed folder beyond writing its files.


def make_folder(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).mkdir()


def link_to(name: str, target: Callable[[Path], Path]) -> Callable[[Path], None]:
    """``name`` made a symbolic link to a copy of the clean visits file at ``target(folder)``."""

    def setup(folder: Path) -> None:
        path = target(folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(CLEAN_TEXT["visits"])
        (folder / name).symlink_to(path)

    return setup


def make_pipe(name: str) -> Callable[[Path], None]:
    return lambda folder: os.mkfifo(folder / name)


def touched_after_ready(name: str, seconds: int) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        ready = (folder / READY).stat().st_mtime_ns
        os.utime(folder / name, ns=(ready, ready + seconds * 1_000_000_000))

    return setup


# Checks beyond findings and lines, for the cases that need them.


def decoded_as(table: str, encoding: str) -> Check:
    def check(month: LandedMonth, staged: dict[str, StagedTable]) -> None:
        assert month.files[table].raw.encoding == encoding

    return check


def child_ids_kept_apart(month: LandedMonth, staged: dict[str, StagedTable]) -> None:
    """Header lines 10 ("007") and 11 ("7") are two children; episodes lines 12 and 13 are theirs."""
    header = dict(staged["header"].frame.select("line", "child_id").iter_rows())
    episodes = dict(staged["episodes"].frame.select("line", "child_id").iter_rows())
    assert header[10] != header[11]
    assert (episodes[12], episodes[13]) == (header[10], header[11])


CASES: list[Case] = [
    # --- The month fails before anything is written. -------------------------------------
    Case(
        "no_ready_marker",
        "the folder lacks READY: the LA has not finished landing it",
        CLEAN,
        Rejected(r"^no READY marker in .*2018-01, so the extract is not complete$"),
        ready=False,
    ),
    Case(
        "required_header_missing",
        "header.csv not landed",
        without("header.csv"),
        Rejected(r"^required file header\.csv is missing$"),
    ),
    Case(
        "required_episodes_missing",
        "episodes.csv not landed",
        without("episodes.csv"),
        Rejected(r"^required file episodes\.csv is missing$"),
    ),
    Case(
        "empty_file",
        "header.csv is zero bytes",
        replaced("header.csv", b""),
        Rejected(r"^header\.csv: the file is empty$"),
    ),
    Case(
        "file_of_blank_lines",
        "episodes.csv holds only blank lines and a row of commas",
        replaced("episodes.csv", "\r\n,,,,\r\n\r\n"),
        Rejected(r"^episodes\.csv: the file is empty$"),
    ),
    Case(
        "required_table_without_rows",
        "header.csv has its column row and nothing else",
        replaced("header.csv", CLEAN_TEXT["header"].splitlines(keepends=True)[0]),
        Rejected(r"^header\.csv: required table header has no rows$"),
    ),
    Case(
        "not_a_table_we_know",
        "a notes file lands beside the tables",
        {**CLEAN, "notes.csv": "CHILD,NOTE\nA001,moved school\n"},
        Rejected(r"^notes\.csv: not a table we know; closest is \w+, which also needs column"),
    ),
    Case(
        "ragged_long_row",
        "episodes.csv line 4 has a fourteenth field",
        changed(
            "episodes",
            "C003,15/01/2018,S,V2,N1,U6,PR1,,,,,,",
            "C003,15/01/2018,S,V2,N1,U6,PR1,,,,,,,X",
        ),
        Rejected(r"^episodes\.csv: not a readable CSV table"),
    ),
    Case(
        "ragged_short_row",
        "episodes.csv line 7 is cut after PLACE_PROVIDER: 7 of 13 fields, so its DEC and REC are gone",
        changed(
            "episodes",
            "E005,01/05/2017,S,V2,N4,U6,PR4,31/01/2018,E13,,,,",
            "E005,01/05/2017,S,V2,N4,U6,PR4",
        ),
        Rejected(r"^episodes\.csv: not a readable CSV table"),
    ),
    Case(
        "unclosed_quote",
        'a stray " opens a quoted value on episodes.csv line 4 that never closes',
        changed("episodes", "C003,15/01/2018,S,V2,", 'C003,15/01/2018,S,"V2,'),
        Rejected(r"^episodes\.csv: not a readable CSV table"),
    ),
    Case(
        "missing_column",
        "episodes.csv without its LS column",
        replaced("episodes.csv", rewritten("episodes", drop_column("LS"))),
        Rejected(
            r"^episodes\.csv: not a table we know; closest is episodes, which also needs column\(s\) LS$"
        ),
    ),
    Case(
        "missing_column_leaves_another_tables_columns",
        "care_leavers.csv without CONTACT_DATE: what is left holds every OC3 column",
        {**CLEAN, "care_leavers.csv": rewritten("care_leavers", drop_column("CONTACT_DATE"))},
        Rejected(r"^care_leavers\.csv: .*CONTACT_DATE"),
    ),
    Case(
        "duplicated_column",
        "episodes.csv has a second DEC column (blank in every row)",
        replaced("episodes.csv", rewritten("episodes", add_column("DEC"))),
        Rejected(r"^episodes\.csv: duplicated column\(s\) DEC$"),
    ),
    Case(
        "duplicated_column_in_other_case",
        "header.csv has a column 'child ' beside CHILD: the same once trimmed and upper-cased",
        replaced("header.csv", rewritten("header", add_column("child "))),
        Rejected(r"^header\.csv: duplicated column\(s\) CHILD$"),
    ),
    Case(
        "two_files_one_table",
        "episodes_copy.csv, a copy of episodes.csv, lands beside it",
        {**CLEAN, "episodes_copy.csv": CLEAN_TEXT["episodes"]},
        Rejected(
            r"^episodes_copy\.csv: holds the episodes table, already read from episodes\.csv$"
        ),
    ),
    Case(
        "windows_1252",
        "episodes.csv saved as Windows-1252, with a non-breaking space in a postcode (byte A0)",
        replaced(
            "episodes.csv",
            CLEAN_TEXT["episodes"].replace("CB4 1AA", "CB4\u00a01AA").encode("cp1252"),
        ),
        Rejected(r"^episodes\.csv: not UTF-8 .*Windows-1252"),
    ),
    Case(
        "utf16_without_bom",
        "header.csv in UTF-16 (little-endian) without a byte-order mark",
        replaced("header.csv", CLEAN_TEXT["header"].encode("utf-16-le")),
        Rejected(r"^header\.csv: .*UTF-16"),
    ),
    Case(
        "rejected_share_above_threshold",
        "episodes.csv line 3 has LS XX: 1 of 10 rows rejected, above the default 5%",
        changed("episodes", "B002,10/01/2018,S,V4,", "B002,10/01/2018,S,XX,"),
        Rejected(
            r"^episodes\.csv: 1 of 10 rows rejected \(10%\), above the 5% threshold: the extract is suspect$"
        ),
    ),
    # --- Reading: the month loads as if the file were clean. -------------------------------
    Case(
        "unknown_extra_column",
        "header.csv carries a NOTES column the contract does not know",
        replaced("header.csv", rewritten("header", add_column("NOTES"))),
        Loads(findings(("header", 1, "NOTES", "UNKNOWN_COLUMN", "warning")), same_as_clean=True),
    ),
    Case(
        "utf16_with_bom",
        "header.csv saved as UTF-16 with its byte-order mark",
        replaced("header.csv", CLEAN_TEXT["header"].encode("utf-16")),
        Loads(same_as_clean=True, check=decoded_as("header", "UTF-16")),
    ),
    Case(
        "utf8_bom_and_crlf",
        "episodes.csv saved by Excel as CSV UTF-8: a byte-order mark and CRLF line endings",
        replaced("episodes.csv", "\ufeff" + CLEAN_TEXT["episodes"].replace("\n", "\r\n")),
        Loads(same_as_clean=True, check=decoded_as("episodes", "UTF-8")),
    ),
    Case(
        "blank_leading_rows_and_trailing_blank_lines",
        "header.csv opens with a blank line and a row of commas, and ends with both",
        replaced("header.csv", "\n,,,,,,\n" + CLEAN_TEXT["header"] + ",,,,,,\n\n"),
        Loads(lines={"header": tuple(range(4, 12))}, same_as_clean=True),
    ),
    Case(
        "blank_line_between_rows",
        "header.csv has an empty line between B002 (line 3) and C003 (now line 5)",
        changed("header", "B002,2,05/05/2012,WBRI,,0,\n", "B002,2,05/05/2012,WBRI,,0,\n\n"),
        Loads(lines={"header": (2, 3, 5, 6, 7, 8, 9, 10)}, same_as_clean=True),
    ),
    Case(
        "quoted_value_over_two_lines",
        "A001's UPN is quoted and ends in a line break (Alt+Enter in Excel): B002 is on line 4",
        changed("header", ",A123456789012,", ',"A123456789012\n",'),
        Loads(lines={"header": (2, 4, 5, 6, 7, 8, 9, 10)}, same_as_clean=True),
    ),
    Case(
        "iso_dates",
        "every date in episodes.csv written YYYY-MM-DD",
        replaced("episodes.csv", iso_dates(CLEAN_TEXT["episodes"])),
        Loads(same_as_clean=True),
    ),
    Case(
        "codes_padded_and_lower_case",
        "A001's episode codes (line 2) in lower case with spaces around them",
        changed(
            "episodes", "A001,01/01/2016,S,C2,N1,U4,PR1,", "A001,01/01/2016, s ,c2 ,n1,u4, pr1,"
        ),
        Loads(same_as_clean=True),
    ),
    Case(
        "child_padded",
        "C003's CHILD on episodes.csv line 4 has spaces around it",
        changed("episodes", "C003,15/01/2018", "  C003 ,15/01/2018"),
        Loads(same_as_clean=True),
    ),
    Case(
        "child_leading_zeros",
        "two more children, 007 and 7 (header lines 10-11, episodes lines 12-13)",
        {
            **CLEAN,
            "header.csv": CLEAN_TEXT["header"]
            + "007,1,01/01/2012,WBRI,,,\n7,2,02/02/2013,WBRI,,0,\n",
            "episodes.csv": CLEAN_TEXT["episodes"]
            + "007,01/01/2017,S,V2,N1,U6,PR1,,,,,,\n7,01/01/2017,S,V2,N1,U6,PR1,,,,,,\n",
        },
        Loads(
            lines={"header": tuple(range(2, 12)), "episodes": tuple(range(2, 14))},
            check=child_ids_kept_apart,
        ),
    ),
    # --- A bad value: the row is quarantined, the rest loads. ------------------------------
    Case(
        "two_digit_year_decom",
        "C003's DECOM (episodes line 4) written 15/01/18",
        changed("episodes", "C003,15/01/2018", "C003,15/01/18"),
        Loads(findings(("episodes", 4, "DECOM", "DFE-141", "error"))),
    ),
    Case(
        "two_digit_year_dec",
        "E005's DEC (episodes line 7) written 31/01/18",
        changed("episodes", "PR4,31/01/2018,E13", "PR4,31/01/18,E13"),
        Loads(findings(("episodes", 7, "DEC", "DFE-147", "error"))),
    ),
    Case(
        "two_digit_year_dob",
        "H008's DOB in uasc.csv (line 3) written 01/03/02",
        changed("uasc", "H008,1,01/03/2002", "H008,1,01/03/02"),
        Loads(findings(("uasc", 3, "DOB", "DFE-102", "error"))),
    ),
    Case(
        "two_digit_year_supplementary",
        "A001's VISIT_DATE (visits line 2) written 15/01/18: no DfE rule, so the generic one",
        changed("visits", "A001,15/01/2018", "A001,15/01/18"),
        Loads(findings(("visits", 2, "VISIT_DATE", "DATE_FORMAT", "error"))),
    ),
    Case(
        "bad_code",
        "C003's PLACE (episodes line 4) is U9, not a placement code",
        changed("episodes", "C003,15/01/2018,S,V2,N1,U6", "C003,15/01/2018,S,V2,N1,U9"),
        Loads(findings(("episodes", 4, "PLACE", "DFE-146", "error"))),
    ),
    Case(
        "code_of_another_year",
        "E005's PLACE (episodes line 7) is K3, a code from 2024/25, on an episode ended in 2017/18",
        changed(
            "episodes", "E005,01/05/2017,S,V2,N4,U6,PR4,31", "E005,01/05/2017,S,V2,N4,K3,PR4,31"
        ),
        Loads(findings(("episodes", 7, "PLACE", "DFE-146", "error"))),
    ),
    Case(
        "bad_code_in_header",
        "A001's SEX (header line 2) is X: only the header row is at fault",
        changed("header", "A001,1,", "A001,X,"),
        Loads(findings(("header", 2, "SEX", "DFE-101", "error"))),
    ),
    Case(
        "blank_required_value",
        "E005's CIN (episodes line 7) is blank",
        changed("episodes", "E005,01/05/2017,S,V2,N4,", "E005,01/05/2017,S,V2,,"),
        Loads(findings(("episodes", 7, "CIN", "DFE-145", "error"))),
    ),
    Case(
        "future_dated_event",
        "C003's DECOM (episodes line 4) is 15/02/2018, after the month's end",
        changed("episodes", "C003,15/01/2018", "C003,15/02/2018"),
        Loads(findings(("episodes", 4, "DECOM", "FUTURE_DATE", "error"))),
    ),
    Case(
        "future_dated_review",
        "A001's review (reviews line 2) is dated 10/02/2018, while A001 is in care",
        changed("reviews", "A001,01/06/2010,10/01/2018", "A001,01/06/2010,10/02/2018"),
        Loads(findings(("reviews", 2, "REVIEW", "FUTURE_DATE", "error"))),
    ),
    # --- A cross-record rule. --------------------------------------------------------------
    Case(
        "dec_before_decom",
        "E005's episode (line 7) ends 30/04/2017, before it began on 01/05/2017",
        changed("episodes", "PR4,31/01/2018,E13", "PR4,30/04/2017,E13"),
        Loads(findings(("episodes", 7, "DEC", "DFE-356", "error"))),
    ),
    Case(
        "episode_overlap",
        "F006's second episode (line 9) starts 01/06/2017, before her first ended on 30/06/2017",
        changed("episodes", "F006,10/01/2018", "F006,01/06/2017"),
        Loads(findings(("episodes", 9, "DECOM", "DFE-501", "error"))),
    ),
    Case(
        "child_not_in_header",
        "C003's episode (line 4) names Z999, a child the header does not hold",
        changed("episodes", "C003,15/01/2018", "Z999,15/01/2018"),
        Loads(findings(("episodes", 4, "CHILD", "DFE-INT03", "error"))),
    ),
    Case(
        "duplicate_header_child",
        "B002's header row again as line 10",
        replaced("header.csv", CLEAN_TEXT["header"] + "B002,2,05/05/2012,WBRI,,0,\n"),
        Loads(
            findings(
                ("header", 3, "CHILD", "DFE-INT32", "error"),
                ("header", 10, "CHILD", "DFE-INT32", "error"),
            ),
            lines={"header": tuple(range(2, 11))},
        ),
    ),
    Case(
        "duplicate_header_child_without_other_records",
        "a ninth child, I009, listed twice (header lines 10 and 11), with no other records",
        replaced("header.csv", CLEAN_TEXT["header"] + "I009,1,01/01/2012,WBRI,,,\n" * 2),
        Loads(
            findings(
                ("header", 10, "CHILD", "DFE-INT32", "error"),
                ("header", 11, "CHILD", "DFE-INT32", "error"),
            ),
            lines={"header": tuple(range(2, 12))},
        ),
    ),
    Case(
        "dec_without_rec",
        "E005's episode (line 7) has its DEC but a blank REC",
        changed("episodes", "31/01/2018,E13", "31/01/2018,"),
        Loads(findings(("episodes", 7, "REC", "DFE-148", "error"))),
    ),
    Case(
        "rec_on_open_episode",
        "A001's open episode (line 2) carries REC E13: ignored, reported",
        changed("episodes", "PR1,,,,CB4 1AA", "PR1,,E13,,CB4 1AA"),
        Loads(findings(("episodes", 2, "REC", "REC_ON_OPEN_EPISODE", "warning"))),
    ),
    Case(
        "x1_without_continuation",
        "D004's second episode (line 6) removed: her X1 on line 5 continues into nothing",
        changed("episodes", "D004,20/01/2018,L,C2,N1,U6,PR1,,,,,,\n", ""),
        Loads(
            findings(("episodes", 5, "REC", "DFE-388", "warning")),
            lines={"episodes": tuple(range(2, 11))},
        ),
    ),
    Case(
        "short_break_over_17_days",
        "B002's short break (line 3, from 10 Jan) is V3 and ends 28/01/2018 (E4A): 18 days",
        changed(
            "episodes",
            "B002,10/01/2018,S,V4,N2,U6,PR1,,",
            "B002,10/01/2018,S,V3,N2,U6,PR1,28/01/2018,E4A",
        ),
        Loads(findings(("episodes", 3, "DEC", "DFE-365", "warning"))),
    ),
    Case(
        "short_break_of_17_days",
        "B002's short break (line 3, from 10 Jan) is V3 and ends 27/01/2018 (E4A): 17 days, allowed",
        changed(
            "episodes",
            "B002,10/01/2018,S,V4,N2,U6,PR1,,",
            "B002,10/01/2018,S,V3,N2,U6,PR1,27/01/2018,E4A",
        ),
        Loads(),
    ),
    Case(
        "open_short_break_over_17_days",
        "B002's short break (line 3, from 10 Jan) is V3 and still open at 31 Jan: 21 days so far",
        changed("episodes", "B002,10/01/2018,S,V4,", "B002,10/01/2018,S,V3,"),
        Loads(findings(("episodes", 3, "DEC", "DFE-365", "warning"))),
    ),
    Case(
        "review_outside_care",
        "F006's review (reviews line 4) dated 15/08/2017, between her two periods of care",
        changed("reviews", "F006,11/11/2011,20/01/2018", "F006,11/11/2011,15/08/2017"),
        Loads(findings(("reviews", 4, "REVIEW", "OUTSIDE_CARE", "error"))),
    ),
    Case(
        "missing_before_care",
        "C003 missing from 10/01/2018 (missing line 3), before her care began on 15 Jan: the "
        "DfE's 581 and 578 both flag a missing period outside every episode",
        changed("missing", "C003,03/03/2015,A,20/01/2018", "C003,03/03/2015,A,10/01/2018"),
        Loads(
            findings(
                ("missing", 3, "MIS_START", "DFE-581", "error"),
                ("missing", 3, "MIS_START", "DFE-578", "error"),
            )
        ),
    ),
    Case(
        "care_leaver_died_with_activity",
        "G007's OC3 row (line 2) says IN_TOUCH DIED but keeps ACTIV F2 and ACCOM D1",
        changed("oc3", "G007,15/01/2000,YES", "G007,15/01/2000,DIED"),
        Loads(findings(("oc3", 2, "ACTIV", "DFE-344", "error"))),
    ),
    Case(
        "visit_seen_bad_code",
        "C003's visit (visits line 3) has SEEN 'YES' where the code is Y",
        changed("visits", "C003,20/01/2018,Y,N", "C003,20/01/2018,YES,N"),
        Loads(findings(("visits", 3, "SEEN", "CODE", "error"))),
    ),
    Case(
        "workforce_negative_fte",
        "the social workers' STAFF_FTE (workforce line 2) is -18.5",
        changed("workforce", ",20,18.5,", ",20,-18.5,"),
        Loads(findings(("workforce", 2, "STAFF_FTE", "NEGATIVE", "error"))),
    ),
    Case(
        "rejected_share_at_threshold",
        "episodes.csv line 3 has LS XX, with the share set to 10%: 1 of 10 is not MORE than 10%",
        changed("episodes", "B002,10/01/2018,S,V4,", "B002,10/01/2018,S,XX,"),
        Loads(findings(("episodes", 3, "LS", "DFE-144", "error")), max_rejected_share=0.10),
    ),
    # --- Every entry of the folder accounted for: read, skipped with why, or refused. ------
    Case(
        "upper_case_extension",
        "visits.CSV: the extension in capitals, as some case systems write it",
        {**CLEAN, "visits.CSV": CLEAN_TEXT["visits"]},
        Loads(),
    ),
    Case(
        "not_a_csv_file",
        "notes.txt and a hidden .DS_Store beside the tables",
        {**CLEAN, "notes.txt": "moved school\n", ".DS_Store": b"\x00\x00\x00\x01Bud1"},
        Loads(
            skipped=frozenset(
                {
                    ("notes.txt", "not a CSV or XML file (.txt): not read"),
                    (".DS_Store", "a hidden or temporary file: not read"),
                }
            ),
            same_as_clean=True,
        ),
    ),
    Case(
        "a_folder_not_named_as_a_table",
        "a sub-folder old/ (last month's files, say)",
        CLEAN,
        Loads(skipped=frozenset({("old", "a folder: not read")}), same_as_clean=True),
        setup=make_folder("old"),
    ),
    Case(
        "a_folder_named_as_a_table",
        "a sub-folder named old.csv",
        CLEAN,
        Rejected(r"^old\.csv: a folder, not a file$"),
        setup=make_folder("old.csv"),
    ),
    Case(
        "link_outside_the_landing_area",
        "visits.csv is a symbolic link to a file outside the LA's landing folder",
        CLEAN,
        Rejected(r"^visits\.csv: a link to a file outside the landing area: land the file itself$"),
        setup=link_to("visits.csv", lambda folder: folder.parents[2] / "elsewhere" / "v.csv"),
    ),
    Case(
        "link_inside_the_landing_area",
        "visits.csv is a symbolic link to December's visits file, in the same LA's landing folder",
        CLEAN,
        Loads(),
        setup=link_to("visits.csv", lambda folder: folder.parent / "2017-12" / "visits.csv"),
    ),
    Case(
        "a_pipe_named_as_a_table",
        "a named pipe visits.csv (reading it would wait for ever)",
        CLEAN,
        Rejected(r"^visits\.csv: not a regular file \(a device, pipe or socket\)$"),
        setup=make_pipe("visits.csv"),
    ),
    Case(
        "changed_after_ready",
        "uasc.csv written 10 s after READY: the set READY declared complete has changed",
        CLEAN,
        Rejected(r"^uasc\.csv: changed after READY was written: land the complete set again"),
        setup=touched_after_ready("uasc.csv", 10),
    ),
    Case(
        "written_just_after_ready",
        "uasc.csv written 1 s after READY, as a copy that does not keep times may do: read",
        CLEAN,
        Loads(same_as_clean=True),
        setup=touched_after_ready("uasc.csv", 1),
    ),
    Case(
        "two_faults_named_together",
        "a folder old.csv and a pipe visits.csv: both named in one message",
        CLEAN,
        Rejected(r"^old\.csv: a folder, not a file; visits\.csv: not a regular file"),
        setup=lambda folder: (make_folder("old.csv")(folder), make_pipe("visits.csv")(folder)),
    ),
    # --- Limits instead of crashes. --------------------------------------------------------
    Case(
        "file_above_the_size_limit",
        "uasc.csv padded with 1.2 million blank lines (1.1 MB) where the limit is set to 1 MB",
        replaced("uasc.csv", CLEAN_TEXT["uasc"] + "\n" * 1_200_000),
        Rejected(
            r"^uasc\.csv: 1\.1 MB, larger than the largest file read \(1 MB, CPR_MAX_FILE_MB\)$"
        ),
        max_file_mb=1,
    ),
    # --- Messages that name the real problem. ----------------------------------------------
    *[
        Case(
            f"{kind}_file_named_csv",
            f"episodes.csv is {kind}-compressed",
            replaced("episodes.csv", compress(CLEAN_TEXT["episodes"].encode())),
            Rejected(rf"^episodes\.csv: {kind}-compressed, not CSV text\. Uncompress it"),
        )
        for kind, compress in [
            ("gzip", gzip.compress),
            ("bzip2", bz2.compress),
            ("xz", lzma.compress),
        ]
    ],
    *[
        Case(
            f"{name}_named_csv",
            f"episodes.csv starts with the first bytes of {said}",
            replaced("episodes.csv", magic + CLEAN_TEXT["episodes"].encode()),
            Rejected(rf"^episodes\.csv: {pattern}, not CSV text"),
        )
        for name, magic, said, pattern in [
            ("zstd", b"\x28\xb5\x2f\xfd", "a zstd frame", "zstd-compressed"),
            ("seven_zip", b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "a 7-Zip archive"),
            (
                "xls",
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                "an Excel 97-2003 workbook",
                r"an Excel 97-2003 workbook \(\.xls\)",
            ),
        ]
    ],
    Case(
        "zip_file_named_csv",
        "episodes.csv is a ZIP archive holding the episodes file (or an .xlsx renamed)",
        replaced("episodes.csv", zipped("episodes.csv", CLEAN_TEXT["episodes"])),
        Rejected(
            r"^episodes\.csv: a ZIP archive \(an Excel \.xlsx workbook is one\), not CSV text"
        ),
    ),
    Case(
        "utf32_with_bom",
        "header.csv saved as UTF-32 with its byte-order mark",
        replaced("header.csv", CLEAN_TEXT["header"].encode("utf-32")),
        Rejected(
            r"^header\.csv: UTF-32 text \(four bytes per character\)\. Re-save it as CSV UTF-8\.$"
        ),
    ),
    Case(
        "utf32_without_bom",
        "header.csv saved as UTF-32 (little-endian) without a byte-order mark",
        replaced("header.csv", CLEAN_TEXT["header"].encode("utf-32-le")),
        Rejected(r"^header\.csv: UTF-32 text"),
    ),
    Case(
        "doubled_byte_order_mark",
        "header.csv starts with two UTF-8 byte-order marks (converted to UTF-8 twice)",
        replaced("header.csv", "\ufeff\ufeff" + CLEAN_TEXT["header"]),
        Rejected(r"^header\.csv: starts with two byte-order marks"),
    ),
    *[
        Case(
            f"{name}_separated",
            f"header.csv separated by {name}s",
            replaced("header.csv", CLEAN_TEXT["header"].replace(",", delimiter)),
            Rejected(rf"^header\.csv: the columns are separated by {said}, not commas"),
        )
        for name, delimiter, said in [
            ("semicolon", ";", r"semicolons \(;\)"),
            ("tab", "\t", "tabs"),
            ("pipe", "|", r"pipes \(\|\)"),
        ]
    ],
    Case(
        "trailing_empty_columns",
        "every line of episodes.csv ends in two more commas: two columns with no name",
        replaced("episodes.csv", CLEAN_TEXT["episodes"].replace("\n", ",,\n")),
        Rejected(
            r"^episodes\.csv: the header row ends in 2 column\(s\) with no name "
            r"\(column\(s\) 14-15, after URN\): delete the empty columns"
        ),
    ),
    Case(
        "empty_column_name",
        "header.csv's ETHNIC column (the fourth) has lost its name",
        changed("header", "DOB,ETHNIC,", "DOB,,"),
        Rejected(r"^header\.csv: column\(s\) 4 \(after DOB\) of the header row have no name$"),
    ),
    Case(
        "line_separator_in_a_value",
        "D004's CHILD (header line 5) holds a U+2028, which no editor shows as a break",
        changed("header", "D004,", "D0\u202804,"),
        Rejected(r"^header\.csv: line 5 holds a U\+2028 LINE SEPARATOR character inside a value"),
    ),
    Case(
        "next_line_in_a_quoted_value",
        "B002's ETHNIC (header line 3) is quoted and holds a NEL (U+0085)",
        changed("header", "B002,2,05/05/2012,WBRI", 'B002,2,05/05/2012,"WB\x85RI"'),
        Rejected(r"^header\.csv: line 3 holds a U\+0085 NEXT LINE \(NEL\) character"),
    ),
    Case(
        "windows_1252_names_its_line",
        "episodes.csv saved as Windows-1252: the first byte that is not UTF-8 is on line 2",
        replaced(
            "episodes.csv",
            CLEAN_TEXT["episodes"].replace("CB4 1AA", "CB4\u00a01AA").encode("cp1252"),
        ),
        Rejected(r"^episodes\.csv: not UTF-8 \(line 2 cannot be decoded"),
    ),
    # --- Plausibility: values no real record can hold. ---------------------------------------
    Case(
        "dob_before_1900",
        "A001's DOB (header line 2) is 01/06/1899",
        changed("header", "A001,1,01/06/2010", "A001,1,01/06/1899"),
        Loads(findings(("header", 2, "DOB", "DATE_BEFORE_1900", "error"))),
    ),
    Case(
        "event_before_1900",
        "A001's episode (line 2) began 01/01/1899: its other rules are not judged on it",
        changed("episodes", "A001,01/01/2016", "A001,01/01/1899"),
        Loads(findings(("episodes", 2, "DECOM", "DATE_BEFORE_1900", "error"))),
    ),
    Case(
        "child_over_25_in_care",
        "E005 born 09/09/1985 (header line 6): 31 when her episode (line 7) began on 01/05/2017",
        changed("header", "E005,2,09/09/2005", "E005,2,09/09/1985"),
        Loads(findings(("episodes", 7, "DECOM", "OVER_25_IN_CARE", "error"))),
    ),
    Case(
        "upn_too_long",
        "A001's UPN (header line 2) has 14 characters, one more than the DfE's 13",
        changed("header", ",A123456789012,", ",A1234567890123,"),
        Loads(findings(("header", 2, "UPN", "FIELD_LENGTH", "error"))),
    ),
    Case(
        "postcode_too_long",
        "A001's HOME_POST (episodes line 2) is 'CB4 1AAXX', 9 characters where a postcode has 8",
        changed("episodes", ",CB4 1AA,", ",CB4 1AAXX,"),
        Loads(findings(("episodes", 2, "HOME_POST", "FIELD_LENGTH", "error"))),
    ),
    Case(
        "child_id_too_long",
        "a ninth child, ABCDEFGHIJK (header line 10): 11 characters, one more than the DfE's 10",
        replaced("header.csv", CLEAN_TEXT["header"] + "ABCDEFGHIJK,1,01/01/2012,WBRI,,,\n"),
        Loads(
            findings(("header", 10, "CHILD", "FIELD_LENGTH", "error")),
            lines={"header": tuple(range(2, 11))},
        ),
    ),
    Case(
        "a_megabyte_value",
        "the social workers' ROLE (workforce line 2) is a million characters long",
        changed("workforce", "Qualified social worker", "x" * 1_000_000),
        Loads(findings(("workforce", 2, "ROLE", "VALUE_TOO_LONG", "error"))),
    ),
]

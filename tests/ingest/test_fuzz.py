"""Property-based: whatever lands, the only outcomes are rows that load, rows quarantined under a
registered rule, or the month rejected with a message naming a file, never an exception
escaping; and a rejected month writes nothing to a warehouse holding a good month.

The landed files are the clean hand-built extract of tests/extracts.py, mangled: arbitrary
text in cells (quotes, line breaks, separators and all), columns dropped or added, another
delimiter, line ending or encoding, bytes spliced in or cut off, and stray files of any bytes.
Derandomised, so CI sees the same examples every run; kept to a few seconds.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb
import polars as pl
from bad_extracts import CLEAN_TEXT
from extracts import EXTRACT, KEY, LA, land, land_files, month_date
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from test_bad_input_corpus import table_digests

from ingest.errors import ExtractRejected
from ingest.landing import MARKERS, read_month
from ingest.read import read_raw
from ingest.stage import stage_month
from schemas.rules import RULES
from warehouse.runner import connect
from warehouse.staging import load_extract, month_end

MONTH = "2018-01"
FUZZ = settings(
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ENCODINGS = ["utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1"]


DEFECTS = ["cells", "cells", "cells", "shape", "delimiter", "ending", "encoding", "bytes"]


@st.composite
def mangled(draw: st.DrawFn, text: str) -> bytes:
    """A clean table's text with one kind of thing changed, as bytes."""
    defect = draw(st.sampled_from(DEFECTS))
    rows = [line.split(",") for line in text.splitlines()]
    if defect == "cells":
        for _ in range(draw(st.integers(1, 3))):
            row = draw(st.integers(1, len(rows) - 1))
            cell = draw(st.integers(0, len(rows[row]) - 1))
            rows[row][cell] = draw(st.text(max_size=12))
    elif defect == "shape":
        row = draw(st.integers(0, len(rows) - 1))
        rows[row] = rows[row][: draw(st.integers(0, len(rows[row]) + 1))] + [""] * draw(
            st.integers(0, 1)
        )
    delimiter = draw(st.sampled_from(",;\t|")) if defect == "delimiter" else ","
    ending = draw(st.sampled_from(["\r\n", "\r", "\n\n"])) if defect == "ending" else "\n"
    data = (ending.join(delimiter.join(row) for row in rows) + ending).encode(
        draw(st.sampled_from(ENCODINGS)) if defect == "encoding" else "utf-8", errors="replace"
    )
    if defect == "bytes":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=8)) + data[at + draw(st.integers(0, 4)) :]
        data = data[: draw(st.integers(len(data) // 2, len(data)))]
    return data


FILE_NAMES = st.from_regex(r"[A-Za-z0-9 ._=()~$@+-]{1,16}", fullmatch=True).filter(
    lambda name: name not in MARKERS | {".", ".."}
)


@st.composite
def landing_folders(draw: st.DrawFn) -> dict[str, bytes]:
    """The three tables of the clean extract, each clean or mangled, and maybe a stray file."""
    files = {
        f"{table}.csv": draw(
            st.one_of(st.just(CLEAN_TEXT[table].encode()), mangled(CLEAN_TEXT[table]))
        )
        for table in EXTRACT
    }
    if draw(st.integers(0, 4)) == 0:
        files[draw(FILE_NAMES)] = draw(st.binary(max_size=64))
    return files


@contextmanager
def landed(files: dict[str, bytes]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as root:
        yield land_files(Path(root) / "landing", MONTH, files)


@cache
def baseline() -> tuple[Path, dict[str, tuple[int, int]]]:
    """A warehouse holding January, clean, loaded, and its tables' digests."""
    root = Path(tempfile.mkdtemp(prefix="fuzz-baseline-"))
    folder = land(root / "landing", MONTH, EXTRACT)
    with connect(root / "warehouse.duckdb") as con:
        load_extract(con, folder, LA, month_date(MONTH), KEY, 0.0)
        return root / "warehouse.duckdb", table_digests(con)


@settings(FUZZ, max_examples=60)
@given(st.binary(max_size=300) | mangled(CLEAN_TEXT["episodes"]))
@example(b"*")  # found by this test: polars read a column named "*" as every column
@example(b"^A.*$,B\n1,2\n")
def test_reading_any_bytes_gives_a_table_or_a_rejection(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as root:
        path = Path(root, "episodes.csv")
        path.write_bytes(data)
        try:
            raw = read_raw(path)
        except ExtractRejected as rejection:
            event("rejected")
            assert str(rejection).startswith("episodes.csv: ")
            return
    event("read")
    # Every data line once, in file order, each row with a value (or null) for every column.
    lines = raw.frame["line"].to_list()
    assert lines == sorted(set(lines)) and all(line > raw.header_line for line in lines)
    assert raw.frame.columns == ["line", *raw.header]


@settings(FUZZ, max_examples=15)
@given(landing_folders())
def test_staging_any_folder_loads_quarantines_or_rejects(files: dict[str, bytes]) -> None:
    with landed(files) as folder:
        try:
            month = read_month(folder)
            staged = stage_month(month, month_end(month_date(MONTH)), KEY, LA, 1.0)
        except ExtractRejected as rejection:
            event("rejected")
            assert str(rejection).strip()
            assert_nothing_written(folder)
            return
    event("quarantined rows" if any(t.rejected_rows for t in staged.values()) else "loaded")
    for table in staged.values():
        assert set(table.findings["rule_id"]) <= set(RULES), table.table
        quarantined = set(table.findings.filter(pl.col("severity") == "error")["line"])
        read = set(month.files[table.table].raw.frame["line"])
        assert quarantined <= read
        assert set(table.frame["line"]) == read - quarantined


def assert_nothing_written(folder: Path) -> None:
    """The rejected folder, loaded into the warehouse holding January, is rejected again and
    leaves every table as it was."""
    warehouse, digests = baseline()
    with connect(warehouse) as con:
        try:
            load_extract(con, folder, LA, month_date(MONTH), KEY, 1.0)
        except ExtractRejected:
            pass
        else:
            raise AssertionError("staged without a rejection, loaded with one")
        assert table_digests(con) == digests


def test_the_baseline_is_a_loaded_month() -> None:
    """So that 'unchanged' above means something."""
    warehouse, digests = baseline()
    assert digests["staging.stg_episodes"][0] == 10
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select max(extract_month) from meta.extract_load").fetchall() == [
            (dt.date(2018, 1, 1),)
        ]

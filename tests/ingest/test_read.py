"""The two ways a landed CSV file is split into records: the whole-column split for files with no
quote (most files, and fast), the csv module for the rest. On every unquoted file we have (the
malformed-extract corpus, the DfE validator's fake data, the demand-model samples) both must give
the same header, rows and line numbers, or fail with the same message."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from bad_extracts import CASES

from ingest.errors import ExtractRejected
from ingest.read import _split_quoted, _split_unquoted, decode, read_raw

EXTERNAL = Path(__file__).parents[1] / "data" / "external"


def unquoted_texts() -> dict[str, str]:
    texts = {}
    for case in CASES:
        for name, content in case.files.items():
            if name.endswith(".csv") and content is not None:
                data = content.encode() if isinstance(content, str) else content
                texts[f"{case.name}/{name}"] = data
    for path in sorted(EXTERNAL.rglob("*.csv")):
        texts[str(path.relative_to(EXTERNAL))] = path.read_bytes()
    decoded = {}
    for name, data in texts.items():
        try:
            text = decode(data, name)[0]
        except ExtractRejected:
            continue
        if '"' not in text and text.strip(" ,\t\r\n"):
            decoded[name] = text
    return decoded


TEXTS = unquoted_texts()


def split(splitter, text: str) -> tuple[tuple[str, ...], pl.DataFrame] | str:
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip(" ,\t"))
    try:
        return splitter(lines, first, "t.csv")
    except ExtractRejected as rejection:
        return str(rejection)


def test_there_are_many_files_to_compare() -> None:
    assert len(TEXTS) > 100


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_both_splits_agree(name: str) -> None:
    fast, slow = split(_split_unquoted, TEXTS[name]), split(_split_quoted, TEXTS[name])
    if isinstance(slow, str):
        assert fast == slow
    else:
        assert not isinstance(fast, str), fast
        assert fast[0] == slow[0]
        assert fast[1].equals(slow[1])


def read(text: str) -> pl.DataFrame:
    return read_raw(Path("t.csv"), text.encode()).frame


@pytest.mark.parametrize("quote", ["", '"'])
def test_line_numbers_skip_blank_lines_and_count_leading_ones(quote: str) -> None:
    text = f"\n,,\nCHILD,SEX\n{quote}A1{quote},1\n\n , \nB2,2\n,\n"
    frame = read(text)
    assert frame.to_dicts() == [
        {"line": 4, "CHILD": "A1", "SEX": "1"},
        {"line": 7, "CHILD": "B2", "SEX": "2"},
    ]


@pytest.mark.parametrize("quote", ["", '"'])
def test_a_row_with_too_few_fields_is_named_by_its_line(quote: str) -> None:
    with pytest.raises(ExtractRejected, match=r"line 4 has 1 fields where the header has 2"):
        read(f"CHILD,SEX\n{quote}A1{quote},1\n\nB2\n")

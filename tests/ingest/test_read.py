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
from ingest.read import _header, _split_quoted, _split_unquoted, read_raw, sniff

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
            codec = sniff(data[:4096], name)[0]
            text = data.decode(codec)
        except (ExtractRejected, UnicodeDecodeError):
            continue
        if '"' not in text and text.strip(" ,\t\r\n"):
            decoded[name] = text
    return decoded


TEXTS = unquoted_texts()


def split(quoted: bool, text: str) -> tuple[tuple[str, ...], pl.DataFrame] | str:
    lines = text.replace("\r\n", "\n").removesuffix("\n").split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip(" ,\t"))
    try:
        if quoted:
            return _split_quoted(lines[first:], first + 1, "t.csv")
        header = _header(lines[first], "t.csv")
        return header, _split_unquoted(lines[first + 1 :], first + 2, header, "t.csv")
    except ExtractRejected as rejection:
        return str(rejection)


def test_there_are_many_files_to_compare() -> None:
    assert len(TEXTS) > 100


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_both_splits_agree(name: str) -> None:
    fast, slow = split(False, TEXTS[name]), split(True, TEXTS[name])
    if isinstance(slow, str):
        assert fast == slow
    else:
        assert not isinstance(fast, str), fast
        assert fast[0] == slow[0]
        assert fast[1].equals(slow[1])


def read(text: str, tmp_path: Path) -> pl.DataFrame:
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode())
    return read_raw(path).frame


@pytest.mark.parametrize("quote", ["", '"'])
def test_line_numbers_skip_blank_lines_and_count_leading_ones(quote: str, tmp_path: Path) -> None:
    text = f"\n,,\nCHILD,SEX\n{quote}A1{quote},1\n\n , \nB2,2\n,\n"
    frame = read(text, tmp_path)
    assert frame.to_dicts() == [
        {"line": 4, "CHILD": "A1", "SEX": "1"},
        {"line": 7, "CHILD": "B2", "SEX": "2"},
    ]


@pytest.mark.parametrize("quote", ["", '"'])
def test_a_row_with_too_few_fields_is_named_by_its_line(quote: str, tmp_path: Path) -> None:
    with pytest.raises(ExtractRejected, match=r"line 4 has 1 fields where the header has 2"):
        read(f"CHILD,SEX\n{quote}A1{quote},1\n\nB2\n", tmp_path)


def test_a_file_is_read_a_block_at_a_time_with_its_line_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blocks of 16 bytes: lines, CRLF pairs and a quoted value are cut across blocks, and the
    quote on line 5 switches the rest of the file to the csv module."""
    monkeypatch.setattr("ingest.read.BLOCK_BYTES", 16)
    text = 'CHILD,SEX\r\nA1,1\r\nB2,2\r\n\r\n"C\n3",1\r\nD4,2\r\n'
    assert read(text, tmp_path).to_dicts() == [
        {"line": 2, "CHILD": "A1", "SEX": "1"},
        {"line": 3, "CHILD": "B2", "SEX": "2"},
        {"line": 5, "CHILD": "C\n3", "SEX": "1"},
        {"line": 7, "CHILD": "D4", "SEX": "2"},
    ]

"""Reading one landed CSV file into a frame of trimmed strings, with each row's file line number.

Everything here is about bytes and text, not meaning: compression, encodings, byte-order marks,
line endings, delimiters, blank leading rows and trailing blank lines. Typing and rules come
later. The file is read in blocks of whole lines, so no more than a block of its text is held
besides the frame being built.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import BinaryIO

import polars as pl

from ingest.errors import ExtractRejected

LINE = "line"
#: Bytes read at a time: each block is decoded and split on its own.
BLOCK_BYTES = 8 * 1024 * 1024
SNIFF_BYTES = 4096

#: First bytes of files that are not text: what the file is, named in the rejection.
MAGIC = {
    b"\x1f\x8b": "gzip-compressed",
    b"PK\x03\x04": "a ZIP archive (an Excel .xlsx workbook is one)",
    b"PK\x05\x06": "an empty ZIP archive",
    b"BZh": "bzip2-compressed",
    b"\xfd7zXZ\x00": "xz-compressed",
    b"\x28\xb5\x2f\xfd": "zstd-compressed",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an Excel 97-2003 workbook (.xls)",
}
UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
#: Characters Python and editors treat as line breaks but CSV does not: inside a value they
#: split nothing and show nothing, so a row looks whole and reads wrong.
SEPARATORS = {
    "\u2028": "U+2028 LINE SEPARATOR",
    "\u2029": "U+2029 PARAGRAPH SEPARATOR",
    "\x85": "U+0085 NEXT LINE (NEL)",
}
SEPARATOR = re.compile("[" + "".join(SEPARATORS) + "]")
DELIMITERS = {";": "semicolons (;)", "\t": "tabs", "|": "pipes (|)"}
BOM = "\ufeff"
# A long value is a row's fault (VALUE_TOO_LONG, quarantined), not the file's: the csv module's
# 128 KB field limit would reject a quoted file for what an unquoted one loads. The file size
# limit (CPR_MAX_FILE_MB) bounds it instead.
csv.field_size_limit(2**31 - 1)


@dataclass(frozen=True)
class RawTable:
    frame: pl.DataFrame  # every column a trimmed string (null when blank), plus LINE
    header: tuple[str, ...]
    encoding: str
    header_line: int = 1


def sniff(head: bytes, file_name: str) -> tuple[str, str]:
    """The codec to read a file with and the name of its encoding, from its first bytes. UTF-8
    (with or without BOM) and UTF-16 with a BOM are read; anything else is rejected with a
    message that names what was found."""
    kind = next((kind for magic, kind in MAGIC.items() if head.startswith(magic)), None)
    if kind and (kind != "bzip2-compressed" or head[3:4].isdigit()):
        raise ExtractRejected(
            f"{file_name}: {kind}, not CSV text. Uncompress it (or save the workbook as "
            "CSV UTF-8) and land the .csv file."
        )
    if head.startswith(UTF32_BOMS) or re.match(rb"(.\x00\x00\x00|\x00\x00\x00.)", head[:4], re.S):
        raise ExtractRejected(
            f"{file_name}: UTF-32 text (four bytes per character). Re-save it as CSV UTF-8."
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", "UTF-16"
    if b"\x00" in head:
        # ASCII text saved as UTF-16 without a BOM: every other byte is NUL. Valid UTF-8, but not
        # text anyone meant, and which byte order is a guess: say so rather than guess.
        raise ExtractRejected(
            f"{file_name}: looks like UTF-16 without a byte-order mark (NUL bytes between the "
            "characters). Re-save it as CSV UTF-8."
        )
    return "utf-8-sig", "UTF-8"


def read_raw(path: Path) -> RawTable:
    """The file's header and rows; ExtractRejected (naming the file and line) when it cannot be
    read as one CSV table."""
    with path.open("rb") as binary:
        codec, encoding = sniff(binary.read(SNIFF_BYTES), path.name)
        binary.seek(0)
        header_line, header, frame = read_lines(_text_lines(binary, codec, path.name), path.name)
    # By type, not name: a column may be named "*" or "^.*$", which pl.col reads as patterns.
    frame = frame.with_columns(pl.col(pl.String).str.strip_chars().replace("", None))
    return RawTable(frame=frame, header=header, encoding=encoding, header_line=header_line)


def _text_lines(binary: BinaryIO, codec: str, name: str) -> Iterator[tuple[list[str], bool]]:
    """The file's lines (without their endings: LF, CRLF or CR), a block at a time, and whether
    the block holds a quote or a NUL. A byte that does not decode, or a Unicode line separator,
    is rejected with its line number."""
    decoder = codecs.getincrementaldecoder(codec)()
    pending, line = "", 1
    while True:
        data = binary.read(BLOCK_BYTES)
        try:
            text = pending + decoder.decode(data, final=not data)
        except UnicodeDecodeError as error:
            at = line + pending.count("\n") + data[: error.start].count(b"\n")
            raise ExtractRejected(
                f"{name}: not {'UTF-16' if codec == 'utf-16' else 'UTF-8'} (line {at} cannot "
                "be decoded; the file looks like Windows-1252 or another legacy encoding). "
                "Re-save it as CSV UTF-8."
            ) from None
        # A block ends after its last line feed (a CR there may be half of a CRLF).
        cut = text.rfind("\n") + 1 if data else len(text)
        block, pending = text[:cut], text[cut:]
        block = block.replace("\r\n", "\n").replace("\r", "\n")
        if found := SEPARATOR.search(block):
            raise ExtractRejected(
                f"{name}: line {line + block.count(chr(10), 0, found.start())} holds a "
                f"{SEPARATORS[found.group()]} character inside a value: not a line break in "
                "CSV and invisible in most editors. Remove it and re-save the file."
            )
        if block:
            lines = block.removesuffix("\n").split("\n")
            line += len(lines)
            yield lines, '"' in block or "\x00" in block
        if not data:
            return


def read_lines(
    blocks: Iterator[tuple[list[str], bool]], name: str
) -> tuple[int, tuple[str, ...], pl.DataFrame]:
    """The header's line number, the header and a frame of LINE (the file's line number) and a
    string column per header field. Blank rows before the header are tolerated, and blank lines
    between or after rows; line numbers stay those of the file. Without a quote a record is one
    line, split at its commas as a whole column; from the first block holding a quote (or a NUL)
    on, the csv module reads: a quoted value may span lines or hold a comma."""
    header: tuple[str, ...] | None = None
    header_line = number = 0
    frames: list[pl.DataFrame] = []
    for block, quoted in blocks:
        if header is None:
            first = next((i for i, text in enumerate(block) if text.strip(" ,\t")), None)
            if first is None:
                number += len(block)
                continue
            header_line, text = number + first + 1, block[first]
            if _quoted(text):
                rest = chain(block[first:], _lines_of(blocks))
                header, frame = _split_quoted(rest, header_line, name)
                return header_line, header, frame
            header = _header(text, name)
            number, block = header_line, block[first + 1 :]
        if quoted:
            rest = chain(block, _lines_of(blocks))
            frames.append(_split_quoted(rest, number + 1, name, header)[1])
            break
        frames.append(_split_unquoted(block, number + 1, header, name))
        number += len(block)
    if header is None:
        raise ExtractRejected(f"{name}: the file is empty")
    return header_line, header, pl.concat(frames or [_split_unquoted([], 0, header, name)])


def _lines_of(blocks: Iterator[tuple[list[str], bool]]) -> Iterator[str]:
    return chain.from_iterable(lines for lines, _ in blocks)


def _quoted(text: str) -> bool:
    return '"' in text or "\x00" in text


def _header(text: str | list[str], name: str) -> tuple[str, ...]:
    """The column names of a header row (its text, or its fields as the csv module split them),
    trimmed and upper-cased; rejected when one is blank or repeated or the file is not
    comma-separated."""
    fields = text.split(",") if isinstance(text, str) else text
    if len(fields) == 1 and (used := [d for d in DELIMITERS if d in fields[0]]):
        delimiter = max(used, key=fields[0].count)
        raise ExtractRejected(
            f"{name}: the columns are separated by {DELIMITERS[delimiter]}, not commas. "
            "Re-save it as CSV (comma delimited)."
        )
    header = tuple(c.strip().upper() for c in fields)
    if header[0].startswith(BOM):
        raise ExtractRejected(
            f"{name}: starts with two byte-order marks (the file was converted to UTF-8 twice). "
            "Re-save it as CSV UTF-8."
        )
    if unnamed := [i for i, c in enumerate(header) if not c]:
        raise ExtractRejected(f"{name}: {_unnamed(header, unnamed)}")
    if len(set(header)) != len(header):
        duplicated = sorted({c for c in header if header.count(c) > 1})
        raise ExtractRejected(f"{name}: duplicated column(s) {', '.join(duplicated)}")
    return header


def _unnamed(header: tuple[str, ...], unnamed: list[int]) -> str:
    """Where the header's blank column names are, counted from 1."""
    if unnamed == list(range(unnamed[0], len(header))):
        return (
            f"the header row ends in {len(unnamed)} column(s) with no name (column(s) "
            f"{unnamed[0] + 1}-{len(header)}, after {header[unnamed[0] - 1] or 'nothing'}): "
            "delete the empty columns (or the trailing commas) and re-save"
        )
    where = ", ".join(
        f"{i + 1} (after {header[i - 1]})" if i and header[i - 1] else str(i + 1) for i in unnamed
    )
    return f"column(s) {where} of the header row have no name"


def _field_count_error(name: str, line: int, fields: int, header: int) -> ExtractRejected:
    return ExtractRejected(
        f"{name}: not a readable CSV table (line {line} has {fields} fields where the header "
        f"has {header})"
    )


def _split_unquoted(
    lines: list[str], first: int, header: tuple[str, ...], name: str
) -> pl.DataFrame:
    """A frame of LINE and a string column per header field, from lines holding no quote, the
    first of them line ``first`` of the file: a record is one line."""
    rows = (
        pl.DataFrame({"text": lines}, schema={"text": pl.String})
        .with_row_index(LINE, offset=first)
        .with_columns(pl.col(LINE).cast(pl.Int64))
        .filter(~pl.col("text").str.contains(r"^[\s,]*$"))  # blank lines between or after rows
        .select(LINE, fields=pl.col("text").str.split(","))
    )
    wrong = rows.filter(pl.col("fields").list.len() != len(header)).head(1)
    if not wrong.is_empty():
        line, fields = wrong.row(0)
        raise _field_count_error(name, line, len(fields), len(header))
    return rows.select(LINE, *(pl.col("fields").list.get(i).alias(c) for i, c in enumerate(header)))


def _split_quoted(
    lines: Iterable[str], first: int, name: str, header: tuple[str, ...] | None = None
) -> tuple[tuple[str, ...], pl.DataFrame]:
    """As ``_split_unquoted``, by the csv module, which says on which line each record starts
    and lets a row with too few fields be caught, not padded. Without ``header`` the first
    line is the header row."""
    # The lines come without their endings: a value spanning lines keeps its line feed.
    reader = csv.reader((text + "\n" for text in lines), strict=True)
    offset = first - 1  # the file's line number of the reader's line 0
    rows: list[list[str]] = []
    line_numbers: list[int] = []
    try:
        if header is None:
            header = _header(next(reader), name)
        ends_at = reader.line_num
        for row in reader:
            starts_at, ends_at = ends_at + 1, reader.line_num
            if not any(value.strip() for value in row):
                continue  # blank lines between or after the rows
            if len(row) != len(header):
                raise _field_count_error(name, offset + starts_at, len(row), len(header))
            rows.append(row)
            line_numbers.append(offset + starts_at)
    except csv.Error as error:
        raise ExtractRejected(
            f"{name}: not a readable CSV table (line {offset + reader.line_num}: {error})"
        ) from None
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(header)
    return header, pl.DataFrame(
        {LINE: line_numbers} | dict(zip(header, columns, strict=True)),
        schema={LINE: pl.Int64} | dict.fromkeys(header, pl.String),
    )

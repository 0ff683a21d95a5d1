"""Reading one landed CSV file into a frame of trimmed strings, with each row's file line number.

Everything here is about bytes and text, not meaning: encodings, byte-order marks, line endings,
blank leading rows and trailing blank lines. Typing and rules come later.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ingest.errors import ExtractRejected

LINE = "line"


@dataclass(frozen=True)
class RawTable:
    frame: pl.DataFrame  # every column a trimmed string (null when blank), plus LINE
    header: tuple[str, ...]
    encoding: str
    header_line: int = 1


def decode(data: bytes, file_name: str) -> tuple[str, str]:
    """Text and the name of its encoding. UTF-8 (with or without BOM) and UTF-16 with a BOM are
    decoded; anything else is rejected with a message that names what was found."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    if b"\x00" in data[:4096]:
        # ASCII text saved as UTF-16 without a BOM: every other byte is NUL. Valid UTF-8, but not
        # text anyone meant, and which byte order is a guess: say so rather than guess.
        raise ExtractRejected(
            f"{file_name}: looks like UTF-16 without a byte-order mark (NUL bytes between the "
            "characters). Re-save it as CSV UTF-8."
        )
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as error:
        raise ExtractRejected(
            f"{file_name}: not UTF-8 (byte {error.start} cannot be decoded; the file looks like "
            "Windows-1252 or another legacy encoding). Re-save it as CSV UTF-8."
        ) from None


def read_raw(path: Path, data: bytes) -> RawTable:
    """``data`` is the file's bytes, read once by the caller (who also checksums them)."""
    text, encoding = decode(data, path.name)
    lines = text.splitlines()
    # Blank rows before the header are tolerated; line numbers stay those of the file.
    first = next((i for i, line in enumerate(lines) if line.strip(" ,\t")), None)
    if first is None:
        raise ExtractRejected(f"{path.name}: the file is empty")
    # Without a quote a record is one line split at its commas: read as a whole column. With
    # one, the csv module: a quoted value may span lines or hold a comma.
    split = _split_unquoted if '"' not in text and "\x00" not in text else _split_quoted
    header, frame = split(lines, first, path.name)
    frame = frame.with_columns(pl.col(c).str.strip_chars().replace("", None) for c in header)
    return RawTable(frame=frame, header=header, encoding=encoding, header_line=first + 1)


def _header(fields: list[str], name: str) -> tuple[str, ...]:
    header = tuple(c.strip().upper() for c in fields)
    if len(set(header)) != len(header):
        duplicated = sorted({c for c in header if header.count(c) > 1})
        raise ExtractRejected(f"{name}: duplicated column(s) {', '.join(duplicated)}")
    return header


def _field_count_error(name: str, line: int, fields: int, header: int) -> ExtractRejected:
    return ExtractRejected(
        f"{name}: not a readable CSV table (line {line} has {fields} fields where the header "
        f"has {header})"
    )


def _split_unquoted(
    lines: list[str], first: int, name: str
) -> tuple[tuple[str, ...], pl.DataFrame]:
    """The header (on line ``first``, counted from 0) and a frame of LINE (the file's line
    number) and a string column per header field, from lines holding no quote: a record is one
    line."""
    header = _header(lines[first].split(","), name)
    rows = (
        pl.DataFrame({"text": lines[first + 1 :]}, schema={"text": pl.String})
        .with_row_index(LINE, offset=first + 2)
        .with_columns(pl.col(LINE).cast(pl.Int64))
        .filter(~pl.col("text").str.contains(r"^[\s,]*$"))  # blank lines between or after rows
        .select(LINE, fields=pl.col("text").str.split(","))
    )
    wrong = rows.filter(pl.col("fields").list.len() != len(header)).head(1)
    if not wrong.is_empty():
        line, fields = wrong.row(0)
        raise _field_count_error(name, line, len(fields), len(header))
    return header, rows.select(
        LINE, *(pl.col("fields").list.get(i).alias(c) for i, c in enumerate(header))
    )


def _split_quoted(lines: list[str], first: int, name: str) -> tuple[tuple[str, ...], pl.DataFrame]:
    """As ``_split_unquoted``, by the csv module, which says on which line each record starts
    and lets a row with too few fields be caught, not padded."""
    reader = csv.reader(io.StringIO("\n".join(lines[first:])), strict=True)
    header = _header(next(reader), name)
    rows: list[list[str]] = []
    line_numbers: list[int] = []
    ends_at = reader.line_num
    try:
        for row in reader:
            starts_at, ends_at = ends_at + 1, reader.line_num
            if not any(value.strip() for value in row):
                continue  # blank lines between or after the rows
            if len(row) != len(header):
                raise _field_count_error(name, first + starts_at, len(row), len(header))
            rows.append(row)
            line_numbers.append(first + starts_at)
    except csv.Error as error:
        raise ExtractRejected(
            f"{name}: not a readable CSV table (line {first + reader.line_num}: {error})"
        ) from None
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(header)
    return header, pl.DataFrame(
        {LINE: line_numbers} | dict(zip(header, columns, strict=True)),
        schema={LINE: pl.Int64} | dict.fromkeys(header, pl.String),
    )

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
    body = "\n".join(lines[first:])
    header = tuple(c.strip().upper() for c in next(csv.reader([lines[first]])))
    if len(set(header)) != len(header):
        duplicated = sorted({c for c in header if header.count(c) > 1})
        raise ExtractRejected(f"{path.name}: duplicated column(s) {', '.join(duplicated)}")
    try:
        frame = pl.read_csv(
            io.StringIO(body),
            infer_schema=False,
            has_header=True,
            raise_if_empty=True,
            truncate_ragged_lines=False,
        )
    except (pl.exceptions.PolarsError, ValueError) as error:
        raise ExtractRejected(
            f"{path.name}: not a readable CSV table ({type(error).__name__})"
        ) from None
    trimmed = [
        pl.col(old).str.strip_chars().replace("", None).alias(new)
        for old, new in zip(frame.columns, header, strict=True)
    ]
    # Row i of the frame is file line first + 2 + i (1-based, after the header line).
    frame = (
        frame.select(trimmed)
        .with_row_index(LINE, offset=first + 2)
        .with_columns(pl.col(LINE).cast(pl.Int64))
        .filter(~pl.all_horizontal(pl.exclude(LINE).is_null()))  # trailing blank lines
    )
    return RawTable(frame=frame, header=header, encoding=encoding, header_line=first + 1)

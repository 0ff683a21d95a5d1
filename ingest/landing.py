"""A month's landing folder: which file holds which table, and what exactly was landed."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import ExtractRejected
from ingest.read import RawTable, read_raw
from ingest.xml import read_xml
from schemas.contract import MAX_FILE_MB, TABLES, TableSpec

READY = "READY"
SYNTHETIC = "SYNTHETIC"
MARKERS = frozenset({READY, SYNTHETIC})
#: Which files hold a table, by their extension in any case (``visits.CSV`` is one).
TABLE_SUFFIXES = frozenset({".csv", ".xml"})
#: A file written this long after READY was changed after the set was declared complete (the
#: slack is for copies that do not keep times, made in another order).
AFTER_READY_SLACK_NS = 2_000_000_000
MB = 1024 * 1024


@dataclass(frozen=True)
class SkippedFile:
    """An entry of the landing folder that is not read, and why: named in the run's output and
    the validation report."""

    name: str
    why: str


@dataclass(frozen=True)
class LandedFile:
    table: str
    path: Path
    sha256: str
    size_bytes: int
    raw: RawTable
    unknown_columns: tuple[str, ...]

    @property
    def row_count(self) -> int:
        return self.raw.frame.height


@dataclass(frozen=True)
class LandedMonth:
    folder: Path
    files: dict[str, LandedFile]
    synthetic: bool
    skipped: tuple[SkippedFile, ...] = ()


def recognise(header: tuple[str, ...]) -> TableSpec | None:
    """The table whose columns a file carries (extra columns allowed), preferring the table
    that explains most of them, as the DfE validator does. None when another table shares more
    of the file's columns than any complete match: that file is the other table with columns
    missing (care leavers without CONTACT_DATE still hold every OC3 column)."""
    present = set(header)
    candidates = [spec for spec in TABLES.values() if set(spec.columns) <= present]
    best = max(candidates, key=lambda spec: len(spec.columns), default=None)
    closest, _ = _closest_table(header)
    if best is None or len(set(closest.columns) & present) > len(best.columns):
        return None
    return best


def _closest_table(header: tuple[str, ...]) -> tuple[TableSpec, list[str]]:
    """The table sharing most columns with the file (the smaller on a tie), and what it lacks."""
    spec = max(TABLES.values(), key=lambda s: (len(set(s.columns) & set(header)), -len(s.columns)))
    return spec, [c for c in spec.columns if c not in header]


def table_files(
    folder: Path, *, max_file_mb: int, ready_at_ns: int | None, area: Path
) -> tuple[list[Path], list[SkippedFile]]:
    """The folder's table files, by name, and every other entry with why it is not read (the
    READY and SYNTHETIC markers aside). An entry named as a table that cannot be read as one (a
    folder, a device or pipe, a link out of ``area``, a file too large or written after READY)
    is refused: ExtractRejected names each, before any file is read."""
    tables: list[Path] = []
    skipped: list[SkippedFile] = []
    refused: list[str] = []
    for path in sorted(folder.iterdir()):
        if path.name in MARKERS:
            continue
        if path.name.startswith((".", "~$")):
            skipped.append(SkippedFile(path.name, "a hidden or temporary file: not read"))
        elif path.suffix.lower() not in TABLE_SUFFIXES:
            what = (
                "a folder"
                if path.is_dir()
                else f"not a CSV or XML file ({path.suffix or 'no extension'})"
            )
            skipped.append(SkippedFile(path.name, f"{what}: not read"))
        elif why := _refusal(path, max_file_mb, ready_at_ns, area):
            refused.append(f"{path.name}: {why}")
        else:
            tables.append(path)
    if refused:
        raise ExtractRejected("; ".join(refused))
    return tables, skipped


def _refusal(path: Path, max_file_mb: int, ready_at_ns: int | None, area: Path) -> str | None:
    """Why a file named as a table is not read, if it is not."""
    if path.is_symlink() and not path.resolve().is_relative_to(area.resolve()):
        return "a link to a file outside the landing area: land the file itself"
    try:
        info = path.stat()
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if stat.S_ISDIR(info.st_mode):
        return "a folder, not a file"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (a device, pipe or socket)"
    if info.st_size > max_file_mb * MB:
        return (
            f"{info.st_size / MB:,.1f} MB, larger than the largest file read "
            f"({max_file_mb:,} MB, CPR_MAX_FILE_MB)"
        )
    if ready_at_ns is not None and info.st_mtime_ns > ready_at_ns + AFTER_READY_SLACK_NS:
        return (
            f"changed after {READY} was written: land the complete set again and write {READY} last"
        )
    if not os.access(path, os.R_OK):
        return "cannot be read (permission denied)"
    return None


def land_file(path: Path, already: dict[str, LandedFile]) -> list[LandedFile]:
    """The tables of one file read, recognised and checksummed: a CSV file holds one, the XML
    return as the DfE collects it every table. A file that changes while it is read is
    refused: what was read might not be what is recorded."""
    before = path.stat()
    try:
        with path.open("rb") as f:
            sha256 = hashlib.file_digest(f, "sha256").hexdigest()
        if path.suffix.lower() == ".xml":
            tables = list(read_xml(path, path.read_bytes()).items())
        else:
            raw = read_raw(path)
            tables = [(_recognised(path, raw).name, raw)]
    except OSError as error:
        raise ExtractRejected(f"{path.name}: cannot be read ({error.strerror})") from None
    after = path.stat()
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns):
        raise ExtractRejected(f"{path.name}: changed while it was being read; land it again")
    landed = []
    for table, raw in tables:
        if table in already:
            raise ExtractRejected(
                f"{path.name}: holds the {table} table, already read from {already[table].path.name}"
            )
        landed.append(_landed_file(TABLES[table], path, sha256, after.st_size, raw))
    return landed


def _recognised(path: Path, raw: RawTable) -> TableSpec:
    spec = recognise(raw.header)
    if spec is None:
        closest, missing = _closest_table(raw.header)
        raise ExtractRejected(
            f"{path.name}: not a table we know; closest is {closest.name}, "
            f"which also needs column(s) {', '.join(missing)}"
        )
    return spec


def _landed_file(spec: TableSpec, path: Path, sha256: str, size: int, raw: RawTable) -> LandedFile:
    return LandedFile(
        table=spec.name,
        path=path,
        sha256=sha256,
        size_bytes=size,
        raw=raw,
        unknown_columns=tuple(c for c in raw.header if c not in spec.known_columns),
    )


def read_month(
    folder: Path,
    *,
    require_ready: bool = True,
    max_file_mb: int = MAX_FILE_MB,
    area: Path | None = None,
) -> LandedMonth:
    """Every table in a landing folder, recognised by columns, and every other entry named with
    why it is not read. Raises ExtractRejected (before anything is written) for a missing folder
    or required table, an unreadable, refused or unknown file, missing columns, or two files
    holding the same table. ``require_ready=False`` is for checking a folder before it is landed.
    A link may lead anywhere inside ``area`` (default: the folder's parent, the LA's landing
    folder, so a month may link a file of another month)."""
    if not folder.is_dir():
        raise ExtractRejected(f"{folder} is not a folder")
    if require_ready and not (folder / READY).exists():
        raise ExtractRejected(f"no {READY} marker in {folder}, so the extract is not complete")
    ready_at = (folder / READY).stat().st_mtime_ns if require_ready else None
    paths, skipped = table_files(
        folder, max_file_mb=max_file_mb, ready_at_ns=ready_at, area=area or folder.parent
    )
    files: dict[str, LandedFile] = {}
    for path in paths:
        for landed in land_file(path, files):
            files[landed.table] = landed
    for spec in TABLES.values():
        if spec.required and spec.name not in files:
            raise ExtractRejected(f"required file {spec.name}.csv is missing")
        if spec.required and files[spec.name].row_count == 0:
            raise ExtractRejected(
                f"{files[spec.name].path.name}: required table {spec.name} has no rows"
            )
    return LandedMonth(
        folder=folder,
        files=files,
        synthetic=(folder / SYNTHETIC).exists(),
        skipped=tuple(skipped),
    )

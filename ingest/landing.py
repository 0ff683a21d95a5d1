"""A month's landing folder: which file holds which table, and what exactly was landed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import ExtractRejected
from ingest.read import RawTable, read_raw
from ingest.xml import read_xml
from schemas.contract import TABLES, TableSpec

READY = "READY"
SYNTHETIC = "SYNTHETIC"


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


def _add(
    files: dict[str, LandedFile], spec: TableSpec, path: Path, data: bytes, raw: RawTable
) -> None:
    if spec.name in files:
        raise ExtractRejected(
            f"{path.name}: holds the {spec.name} table, already read from {files[spec.name].path.name}"
        )
    files[spec.name] = LandedFile(
        table=spec.name,
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        raw=raw,
        unknown_columns=tuple(c for c in raw.header if c not in spec.known_columns),
    )


def read_month(folder: Path, *, require_ready: bool = True) -> LandedMonth:
    """Every table in a landing folder, recognised by columns. Raises ExtractRejected (before
    anything is written) for a missing folder or required table, an unreadable or unknown file,
    missing columns, or two files holding the same table. ``require_ready=False`` is for checking
    a folder before it is landed."""
    if require_ready and not (folder / READY).exists():
        raise ExtractRejected(f"no {READY} marker in {folder}, so the extract is not complete")
    files: dict[str, LandedFile] = {}
    for path in sorted(folder.glob("*.csv")):
        data = path.read_bytes()
        raw = read_raw(path, data)
        spec = recognise(raw.header)
        if spec is None:
            closest, missing = _closest_table(raw.header)
            raise ExtractRejected(
                f"{path.name}: not a table we know; closest is {closest.name}, "
                f"which also needs column(s) {', '.join(missing)}"
            )
        _add(files, spec, path, data, raw)
    # The return as the DfE collects it: one XML file holding every table.
    for path in sorted(folder.glob("*.xml")):
        data = path.read_bytes()
        for table, raw in read_xml(path, data).items():
            _add(files, TABLES[table], path, data, raw)
    for spec in TABLES.values():
        if spec.required and spec.name not in files:
            raise ExtractRejected(f"required file {spec.name}.csv is missing")
        if spec.required and files[spec.name].row_count == 0:
            raise ExtractRejected(
                f"{files[spec.name].path.name}: required table {spec.name} has no rows"
            )
    return LandedMonth(folder=folder, files=files, synthetic=(folder / SYNTHETIC).exists())

"""Reading the 903 return as the DfE collects it, one XML file (``<EXPSSDA903>``), into the same
tables, with the same columns, as the CSV files hold.

The return nests a child's records in its ``<CHILD>``: ``<HEADER>`` holds the header's items
(``CHILDID`` is CHILD) and, when they apply, the UASC, OC3 and AD1 items; ``<AREVIEW>``,
``<AMISSING>``, ``<OC2>``, ``<PERMANENCE>`` and ``<AD_PLACED>`` inside it and ``<EPISODE>``
beside it are one row each of their table (``PL`` is PLACE). A row's CHILD, DOB and SEX are its
child's. The DfE validator reads it so (``lac_validator/ingress.py``, read_xml_from_text).

From 2026/27 a ``<DOLO>`` (a deprivation of liberty order: ``DOLO_START``, ``DOLO_END``) is one
row of the DoLo table, as DoLo.csv's columns name its items, read inside ``<HEADER>`` or beside
it. The validator's XML reader does not read DoLOs yet, and no DfE 2026/27 XML specification
was at hand: the element's name follows the CSV table's and the return's other groups.

A row's line is the line its element starts on, so a message points into the XML. A file that
puts a table's elements on one line (the DfE's fake return is a single line) cannot be pointed
into by line: that table's rows are then numbered by element, the first ``<EPISODE>`` 1, and
so on.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ingest.errors import ExtractRejected
from ingest.read import LINE, RawTable
from schemas.contract import TABLES

#: Elements that are one row of a table each.
GROUPS = {
    "EPISODE": "episodes",
    "AREVIEW": "reviews",
    "AMISSING": "missing",
    "OC2": "oc2",
    "PERMANENCE": "previous_permanence",
    "AD_PLACED": "placed_for_adoption",
    "DOLO": "dolo",
}
#: Tables made of items in the child's HEADER, present when one of these items has a value.
HEADER_TABLES = {
    "uasc": ("UASC", "DUC"),
    "oc3": ("IN_TOUCH", "ACTIV", "ACCOM"),
    "ad1": ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"),
}
RENAMED = {"CHILDID": "CHILD", "PL": "PLACE"}
#: The items of the child every row of theirs carries.
CHILD_ITEMS = ("CHILD", "DOB", "SEX")
#: An XML item no CSV column holds: whether the child is UASC (their DUC says when it ceased).
XML_ONLY = frozenset({"UASC"})
ROOT, CHILD, HEADER = "EXPSSDA903", "CHILD", "HEADER"


@dataclass
class _Record:
    """One element's items (leaf name -> text) and the lines each starts on."""

    tag: str
    line: int
    items: dict[str, str | None] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class _Child:
    header: _Record
    groups: list[_Record] = field(default_factory=list)


class _Reader:
    """An expat walk of the file keeping each element's start line (ElementTree loses it)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.children: list[_Child] = []
        self.stack: list[tuple[str, int]] = []
        self.has_children: list[bool] = []
        self.text: list[str] = []
        self.child: _Child | None = None
        self.group: _Record | None = None
        self.parser = xml.parsers.expat.ParserCreate()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text.append
        # A return has no DTD; refusing one refuses entity expansion with it.
        self.parser.StartDoctypeDeclHandler = self.doctype

    def fail(self, why: str) -> ExtractRejected:
        return ExtractRejected(f"{self.name}: line {self.parser.CurrentLineNumber}: {why}")

    def doctype(self, *_: object) -> None:
        raise self.fail("a document type declaration, which a 903 return does not have")

    def start(self, tag: str, _attributes: dict) -> None:
        line = self.parser.CurrentLineNumber
        if self.has_children:
            self.has_children[-1] = True
        depth = len(self.stack)
        if depth == 0 and tag != ROOT:
            raise self.fail(f"the root element is <{tag}>, not <{ROOT}>")
        if depth == 1:
            if tag != CHILD:
                raise self.fail(f"<{tag}> where a <{CHILD}> was expected")
            self.child = _Child(_Record(HEADER, line))
            self.children.append(self.child)
        elif tag == HEADER and depth == 2:
            self.child.header.line = line
        elif tag in GROUPS:
            if self.group is not None:
                raise self.fail(f"<{tag}> inside <{self.group.tag}>")
            self.group = _Record(tag, line)
            self.child.groups.append(self.group)
        self.stack.append((tag, line))
        self.has_children.append(False)
        self.text.clear()

    def end(self, tag: str) -> None:
        _, line = self.stack.pop()
        had_children = self.has_children.pop()
        if tag in GROUPS:
            self.group = None
        elif not had_children and len(self.stack) >= 2:
            record = self.group or self.child.header
            name = RENAMED.get(tag, tag)
            record.items[name] = "".join(self.text).strip() or None
            record.lines[name] = line
        elif had_children and tag not in (ROOT, CHILD, HEADER):
            raise ExtractRejected(
                f"{self.name}: line {line}: <{tag}> is not a part of the 903 return we know"
            )
        self.text.clear()

    def read(self, data: bytes) -> list[_Child]:
        try:
            self.parser.Parse(data, True)
        except xml.parsers.expat.ExpatError as error:
            raise ExtractRejected(
                f"{self.name}: not well-formed XML (line {error.lineno}, column {error.offset}: "
                f"{xml.parsers.expat.ErrorString(error.code)})"
            ) from None
        return self.children


def _rows(children: list[_Child]) -> dict[str, list[tuple[int, dict[str, str | None]]]]:
    """Each table's rows as (line, items), in file order."""
    tables: dict[str, list[tuple[int, dict[str, str | None]]]] = {"header": []}
    for child in children:
        header = child.header
        own = {k: header.items.get(k) for k in CHILD_ITEMS}
        tables["header"].append((header.line, header.items))
        for table, triggers in HEADER_TABLES.items():
            present = [t for t in triggers if header.items.get(t)]
            if present:
                tables.setdefault(table, []).append((header.lines[present[0]], header.items))
        for group in child.groups:
            tables.setdefault(GROUPS[group.tag], []).append((group.line, own | group.items))
    return tables


def _numbered(lines: list[int]) -> list[int]:
    """The rows' lines, or their order where lines repeat (a table written on one line)."""
    return lines if len(set(lines)) == len(lines) else list(range(1, len(lines) + 1))


def _table(table: str, rows: list[tuple[int, dict[str, str | None]]], encoding: str) -> RawTable:
    columns = TABLES[table].known_columns
    seen = {k for _, items in rows for k in items}
    known = set(columns) | XML_ONLY | set(CHILD_ITEMS) | _elsewhere(table)
    unknown = sorted(seen - known)
    header = tuple(columns) + tuple(unknown)
    frame = pl.DataFrame(
        {LINE: _numbered([line for line, _ in rows])}
        | {c: [items.get(c) for _, items in rows] for c in header},
        schema={LINE: pl.Int64} | dict.fromkeys(header, pl.String),
    )
    return RawTable(frame=frame, header=header, encoding=encoding, header_line=1)


def _elsewhere(table: str) -> set[str]:
    """Header items another table of the return takes (a header row sees them all)."""
    if table not in ("header", *HEADER_TABLES):
        return set()
    return {c for t in ("header", *HEADER_TABLES) for c in TABLES[t].known_columns}


def read_xml(path: Path, data: bytes) -> dict[str, RawTable]:
    """The tables of one 903 XML return, each as a CSV of it would read."""
    declared = re.search(rb"""^<\?xml[^>]*encoding=["']([\w-]+)["']""", data[:200])
    encoding = f"XML {declared.group(1).decode().upper() if declared else 'UTF-8'}"
    rows = _rows(_Reader(path.name).read(data))
    return {table: _table(table, r, encoding) for table, r in rows.items() if r}

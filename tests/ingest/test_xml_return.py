"""The 903 return as the DfE collects it, one XML file: read into the same tables as the CSVs,
messages pointing at the element's line, and the same warehouse as the CSVs of the same data."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path
from xml.sax.saxutils import escape

import duckdb
import polars as pl
import pytest
from extracts import EXTRACT, KEY, LA, land, land_files, load_and_build, without_more_dfe

from ingest.errors import ExtractRejected
from ingest.landing import read_month
from ingest.stage import stage_month
from warehouse.runner import connect

FAKE_XML = Path(__file__).resolve().parents[1] / "data" / "external" / "dfe-validator-fake"
JAN_END = dt.date(2018, 1, 31)
REVIEWS = """
CHILD,DOB,REVIEW,REVIEW_CODE
A001,01/06/2010,10/01/2018,PN1
D004,07/07/2008,15/01/2018,PN0
"""
TABLES = {**EXTRACT, "reviews": REVIEWS}


def frame(text: str) -> pl.DataFrame:
    return pl.read_csv(textwrap.dedent(text).lstrip().encode(), infer_schema=False)


def as_xml(tables: dict[str, str]) -> str:
    """The CSV tables as the DfE's XML return, one element per line (the test's own writer)."""
    header, episodes, uasc, reviews = (
        frame(tables[t]) for t in ["header", "episodes", "uasc", "reviews"]
    )
    dolo = frame(tables.get("dolo", "CHILD,DOB,DOLO_START,DOLO_END\n"))

    def items(row: dict, skip: tuple[str, ...] = ()) -> list[str]:
        renamed = {"CHILD": "CHILDID", "PLACE": "PL"}
        return [
            f"<{renamed.get(k, k)}>{escape(v)}</{renamed.get(k, k)}>" if v else f"<{renamed.get(k, k)} />"
            for k, v in row.items() if k not in skip
        ]  # fmt: skip

    lines = ["<?xml version='1.0' encoding='utf-8'?>", "<EXPSSDA903>"]
    for child in header.iter_rows(named=True):
        lines += ["<CHILD>", "<HEADER>", *items(child)]
        for u in uasc.filter(CHILD=child["CHILD"]).iter_rows(named=True):
            lines += ["<UASC>1</UASC>", *items(u, ("CHILD", "SEX", "DOB"))]
        for r in reviews.filter(CHILD=child["CHILD"]).iter_rows(named=True):
            lines += ["<AREVIEW>", *items(r, ("CHILD", "DOB")), "</AREVIEW>"]
        lines.append("</HEADER>")
        for e in episodes.filter(CHILD=child["CHILD"]).iter_rows(named=True):
            lines += ["<EPISODE>", *items(e, ("CHILD",)), "</EPISODE>"]
        for d in dolo.filter(CHILD=child["CHILD"]).iter_rows(named=True):
            lines += ["<DOLO>", *items(d, ("CHILD", "DOB")), "</DOLO>"]
        lines.append("</CHILD>")
    return "\n".join([*lines, "</EXPSSDA903>"]) + "\n"


def test_the_dfe_fake_xml_return_loads(tmp_path: Path) -> None:
    folder = land_files(tmp_path, "2018-03", {})
    shutil.copy(FAKE_XML / "fake_903.xml", folder)
    month = read_month(folder)
    # 253 children, 459 episodes, 1,206 reviews, as the DfE validator reads it.
    rows = {t: f.row_count for t, f in month.files.items()}
    assert (rows["header"], rows["episodes"], rows["reviews"]) == (253, 459, 1206)
    assert {f.path.name for f in month.files.values()} == {"fake_903.xml"}
    staged = stage_month(month, dt.date(2018, 3, 31), KEY, LA, max_rejected_share=1.0)
    assert staged["episodes"].frame.height > 0 and staged["header"].frame.height > 0


def test_a_message_points_at_the_elements_line(tmp_path: Path) -> None:
    text = as_xml(TABLES)
    # B002's short break (her one episode) gets a legal status that is not a code.
    text = text.replace("<LS>V4</LS>", "<LS>XX</LS>")
    folder = land_files(tmp_path, "2018-01", {"return.xml": text})
    staged = without_more_dfe(stage_month(read_month(folder), JAN_END, KEY, LA, 1.0))
    found = staged["episodes"].findings.select("file_name", "line", "rule_id").rows()
    episode_line = next(n for n, line in enumerate(text.splitlines(), 1) if "<LS>XX</LS>" in line)
    # The finding's line is the <EPISODE> start tag's, just before its items.
    assert found == [("return.xml", episode_line - 3, "DFE-144")]


def test_malformed_xml_and_an_unknown_element_are_rejected_with_their_line(tmp_path: Path) -> None:
    text = as_xml(TABLES)
    broken = land_files(tmp_path / "a", "2018-01", {"return.xml": text.replace("</HEADER>", "", 1)})
    with pytest.raises(ExtractRejected, match=r"return\.xml: not well-formed XML \(line \d+"):
        read_month(broken)
    unknown = text.replace("<EPISODE>", "<FOSTERING><X>1</X></FOSTERING><EPISODE>", 1)
    folder = land_files(tmp_path / "b", "2018-01", {"return.xml": unknown})
    with pytest.raises(ExtractRejected, match=r"return\.xml: line \d+: <FOSTERING> is not a part"):
        read_month(folder)


def warehouse_tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every staging and mart table's rows, without the file line (an XML line is not a CSV's)."""
    names = con.execute(
        "select schema_name || '.' || table_name from duckdb_tables() "
        "where schema_name in ('staging', 'mart', 'main') order by all"
    ).fetchall()
    tables = {}
    for (name,) in names:
        columns = [c[0] for c in con.execute(f"describe {name}").fetchall() if c[0] != "line"]
        tables[name] = con.execute(
            f"select {', '.join(columns)} from {name} order by all"
        ).fetchall()
    return tables


def test_csv_and_xml_of_the_same_data_give_the_same_warehouse(tmp_path: Path) -> None:
    with connect(tmp_path / "csv.duckdb") as con:
        land(tmp_path / "csv", "2018-01", TABLES)
        load_and_build(con, tmp_path / "csv", ["2018-01"])
        from_csv = warehouse_tables(con)
    with connect(tmp_path / "xml.duckdb") as con:
        land_files(tmp_path / "xml", "2018-01", {"return.xml": as_xml(TABLES)})
        load_and_build(con, tmp_path / "xml", ["2018-01"])
        from_xml = warehouse_tables(con)
    assert from_csv.keys() == from_xml.keys()
    assert from_csv["staging.stg_episodes"]  # not two empty warehouses
    for name in from_csv:
        assert from_csv[name] == from_xml[name], name


DOLO = """
CHILD,DOB,DOLO_START,DOLO_END
A001,01/06/2010,01/05/2026,01/06/2026
A001,01/06/2010,02/06/2026,
D004,07/07/2008,01/01/2008,
"""
# D004's DoLO starts before he was born (708) and outside his care (707), among others.


def test_a_dolo_in_the_xml_return_reads_as_dolo_csv(tmp_path: Path) -> None:
    march = dt.date(2027, 3, 31)
    episodes = EXTRACT["episodes"].replace("/2017,", "/2026,").replace("/2018,", "/2027,")
    tables = {**TABLES, "episodes": episodes, "dolo": DOLO}
    text = as_xml(tables)
    csv = read_month(land(tmp_path / "csv", "2027-03", tables))
    xml = read_month(land_files(tmp_path / "xml", "2027-03", {"return.xml": text}))
    from_csv, from_xml = (stage_month(m, march, KEY, LA, 1.0)["dolo"] for m in (csv, xml))
    # D004's row is quarantined (708 is an error): A001's two load, from either file.
    assert (from_csv.typed.height, from_csv.frame.height) == (3, 2)
    assert from_csv.typed.drop("line").rows() == from_xml.typed.drop("line").rows()
    assert from_csv.frame.drop("line").rows() == from_xml.frame.drop("line").rows()
    # A finding's line is its <DOLO> start tag's: the n-th DoLO's, as dolo.csv's line n + 1.
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line == "<DOLO>"]
    as_csv = {xml_line: n + 2 for n, xml_line in enumerate(starts)}
    csv_findings = from_csv.findings.select("line", "rule_id").rows()
    xml_findings = from_xml.findings.select("line", "rule_id").rows()
    assert ("DFE-708" in {r for _, r in csv_findings}) and (4, "DFE-708") in csv_findings
    assert sorted((as_csv[line], rule) for line, rule in xml_findings) == sorted(csv_findings)

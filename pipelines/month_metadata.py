"""What each month of a run records on its own partition's materialisation.

A backfill runs many months as one run; Dagster gives every partition of it the metadata the
asset returns, so figures returned once would be the whole run's, repeated in each month. These
helpers give each month its own: its rows, its landed files and checksums, its report links,
added with ``context.add_asset_metadata(..., partition_key=month)``. Counts and paths only,
never a record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import dagster as dg
import duckdb

from dashboard.report import ReportFiles
from ingest.stage import StagedTable


def add_per_month(
    context: dg.AssetExecutionContext,
    by_month: Mapping[str, Mapping[str, Any]],
    asset_key: str | None = None,
) -> None:
    """Each month's metadata on that month's materialisation of the asset."""
    for month, metadata in by_month.items():
        context.add_asset_metadata(metadata, asset_key=asset_key, partition_key=month)


def rows_by_month(
    con: duckdb.DuckDBPyConnection, table: str, la_code: str, months: list[dt.date]
) -> dict[str, dict[str, int]]:
    """The rows a partitioned table holds for each of the months (0 for a month with none)."""
    counts = dict(
        con.execute(
            f"select strftime(extract_month, '%Y-%m'), count(*) from {table} "
            "where la_code = $la and extract_month in (select unnest($months)) group by 1",
            {"la": la_code, "months": months},
        ).fetchall()
    )
    return {m.strftime("%Y-%m"): {"rows": counts.get(m.strftime("%Y-%m"), 0)} for m in months}


def landed_files(con: duckdb.DuckDBPyConnection, la_code: str, month: dt.date) -> dict[str, dict]:
    """The files the month's latest load read, by table: name, sha256, bytes and rows."""
    rows = con.execute(
        "select table_name, file_name, sha256, size_bytes, row_count from meta.landing_file "
        "where la_code = $la and extract_month = $month "
        "qualify row_number() over (partition by table_name order by last_loaded_at desc) = 1",
        {"la": la_code, "month": month},
    ).fetchall()
    return {
        table: {"file": file, "sha256": sha, "bytes": size, "rows": n}
        for table, file, sha, size, n in rows
    }


def files_markdown(files: dict[str, dict]) -> str:
    """The landed files as a small table for the Dagster UI."""
    lines = ["| table | file | rows | bytes | sha256 |", "|---|---|---|---|---|"]
    lines += [
        f"| {t} | {f['file']} | {f['rows']} | {f['bytes']} | `{f['sha256']}` |"
        for t, f in sorted(files.items())
    ]
    return "\n".join(lines)


def staged_month(
    table: str, staged: Mapping[str, StagedTable], files: dict[str, dict]
) -> dict[str, dg.RawMetadataValue]:
    """A staged table's month: rows loaded and quarantined, and the file they came from."""
    landed, of_table = files.get(table), staged.get(table)
    return {
        "rows_loaded": of_table.frame.height if of_table else 0,
        "rows_rejected": of_table.rejected_rows if of_table else 0,
        "landed_file": landed["file"] if landed else "not landed this month",
        "landed_sha256": landed["sha256"] if landed else "",
    }


def quarantined_month(staged: Mapping[str, StagedTable], files: dict[str, dict]) -> dict:
    """The month's quarantine: its findings and rejected rows, and every file it landed."""
    return {
        "findings": sum(t.findings.height for t in staged.values()),
        "rows_rejected": sum(t.rejected_rows for t in staged.values()),
        "landed_files": dg.MetadataValue.md(files_markdown(files)),
    }


def page_links(pages: ReportFiles) -> dict:
    """Where the month's own dashboard is."""
    return {
        "dashboard": dg.MetadataValue.path(str(pages.html)),
        "url": dg.MetadataValue.url(pages.html.as_uri()),
        "published_edition": dg.MetadataValue.path(str(pages.published["html"])),
    }


def document_links(documents: ReportFiles, latest: bool) -> dict:
    """Where the month's own documents are."""
    links = {"excel": dg.MetadataValue.path(str(documents.xlsx))}
    if documents.pdf:
        links["pdf"] = dg.MetadataValue.path(str(documents.pdf))
    elif latest:
        links["pdf"] = dg.MetadataValue.text("skipped: no chromium found (set CPR_CHROMIUM)")
    else:
        links["pdf"] = dg.MetadataValue.text("not printed: a backfill prints its last month only")
    return links

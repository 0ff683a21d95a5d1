"""Writing one staged extract month into the warehouse: every table, its quarantine and the
record of what was landed, in one transaction. Re-loading a month replaces it; a changed file
adds a new landing record beside the old one, so every version stays on record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl

from ingest.landing import LandedMonth, read_month
from ingest.stage import StagedTable, empty_staged, skipped_files, stage_month
from schemas.contract import LOADED_TABLES, MAX_FILE_MB
from schemas.months import month_end
from warehouse.crashpoints import crash_point
from warehouse.key_identity import check_key, record_key
from warehouse.last_year import last_year_return
from warehouse.runner import ensure_table, replace_rows

MONTH = "la_code = $la_code and extract_month = $month"


def load_extract(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    la_code: str,
    month: dt.date,
    key: bytes,
    max_rejected_share: float,
    max_file_mb: int = MAX_FILE_MB,
    rekey: bool = False,
) -> dict[str, StagedTable]:
    """Read, stage and load one landed month. Raises ExtractRejected, having written nothing,
    when the month is structurally wrong or too many rows are rejected, and KeyChanged when the
    key is not the one the warehouse's months were staged with (unless ``rekey``)."""
    if not rekey:
        check_key(con, la_code, key)
    landed = read_month(folder, max_file_mb=max_file_mb)
    last_year = last_year_return(con, la_code, month_end(month))
    staged = stage_month(landed, month_end(month), key, la_code, max_rejected_share, last_year)
    crash_point("ingest")
    load_month(con, la_code, month, landed, staged, key)
    return staged


def stage_table_name(table: str) -> str:
    return f"staging.stg_{table}"


def load_month(
    con: duckdb.DuckDBPyConnection,
    la_code: str,
    month: dt.date,
    landed: LandedMonth,
    staged: dict[str, StagedTable],
    key: bytes | None = None,
) -> None:
    params = {"la_code": la_code, "month": month}
    keys = [pl.lit(la_code).alias("la_code"), pl.lit(month).alias("extract_month")]
    # A table absent this month loads no rows (and must not keep last load's rows).
    loads = {
        stage_table_name(table): (
            staged[table].frame if table in staged else empty_staged(table)
        ).select(*keys, pl.all())
        for table in LOADED_TABLES
    }
    # Entries of the folder that were not read are on record beside the rows' findings.
    findings = pl.concat([*(t.findings for t in staged.values()), skipped_files(landed)])
    findings = findings.select(*keys, pl.all())
    for name, frame in loads.items():
        ensure_table(con, name, frame)
    con.execute("begin transaction")
    try:
        for name, frame in loads.items():
            replace_rows(con, name, frame, MONTH, params)
        replace_rows(con, "audit.quarantine", findings, MONTH, params)
        crash_point("warehouse_load")  # the month's tables written, not yet committed
        _record_landing(con, la_code, month, landed)
        if key is not None:
            record_key(con, la_code, month, key)
        errors = findings.filter(pl.col("severity") == "error")
        con.execute(
            "insert or replace into meta.extract_load values "
            "($la_code, $month, now(), $synthetic, $rows, $rejected, $warnings)",
            {
                **params,
                "synthetic": landed.synthetic,
                "rows": sum(t.frame.height for t in staged.values()),
                "rejected": errors.select(pl.struct("table_name", "line").n_unique()).item(),
                "warnings": findings.height - errors.height,
            },
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def _record_landing(
    con: duckdb.DuckDBPyConnection, la_code: str, month: dt.date, landed: LandedMonth
) -> None:
    for f in landed.files.values():
        con.execute(
            """
            insert into meta.landing_file values (
                $la_code, $month, $table, $file, $sha256, $size, $rows, $encoding, $unknown, now(), now()
            )
            on conflict do update set last_loaded_at = now()
            """,
            {
                "la_code": la_code,
                "month": month,
                "table": f.table,
                "file": f.path.name,
                "sha256": f.sha256,
                "size": f.size_bytes,
                "rows": f.row_count,
                "encoding": f.raw.encoding,
                "unknown": list(f.unknown_columns),
            },
        )

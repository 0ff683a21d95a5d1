"""Staging: read, type, pseudonymise and validate each month's tables, then load them and their
quarantine in one transaction."""

import dagster as dg
import duckdb
import polars as pl

from dashboard.validation import write_rejection_report
from ingest.errors import ExtractRejected
from ingest.pseudonymise import load_key
from ingest.stage import FINDINGS_SCHEMA, StagedTable
from pipelines.month_metadata import add_per_month, landed_files, quarantined_month, staged_month
from pipelines.partitions import extract_months
from pipelines.resources import WAREHOUSE_POOL, CareData
from pipelines.settings import Settings
from pipelines.table_metadata import column_schema, frame_table
from schemas.contract import LOADED_TABLES
from schemas.months import parse_month
from warehouse.staging import load_extract, stage_table_name

STAGED = [
    dg.AssetSpec(
        f"stg_{table}",
        group_name="staging",
        deps=["landing"],
        description=f"The {table} table of each extract month: typed, child id pseudonymised, "
        "rows failing a validation error removed to quarantine.",
        kinds={"polars", "pandera", "duckdb"},
        partitions_def=extract_months,
        owners=["team:data"],
    )
    for table in LOADED_TABLES
]
QUARANTINE = dg.AssetSpec(
    "quarantine",
    group_name="staging",
    deps=["landing"],
    description="Every rejected row and warning: table, file line, column, rule and message "
    "(pseudonymised child id only).",
    kinds={"duckdb"},
    partitions_def=extract_months,
    owners=["team:data"],
)


CHECKS = [
    dg.AssetCheckSpec(
        "rows_pass_validation",
        asset=f"stg_{table}",
        description="Every row passed the table's pandera rules; a failure lists rejected rows "
        "and warnings per rule (details in the quarantine table).",
    )
    for table in LOADED_TABLES
]


def load_landed(
    con: duckdb.DuckDBPyConnection, settings: Settings, month: str, key: bytes, rekey: bool = False
) -> dict[str, StagedTable]:
    """One landed month of this deployment staged and loaded (``load_extract``)."""
    return load_extract(
        con,
        settings.landing_folder(month),
        settings.la_code,
        parse_month(month),
        key,
        settings.max_rejected_share,
        settings.max_file_mb,
        rekey=rekey,
    )


@dg.multi_asset(
    specs=[*STAGED, QUARANTINE],
    check_specs=CHECKS,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool=WAREHOUSE_POOL,
    can_subset=False,
)
def staged_extract(context: dg.AssetExecutionContext, care_data: CareData):
    """Loads each month of the run; a month whose extract is structurally wrong, or has too many
    rejected rows, is not loaded at all and fails the run after the other months are loaded."""
    settings = care_data.settings
    key = load_key(settings.key_path, settings.pseudonym_key)
    totals: dict[str, dict[str, int]] = {t: {"rows": 0, "rejected": 0} for t in LOADED_TABLES}
    findings: list[pl.DataFrame] = []
    failures: list[str] = []
    months: dict[str, tuple[dict[str, StagedTable], dict[str, dict]]] = {}
    with care_data.warehouse() as con:
        for month in context.partition_keys:
            try:
                staged = load_landed(con, settings, month, key)
            except ExtractRejected as rejection:
                report = write_rejection_report(
                    settings.report_folder(month),
                    settings.landing_folder(month),
                    settings.la_code,
                    parse_month(month),
                    settings.max_rejected_share,
                    str(rejection),
                )
                failures.append(f"{month}: {rejection} (validation report: {report})")
                context.log.error(f"Extract {month} rejected: {rejection}")
                continue
            for table in staged.values():
                totals[table.table]["rows"] += table.frame.height
                totals[table.table]["rejected"] += table.rejected_rows
                findings.append(table.findings)
            months[month] = (staged, landed_files(con, settings.la_code, parse_month(month)))
        # What the UI shows of each staged table: its columns, described (never its rows).
        schemas = (
            {}
            if failures
            else {t: column_schema(con, stage_table_name(t), None) for t in LOADED_TABLES}
        )
    if failures:
        raise dg.Failure(
            description="Extract month(s) rejected; nothing of them was loaded and the last "
            "good publication stays in place.\n" + "\n".join(failures),
            metadata={"rejected_months": dg.MetadataValue.text("\n".join(failures))},
        )
    all_findings = pl.concat(findings) if findings else pl.DataFrame(schema=FINDINGS_SCHEMA)
    by_rule = (
        all_findings.group_by("table_name", "rule_id", "severity")
        .len(name="findings")
        .sort("findings", descending=True)
    )
    for table in LOADED_TABLES:
        of_table = by_rule.filter(pl.col("table_name") == table)
        # Each month's own rows and file on its partition; the columns are every month's.
        add_per_month(
            context,
            {m: staged_month(table, tables, files) for m, (tables, files) in months.items()},
            f"stg_{table}",
        )
        yield dg.MaterializeResult(
            asset_key=f"stg_{table}",
            metadata={
                "dagster/column_schema": schemas[table],
                "dagster/table_name": stage_table_name(table),
            },
        )
        yield dg.AssetCheckResult(
            asset_key=f"stg_{table}",
            check_name="rows_pass_validation",
            passed=of_table.is_empty(),
            # Reported, not fatal: the rejected-share threshold is what fails a month.
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "rows_rejected": totals[table]["rejected"],
                "findings_by_rule": frame_table(of_table),
            },
        )
    add_per_month(
        context,
        {m: quarantined_month(tables, files) for m, (tables, files) in months.items()},
        "quarantine",
    )
    yield dg.MaterializeResult(
        asset_key="quarantine",
        metadata={
            "findings": all_findings.height,
            "findings_by_rule": frame_table(by_rule),
        },
    )

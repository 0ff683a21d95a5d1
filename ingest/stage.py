"""Staging one landed month: type each table, pseudonymise it, validate it, split off quarantine.

Pure functions of frames: the Dagster assets call them and write what they return.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandera.polars as pa
import polars as pl

from ingest.errors import ExtractRejected
from ingest.landing import LandedFile, LandedMonth
from ingest.pseudonymise import pseudonymise
from ingest.read import LINE
from schemas.codes import SEX_TO_STORED
from schemas.contract import TABLES, TableSpec
from schemas.core import MODELS
from schemas.rules import PANDERA_BUILTIN, RULES

#: Identifiers and postcodes that never enter the warehouse as they are.
DROPPED_AT_STAGING = frozenset({"UPN", "MC_DOB", "HOME_POST", "PL_POST"})
#: DOB is repeated on most 903 tables; the header's copy is the one the warehouse keeps.
DOB_KEPT_ON = frozenset({"header", "uasc"})

FINDINGS_SCHEMA = {
    "table_name": pl.String,
    "file_name": pl.String,
    "line": pl.Int32,
    "column_name": pl.String,
    "rule_id": pl.String,
    "severity": pl.String,
    "message": pl.String,
    "child_id": pl.String,
}
SEVERITY = {r.id: r.severity for r in RULES.values()}
MESSAGE = {r.id: r.message for r in RULES.values()}
RULE_COLUMN = {r.id: r.column for r in RULES.values() if r.column}
DATE_SHAPE = r"^(\d{2}/\d{2}/\d{4}|\d{4}-\d{2}-\d{2})$"


@dataclass(frozen=True)
class StagedTable:
    table: str
    file_name: str
    frame: pl.DataFrame  # rows that load: typed, pseudonymised
    findings: pl.DataFrame  # FINDINGS_SCHEMA: every error (quarantined row) and warning

    @property
    def rejected_rows(self) -> int:
        return self.findings.filter(pl.col("severity") == "error")["line"].n_unique()


def parse_date(column: str) -> pl.Expr:
    text = pl.col(column)
    parsed = pl.coalesce(
        text.str.strptime(pl.Date, "%d/%m/%Y", strict=False),
        text.str.strptime(pl.Date, "%Y-%m-%d", strict=False),
    )
    # A two-digit year would parse as the first century: the shape check rejects it.
    return pl.when(text.str.contains(DATE_SHAPE)).then(parsed).otherwise(None).alias(column)


def staged_columns(spec: TableSpec) -> list[str]:
    keep = [c for c in spec.known_columns if c not in DROPPED_AT_STAGING]
    if spec.name not in DOB_KEPT_ON:
        keep = [c for c in keep if c != "DOB"]
    return keep


def type_table(landed: LandedFile, key: bytes, la_code: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Typed frame (lower-case columns, child_id) and the DATE_FORMAT findings."""
    spec = TABLES[landed.table]
    raw = landed.raw.frame
    columns = [c for c in staged_columns(spec) if c in raw.columns]
    missing_optional = [c for c in staged_columns(spec) if c not in raw.columns]
    frame = raw.select(LINE, *columns).with_columns(
        *[pl.lit(None, pl.String).alias(c) for c in missing_optional]
    )
    codes = [pl.col(c).str.to_uppercase() for c in spec.codes if c in frame.columns]
    dates = [c for c in spec.dates if c in frame.columns]
    typed = frame.with_columns(*codes).with_columns(
        *[parse_date(c) for c in dates],
        *(
            [pl.col("SEX").replace_strict(SEX_TO_STORED, default=pl.col("SEX"))]
            if "SEX" in frame.columns
            else []
        ),
    )
    child_id = pseudonymise(typed["CHILD"], key, la_code)
    bad_dates = pl.concat(
        [
            frame.filter(pl.col(c).is_not_null() & typed[c].is_null())
            .select(LINE, pl.lit(c).alias("column_name"))
            .with_columns(child_id=child_id.filter(frame[c].is_not_null() & typed[c].is_null()))
            for c in dates
        ]
        or [pl.DataFrame(schema={LINE: pl.Int64, "column_name": pl.String, "child_id": pl.String})]
    )
    typed = typed.drop("CHILD").insert_column(1, child_id.alias("child_id"))
    typed = typed.rename({c: c.lower() for c in typed.columns if c != LINE})
    return typed, _findings(bad_dates.with_columns(rule_id=pl.lit("DATE_FORMAT")), landed)


def _findings(rows: pl.DataFrame, landed: LandedFile) -> pl.DataFrame:
    """Findings from rows holding LINE, column_name, rule_id and child_id."""
    return rows.select(
        pl.lit(landed.table).alias("table_name"),
        pl.lit(landed.path.name).alias("file_name"),
        pl.col(LINE).cast(pl.Int32),
        pl.col("column_name").str.to_uppercase().replace("CHILD_ID", "CHILD"),
        "rule_id",
        pl.col("rule_id").replace_strict(SEVERITY).alias("severity"),
        pl.col("rule_id").replace_strict(MESSAGE).alias("message"),
        "child_id",
    ).cast(FINDINGS_SCHEMA)


def rule_of(check: str) -> str:
    """Our rule id for a pandera failure: custom checks carry it; built-ins are mapped."""
    if check in RULES:
        return check
    builtin = check.split("(")[0]
    if builtin not in PANDERA_BUILTIN:
        raise KeyError(f"pandera check {check!r} has no rule in schemas/rules.py")
    return PANDERA_BUILTIN[builtin]


def validate(
    frame: pl.DataFrame, table: str, month_end: dt.date, landed: LandedFile
) -> pl.DataFrame:
    """Every rule failure of one typed table as findings (never the failing values themselves)."""
    try:
        MODELS[table](month_end).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return pl.DataFrame(schema=FINDINGS_SCHEMA)
    if cases["index"].is_null().any():
        columns = cases.filter(pl.col("index").is_null())["column"].unique().to_list()
        raise ExtractRejected(
            f"{landed.path.name}: column(s) {', '.join(map(str, columns))} could not be checked"
        )
    rows = frame.select(LINE, "child_id").with_row_index("index")
    located = (
        cases.with_columns(
            rule_id=pl.col("check").map_elements(rule_of, return_dtype=pl.String),
            index=pl.col("index").cast(pl.UInt32),
        )
        .join(rows, on="index")
        .with_columns(
            column_name=pl.coalesce(
                pl.col("rule_id").replace_strict(RULE_COLUMN, default=None),
                pl.when(pl.col("schema_context") == "Column").then(pl.col("column")),
            )
        )
    )
    return _findings(located, landed).unique(maintain_order=True)


def stage_table(
    landed: LandedFile, month_end: dt.date, key: bytes, la_code: str, header_ids: pl.Series | None
) -> StagedTable:
    typed, bad_dates = type_table(landed, key, la_code)
    if header_ids is not None:
        typed = typed.with_columns(_in_header=pl.col("child_id").is_in(header_ids.implode()))
    # An unreadable date is reported as such, not again as a blank required value.
    rule_findings = validate(typed, landed.table, month_end, landed).join(
        bad_dates, on=[LINE, "column_name"], how="anti"
    )
    findings = pl.concat([bad_dates, rule_findings])
    quarantined = findings.filter(pl.col("severity") == "error")[LINE]
    loads = typed.filter(~pl.col(LINE).is_in(quarantined.implode())).drop(
        "_in_header", strict=False
    )
    return StagedTable(landed.table, landed.path.name, loads, findings)


def stage_month(
    month: LandedMonth, month_end: dt.date, key: bytes, la_code: str, max_rejected_share: float
) -> dict[str, StagedTable]:
    """Every landed table of a month staged. The header comes first: other tables' rows must name
    a child it holds. Raises ExtractRejected when too much of any table is rejected."""
    header = stage_table(month.files["header"], month_end, key, la_code, None)
    staged = {"header": header}
    for table, landed in month.files.items():
        if table != "header" and table in MODELS:
            staged[table] = stage_table(landed, month_end, key, la_code, header.frame["child_id"])
    for table in staged.values():
        total = month.files[table.table].row_count
        if total and table.rejected_rows / total > max_rejected_share:
            raise ExtractRejected(
                f"{table.file_name}: {table.rejected_rows} of {total} rows rejected "
                f"({table.rejected_rows / total:.0%}), above the {max_rejected_share:.0%} "
                "threshold: the extract is suspect"
            )
    return staged

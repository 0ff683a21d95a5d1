"""The validation report of one extract month: every finding of staging (quarantined rows and
warnings) by file, line, column and rule, as HTML for a data officer and CSV for a spreadsheet.

Record-level: it names the child of each failing row, so it is written owner-only and read by
people allowed to see that detail. Which identifier it names is the caller's choice: the CHILD
as in the file (``cpr validate``, checking a folder before it is landed, so the officer can find
the record) or the pseudonymised ``child_id`` (beside each pipeline run's dashboard). No other
field value of a row (DOB, postcode, ...) is ever part of it: findings carry rules, not values.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from dashboard.render import TEMPLATES, format_generated, format_month
from dashboard.safe_cells import guard_frame
from ingest.errors import ExtractRejected
from ingest.landing import LandedMonth, read_month
from ingest.last_year import LastYear
from ingest.read import LINE
from ingest.stage import (
    FINDINGS_SCHEMA,
    last_year_from_folder,
    skipped_files,
    stage_tables,
    too_many_rejected,
)
from schemas.contract import MAX_FILE_MB
from schemas.core import MODELS
from warehouse.staging import month_end

SOURCE_CHILD = "CHILD"
PSEUDONYMISED_CHILD = "child_id"
ID_LABEL = {SOURCE_CHILD: "CHILD as in the file", PSEUDONYMISED_CHILD: "pseudonymised child id"}
#: The findings' columns as the CSV names them; the identifier column follows them.
CSV_COLUMNS = {
    "file_name": "file",
    "line": "line",
    "column_name": "column",
    "rule_id": "rule",
    "severity": "severity",
    "message": "message",
}
HTML_NAME, CSV_NAME = "validation.html", "validation.csv"
#: The folder, inside a month's report folder, of its record-level reports (owner-only).
RESTRICTED = "restricted"


@dataclass(frozen=True)
class FileRead:
    file_name: str
    table: str
    rows: int

    @property
    def checked(self) -> bool:
        """Tables without a schema yet are read (and recorded) but not validated."""
        return self.table in MODELS


@dataclass(frozen=True)
class ValidationReport:
    source: str  # the landing folder the findings are about
    la_code: str
    extract_month: dt.date
    files: tuple[FileRead, ...]
    #: FINDINGS_SCHEMA, with the identifier column ``id_column`` in place of child_id.
    findings: pl.DataFrame
    id_column: str
    max_rejected_share: float
    #: Why the whole month is rejected (structure or the rejected-share threshold); None if not.
    rejection: str | None = None

    @property
    def passes(self) -> bool:
        return self.rejection is None

    @property
    def errors(self) -> int:
        return self.findings.filter(pl.col("severity") == "error").height

    @property
    def warnings(self) -> int:
        return self.findings.height - self.errors

    @property
    def quarantined_rows(self) -> dict[str, int]:
        """Rows with an error, per table: they stay out of the warehouse."""
        counts = (
            self.findings.filter(pl.col("severity") == "error")
            .group_by("table_name")
            .agg(pl.col("line").n_unique())
        )
        return {f.table: 0 for f in self.files} | dict(counts.iter_rows())

    @property
    def rule_counts(self) -> pl.DataFrame:
        """Per rule: severity, message, rows it affects and the tables they are in."""
        return (
            self.findings.group_by("rule_id", "severity", "message")
            .agg(
                rows=pl.struct("table_name", "line").n_unique(),
                # an entry not read has no table: its file name stands in
                tables=pl.coalesce("table_name", "file_name").unique().sort().str.join(", "),
            )
            .sort("severity", "rows", "rule_id", descending=[False, True, False])  # errors first
        )

    def skipped_files(self) -> list[tuple[str, str]]:
        """Entries of the landing folder not read, and why."""
        skipped = self.findings.filter(pl.col("rule_id") == "SKIPPED_FILE")
        return list(skipped.select("file_name", "message").iter_rows())

    def sorted_findings(self) -> pl.DataFrame:
        return self.findings.sort("file_name", "line", "column_name", "rule_id", nulls_last=True)


def with_source_child(findings: pl.DataFrame, month: LandedMonth) -> pl.DataFrame:
    """Findings naming the CHILD of the file row each is about, in place of the pseudonymised id."""
    sources = pl.concat(
        [
            landed.raw.frame.select(
                pl.lit(table).alias("table_name"),
                pl.col(LINE).cast(FINDINGS_SCHEMA["line"]),
                pl.col("CHILD").alias(SOURCE_CHILD),
            )
            for table, landed in month.files.items()
            if "CHILD" in landed.raw.frame.columns
        ]
    )
    return findings.drop(PSEUDONYMISED_CHILD).join(
        sources, on=["table_name", "line"], how="left", maintain_order="left"
    )


def last_year_of(
    folder: Path | None, month_end: dt.date, key: bytes, la_code: str
) -> LastYear | None:
    """Last year's return from its folder; None when there is none or it cannot be read (this
    month's check goes on; the report notes the rules not judged)."""
    if folder is None or not folder.is_dir():
        return None
    try:
        return last_year_from_folder(folder, month_end, key, la_code)
    except ExtractRejected:
        return None


def report_for_folder(
    folder: Path,
    extract_month: dt.date,
    la_code: str,
    max_rejected_share: float,
    max_file_mb: int = MAX_FILE_MB,
    last_year_folder: Path | None = None,
) -> ValidationReport:
    """Check a landing folder as staging would, READY or not, without writing anything. The
    pseudonymisation key is random and thrown away: the report names the source CHILD. Last
    year's return is read from ``last_year_folder`` (ingest.last_year), staged with the same
    key; without it (or if it cannot be read) the report notes the rules it was not judged by."""
    findings = pl.DataFrame(schema=FINDINGS_SCHEMA).rename({PSEUDONYMISED_CHILD: SOURCE_CHILD})
    files: tuple[FileRead, ...] = ()
    rejection = None
    try:
        month = read_month(folder, require_ready=False, max_file_mb=max_file_mb)
        files = tuple(FileRead(f.path.name, f.table, f.row_count) for f in month.files.values())
        key = os.urandom(32)
        staged = stage_tables(
            month,
            month_end(extract_month),
            key,
            la_code,
            last_year_of(last_year_folder, month_end(extract_month), key, la_code),
        )
        rejection = too_many_rejected(month, staged, max_rejected_share)
        findings = pl.concat([*(t.findings for t in staged.values()), skipped_files(month)])
        findings = with_source_child(findings, month)
    except ExtractRejected as structural:
        rejection = str(structural)
    return ValidationReport(
        source=str(folder),
        la_code=la_code,
        extract_month=extract_month,
        files=files,
        findings=findings,
        id_column=SOURCE_CHILD,
        max_rejected_share=max_rejected_share,
        rejection=rejection,
    )


def report_for_loaded_month(
    con: duckdb.DuckDBPyConnection,
    la_code: str,
    extract_month: dt.date,
    source: Path,
    max_rejected_share: float,
) -> ValidationReport:
    """The report of a month the warehouse holds, from its quarantine (pseudonymised ids) and the
    files of its latest load (one load is one transaction, so they share its timestamp)."""
    params = {"la": la_code, "month": extract_month}
    findings = con.sql(
        f"select {', '.join(FINDINGS_SCHEMA)} from audit.quarantine "
        "where la_code = $la and extract_month = $month",
        params=params,
    ).pl()
    files = con.execute(
        "select file_name, table_name, row_count from meta.landing_file "
        "where la_code = $la and extract_month = $month "
        "qualify last_loaded_at = max(last_loaded_at) over () order by file_name",
        params,
    ).fetchall()
    return ValidationReport(
        source=str(source),
        la_code=la_code,
        extract_month=extract_month,
        files=tuple(FileRead(*row) for row in files),
        findings=findings.cast(FINDINGS_SCHEMA),
        id_column=PSEUDONYMISED_CHILD,
        max_rejected_share=max_rejected_share,
    )


def outcome_text(report: ValidationReport) -> str:
    if report.rejection:
        return f"Fails: {report.rejection.rstrip('.')}. Nothing of this month would be loaded."
    quarantined = sum(report.quarantined_rows.values())
    if not quarantined:
        return "Passes: every row loads."
    return (
        f"Passes: {quarantined:,} row(s) go to quarantine and the rest loads; no table has more "
        f"than {report.max_rejected_share:.0%} of its rows rejected."
    )


def summary_lines(report: ValidationReport) -> list[str]:
    """The console summary: counts, files and rules only, never an identifier or a value."""
    quarantined = report.quarantined_rows
    lines = [
        f"{report.source}: {format_month(report.extract_month)} extract, LA {report.la_code}",
        f"  {len(report.files)} file(s), {sum(f.rows for f in report.files):,} rows read",
    ]
    lines += [
        f"    {f.file_name} ({f.table}): {f.rows:,} rows, "
        + (f"{quarantined[f.table]:,} quarantined" if f.checked else "not checked")
        for f in report.files
    ]
    lines += [f"    {name}: {why}" for name, why in report.skipped_files()]
    lines.append(
        f"  errors {report.errors:,} ({sum(quarantined.values()):,} rows quarantined); "
        f"warnings {report.warnings:,}"
    )
    lines += [
        f"    {r['rule_id']} ({r['severity']}): {r['rows']:,} row(s) in {r['tables']}"
        for r in report.rule_counts.iter_rows(named=True)
    ]
    lines.append(f"  {outcome_text(report)}")
    return lines


def validation_csv(report: ValidationReport) -> str:
    """One row per finding, by file then line. A cell a spreadsheet would read as a formula (a
    source identifier, a file name) is written with a leading quote, so opening it runs nothing."""
    findings = report.sorted_findings().select(
        *[pl.col(c).alias(name) for c, name in CSV_COLUMNS.items()], report.id_column
    )
    return guard_frame(findings).write_csv()


def render_validation_html(report: ValidationReport, generated_at: dt.datetime) -> str:
    """One self-contained page (no external assets, no script): summary, counts per rule, then
    every finding in a plain table per file, which stays small with thousands of rows."""
    quarantined = report.quarantined_rows
    by_file: dict[str, list[dict[str, Any]]] = {}
    for finding in report.sorted_findings().iter_rows(named=True):
        by_file.setdefault(finding["file_name"], []).append(finding)
    return TEMPLATES.get_template("validation.html").render(
        report=report,
        month_text=format_month(report.extract_month),
        generated_text=format_generated(generated_at),
        generated_iso=generated_at.isoformat(timespec="seconds"),
        outcome=outcome_text(report),
        files=[(f, quarantined[f.table]) for f in report.files],
        rules=report.rule_counts.iter_rows(named=True),
        by_file=by_file,
        id_label=ID_LABEL.get(report.id_column, report.id_column),
        quarantined_total=sum(quarantined.values()),
    )


def write_private(path: Path, text: str) -> None:
    """Write owner-only (0600), replacing any earlier file in one step."""
    partial = path.with_name(f".{path.name}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # a leftover partial file keeps its old mode otherwise
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
        out.write(text)
    os.replace(partial, path)


def write_validation_report(
    report: ValidationReport, folder: Path, generated_at: dt.datetime
) -> tuple[Path, Path]:
    """validation.html and validation.csv in ``folder`` (made owner-only): their paths."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)  # also when it already existed
    html, csv = folder / HTML_NAME, folder / CSV_NAME
    write_private(html, render_validation_html(report, generated_at))
    write_private(csv, validation_csv(report))
    return html, csv


def write_month_report(report: ValidationReport, report_folder: Path) -> Path:
    """A pipeline month's report, in ``restricted/`` beside its dashboard: the HTML path."""
    return write_validation_report(report, report_folder / RESTRICTED, dt.datetime.now())[0]


def write_rejection_report(
    report_folder: Path,
    source: Path,
    la_code: str,
    extract_month: dt.date,
    max_rejected_share: float,
    reason: str,
) -> Path:
    """The report of a month staging rejected whole: why, and that nothing of it was loaded
    (the last good publication stays). Written by staging itself, as the month never reaches
    the quarantine the pipeline's validation report is made from. Its HTML path."""
    report = ValidationReport(
        source=str(source),
        la_code=la_code,
        extract_month=extract_month,
        files=(),
        findings=pl.DataFrame(schema=FINDINGS_SCHEMA),
        id_column=PSEUDONYMISED_CHILD,
        max_rejected_share=max_rejected_share,
        rejection=reason,
    )
    return write_month_report(report, report_folder)

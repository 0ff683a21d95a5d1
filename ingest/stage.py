"""Staging one landed month: type each table, pseudonymise it, validate it, split off quarantine.

Pure functions of frames: the Dagster assets call them and write what they return.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from ingest.dfe_context import dfe_context, looked_after_this_year, upn_well_formed
from ingest.dolo import with_dolo_context
from ingest.errors import ExtractRejected
from ingest.landing import LandedFile, LandedMonth, read_month
from ingest.last_year import LAST_YEAR_TABLES, LastYear, not_held_note, year_return
from ingest.location import LOCATION_SCHEMA, upper_tier_of, with_location
from ingest.plausible import found, implausible, written
from ingest.pseudonymise import pseudonymise
from ingest.read import LINE
from schemas.codes import SEX_TO_STORED
from schemas.contract import TABLES, TableSpec
from schemas.core import MODELS
from schemas.evaluate import failure_cases
from schemas.months import collection_year
from schemas.rules import PANDERA_BUILTIN, RULES, specific

#: Identifiers never read past the landing file.
NOT_STAGED = frozenset({"UPN", "MC_DOB"})
#: Read for the rules (is this the same placement?) and the placement's location, never loaded.
RULES_ONLY = frozenset({"PL_POST", "HOME_POST"})
#: DOB is repeated on most 903 tables; the header's copy is the one the warehouse keeps (and
#: exploitation's, whose children need not be in the header).
DOB_KEPT_ON = frozenset({"header", "uasc", "exploitation"})
#: Facts joined on from other tables for the rules (see schemas.core): the tables whose rules
#: need the header's date of birth, and the date on which each table asks where the child was.
NEEDS_DOB = frozenset({"episodes", "missing", "reviews", "oc2", "placed_for_adoption", "dolo"})
CARE_DATE = {
    "reviews": "review",
    "missing": "mis_start",
    "visits": "visit_date",
    "health_checks": "check_date",
}

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
    #: every row as typed, before quarantine: other tables' rules look at it.
    typed: pl.DataFrame

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


def parsers(spec: TableSpec) -> dict[str, tuple[pl.Expr, str]]:
    """Each typed column's parse, and the rule a value that does not parse breaks."""
    return (
        {c: (parse_date(c), "DATE_FORMAT") for c in spec.dates}
        | {c: (pl.col(c).cast(pl.Int64, strict=False), "TYPE") for c in spec.integers}
        | {c: (pl.col(c).cast(pl.Float64, strict=False), "TYPE") for c in spec.decimals}
    )


def empty_staged(table: str) -> pl.DataFrame:
    """A table's staged columns and types with no rows: what a month without the file loads, so
    every ``stg_*`` table exists and a model can tell "no data" from "none"."""
    spec = TABLES[table]
    types = (
        dict.fromkeys(spec.dates, pl.Date)
        | dict.fromkeys(spec.integers, pl.Int64)
        | dict.fromkeys(spec.decimals, pl.Float64)
    )
    child = {"child_id": pl.String} if spec.child_level else {}
    return pl.DataFrame(
        schema={LINE: pl.Int64, **child}
        | {
            c.lower(): types.get(c, pl.String)
            for c in staged_columns(spec)
            if c != "CHILD" and c not in RULES_ONLY
        }
        | (LOCATION_SCHEMA if table == "episodes" else {})
    )


def staged_columns(spec: TableSpec) -> list[str]:
    keep = [c for c in spec.known_columns if c not in NOT_STAGED]
    if spec.name not in DOB_KEPT_ON:
        keep = [c for c in keep if c != "DOB"]
    return keep


def children_of(landed: LandedFile) -> pl.Series:
    """The CHILD of each row of a child-level table; null on other tables."""
    raw = landed.raw.frame
    if TABLES[landed.table].child_level and "CHILD" in raw.columns:
        return raw["CHILD"]
    return pl.repeat(None, raw.height, dtype=pl.String, eager=True)


def type_table(
    landed: LandedFile, key: bytes, la_code: str, child_id: pl.Series | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Typed frame (lower-case columns, child_id) and the findings of values that do not parse
    or cannot be true (ingest.plausible). ``child_id``: the rows' pseudonyms, when the caller
    has them (pseudonymised for the whole month at once)."""
    spec = TABLES[landed.table]
    raw = landed.raw.frame
    staged = staged_columns(spec)
    columns = [c for c in staged if c in raw.columns]
    absent_optional = [c for c in staged if c not in raw.columns]
    if child_id is None:
        child_id = pseudonymise(children_of(landed), key, la_code)
    codes = [pl.col(c).str.to_uppercase() for c in spec.codes if c in staged]
    parse = {c: p for c, p in parsers(spec).items() if c in staged}
    typed = (
        raw.lazy()
        .select(LINE, *columns)
        .with_columns(*[pl.lit(None, pl.String).alias(c) for c in absent_optional])
        .with_columns(child_id.alias("child_id"))
        .with_columns(*codes)
        .with_columns(
            *[expr.alias(c) for c, (expr, _) in parse.items()],
            *(
                [pl.col("SEX").replace_strict(SEX_TO_STORED, default=pl.col("SEX"))]
                if "SEX" in staged
                else []
            ),
        )
        .collect()
    )
    # A value that does not parse was written but is null typed (a blank is REQUIRED's).
    unreadable = [
        (c, rule_id, ~(pl.col(written(c)).is_not_null() & pl.col(c).is_null()))
        for c, (_, rule_id) in parse.items()
        if c in raw.columns
    ]
    values = pl.DataFrame(
        [typed[c] for c in (LINE, "child_id", *parse)]
        + [raw[c].alias(written(c)) for c in raw.columns if c != LINE]
    )
    unparsed = found(values, unreadable + implausible(spec, raw.columns, typed.columns))
    renamed = {c: c.lower() for c in typed.columns if c not in (LINE, "child_id", "CHILD")}
    typed = (
        typed.lazy()
        .select(LINE, "child_id", pl.exclude(LINE, "child_id", "CHILD"))
        .rename(renamed)
        .drop([] if spec.child_level else ["child_id"])
        .collect()
    )
    return typed, _findings(unparsed, landed)


def _findings(rows: pl.DataFrame, landed: LandedFile) -> pl.DataFrame:
    """Findings from rows holding LINE, column_name, rule_id and child_id; a generic rule
    becomes the DfE's own rule for the table or column where it has one."""
    spec = TABLES[landed.table]
    if rows.is_empty():
        return pl.DataFrame(schema=FINDINGS_SCHEMA)
    located = rows.with_columns(
        pl.col("column_name").str.to_uppercase().replace("CHILD_ID", "CHILD"),
    )
    # Each distinct rule and column is looked up once, not once a row.
    pairs = located.select("rule_id", "column_name").unique()
    pairs = pairs.with_columns(
        specific=pl.Series(
            [specific(r, spec.name, c, spec.dfe) for r, c in pairs.iter_rows()], dtype=pl.String
        )
    )
    located = located.join(
        pairs, on=["rule_id", "column_name"], how="left", nulls_equal=True, maintain_order="left"
    ).with_columns(rule_id="specific")
    return located.select(
        pl.lit(landed.table).alias("table_name"),
        pl.lit(landed.path.name).alias("file_name"),
        pl.col(LINE).cast(pl.Int32),
        "column_name",
        "rule_id",
        pl.col("rule_id").replace_strict(SEVERITY).alias("severity"),
        pl.col("rule_id").replace_strict(MESSAGE).alias("message"),
        "child_id",
    ).cast(FINDINGS_SCHEMA)


def rule_of(check: str) -> str:
    """Our rule id for a pandera failure: custom checks carry it; built-ins are mapped."""
    check = check.split(":")[0]
    if check in RULES:
        return check
    builtin = check.split("(")[0]
    if builtin not in PANDERA_BUILTIN:
        raise KeyError(f"pandera check {check!r} has no rule in schemas/rules.py")
    return PANDERA_BUILTIN[builtin]


def validate(
    frame: pl.DataFrame,
    table: str,
    month_end: dt.date,
    landed: LandedFile,
    unreadable: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Every rule failure of one typed table as findings (never the failing values themselves).
    ``unreadable`` (LINE, column_name) holds values that did not parse: they are reported as
    such, not again as blank, and the rows' cross-column rules are not judged on them."""
    cases = failure_cases(MODELS[table](month_end), frame)
    if cases.is_empty():
        return pl.DataFrame(schema=FINDINGS_SCHEMA)
    if cases["index"].is_null().any():
        columns = cases.filter(pl.col("index").is_null())["column"].unique().to_list()
        raise ExtractRejected(
            f"{landed.path.name}: column(s) {', '.join(map(str, columns))} could not be checked"
        )
    rows = frame.select(
        LINE,
        pl.col("child_id")
        if "child_id" in frame.columns
        else pl.lit(None, pl.String).alias("child_id"),
    ).with_row_index("index")
    located = (
        cases.with_columns(
            rule_id=pl.col("check").replace_strict(
                {check: rule_of(check) for check in cases["check"].unique()}
            ),
            index=pl.col("index").cast(pl.UInt32),
        )
        .join(rows, on="index")
        .with_columns(
            column_name=pl.coalesce(
                pl.col("check").str.extract(r"^[^:(]+:(.+)$"),
                pl.col("rule_id").replace_strict(RULE_COLUMN, default=None),
                pl.when(pl.col("schema_context") == "Column").then(pl.col("column")),
            ).str.to_uppercase()
        )
    )
    if unreadable is not None:
        row_rule = pl.col("schema_context") != "Column"
        located = located.join(unreadable, on=[LINE, "column_name"], how="anti").filter(
            ~(row_rule & pl.col(LINE).is_in(unreadable[LINE].implode()))
        )
    return _findings(located, landed).unique(maintain_order=True)


def unknown_columns(landed: LandedFile) -> pl.DataFrame:
    """A warning on the header line for each column the contract does not know."""
    if not landed.unknown_columns:
        return pl.DataFrame(schema=FINDINGS_SCHEMA)
    rows = pl.DataFrame(
        {"column_name": list(landed.unknown_columns)}, schema={"column_name": pl.String}
    ).with_columns(
        pl.lit(landed.raw.header_line).alias(LINE),
        rule_id=pl.lit("UNKNOWN_COLUMN"),
        child_id=pl.lit(None, pl.String),
    )
    return _findings(rows, landed)


def skipped_files(month: LandedMonth) -> pl.DataFrame:
    """A warning for each entry of the landing folder that is not read, saying why."""
    rule = RULES["SKIPPED_FILE"]
    rows = [
        {"file_name": s.name, "rule_id": rule.id, "severity": rule.severity, "message": s.why}
        for s in month.skipped
    ]
    return pl.DataFrame(rows, schema=FINDINGS_SCHEMA)


def care_at(frame: pl.DataFrame, date: str, episodes: pl.DataFrame) -> pl.Series:
    """Where each row's child was on its date: before their first episode, in one, or after
    one ended (between periods of care, or after the last)."""
    spells = (
        episodes.filter(pl.col("decom").is_not_null() & pl.col("child_id").is_not_null())
        # An open episode has not ended: a record dated after the month is FUTURE_DATE's alone.
        .select("child_id", "decom", ends=pl.col("dec").fill_null(dt.date.max))
        .sort("decom")
    )
    probe = (
        frame.select("child_id", pl.col(date).alias("_at"))
        .with_row_index("_row")
        .filter(pl.col("_at").is_not_null() & pl.col("child_id").is_not_null())
        .sort("_at")
    )
    status = probe.join_asof(
        spells,
        left_on="_at",
        right_on="decom",
        by="child_id",
        strategy="backward",
        check_sortedness=False,  # both sides are sorted above; pandas-style groups are not
    ).select(
        "_row",
        _care=pl.when(pl.col("decom").is_null())
        .then(pl.lit("before"))
        .when(pl.col("_at") <= pl.col("ends"))
        .then(pl.lit("in"))
        .otherwise(pl.lit("after")),
    )
    return frame.with_row_index("_row").join(status, on="_row", how="left").sort("_row")["_care"]


def with_context(
    typed: pl.DataFrame,
    table: str,
    staged: dict[str, StagedTable],
    every_typed: dict[str, pl.DataFrame] | None = None,
    month_end: dt.date | None = None,
    own_upper_tier: str | None = None,
    last_year: LastYear | None = None,
) -> pl.DataFrame:
    """The frame with the facts from the header and episodes its rules need (and, given every
    table of the month typed, those of the further DfE rules: ingest.dfe_context, with last
    year's return where it is held)."""
    spec = TABLES[table]
    if every_typed is not None and month_end is not None and spec.dfe:
        typed = dfe_context(typed, table, every_typed, month_end, own_upper_tier, last_year)
    if table == "header":
        episodes = (every_typed or {}).get("episodes")
        return typed.with_columns(
            looked_after_this_year(typed, episodes, month_end).alias("_looked_after_this_year")
        )
    if not spec.child_level:
        return typed
    # The header file names the child even where its row is quarantined (a bad value there is
    # the header row's fault alone); DOB comes from rows that load.
    header = staged["header"].frame
    extra = []
    if spec.in_header:
        named = staged["header"].typed["child_id"]
        extra.append(pl.col("child_id").is_in(named.implode()).alias("_in_header"))
    if table in NEEDS_DOB:
        extra.append(
            pl.col("child_id")
            .replace_strict(header["child_id"], header["dob"], default=None)
            .alias("_dob")
        )
    typed = typed.with_columns(extra)
    if table == "dolo":
        typed = with_dolo_context(typed, staged["episodes"].typed)
    if table in CARE_DATE:
        typed = typed.with_columns(
            care_at(typed, CARE_DATE[table], staged["episodes"].typed).alias("_care")
        )
    return typed


def not_yet_in_return(landed: LandedFile) -> StagedTable:
    """A table the month's collection year does not collect yet (a DoLo file before 2026/27):
    one warning on its header line, and nothing loaded."""
    rows = pl.DataFrame(
        {LINE: [landed.raw.header_line], "column_name": [None], "rule_id": ["TABLE_NOT_IN_YEAR"]},
        schema={LINE: pl.Int64, "column_name": pl.String, "rule_id": pl.String},
    ).with_columns(child_id=pl.lit(None, pl.String))
    empty = empty_staged(landed.table)
    return StagedTable(landed.table, landed.path.name, empty, _findings(rows, landed), empty)


def stage_table(
    landed: LandedFile,
    month_end: dt.date,
    key: bytes,
    la_code: str,
    staged: dict[str, StagedTable],
    typed_month: dict[str, tuple[pl.DataFrame, pl.DataFrame]] | None = None,
    last_year: LastYear | None = None,
) -> StagedTable:
    """One table staged; ``typed_month`` is every table of the month as type_table gives it
    (typed once: the DfE's rules on one table look at others), else this one is typed here.
    ``last_year`` is last year's return (ingest.last_year), None when it is not held."""
    if TABLES[landed.table].first_year > collection_year(month_end):
        return not_yet_in_return(landed)
    typed, unparsed = (typed_month or {}).get(landed.table) or type_table(landed, key, la_code)
    every_typed = {t: frame for t, (frame, _) in (typed_month or {}).items()}
    checked = with_context(
        typed,
        landed.table,
        staged,
        every_typed or None,
        month_end,
        upper_tier_of(la_code) if landed.table == "episodes" else None,
        last_year,
    )
    if landed.table == "header":
        # The UPN is never staged; rule 168 needs only whether it is well formed.
        checked = checked.with_columns(upn_well_formed(landed.raw.frame))
    if landed.table == "episodes":
        # The distance, as loaded, against last year's (rules 453, 503G).
        checked = with_location(checked, la_code)
    rule_findings = validate(
        checked, landed.table, month_end, landed, unparsed.select(LINE, "column_name")
    )
    findings = pl.concat([unknown_columns(landed), unparsed, rule_findings])
    quarantined = findings.filter(pl.col("severity") == "error")[LINE]
    loads = typed.filter(~pl.col(LINE).is_in(quarantined.implode()))
    if landed.table == "episodes":
        # Postcodes become an area, in/out of county and a distance; they are never loaded.
        loads = with_location(loads, la_code)
    loads = loads.drop(*[c.lower() for c in RULES_ONLY], strict=False)
    return StagedTable(landed.table, landed.path.name, loads, findings, typed)


def stage_tables(
    month: LandedMonth,
    month_end: dt.date,
    key: bytes,
    la_code: str,
    last_year: LastYear | None = None,
) -> dict[str, StagedTable]:
    """Every landed table of a month staged. The header comes first, then episodes: other
    tables' rules look at them. Without ``last_year`` (last year's return, keyed by ``key``)
    the header's findings say that the rules needing it were not judged."""
    # Each child is pseudonymised once for the month, not once a table.
    tables = list(month.files.values())
    children = pl.concat([pl.Series([], dtype=pl.String), *(children_of(t) for t in tables)])
    pseudonyms = pseudonymise(children, key, la_code)
    offsets = itertools.accumulate((t.row_count for t in tables), initial=0)
    typed = {
        landed.table: type_table(landed, key, la_code, pseudonyms.slice(start, landed.row_count))
        for landed, start in zip(tables, offsets, strict=False)
    }
    staged: dict[str, StagedTable] = {}
    for table in sorted(month.files, key=lambda t: (t != "header", t != "episodes")):
        staged[table] = stage_table(
            month.files[table], month_end, key, la_code, staged, typed, last_year
        )
    if last_year is None and "header" in staged:
        header = staged["header"]
        note = last_year_not_held(month.files["header"], month_end)
        staged["header"] = replace(header, findings=pl.concat([header.findings, note]))
    return staged


def last_year_from_folder(folder: Path, month_end: dt.date, key: bytes, la_code: str) -> LastYear:
    """Last year's return from its March landing folder, typed and pseudonymised with ``key``
    (the key of the month it is compared with, so the children match): ingest.last_year."""
    month = read_month(folder, require_ready=False)
    typed = {
        table: type_table(landed, key, la_code)[0]
        for table, landed in month.files.items()
        if table in LAST_YEAR_TABLES
    }
    if "episodes" in typed:
        # The placement's area, as the warehouse's staged episodes hold it (rules 452, 503H, 503J).
        typed["episodes"] = with_location(typed["episodes"], la_code)
    return year_return(typed, collection_year(month_end) - 1)


def last_year_not_held(landed: LandedFile, month_end: dt.date) -> pl.DataFrame:
    """One note on the header file: the rules needing last year's return were not judged."""
    rule = RULES["LAST_YEAR_NOT_HELD"]
    row = {
        "table_name": landed.table,
        "file_name": landed.path.name,
        "rule_id": rule.id,
        "severity": rule.severity,
        "message": not_held_note(month_end),
    }
    return pl.DataFrame([row], schema=FINDINGS_SCHEMA)


def too_many_rejected(
    month: LandedMonth, staged: dict[str, StagedTable], max_rejected_share: float
) -> str | None:
    """Why the month is suspect, if any table has more than the share of its rows rejected."""
    for table in staged.values():
        total = month.files[table.table].row_count
        if total and table.rejected_rows / total > max_rejected_share:
            return (
                f"{table.file_name}: {table.rejected_rows} of {total} rows rejected "
                f"({table.rejected_rows / total:.0%}), above the {max_rejected_share:.0%} "
                "threshold: the extract is suspect"
            )
    return None


def stage_month(
    month: LandedMonth,
    month_end: dt.date,
    key: bytes,
    la_code: str,
    max_rejected_share: float,
    last_year: LastYear | None = None,
) -> dict[str, StagedTable]:
    """Every table staged; raises ExtractRejected when too much of any table is rejected."""
    staged = stage_tables(month, month_end, key, la_code, last_year)
    if reason := too_many_rejected(month, staged, max_rejected_share):
        raise ExtractRejected(reason)
    return staged

"""Run the DfE's own SSDA903 validator (csc-validator-be-903) on one landed month folder.

Runs under `.venv-dfe/bin/python` (the validator pins pandas<2 and numpy<1.25, so it never
shares the project's environment); standard library and what the validator brings only.

    .venv-dfe/bin/python tools/dfe_validator/validate_month.py data/landing/873/2018-03

The 903 is a return for one collection year (1 April to 31 March) sent after 31 March, so the
folder is first turned into that year's return, as an LA's extract would be:
- the year is the one ending on the latest 31 March on or before the folder's month end (the
  March folder holds it whole); `--year 2018` picks it by hand;
- episodes open at any time in the year; header rows for those children and for the OC3
  care-leaver cohort; uasc for children with episodes in the year (rule 1014); reviews and
  missing spells in the year (rules 570, 571); placement decisions not reversed before it
  (rule 118); previous permanence for children who started care in it (rules 630, 634);
  AD1 for adoptions in it (rules 601, 602); social worker episodes from a year before it
  (rules SW06, SW07);
- header MOTHER and MC_DOB are left out for care leavers with no episode in the year (the
  DfE does not collect them: rule 628);
- the contract's extra columns that the 903 has not got (missing.csv's RHI_OFFERED and
  RHI_ACCEPTED) are dropped: the validator recognises a file by its exact set of columns.
Tables the contract adds beyond the 903 (visits, health_checks, ...) are not sent.

Each rule gets its own deep copy of the return. The validator means to give each rule "a clean
copy of the files" (its words) but copies shallowly, and rules 361-364 fill open episodes' DEC
in place with 31 March, so every rule that runs after them (in file-system order) sees each
open episode as ended on 31 March: a child missing on 31 March then fails rules 575 and 577.
`--as-shipped` keeps the shallow copies.

Rules the validator runs are all counted. It skips by itself, as for any LA's upload, the
rules that need last year's return (`*_last` tables: none is uploaded) or Ofsted's provider
lists (URN checks); they are listed as skipped, never hidden. For a collection year older
than the package's first ruleset (lac2022_23) the first ruleset runs, and the rules that
check a code list the DfE has changed since are listed below with the codes the data's own
year used; any other code they reject still counts as an error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import io
import logging
import sys
from pathlib import Path

import pandas as pd

TABLE_FILES = {
    "header": "header.csv",
    "episodes": "episodes.csv",
    "uasc": "uasc.csv",
    "reviews": "reviews.csv",
    "missing": "missing.csv",
    "oc2": "oc2.csv",
    "oc3": "oc3.csv",
    "ad1": "ad1.csv",
    "placed_for_adoption": "placed_for_adoption.csv",
    "previous_permanence": "previous_permanence.csv",
    "sw_episodes": "sw_episodes.csv",
}
NOT_IN_THE_903 = {"missing": ["RHI_OFFERED", "RHI_ACCEPTED"]}
LA_ONS_CODES = {"873": "E10000003"}  # DfE LA code -> ONS code (the validator's localAuthority)
FIRST_RULESET_YEAR = 2023

# Codes valid in the collection years before 2022/23 that the lac2022_23 rules reject: rule ->
# (column, codes and the last collection year they were valid in). Only these codes, only in
# those years, are excused; each excused row is still reported.
RETIRED_CODES: dict[str, tuple[str, dict[str, int]]] = {
    # REC: SGO to former foster carers / other carers, split into E45-E48 from 2019/20.
    "149": ("REC", {"E43": 2019, "E44": 2019}),
    # OC3 ACTIV: training or employment, split into F4/P4 and F5/P5 from 2022/23.
    "132": ("ACTIV", {"F3": 2022, "P3": 2022}),
}


def parse_day(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column, format="%d/%m/%Y", errors="coerce")


def read_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """The 903 tables present in the folder, every value as text (blank as missing)."""
    tables = {}
    for table, name in TABLE_FILES.items():
        path = folder / name
        if path.exists():
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
            tables[table] = frame.drop(columns=NOT_IN_THE_903.get(table, []), errors="ignore")
    return tables


def collection_year_of(folder: Path) -> int:
    """The year ending on the latest 31 March on or before the folder's month end."""
    year, month = (int(part) for part in folder.name.split("-"))
    return year if month >= 3 else year - 1


def year_return(tables: dict[str, pd.DataFrame], year: int) -> dict[str, pd.DataFrame]:
    """The folder's tables cut to the 903 return for the collection year ending 31 March `year`."""
    start, end = pd.Timestamp(year - 1, 4, 1), pd.Timestamp(year, 3, 31)
    out: dict[str, pd.DataFrame] = {}
    episodes = tables["episodes"]
    open_in_year = (parse_day(episodes["DECOM"]) <= end) & (
        episodes["DEC"].isna() | (parse_day(episodes["DEC"]) >= start)
    )
    out["episodes"] = episodes[open_in_year]
    in_care = set(out["episodes"]["CHILD"])

    def of(table: str, keep: pd.Series | None = None, children: set[str] = in_care) -> None:
        if table in tables:
            frame = tables[table]
            mask = frame["CHILD"].isin(children)
            out[table] = frame[mask if keep is None else mask & keep]

    if "oc3" in tables:
        oc3 = tables["oc3"]
        out["oc3"] = oc3
    care_leavers = set(out.get("oc3", pd.DataFrame(columns=["CHILD"]))["CHILD"]) - in_care
    of("header", children=in_care | care_leavers)
    header = out["header"].copy()
    header.loc[header["CHILD"].isin(care_leavers), ["MOTHER", "MC_DOB"]] = None
    out["header"] = header
    of("uasc")
    of("oc2")
    if "reviews" in tables:
        of("reviews", parse_day(tables["reviews"]["REVIEW"]).between(start, end))
    if "missing" in tables:
        missing = tables["missing"]
        ended = parse_day(missing["MIS_END"])
        of("missing", (parse_day(missing["MIS_START"]) <= end) & (ended.isna() | (ended >= start)))
    if "placed_for_adoption" in tables:
        ceased = parse_day(tables["placed_for_adoption"]["DATE_PLACED_CEASED"])
        of("placed_for_adoption", ceased.isna() | (ceased >= start))
    if "previous_permanence" in tables:
        starters = episodes[
            (episodes["RNE"] == "S") & parse_day(episodes["DECOM"]).between(start, end)
        ]
        of("previous_permanence", children=set(starters["CHILD"]))
    if "ad1" in tables:
        adopted = episodes[
            episodes["REC"].isin(["E11", "E12"]) & parse_day(episodes["DEC"]).between(start, end)
        ]
        of("ad1", children=set(adopted["CHILD"]))
    if "sw_episodes" in tables:
        sw = tables["sw_episodes"]
        sw_end = parse_day(sw["SW_DEC"])
        year_before = pd.Timestamp(year - 2, 4, 1)
        of("sw_episodes", sw_end.isna() | (sw_end >= year_before), children=set(sw["CHILD"]))
    return out


def as_uploads(tables: dict[str, pd.DataFrame]) -> list[dict[str, object]]:
    """The return as the validator's uploaded files (CSV bytes, this year's)."""
    uploads = []
    for table, frame in tables.items():
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False)
        uploads.append(
            {
                "name": TABLE_FILES[table],
                "file_content": buffer.getvalue().encode(),
                "description": "This year",
            }
        )
    return uploads


def ruleset_for(year: int) -> tuple[str, dict]:
    name = f"lac{max(year, FIRST_RULESET_YEAR) - 1}_{str(max(year, FIRST_RULESET_YEAR))[2:]}"
    return name, importlib.import_module(f"lac_validator.rules.{name}").registry


def excused_rows(results: dict[str, pd.DataFrame], code: str, year: int) -> int:
    """Rows a retired-code rule flags only because of a code valid in the data's own year."""
    column, codes = RETIRED_CODES[code]
    excused = 0
    for frame in results.values():
        flag = f"ERR_{code}"
        if isinstance(frame, pd.DataFrame) and flag in frame.columns and column in frame.columns:
            flagged = frame[frame[flag] == True]  # noqa: E712 - the validator stores True/NaN
            still_valid = flagged[column].map(lambda c: codes.get(c, 0) >= year)
            excused += int(still_valid.sum())
    return excused


def deep_copy_datastore(data_store: dict) -> dict:
    """A copy no rule can change for the next one (the validator's own copy is shallow)."""
    return {k: v.copy(deep=True) if k != "metadata" else v for k, v in data_store.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="landed month folder <landing>/<la>/<YYYY-MM>")
    parser.add_argument("--year", type=int, help="collection year (2018 is 2017/18)")
    parser.add_argument("--la-ons", help="the LA's ONS code (default: from the folder's LA)")
    parser.add_argument(
        "--as-shipped", action="store_true", help="let rules share the validator's shallow copies"
    )
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # the validator logs every rule at INFO

    from lac_validator import lac_validator
    from lac_validator.lac_validator import LacValidator
    from lac_validator.report import Report

    if not args.as_shipped:
        lac_validator.copy_datastore = deep_copy_datastore

    folder: Path = args.folder
    year = args.year or collection_year_of(folder)
    la_ons = args.la_ons or LA_ONS_CODES.get(folder.parent.name, "E10000003")
    ruleset, registry = ruleset_for(year)
    tables = year_return(read_tables(folder), year)
    started = dt.datetime.now()
    validator = LacValidator(
        metadata={"collectionYear": str(year), "localAuthority": la_ons},
        files=as_uploads(tables),
        registry=registry,
    )
    seconds = (dt.datetime.now() - started).total_seconds()
    counts = Report(validator.ds_results, registry).error_report
    counts = counts[counts["Count"] > 0]
    rows = {name: len(frame) for name, frame in tables.items()}
    print(f"DfE validator (csc-validator-be-903, ruleset {ruleset}) on {folder}")
    print(f"collection year {year - 1}/{str(year)[2:]}, LA {la_ons}, {seconds:.1f} s")
    print("return rows: " + ", ".join(f"{t} {n}" for t, n in rows.items()))
    print(
        f"rules run {len(validator.dones)}, skipped {len(validator.skips)} (need tables not "
        f"uploaded: last year's return, Ofsted provider lists), failed to run {len(validator.fails)}"
    )
    if validator.skips:
        print("  skipped: " + " ".join(sorted(validator.skips)))
    if validator.fails:
        print("  failed to run: " + " ".join(sorted(validator.fails)))
    errors = 0
    for _, row in counts.sort_values("Code").iterrows():
        code, count = row["Code"], int(row["Count"])
        excused = (
            excused_rows(validator.ds_results, code, year)
            if code in RETIRED_CODES and year < FIRST_RULESET_YEAR
            else 0
        )
        if excused:
            print(
                f"  {code}: {excused} row(s) use a code valid in {year - 1}/{str(year)[2:]} "
                f"({', '.join(RETIRED_CODES[code][1])}), retired since: not counted"
            )
        if count - excused:
            print(f"  {code}: {count - excused} error(s) - {row['Description']}")
            errors += count - excused
    print(f"errors: {errors}")
    return 1 if errors or validator.fails else 0


if __name__ == "__main__":
    sys.exit(main())

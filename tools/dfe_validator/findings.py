"""Every row the DfE's 903 validator flags in a folder, as JSON: one finding per (table, line, rule).

Runs under `.venv-dfe/bin/python` (see validate_month.py for why), for the parity harness
(benchmarks/dfe_parity.py):

    .venv-dfe/bin/python tools/dfe_validator/findings.py FOLDER --year 2023 [--cut OUT] [--out FILE]
        [--last FOLDER]

The folder holds one collection year's return as the CSV files an LA uploads; the validator
runs the ruleset of that year (the first it has, lac2022_23, for earlier years). ``--cut OUT``
cuts a folder holding a longer history (a synthetic extract) to the year's return, as
validate_month.py does, and writes it to OUT (validating it only when --out is given too): both
sides of the harness then read OUT. ``--last FOLDER`` uploads last year's return beside it (the
validator's "Prev year" files: Episodes_last, Header_last, ...), which its ``_last`` rules read.

A finding's line is the file line (the header is line 1), as our findings count it. Rows a
rule flags only for a code valid in the data's own year but retired since (validate_month's
RETIRED_CODES) are written as ``excused``, not as findings.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import validate_month as vm  # the sibling script, run from anywhere

#: The validator's table names as ours.
TABLES = {
    "Header": "header",
    "Episodes": "episodes",
    "UASC": "uasc",
    "Reviews": "reviews",
    "Missing": "missing",
    "OC2": "oc2",
    "OC3": "oc3",
    "AD1": "ad1",
    "PlacedAdoption": "placed_for_adoption",
    "PrevPerm": "previous_permanence",
    "SWEpisodes": "sw_episodes",
    "DoLo": "dolo",
}
FILES = {**vm.TABLE_FILES, "dolo": "DoLo.csv"}


def read_return(folder: Path) -> dict[str, bytes]:
    """The folder's 903 files by table, as bytes (each exactly as the LA would upload it)."""
    return {t: (folder / n).read_bytes() for t, n in FILES.items() if (folder / n).exists()}


def cut(folder: Path, year: int, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for table, frame in vm.year_return(vm.read_tables(folder), year).items():
        frame.to_csv(out / FILES[table], index=False)


def run(folder: Path, year: int, la_ons: str, last: Path | None = None) -> dict[str, object]:
    from lac_validator import lac_validator
    from lac_validator.lac_validator import LacValidator

    lac_validator.copy_datastore = vm.deep_copy_datastore
    ruleset, registry = vm.ruleset_for(year)
    uploads = [
        {"name": FILES[t], "file_content": content, "description": "This year"}
        for t, content in read_return(folder).items()
    ] + [
        {"name": FILES[t], "file_content": content, "description": "Prev year"}
        for t, content in (read_return(last) if last else {}).items()
    ]
    validator = LacValidator(
        metadata={"collectionYear": str(year), "localAuthority": la_ons},
        files=uploads,
        registry=registry,
    )
    findings, excused = [], []
    for name, frame in validator.ds_results.items():
        if name not in TABLES or not hasattr(frame, "columns"):
            continue
        for flag in [c for c in frame.columns if c.startswith("ERR_")]:
            code = flag[4:]
            flagged = frame[frame[flag] == True]  # noqa: E712 - the validator stores True/NaN
            retired = vm.RETIRED_CODES.get(code) if year < vm.FIRST_RULESET_YEAR else None
            for index, row in flagged.iterrows():
                finding = [TABLES[name], int(index) + 2, code]
                column, codes = retired or ("", {})
                if retired and column in row and codes.get(row[column], 0) >= year:
                    excused.append(finding)
                else:
                    findings.append(finding)
    return {
        "ruleset": ruleset,
        "year": year,
        "rules_run": sorted(validator.dones),
        "skipped": sorted(validator.skips),
        "failed": sorted(validator.fails),
        "findings": findings,
        "excused": excused,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--year", type=int, required=True, help="collection year (2018: 2017/18)")
    parser.add_argument("--la-ons", default="E10000003", help="the LA's ONS code")
    parser.add_argument("--cut", type=Path, help="cut the folder to the year's return here first")
    parser.add_argument("--out", type=Path, help="write the JSON here (default: stdout)")
    parser.add_argument("--last", type=Path, help="a folder holding last year's return")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    folder = args.folder
    if args.cut:
        cut(folder, args.year, args.cut)
        folder = args.cut
    if args.out or not args.cut:
        # A file, not stdout, for the harness: some of the validator's rules print.
        found = json.dumps(run(folder, args.year, args.la_ons, args.last))
        args.out.write_text(found) if args.out else print(found)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Our DfE rules against the DfE's own 903 validator, finding by finding, on the same folders.

    .venv/bin/python benchmarks/dfe_parity.py [--sources fake,demand-2018,...] [--out FILE]

Each source is one collection year's return as an LA uploads it, written under data/parity/:
- fake: the validator's own fake data (2017/18; DoLo.csv only once our contract has the table,
  placed_for_adoption_errors.csv never: it is a second copy of a table);
- demand-<year>: the five demand-model years, one folder per year (2017-*.csv is 2017/18);
- synthetic-<year>: the synthetic county's March extract of 2022/23 ... 2026/27, cut to the
  year's return by tools/dfe_validator/findings.py --cut (both sides read the cut); beside it,
  synthetic-<year>-last, the same county's March extract a year before, cut to that year's
  return: last year's return, which both sides are given (the validator as its "Prev year"
  files, ours as ingest.stage.last_year_from_folder), so the rules needing it are measured;
- synthetic-2024-altered: synthetic-2024 against its last year's return with some records
  altered (_altered_last_year), for the rules comparing the two years, which the synthetic
  county's consistent years never break.

The DfE side is tools/dfe_validator/findings.py under .venv-dfe, with the ruleset of the data's
year (its first, lac2022_23, before 2022/23; rows flagged only for a code valid in the data's
own year are excused there). Its findings are cached by the bytes of the files and the script.
Our side is `cpr validate`'s code path: ingest.landing.read_month and ingest.stage.stage_tables
for the month ending 31 March of the year, our ``DFE-<code>`` findings only.

A finding is (table, file line, rule). Per DfE rule: theirs, ours, agreeing, ours only, theirs
only; "both" where we implement the rule, agreement as a share of the union. Printed, and
written to benchmarks/parity.md (and .json).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARITY = ROOT / "data" / "parity"
DFE_PYTHON = ROOT / ".venv-dfe" / "bin" / "python"
DFE_SCRIPTS = ROOT / "tools" / "dfe_validator"
EXTERNAL = ROOT / "tests" / "data" / "external"
LA = "873"
FAKE_TABLES = ["header", "episodes", "uasc", "reviews", "missing", "oc2", "oc3", "ad1",
               "placed_for_adoption", "previous_permanence", "sw_episodes"]  # fmt: skip
DEMAND_YEARS = range(2018, 2023)  # collection years 2017/18 ... 2021/22
SYNTHETIC_YEARS = range(2023, 2028)  # 2022/23 ... 2026/27

Finding = tuple[str, int, str]  # table, file line, DfE rule code


@dataclass(frozen=True)
class Source:
    name: str
    year: int  # collection year, named by the year it ends
    prepare: Callable[[Path], None]  # writes the year's return into the folder
    #: writes last year's return (the same LA's) into a folder, where the source has one
    prepare_last: Callable[[Path], None] | None = None


def _copy_fake(folder: Path) -> None:
    from schemas.contract import TABLES

    tables = FAKE_TABLES + (["dolo"] if "dolo" in TABLES else [])
    for table in tables:
        name = "DoLo.csv" if table == "dolo" else f"{table}.csv"
        shutil.copy(EXTERNAL / "dfe-validator-fake" / name, folder / name)


def _split_demand(year: int) -> Callable[[Path], None]:
    def prepare(folder: Path) -> None:
        for path in (EXTERNAL / "demand-model-samples").glob(f"{year - 1}-*.csv"):
            shutil.copy(path, folder / path.name.removeprefix(f"{year - 1}-"))

    return prepare


def _synthetic(year: int, cut_year: int) -> Callable[[Path], None]:
    """The synthetic county of ``year`` (its months March a year before to March ``year``, one
    county), its March ``cut_year`` extract cut to that year's return."""

    def prepare(folder: Path) -> None:
        landing = PARITY / "synthetic-landing" / str(year)
        first, month = f"{year - 1}-03", f"{cut_year}-03"
        if not all((landing / LA / m / "READY").exists() for m in (first, f"{year}-03")):
            shutil.rmtree(landing, ignore_errors=True)
            run([sys.executable, "-m", "synthetic", "--landing", str(landing), "--first", first,
                 "--last", f"{year}-03", "--history-start", f"{year - 2}-04-01"])  # fmt: skip
        run([str(DFE_PYTHON), str(DFE_SCRIPTS / "findings.py"), str(landing / LA / month),
             "--year", str(cut_year), "--cut", str(folder)])  # fmt: skip

    return prepare


def _altered_last_year(folder: Path) -> None:
    """synthetic-2024's last year's return with records altered as a case system's corrections
    between two returns would: every 25th child's SEX, DOB, ETHNIC or MOTHER in turn; every 10th
    open episode's LS, CIN, DECOM or PLACE_PROVIDER in turn; every 60th episode left out. The
    synthetic county's two years agree, so without it the rules comparing them measure nothing."""
    import polars as pl

    last = _written_once(PARITY / "synthetic-2024-last", _synthetic(2024, 2023))
    for path in last.glob("*.csv"):
        shutil.copy(path, folder / path.name)
    nth = pl.int_range(pl.len())

    def altered(column: str, k: int, value: pl.Expr, every: int, rows: pl.Expr) -> pl.Expr:
        pick = rows & ((nth // every) % 4 == k) & (nth % every == 0)
        return pl.when(pick).then(value).otherwise(pl.col(column)).alias(column)

    header = pl.read_csv(folder / "header.csv", infer_schema=False)
    flip = {"SEX": pl.when(pl.col("SEX") == "1").then(pl.lit("2")).otherwise(pl.lit("1")),
            "DOB": pl.lit("01/01/2009"), "ETHNIC": pl.lit("WIRI"), "MOTHER": pl.lit("1")}  # fmt: skip
    header.with_columns(
        altered(c, k, v, 25, pl.lit(True)) for k, (c, v) in enumerate(flip.items())
    ).write_csv(folder / "header.csv")
    episodes = pl.read_csv(folder / "episodes.csv", infer_schema=False)
    change = {"LS": pl.lit("C1"), "CIN": pl.lit("N3"),
              "DECOM": pl.concat_str(pl.lit("02"), pl.col("DECOM").str.slice(2)),
              "PLACE_PROVIDER": pl.lit("PR4")}  # fmt: skip
    is_open = pl.col("DEC").is_null()
    episodes.with_columns(
        altered(c, k, v, 10, is_open) for k, (c, v) in enumerate(change.items())
    ).filter(nth % 60 != 59).write_csv(folder / "episodes.csv")


SOURCES = {
    s.name: s
    for s in [
        Source("fake", 2018, _copy_fake),
        *(Source(f"demand-{y}", y, _split_demand(y)) for y in DEMAND_YEARS),
        *(
            Source(f"synthetic-{y}", y, _synthetic(y, y), _synthetic(y, y - 1))
            for y in SYNTHETIC_YEARS
        ),
        # The rules comparing two years, measured on last year's return altered.
        Source("synthetic-2024-altered", 2024, _synthetic(2024, 2024), _altered_last_year),
    ]
}


def run(command: list[str]) -> str:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command[:3])} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _written_once(folder: Path, prepare: Callable[[Path], None]) -> Path:
    if not (folder / "PREPARED").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        prepare(folder)
        (folder / "PREPARED").touch()
    return folder


def prepared(source: Source) -> tuple[Path, Path | None]:
    """The source's folder and its last year's, written once (delete data/parity to write them
    again). The two come from one synthetic county: writing last year's writes this year's anew."""
    if source.prepare_last and not (PARITY / f"{source.name}-last" / "PREPARED").exists():
        (PARITY / source.name / "PREPARED").unlink(missing_ok=True)
    folder = _written_once(PARITY / source.name, source.prepare)
    last = source.prepare_last and _written_once(
        PARITY / f"{source.name}-last", source.prepare_last
    )
    return folder, last


def fingerprint(folder: Path, year: int, last: Path | None = None) -> str:
    digest = hashlib.sha256(str(year).encode())
    files = [*sorted(folder.glob("*.csv")), *sorted(last.glob("*.csv") if last else [])]
    for path in [*files, *sorted(DFE_SCRIPTS.glob("*.py"))]:
        digest.update(path.parent.name.encode() + path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def dfe_findings(folder: Path, year: int, last: Path | None = None) -> dict:
    """The validator's findings on the folder, given last year's return where there is one
    (cached beside it by content)."""
    cache = folder / f"dfe-{fingerprint(folder, year, last)}.json"
    if not cache.exists():
        for old in folder.glob("dfe-*.json"):
            old.unlink()
        run([str(DFE_PYTHON), str(DFE_SCRIPTS / "findings.py"), str(folder), "--year", str(year),
             "--out", str(cache), *(["--last", str(last)] if last else [])])  # fmt: skip
    return json.loads(cache.read_text())


def our_findings(folder: Path, year: int, last: Path | None = None) -> set[Finding]:
    """Our DFE- findings on the folder, as `cpr validate` makes them (with --last-year)."""
    import os

    from ingest.landing import read_month
    from ingest.stage import last_year_from_folder, stage_tables

    month_end, key = dt.date(year, 3, 31), os.urandom(32)
    last_year = last_year_from_folder(last, month_end, key, LA) if last else None
    month = read_month(folder, require_ready=False)
    staged = stage_tables(month, month_end, key, LA, last_year)
    return {
        (table.table, int(line), dfe_code(rule))
        for table in staged.values()
        for line, rule in table.findings.select("line", "rule_id").iter_rows()
        if rule.startswith("DFE-") or rule in OURS_FOR_DFE
    }


#: Our ids for a part of a DfE rule: the open-episode half of 148 is our REC_ON_OPEN_EPISODE.
OURS_FOR_DFE = {"REC_ON_OPEN_EPISODE": "148"}


def dfe_code(rule: str) -> str:
    """The DfE's code of one of our rule ids: ``DFE-165w``, the part of 165 that loads as a
    warning, is 165."""
    return OURS_FOR_DFE.get(rule) or re.sub(r"^(\d+)w$", r"\1", rule.removeprefix("DFE-"))


@dataclass
class RuleParity:
    rule: str
    implemented: bool
    theirs: int = 0
    ours: int = 0
    agree: int = 0

    @property
    def ours_only(self) -> int:
        return self.ours - self.agree

    @property
    def theirs_only(self) -> int:
        return self.theirs - self.agree

    @property
    def union(self) -> int:
        return self.theirs + self.ours - self.agree

    @property
    def agreement(self) -> float:
        return self.agree / self.union if self.union else 1.0


@dataclass
class Parity:
    rules: dict[str, RuleParity] = field(default_factory=dict)
    excused: Counter = field(default_factory=Counter)

    def add(
        self, theirs: Iterable[Finding], ours: Iterable[Finding], implemented: set[str]
    ) -> None:
        theirs, ours = set(theirs), set(ours)
        for table, line, rule in theirs | ours:
            if rule not in self.rules:
                self.rules[rule] = RuleParity(rule, rule in implemented)
            entry = self.rules[rule]
            entry.theirs += (table, line, rule) in theirs
            entry.ours += (table, line, rule) in ours
            entry.agree += (table, line, rule) in theirs and (table, line, rule) in ours

    def total(self, rules: Iterable[RuleParity] | None = None) -> RuleParity:
        out = RuleParity("total", True)
        for r in self.rules.values() if rules is None else rules:
            out.theirs, out.ours, out.agree = (
                out.theirs + r.theirs,
                out.ours + r.ours,
                out.agree + r.agree,
            )
        return out


def implemented_rules() -> set[str]:
    from schemas.rules import RULES

    return {r.removeprefix("DFE-") for r in RULES if r.startswith("DFE-")}


def sort_key(rule: str) -> tuple[int, str]:
    digits = "".join(c for c in rule if c.isdigit())
    return (int(digits) if rule[:1].isdigit() else 10_000 + int(digits or 0), rule)


def table_lines(parity: Parity) -> list[str]:
    head = "| rule | ours | theirs (DfE) | ours | agree | ours only | theirs only | agreement |"
    lines = [head, "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in sorted(parity.rules.values(), key=lambda r: sort_key(r.rule)):
        lines.append(
            f"| {r.rule} | {'yes' if r.implemented else 'no'} | {r.theirs} | {r.ours} | "
            f"{r.agree} | {r.ours_only} | {r.theirs_only} | {r.agreement:.1%} |"
        )
    return lines


def summary_lines(parity: Parity) -> list[str]:
    both = [r for r in parity.rules.values() if r.implemented]
    total, on_both = parity.total(), parity.total(both)
    at_target = sum(r.agreement >= 0.99 for r in both)
    missing = sorted(
        (r for r in parity.rules.values() if not r.implemented), key=lambda r: -r.theirs
    )
    return [
        f"all findings: theirs {total.theirs}, ours {total.ours}, agree {total.agree} "
        f"({total.agreement:.1%} of the union {total.union})",
        f"rules both implement ({len(both)}): theirs {on_both.theirs}, ours {on_both.ours}, "
        f"agree {on_both.agree} ({on_both.agreement:.1%} of the union {on_both.union}); "
        f"{at_target} of them at 99%+",
        f"DfE rules firing that we do not implement: {len(missing)}, with "
        f"{sum(r.theirs for r in missing)} findings",
        "excused (a code valid in the data's year, retired since): "
        + (", ".join(f"{k} {v}" for k, v in sorted(parity.excused.items())) or "none"),
    ]


def compare(names: list[str]) -> tuple[Parity, list[str]]:
    parity, per_source = Parity(), []
    implemented = implemented_rules()
    for name in names:
        source = SOURCES[name]
        folder, last = prepared(source)
        dfe = dfe_findings(folder, source.year, last)
        theirs = {(t, int(line), r) for t, line, r in dfe["findings"]}
        parity.excused.update(r for _, _, r in dfe["excused"])
        ours = our_findings(folder, source.year, last)
        one = Parity()
        one.add(theirs, ours, implemented)
        parity.add(theirs, ours, implemented)
        t = one.total([r for r in one.rules.values() if r.implemented])
        per_source.append(
            f"| {name} | {dfe['ruleset']} | {len(theirs)} | {len(ours)} | {t.agree} | "
            f"{t.agreement:.1%} |"
        )
    return parity, per_source


def report(parity: Parity, per_source: list[str], names: list[str]) -> str:
    return "\n".join(
        [
            "# DfE parity: our DFE- rules against the DfE's 903 validator",
            "",
            "`make dfe-parity` (benchmarks/dfe_parity.py): sources " + ", ".join(names) + ".",
            "A finding is (table, file line, rule); agreement is agreeing findings over the "
            "union of both sides'. Deliberate differences: docs/dfe-parity.md.",
            "",
            *[f"- {line}" for line in summary_lines(parity)],
            "",
            "| source | DfE ruleset | theirs | ours | agree (rules both implement) | agreement |",
            "|---|---|---:|---:|---:|---:|",
            *per_source,
            "",
            *table_lines(parity),
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", default=",".join(SOURCES), help="comma-separated")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "parity.md")
    args = parser.parse_args(argv)
    if not DFE_PYTHON.exists():
        print("no .venv-dfe: `make .venv-dfe/.installed` builds it", file=sys.stderr)
        return 2
    names = args.sources.split(",")
    parity, per_source = compare(names)
    text = report(parity, per_source, names)
    print(text)
    args.out.write_text(text)
    args.out.with_suffix(".json").write_text(
        json.dumps(
            {r.rule: [r.theirs, r.ours, r.agree, r.implemented] for r in parity.rules.values()},
            indent=0,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

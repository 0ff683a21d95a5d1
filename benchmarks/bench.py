"""`make bench`: the pipeline's speed and memory, scenario by scenario, against the floor.

    .venv/bin/python benchmarks/bench.py [--scenarios la|national|all|name,name]
                                         [--instances sqlite,postgres]

Each scenario runs as a child process (interpreter start included), timed by wall clock, its
peak resident memory from os.wait4 (ru_maxrss of the process). The baseline, in the same run,
is DuckDB reading every raw file of the scenario once (`count(*)` of each `read_csv`), in its
own process: the floor no pipeline can beat. Data comes from the synthetic generator, cached
under data/bench/ by scenario and generator version. Writes benchmarks/results.{md,json}.

The LA's runs go through a Dagster instance: the embedded SQLite default, or PostgreSQL
(`--instances postgres`, scenarios named `..._postgres`) on a throwaway local server started
for the benchmark, the one the tests use (tests/local_postgres.py).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "data" / "bench"
BIN = Path(sys.executable).parent
LA, FIRST, LAST = "873", "2017-04", "2018-03"
NATIONAL_MONTH = "2025-03"
LA_SCENARIOS = ("la_month", "la_month_documents", "la_backfill", "outlook", "validate")
SCENARIOS = (*LA_SCENARIOS, "national")
#: The Dagster instances the LA's runs can be measured on (the validation uses none).
INSTANCES = ("sqlite", "postgres")


@dataclass
class Result:
    scenario: str
    what: str
    seconds: float
    rows: int
    peak_mb: float
    baseline_seconds: float
    note: str = ""
    cpu_seconds: float = 0.0  # user + system of the process tree: what the load does not stretch

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline_seconds


def generator_version() -> str:
    """A hash of the generator's source: changing it regenerates the cached data."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "synthetic").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants now (from /proc), in MB."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        pid = int(stat.parent.name)
        parents[pid], rss[pid] = int(fields[1]), int(fields[21])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(rss.get(pid, 0) for pid in tree) * os.sysconf("SC_PAGE_SIZE") / 2**20


class Measured(NamedTuple):
    seconds: float
    peak_mb: float
    output: str
    cpu_seconds: float


def run(
    command: list[str], env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)
) -> Measured:
    """Wall seconds, peak resident memory of the whole process tree (MB: the larger of the
    biggest single process, ru_maxrss, and the tree's sum sampled every 0.2 s) and output of a
    child process; raises unless its exit status is one of `ok`."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
            env={**os.environ, **(env or {})},
        )  # fmt: skip
        tree_peak = 0.0
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            tree_peak = max(tree_peak, tree_rss_mb(child.pid))
            time.sleep(0.2)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode()
    if child.returncode not in ok:
        raise RuntimeError(f"{' '.join(command)} failed:\n{output[-3000:]}")
    return Measured(
        time.perf_counter() - started,
        max(tree_peak, usage.ru_maxrss / 1024),
        output,
        usage.ru_utime + usage.ru_stime,
    )


def cached(folder: Path, generate: list[str]) -> Path:
    """The folder, generated first unless a previous run left it complete."""
    done = folder / "GENERATED"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        print(f"  generating {folder.name}...", flush=True)
        run(generate)
        done.write_text("")
    return folder


def la_landing() -> Path:
    folder = BENCH / f"la-{LA}-{FIRST}-{LAST}-{generator_version()}"
    landing = folder / "landing"
    cached(folder, [str(BIN / "python"), "-m", "synthetic", "--landing", str(landing), "--la", LA,
                    "--first", FIRST, "--last", LAST])  # fmt: skip
    return landing


def national_landing() -> Path:
    folder = BENCH / f"national-{NATIONAL_MONTH}-{generator_version()}"
    landing = folder / "landing"
    cached(folder, [str(BIN / "python"), "-m", "synthetic.national", "--landing", str(landing),
                    "--month", NATIONAL_MONTH])  # fmt: skip
    return landing


READ_ALL = """
import duckdb, json, sys
con = duckdb.connect()
tables = json.loads(open(sys.argv[1]).read())
print(sum(con.execute("select count(*) from read_csv($f, union_by_name = true)", {"f": f}).fetchall()[0][0] for f in tables))
"""


def baseline(files: list[Path]) -> tuple[float, int]:
    """Seconds for DuckDB to read every file once (the files of one table, e.g. every LA's
    episodes.csv, in one read_csv), and the rows read."""
    tables: dict[str, list[str]] = {}
    for path in files:
        tables.setdefault(path.name, []).append(str(path))
    with tempfile.NamedTemporaryFile("w", suffix=".json") as listing:
        json.dump(list(tables.values()), listing)
        listing.flush()
        seconds, _, output, _ = run([str(BIN / "python"), "-c", READ_ALL, listing.name])
    return seconds, int(output.strip().splitlines()[-1])


def csv_files(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.glob("*.csv"))


def on_instance(scenario: str, instance: str) -> str:
    return scenario if instance == "sqlite" else f"{scenario}_{instance}"


def la_scenarios_on(selected: set[str], instances: list[str]) -> list[Result]:
    results = []
    for instance in instances:
        if instance == "sqlite":
            results += la_scenarios(selected, instance, {})
            continue
        from local_postgres import local_postgres

        with local_postgres() as server:
            env = {"CPR_PG_URL": server.new_database()}
            results += la_scenarios(selected - {"validate"}, instance, env)
    return results


def la_scenarios(selected: set[str], instance: str, instance_env: dict[str, str]) -> list[Result]:
    landing = la_landing()
    months = sorted(p.name for p in (landing / LA).iterdir())
    data = BENCH / on_instance("run-la", instance)
    shutil.rmtree(data, ignore_errors=True)
    env = {"CPR_DATA": str(data), "CPR_LANDING": str(landing), "CPR_LA": LA,
           "DAGSTER_HOME": str(data / "dagster_home"), **instance_env}  # fmt: skip
    on = "" if instance == "sqlite" else f", Dagster instance on {instance}"
    cpr = str(BIN / "cpr")
    results = []
    all_files = csv_files(*(landing / LA / m for m in months))
    # The backfill always runs: the monthly run needs the warehouse it leaves.
    backfill = run([cpr, "run"], env)
    base, rows = baseline(all_files)
    if "la_backfill" in selected:
        results.append(Result(on_instance("la_backfill", instance), f"one LA, {len(months)}-month backfill as one run (`cpr run`){on}",
                              backfill.seconds, rows, backfill.peak_mb, base, cpu_seconds=backfill.cpu_seconds))  # fmt: skip
    last = landing / LA / months[-1]
    base, rows = baseline(csv_files(last))
    one_month = [cpr, "run", "--first", months[-1], "--last", months[-1]]
    if "la_month" in selected:
        # The monthly run as the daemon runs it: the figures published; its documents follow.
        month = run([*one_month, "--no-documents"], env)
        results.append(Result(
            on_instance("la_month", instance), f"one LA, one month's figures published (`cpr run --first {months[-1]} --no-documents`: the monthly_report run), on a warehouse holding every month{on}",
            month.seconds, rows, month.peak_mb, base,
            "re-runs the latest month over a warehouse that holds it: the same replace a new month does",
            month.cpu_seconds,
        ))  # fmt: skip
    if "la_month_documents" in selected:
        whole = run(one_month, env)
        published = whole.output.split("Figures published in ", 1)[-1].split(" s", 1)[0]
        results.append(Result(
            on_instance("la_month_documents", instance), f"the same month with its documents (`cpr run --first {months[-1]}`: the figures, then the monthly_documents run: Excel, PDF, committee paper, Data Docs){on}",
            whole.seconds, rows, whole.peak_mb, base,
            f"figures published {published} s into the run; the rest is the documents",
            whole.cpu_seconds,
        ))  # fmt: skip
    if "outlook" in selected:
        from backtest_outlook import time_outlook

        seconds, cpu_seconds, rows = time_outlook(data / "warehouse" / f"{LA}.duckdb", LA)
        results.append(Result(
            "outlook", "the Outlook on the backfill's warehouse (baseline and two scenarios, 500 simulations each)",
            seconds, rows, 0.0, base, "in process, after the backfill: what the asset adds to a month's run",
            cpu_seconds,
        ))  # fmt: skip
    if "validate" in selected:
        results += validation(last, base)
    return results


def validation(folder: Path, base: float) -> list[Result]:
    """Our staging and the DfE validator on the same LA-year (benchmarks/validate_vs_dfe.py)."""
    from validate_vs_dfe import DFE_PYTHON, DFE_SCRIPT, dfe_rows

    script = str(ROOT / "benchmarks" / "validate_vs_dfe.py")
    measured = run([str(BIN / "python"), script, str(folder), "--stage", "ours"])
    ours = json.loads(measured.output.strip().splitlines()[-1])
    results = [Result("validate", "our validation (read + stage every table), whole process",
                      measured.seconds, int(ours["rows"]), measured.peak_mb, base,
                      f"{ours['seconds']:.2f} s of it the work itself", measured.cpu_seconds)]  # fmt: skip
    if DFE_PYTHON.exists():
        # The DfE script exits 1 when it finds errors: a result, not a failure.
        dfe = run([str(DFE_PYTHON), str(DFE_SCRIPT), str(folder)], ok=(0, 1))
        results.append(Result("validate", "the DfE validator (csc-validator-be-903, 903 tables only)",
                              dfe.seconds, dfe_rows(folder), dfe.peak_mb, base,
                              f"{dfe.seconds / results[0].seconds:.0f}x our validation", dfe.cpu_seconds))  # fmt: skip
    return results


def national_scenario() -> list[Result]:
    landing = national_landing()
    folders = sorted(landing.glob(f"*/{NATIONAL_MONTH}"))
    data = BENCH / "run-national"
    shutil.rmtree(data, ignore_errors=True)
    base, rows = baseline(csv_files(*folders))
    national = run(
        [str(BIN / "cpr"), "national", NATIONAL_MONTH, "--landing", str(landing),
         "--warehouse", str(data / "national.duckdb")],
        {"CPR_DATA": str(data)},
    )  # fmt: skip
    return [Result("national", f"{len(folders)} LAs, ten years of history, {NATIONAL_MONTH}, full rebuild (`cpr national`)",
                   national.seconds, rows, national.peak_mb, base,
                   national.output.strip().splitlines()[-2].strip(), national.cpu_seconds)]  # fmt: skip


def machine() -> str:
    load = os.getloadavg()
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end (the benchmark's own "
        "processes count: a month's run keeps both cores busy)"
    )


def base_scenario(name: str) -> str:
    for instance in INSTANCES:
        name = name.removesuffix(f"_{instance}")
    return name


def write_results(results: list[Result]) -> None:
    """results.json and results.md: these results, and the latest of every scenario not run
    this time (each row says when and under what load it was measured)."""
    path = ROOT / "benchmarks" / "results.json"
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    rows = [{**asdict(r), "ratio": r.ratio, "when": when, "machine": machine()} for r in results]
    ran = {r.scenario for r in results}
    if path.exists():
        rows = [
            r for r in json.loads(path.read_text())["results"] if r["scenario"] not in ran
        ] + rows
    rows.sort(key=lambda r: (SCENARIOS.index(base_scenario(r["scenario"])), r["scenario"]))
    path.write_text(json.dumps({"results": rows}, indent=2) + "\n")
    lines = [
        "| scenario | what | seconds | CPU s | rows | rows/s | peak MB | raw read s | × raw read | note |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['scenario']} | {r['what']} | {r['seconds']:.1f} | {format(r['cpu_seconds'], '.1f') if r.get('cpu_seconds') else 'not recorded'} | {r['rows']:,} "
            f"| {r['rows'] / r['seconds']:,.0f} | {r['peak_mb']:,.0f} | {r['baseline_seconds']:.2f} "
            f"| {r['ratio']:.1f} | {r['note']} |"
        )
    measured = sorted({f"{r['when']}: {r['machine']}" for r in rows})
    text = "# Benchmark results\n\n" + "\n".join(f"- {m}" for m in measured)
    text += "\n\n" + "\n".join(lines) + "\n"
    (ROOT / "benchmarks" / "results.md").write_text(text)
    print(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--scenarios", default="all",
        help=f"all, la ({', '.join(LA_SCENARIOS)}), national, or names separated by commas",
    )  # fmt: skip
    parser.add_argument(
        "--instances", default="sqlite",
        help=f"the Dagster instances the LA's runs use, separated by commas: {', '.join(INSTANCES)}",
    )  # fmt: skip
    args = parser.parse_args(argv)
    instances = args.instances.split(",")
    if unknown := set(instances) - set(INSTANCES):
        parser.error(f"unknown instance(s): {', '.join(sorted(unknown))}")
    groups = {"all": SCENARIOS, "la": LA_SCENARIOS}
    selected = set(groups.get(args.scenarios, args.scenarios.split(",")))
    if unknown := selected - set(SCENARIOS):
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests")]
    results = la_scenarios_on(selected, instances) if selected & set(LA_SCENARIOS) else []
    if "national" in selected:
        results += national_scenario()
    write_results(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make bench`: the pipeline's speed and memory, scenario by scenario, against the floor.

    .venv/bin/python benchmarks/bench.py [--scenarios la|national|all|name,name]
                                         [--instances sqlite,postgres] [--las N]

Each scenario runs as a child process (interpreter start included), timed by wall clock, its
peak resident memory from os.wait4 (ru_maxrss of the process). The baseline, in the same run,
is DuckDB reading every raw file of the scenario once (`count(*)` of each `read_csv`), in its
own process: the floor no pipeline can beat. Data comes from the synthetic generator, cached
under data/bench/ by scenario and generator version. Writes benchmarks/results.{md,json}.

The LA's runs go through a Dagster instance: the embedded SQLite default, or PostgreSQL
(`--instances postgres`, scenarios named `..._postgres`) on a throwaway local server started
for the benchmark, the one the tests use (tests/local_postgres.py).

`la_queue` is a region's deployment (docs/deploy.md, section 8): N LAs (`--las`) land a month
each while the Dagster daemon runs on PostgreSQL with the queue's limits
(pipelines/dagster.postgres.yaml), timed from the first landing to the regional run's end; the
daemon's whole process tree (its code server, every run) is measured, the server's CPU apart.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from local_postgres import LocalPostgres

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "data" / "bench"
BIN = Path(sys.executable).parent
LA, FIRST, LAST = "873", "2017-04", "2018-03"
NATIONAL_MONTH = "2025-03"
LA_SCENARIOS = ("la_month", "la_month_documents", "la_backfill", "outlook", "validate")
SCENARIOS = (*LA_SCENARIOS, "la_queue", "national")
#: The la_queue scenario's LAs land this month, each its own synthetic county.
QUEUE_MONTH, QUEUE_LAS = LAST, 3
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


class Process(NamedTuple):
    parent: int
    rss_mb: float
    cpu_seconds: float  # user + system so far


def process_tree(root: int) -> dict[tuple[int, int], Process]:
    """A process and all its descendants now (from /proc), keyed by (pid, start time): pids are
    reused."""
    parents: dict[int, int] = {}
    fields_of: dict[int, list[str]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        pid = int(stat.parent.name)
        parents[pid], fields_of[pid] = int(fields[1]), fields
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    page, tick = os.sysconf("SC_PAGE_SIZE") / 2**20, os.sysconf("SC_CLK_TCK")
    return {
        (pid, int(f[19])): Process(
            parents[pid], int(f[21]) * page, (int(f[11]) + int(f[12])) / tick
        )
        for pid in tree
        if (f := fields_of.get(pid))
    }


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants now, in MB."""
    return sum(p.rss_mb for p in process_tree(root).values())


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


def cached(folder: Path, *generate: list[str]) -> Path:
    """The folder, generated first (by these commands) unless a previous run left it complete."""
    done = folder / "GENERATED"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        print(f"  generating {folder.name}...", flush=True)
        for command in generate:
            run(command)
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
            on_instance("outlook", instance), "the Outlook on the backfill's warehouse (baseline and two scenarios, 500 simulations each)",
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


def queue_las(count: int) -> list[str]:
    """The first `count` LAs the pipeline knows: the DfE codes of ingest.location, then English
    upper tiers by their ONS code (as the synthetic England names them)."""
    from ingest.location import LA_UPPER_TIER, ONS_UPPER_TIER, upper_tier_names

    known = set(LA_UPPER_TIER.values())
    others = sorted(c for c in upper_tier_names() if ONS_UPPER_TIER.match(c) and c not in known)
    return [*LA_UPPER_TIER, *others][:count]


def queue_landing(las: list[str]) -> Path:
    """One synthetic month per LA (each its own seed), cached like the other scenarios' data."""
    folder = BENCH / f"queue-{len(las)}-{QUEUE_MONTH}-{generator_version()}"
    landing = folder / "landing"
    cached(folder, *([str(BIN / "python"), "-m", "synthetic", "--landing", str(landing), "--la", la,
                      "--first", QUEUE_MONTH, "--last", QUEUE_MONTH, "--seed", str(873 + i)]
                     for i, la in enumerate(las)))  # fmt: skip
    return landing


def postmaster_cpu(server: LocalPostgres) -> float:
    """CPU seconds the PostgreSQL server has used so far: the postmaster, its ended backends
    (reaped, so in its children's times) and its live ones."""
    pid = int((server.folder / "data" / "postmaster.pid").read_text().split()[0])
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    reaped = sum(int(f) for f in stat[13:15]) / os.sysconf("SC_CLK_TCK")
    return reaped + sum(p.cpu_seconds for p in process_tree(pid).values())


def wait_for(log: Path, line: str, daemon: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while line not in log.read_text():
        if daemon.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the daemon never logged {line!r}:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)


class Watched(NamedTuple):
    monthly: list
    region: list
    peak_mb: float
    cpu_seconds: float
    #: Of which the daemon and its code servers (its children), not the runs below them.
    service_peak_mb: float
    service_cpu_seconds: float


def watch_queue(home: Path, daemon: subprocess.Popen, log: Path, count: int) -> Watched:
    """Until every LA's run and a regional run have ended (raising if one fails): the runs, and
    the daemon tree's peak memory and CPU sampled every 0.2 s."""
    from dagster import DagsterInstance, DagsterRunStatus, RunsFilter

    seen: dict[tuple[int, int], Process] = {}
    peak = service_peak = polled = 0.0
    deadline = time.monotonic() + 3600
    with DagsterInstance.from_config(str(home)) as instance:
        while True:
            now = process_tree(daemon.pid)
            service = {k: p for k, p in now.items() if daemon.pid in (k[0], p.parent)}
            peak = max(peak, sum(p.rss_mb for p in now.values()))
            service_peak = max(service_peak, sum(p.rss_mb for p in service.values()))
            seen |= now
            if daemon.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"la_queue did not finish:\n{log.read_text()[-3000:]}")
            if time.monotonic() - polled > 2:
                polled = time.monotonic()
                monthly = instance.get_run_records(RunsFilter(job_name="monthly_report"))
                region = instance.get_run_records(RunsFilter(job_name="regional_report"))
                statuses = {r.dagster_run.status for r in monthly + region}
                if statuses & {DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED}:
                    raise RuntimeError(f"a run failed:\n{log.read_text()[-3000:]}")
                if len(monthly) == count and region and statuses == {DagsterRunStatus.SUCCESS}:
                    service_cpu = sum(
                        p.cpu_seconds for k, p in seen.items() if daemon.pid in (k[0], p.parent)
                    )
                    total = sum(p.cpu_seconds for p in seen.values())
                    return Watched(monthly, region, peak, total, service_peak, service_cpu)
            time.sleep(0.2)


def land_queue(folders: list[Path], landing: Path) -> float:
    """Copy each LA's month into the landing folder, READY last as an export writes it; the
    time of the first landing."""
    landed = time.time()
    for folder in folders:
        target = landing / folder.parent.name / folder.name
        shutil.copytree(folder, target, ignore=shutil.ignore_patterns("READY"))
        (target / "READY").touch()
    return landed


def la_queue_scenario(count: int, alongside: list[Result]) -> list[Result]:
    """N LAs' months through the daemon's run queue on PostgreSQL, then the regional run."""
    from local_postgres import local_postgres

    las = queue_las(count)
    landing = queue_landing(las)
    folders = [landing / la / QUEUE_MONTH for la in las]
    data = BENCH / "run-la-queue"
    shutil.rmtree(data, ignore_errors=True)
    home, log = data / "dagster_home", data / "daemon.log"
    home.mkdir(parents=True)
    shutil.copy(ROOT / "pipelines" / "dagster.postgres.yaml", home / "dagster.yaml")
    base, rows = baseline(csv_files(*folders))
    with local_postgres() as server:
        os.environ["CPR_PG_URL"] = server.new_database()  # the daemon's, and the watcher's
        env = {**os.environ, "CPR_DATA": str(data), "CPR_LANDING": str(data / "landing"),
               "CPR_LAS": ",".join(las), "CPR_REGION": "bench", "CPR_REGION_LAS": ",".join(las),
               "DAGSTER_HOME": str(home)}  # fmt: skip
        for inherited in ("CPR_LA", "CPR_LA_NAME"):
            env.pop(inherited, None)
        server_before = postmaster_cpu(server)
        # A session of its own: whatever the daemon leaves behind is ended with it, by group.
        daemon = subprocess.Popen(
            [str(BIN / "dagster-daemon"), "run", "-w", "workspace.yaml"], cwd=ROOT, env=env,
            stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        usage = None
        try:
            # Land once the sensor has looked and found nothing: what follows is a deployment's
            # steady state (up to one sensor interval, 60 s, included), not the daemon's start.
            wait_for(log, "Sensor landing_ready skipped", daemon, 600)
            landed = land_queue(folders, data / "landing")
            print(f"  landed {count} LAs' {QUEUE_MONTH}; waiting for the queue...", flush=True)
            watched = watch_queue(home, daemon, log, count)
        finally:
            daemon.terminate()
            with contextlib.suppress(ChildProcessError):
                usage = os.wait4(daemon.pid, 0)[2]
            with contextlib.suppress(ProcessLookupError):
                os.killpg(daemon.pid, signal.SIGKILL)  # a run or code server left behind
        server_cpu = postmaster_cpu(server) - server_before
        del os.environ["CPR_PG_URL"]  # the server is gone with this block
    # Two lower bounds, the larger taken: the tree sampled (each process's last 0.2 s missed),
    # and the daemon's own rusage with every descendant reaped under it.
    cpu_seconds = max(watched.cpu_seconds, usage.ru_utime + usage.ru_stime if usage else 0.0)
    spans = [(r.start_time, r.end_time) for r in watched.monthly]
    region = max(watched.region, key=lambda r: r.end_time)
    wall = region.end_time - landed
    overlap = max(sum(s <= t < e for s, e in spans) for t, _ in spans)
    note = (
        f"{wall / count:.1f} s per LA; the first run started {min(s for s, _ in spans) - landed:.0f} s "
        f"after landing (the sensor's interval); LA runs {statistics.mean(e - s for s, e in spans):.1f} s "
        f"each on average, at most {overlap} at once; regional run {region.end_time - region.start_time:.1f} s; "
        f"the daemon and its code servers {watched.service_cpu_seconds:.1f} CPU s and {watched.service_peak_mb:,.0f} MB of it; "
        f"the PostgreSQL server's {server_cpu:.1f} CPU s besides{single_month_note(alongside)}"
    )  # fmt: skip
    return [Result("la_queue", f"{count} LAs ({', '.join(las)}), one month each ({QUEUE_MONTH}, new warehouses), "
                   "through the daemon's run queue on PostgreSQL, then the regional run: first landing to its end",
                   wall, rows, watched.peak_mb, base, note, cpu_seconds)]  # fmt: skip


def single_month_note(alongside: list[Result]) -> str:
    """The la_month results to set the queue beside: this run's, else the last in results.json."""
    path = ROOT / "benchmarks" / "results.json"
    now = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    rows = [{**asdict(r), "when": now} for r in alongside]
    if not any(base_scenario(r["scenario"]) == "la_month" for r in rows) and path.exists():
        rows = json.loads(path.read_text())["results"]
    return "".join(
        f"; {r['scenario']} ({r['when']}): {r['seconds']:.1f} s, {r['cpu_seconds']:.1f} CPU s"
        for r in rows
        if base_scenario(r["scenario"]) == "la_month"
    )


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
        help=f"all, la ({', '.join(LA_SCENARIOS)}), la_queue, national, or names separated by commas",
    )  # fmt: skip
    parser.add_argument(
        "--instances", default="sqlite",
        help=f"the Dagster instances the LA's runs use, separated by commas: {', '.join(INSTANCES)}",
    )  # fmt: skip
    parser.add_argument(
        "--las", type=int, default=QUEUE_LAS, help="la_queue: how many LAs land a month each"
    )
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
    if "la_queue" in selected:
        results += la_queue_scenario(args.las, results)
    if "national" in selected:
        results += national_scenario()
    write_results(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())

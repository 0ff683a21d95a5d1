"""``cpr``: the project's command. ``cpr run`` is what ``make run`` calls."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import time
import uuid
from pathlib import Path

from filelock import FileLock, Timeout

from pipelines import exit_codes
from pipelines.landed import landed_months, month_folders
from pipelines.settings import Settings, load_settings
from schemas.months import add_months, parse_month, year_to_date

#: How far the demo county's history reaches before its first extract month: two years, so
#: stability over two and a half years has records to look back on.
DEMO_HISTORY_MONTHS = 24


def ensure_dagster_home(settings: Settings) -> Path:
    """Runs started here land in the same local instance the UI (``make ui``) shows."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(settings.data_root / "dagster_home")))
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        from pipelines.instance import dagster_yaml_template

        shutil.copy(dagster_yaml_template(settings), home / "dagster.yaml")
    return home


def ensure_demo_landing(settings: Settings) -> None:
    """The embedded default: a synthetic county, generated once, when nothing has landed."""
    if landed_months(settings):
        return
    first, last = year_to_date(settings.today)
    print(
        f"No extracts under {settings.landing_root}; generating the synthetic county "
        f"{settings.la_code} for {first} to {last} (this financial year to date)..."
    )
    write_demo_county(settings.landing_root, settings.la_code, first, last)


def write_demo_county(
    landing: Path, la_code: str, first: str, last: str, seed: int = 873
) -> list[Path]:
    """The synthetic county's extracts for ``first`` to ``last``, with two years of history."""
    from synthetic import write_county

    history = add_months(parse_month(first), -DEMO_HISTORY_MONTHS)
    return write_county(
        landing,
        la_code=la_code,
        first_month=first,
        last_month=last,
        history_start=history.isoformat(),
        seed=seed,
    )


def run_lock(settings: Settings) -> FileLock:
    """One ``cpr run`` at a time per data folder: a second waits for the first, so two runs
    started at once never interleave. The lock dies with its process, so a killed run frees it."""
    settings.data_root.mkdir(parents=True, exist_ok=True)
    return FileLock(settings.data_root / ".cpr-run.lock")


def recover_interrupted_runs() -> list[str]:
    """Runs of ``cpr run`` whose process was killed stay STARTED in the instance, holding their
    slot of the ``duckdb_warehouse`` pool, so the next run would wait for it forever. Called
    under the run lock, when no other ``cpr run`` is alive: they are marked failed and their
    slots freed. Their partial writes need nothing: every warehouse write is a transaction and
    the publication is swapped in atomically. Returns their ids."""
    from dagster import DagsterInstance, DagsterRunStatus, RunsFilter

    from pipelines.jobs import STARTED_BY_CPR

    with DagsterInstance.get() as instance:
        stuck = instance.get_runs(
            RunsFilter(
                statuses=[DagsterRunStatus.STARTING, DagsterRunStatus.STARTED],
                tags=STARTED_BY_CPR,
            )
        )
        for run in stuck:
            instance.report_run_failed(
                run, "Its process ended without finishing (killed?); the next cpr run recovered."
            )
            instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
    return [run.run_id for run in stuck]


def run_months(settings: Settings, first: str, last: str, documents: bool = True) -> int:
    """Materialise every asset of the monthly job for the months first..last, as one run; once
    it has published, their documents as a second run (``monthly_documents``), as the daemon's
    sensor does: the figures never wait for the printer."""
    from pipelines.jobs import STARTED_BY_CPR

    tags = {
        "dagster/asset_partition_range_start": first,
        "dagster/asset_partition_range_end": last,
        "la_code": settings.la_code,
        "extract_month": first if first == last else f"{first}..{last}",
        **STARTED_BY_CPR,
    }
    started = time.perf_counter()
    code = execute_job("monthly_report", tags)
    if code != exit_codes.CLEAN or not documents:
        return code
    print(
        f"Figures published in {time.perf_counter() - started:.1f} s; now the documents "
        "(Excel, PDF, committee paper, Data Docs)..."
    )
    return execute_job("monthly_documents", tags)


def execute_job(name: str, tags: dict[str, str]) -> int:
    """Run a job of the code location in this process, on the local instance; failures are
    summarised on stderr. The exit code: CLEAN, REJECTED when every failure is a rejected
    extract month, else COULD_NOT_RUN."""
    import warnings

    from dagster import BetaWarning, DagsterInstance

    from pipelines.check_warnings import failed_warnings
    from pipelines.notify import failure_reason
    from pipelines.progress import RunProgress

    # single-run backfills are a deliberate choice; the beta notice is not for the user.
    warnings.filterwarnings("ignore", category=BetaWarning)
    from pipelines.definitions import defs

    job = defs.resolve_job_def(name)
    run_id = str(uuid.uuid4())
    with DagsterInstance.get() as instance, RunProgress(instance, run_id, len(job.nodes)):
        result = job.execute_in_process(
            instance=instance,
            run_id=run_id,
            tags=tags,
            # Failures are summarised below; their full detail is in the run's log in the UI.
            run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}},
            raise_on_error=False,
        )
        rejected = []
        if result.success and (warned := failed_warnings(instance, run_id)):
            print("Warning checks failed (published nonetheless): " + "; ".join(warned))
        if not result.success:
            print(
                f"Run {result.run_id} failed; its log is in the Dagster UI (make ui).",
                file=sys.stderr,
            )
            for event in result.all_events:
                if (
                    event.is_step_failure
                    and event.step_failure_data
                    and event.step_failure_data.error
                ):
                    failure = event.step_failure_data.user_failure_data
                    rejected.append(failure is not None and "rejected_months" in failure.metadata)
                    reason = failure_reason(event.step_failure_data.error)
                    print(f"  step {event.step_key} failed: {reason}", file=sys.stderr)
    if result.success:
        return exit_codes.CLEAN
    return exit_codes.REJECTED if rejected and all(rejected) else exit_codes.COULD_NOT_RUN


def summarise(settings: Settings, first: str, last: str) -> int:
    """Print what the run loaded and where its reports are; returns the rows quarantined."""
    import duckdb

    from warehouse.publish import current_file

    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        months, rows, rejected, warnings = con.execute(
            "select count(*), sum(rows_loaded), sum(rows_rejected), sum(warnings) from meta.extract_load "
            "where la_code = $la and strftime(extract_month, '%Y-%m') between $first and $last",
            {"la": settings.la_code, "first": first, "last": last},
        ).fetchall()[0]
        skipped = con.execute(
            "select distinct strftime(extract_month, '%Y-%m'), file_name, message "
            "from audit.quarantine where rule_id = 'SKIPPED_FILE' and la_code = $la "
            "and strftime(extract_month, '%Y-%m') between $first and $last order by all",
            {"la": settings.la_code, "first": first, "last": last},
        ).fetchall()
    with duckdb.connect(str(current_file(settings.published_path)), read_only=True) as con:
        red = [
            label
            for (label,) in con.execute(
                "select label from v_indicators where la_code = $la and rag = 'red' "
                "and strftime(month, '%Y-%m') = $last order by section, label",
                {"la": settings.la_code, "last": last},
            ).fetchall()
        ]
    print(
        f"\nLA {settings.la_code} ({settings.la_name}): {months} extract month(s) {first} to {last}"
    )
    print(f"  rows loaded {rows:,}; rows rejected {rejected:,}; warnings {warnings:,}")
    for month, name, why in skipped:
        print(f"  not read in {month}: {name}: {why}")
    print(
        f"  red in {last}:    {len(red)} indicator(s)" + (f": {', '.join(red[:5])}" if red else "")
    )
    if len(red) > 5:
        print(f"                   ... and {len(red) - 5} more (see the dashboard)")
    folder = settings.report_folder(last)
    where = {
        "published marts": f"{current_file(settings.published_path)}  (council staff; docs/report-tools.md)",
        "public marts": f"{current_file(settings.public_path)}  (disclosure control applied)",
        **report_paths(folder),
        "validation": f"{folder / 'restricted'}  (record-level, owner-only)",
        "all reports": settings.reports_root,
        "Dagster UI": "make ui  (same instance: this run is listed there)",
    }
    for name, path in where.items():
        print(f"  {name + ':':<19}{path}")
    return rejected


def report_paths(folder: Path) -> dict[str, Path | str]:
    """Where the month's report is, by form; the PDF says so when it was not written."""
    from dashboard.committee import PAPER
    from dashboard.report import PUBLISHED
    from pipelines.assets.reports import COMMITTEE

    pdf = folder / "dashboard.pdf"
    paper = folder / COMMITTEE / f"{PAPER}.pdf"
    return {
        "dashboard": folder / "dashboard.html",
        "PDF": pdf if pdf.exists() else "not written (no chromium: set CPR_CHROMIUM)",
        "Excel": folder / "dashboard.xlsx",
        "published edition": folder / PUBLISHED / "dashboard.html",
        "committee paper": paper if paper.exists() else paper.with_suffix(".docx"),
    }


def month_arg(text: str) -> str:
    """An extract month as given on the command line: YYYY-MM, or argparse says what is wrong."""
    if validation_month(Path(text), None) is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month YYYY-MM (e.g. 2018-03)")
    return text


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    ensure_dagster_home(settings)
    ensure_demo_landing(settings)
    months = [
        m for m in runnable_months(settings) if (args.first or "") <= m <= (args.last or "9999")
    ]
    if not months:
        print(
            f"No landed extract months (with READY) under {settings.landing_root / settings.la_code}",
            file=sys.stderr,
        )
        return exit_codes.COULD_NOT_RUN
    first, last = months[0], months[-1]
    lock = run_lock(settings)
    try:
        lock.acquire(blocking=False)
    except Timeout:
        print("Another cpr run is in progress on this data folder; waiting for it to finish...")
        lock.acquire()
    try:
        from warehouse.quality import start_gx_worker

        start_gx_worker()  # GE's import (seconds) overlaps Dagster's, on the other core
        for stuck in recover_interrupted_runs():
            print(f"Run {stuck} was interrupted; marked failed, its writes were rolled back.")
        print(f"Running months {first} to {last} for LA {settings.la_code}...")
        started = time.perf_counter()
        code = run_months(settings, first, last, args.documents)
        ok = code == exit_codes.CLEAN
        print(f"{'Finished' if ok else 'FAILED'} in {time.perf_counter() - started:.1f} s")
        if ok and summarise(settings, first, last):
            code = exit_codes.QUARANTINED
    finally:
        lock.release()
    return code


def cmd_rekey(args: argparse.Namespace, settings: Settings) -> int:
    """Re-stage every landed month with the key now configured, then run them all, so every
    child id in the warehouse is remade with it. Every month the warehouse holds must still be
    landed: a month that is not could not be re-keyed."""
    from ingest.errors import ExtractRejected
    from ingest.pseudonymise import load_key
    from pipelines.assets.staging import load_landed
    from warehouse.runner import connect

    ensure_dagster_home(settings)
    months = runnable_months(settings)
    key = load_key(settings.key_path, settings.pseudonym_key)
    rejected: dict[str, str] = {}
    with run_lock(settings):
        with connect(settings.warehouse_path) as con:
            loaded = [
                f"{month:%Y-%m}"
                for (month,) in con.execute(
                    "select extract_month from meta.extract_load where la_code = $la order by 1",
                    {"la": settings.la_code},
                ).fetchall()
            ]
            if lost := [m for m in loaded if m not in months]:
                print(
                    f"cpr rekey: month(s) {', '.join(lost)} are in the warehouse but not landed "
                    "(with READY): their children could not be re-keyed. Land them again first.",
                    file=sys.stderr,
                )
                return exit_codes.COULD_NOT_RUN
            print(f"Re-staging {len(months)} landed month(s) with the new key...")
            for month in months:
                try:
                    load_landed(con, settings, month, key, rekey=True)
                except ExtractRejected as rejection:
                    rejected[month] = str(rejection)
        for month, why in rejected.items():
            print(f"  {month} rejected, not re-keyed: {why}", file=sys.stderr)
        if rejected:
            return exit_codes.REJECTED
        print(f"Re-keyed; running months {months[0]} to {months[-1]}...")
        return run_months(settings, months[0], months[-1])


def runnable_months(settings: Settings) -> list[str]:
    """The landed months a run can take; every other landed folder is named on stderr, and
    skipped: one not named YYYY-MM, or a month outside the extract-month partitions."""
    from pipelines.partitions import extract_months

    months, misnamed = month_folders(settings)
    partitions = set(extract_months.get_partition_keys())
    for name in misnamed:
        print(f"Skipped landing folder {name}: not a month YYYY-MM (e.g. 2018-03)", file=sys.stderr)
    for month in (m for m in months if m not in partitions):
        print(
            f"Skipped landed month {month}: outside the extract months (from CPR_FIRST_MONTH "
            "to the last month ended)",
            file=sys.stderr,
        )
    return [m for m in months if m in partitions]


def cmd_region(args: argparse.Namespace, settings: Settings) -> int:
    """The region's marts and dashboard from its LAs' published marts."""
    ensure_dagster_home(settings)
    if not settings.region_las:
        print(
            "cpr region: set CPR_REGION_LAS to the region's LA codes, e.g. 873,874", file=sys.stderr
        )
        return exit_codes.COULD_NOT_RUN
    print(f"Region {settings.region}: LAs {', '.join(settings.region_las)}...")
    if code := execute_job("regional_report", {"region": settings.region}):
        return code
    print(f"  regional marts:    {settings.region_published_path}")
    print(f"  regional reports:  {settings.region_report_folder('').parent}")
    return 0


def cmd_national(args: argparse.Namespace, settings: Settings) -> int:
    """Every LA's extract for one month into one warehouse, then every model once for all of
    them. A rejected LA is reported and left out (exit 2)."""
    from ingest.pseudonymise import load_key
    from warehouse.national import rebuild_national

    landing = Path(args.landing or settings.landing_root)
    folders = {p.parent.parent.name: p.parent for p in landing.glob(f"*/{args.month}/READY")}
    if not folders:
        print(f"cpr national: no LA under {landing} has landed {args.month}", file=sys.stderr)
        return exit_codes.COULD_NOT_RUN
    warehouse = Path(args.warehouse or settings.data_root / "warehouse" / "national.duckdb")
    run = rebuild_national(
        warehouse,
        folders,
        parse_month(args.month),
        load_key(settings.key_path, settings.pseudonym_key),
        settings.max_rejected_share,
        settings.indicator_config,
        args.workers,
    )
    for la_code, why in run.rejected.items():
        print(f"  {la_code} {args.month} rejected: {why}", file=sys.stderr)
    print(
        f"{len(run.loaded)} of {len(folders)} LAs, {args.month}: staged in "
        f"{run.staging_seconds:.1f} s, models in {run.model_seconds:.1f} s\n"
        f"  warehouse: {warehouse}"
    )
    return exit_codes.REJECTED if run.rejected else exit_codes.CLEAN


def cmd_generate(args: argparse.Namespace, settings: Settings) -> int:
    first, last = year_to_date(settings.today)
    folders = write_demo_county(
        Path(args.landing or settings.landing_root),
        args.la or settings.la_code,
        args.first or first,
        args.last or last,
        args.seed,
    )
    print(f"Wrote {len(folders)} extract month(s): {folders[0].parent}")
    return 0


def validation_month(folder: Path, month: str | None) -> dt.date | None:
    """--month, else the folder's name; None unless it reads YYYY-MM."""
    try:
        return parse_month(month or folder.name)
    except ValueError:
        return None


def cmd_drill(args: argparse.Namespace, settings: Settings) -> int:
    """The children behind one figure, pseudonymised (and with --source-ids, as in the extract),
    written owner-only; the console shows counts and the path, never an identifier."""
    from dashboard.safe_cells import guard_frame
    from dashboard.validation import write_private
    from ingest.landing import read_month
    from ingest.pseudonymise import load_key
    from warehouse.drill import children_behind, source_ids
    from warehouse.runner import connect

    if not settings.warehouse_path.exists():
        print(
            f"cpr drill: no warehouse at {settings.warehouse_path}; run `cpr run` first",
            file=sys.stderr,
        )
        return exit_codes.COULD_NOT_RUN
    month = validation_month(Path(args.month), None)
    extract = validation_month(Path(args.extract), None) if args.extract else None
    if month is None or (args.extract and extract is None):
        print("cpr drill: months are YYYY-MM", file=sys.stderr)
        return exit_codes.COULD_NOT_RUN
    with connect(settings.warehouse_path, read_only=True) as con:
        try:
            used, children = children_behind(con, settings.la_code, args.indicator, month, extract)
        except ValueError as problem:
            print(f"cpr drill: {problem}", file=sys.stderr)
            return exit_codes.COULD_NOT_RUN
    if args.source_ids:
        landed = read_month(settings.landing_folder(used.strftime("%Y-%m")))
        ids = source_ids(
            landed, load_key(settings.key_path, settings.pseudonym_key), settings.la_code
        )
        children = children.join(ids, on="child_id", how="left")
    out = Path(
        args.out
        or settings.data_root / "validation" / "drill" / f"{args.indicator}_{args.month}.csv"
    )
    out.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_private(out, guard_frame(children).write_csv())
    counts = dict(children.group_by("role").len().iter_rows())
    print(
        f"{args.indicator} {args.month} (extract {used:%Y-%m}): "
        f"numerator {counts.get('numerator', 0)}, denominator {counts.get('denominator', 0)} "
        f"children\n  listed in {out} (owner-only)"
    )
    return 0


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 0 when no row has an error, 1 when some rows would be quarantined, 2 when the month
    would be rejected outright (or the command cannot run)."""
    from dashboard.validation import report_for_folder, summary_lines, write_validation_report
    from ingest.last_year import last_year_month
    from schemas.months import month_end

    folder = Path(args.folder).resolve()
    if not folder.is_dir():
        print(f"cpr validate: {folder} is not a folder", file=sys.stderr)
        return exit_codes.COULD_NOT_RUN
    month = validation_month(folder, args.month)
    if month is None:
        print(
            f"cpr validate: cannot tell the extract month from {args.month or folder.name!r}; "
            "give it as --month YYYY-MM",
            file=sys.stderr,
        )
        return exit_codes.COULD_NOT_RUN
    march = last_year_month(month_end(month)).strftime("%Y-%m")
    report = report_for_folder(
        folder,
        month,
        args.la or settings.la_code,
        settings.max_rejected_share,
        settings.max_file_mb,
        Path(args.last_year) if args.last_year else settings.landing_folder(march),
    )
    out = Path(args.out) if args.out else settings.data_root / "validation" / folder.name
    html, csv = write_validation_report(report, out, dt.datetime.now())
    print("\n".join(summary_lines(report)))
    print(f"  report (record-level, owner-only): {html}")
    print(f"  the same findings as CSV:           {csv}")
    if not report.passes:
        return exit_codes.REJECTED
    return exit_codes.QUARANTINED if report.errors else exit_codes.CLEAN


def published_months(settings: Settings) -> list[str]:
    """The months the current publication holds, oldest first."""
    import duckdb

    from warehouse.publish import current_file

    with duckdb.connect(str(current_file(settings.published_path)), read_only=True) as con:
        return [
            m
            for (m,) in con.execute(
                "select distinct strftime(month, '%Y-%m') from kpi_monthly where la_code = $la "
                "order by 1",
                {"la": settings.la_code},
            ).fetchall()
        ]


def report_month_of(settings: Settings, month: str | None) -> str | None:
    """The month asked for, else the latest published; None (said why) when there is none."""
    if not settings.published_path.parent.exists():
        print("Nothing published yet: run `cpr run` first.", file=sys.stderr)
        return None
    months = published_months(settings)
    chosen = month or (months[-1] if months else None)
    if chosen not in months:
        print(
            f"{chosen or 'No month'} is not in the publication ({', '.join(months[-3:])}...)",
            file=sys.stderr,
        )
        return None
    return chosen


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    """Re-render a month's reports from the publication (after editing its commentary): no
    pipeline run, the warehouse untouched. (The Data Docs are the run's: they do not change.)"""
    from dashboard.commentary import CommentaryError
    from dashboard.report import finish_committee_paper, write_pages
    from pipelines.assets.reports import month_reports, pdf_printer_or_none, write_month_documents

    month = report_month_of(settings, args.month)
    if month is None:
        return 2

    def warn(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    try:
        reports = month_reports(settings, [month], warn)
    except CommentaryError as error:
        print(f"Commentary not used: {error}", file=sys.stderr)
        return 2
    write_pages(reports[0])
    with pdf_printer_or_none(settings, warn) as print_pdf:
        documents, paper = write_month_documents(settings, reports, print_pdf)
    finish_committee_paper(paper, documents[-1].published.get("pdf"))
    where = report_paths(settings.report_folder(month))
    print(f"Reports for {month} re-rendered from the publication:")
    for name, path in where.items():
        print(f"  {name + ':':<19}{path}")
    return 0


def cmd_commentary(args: argparse.Namespace, settings: Settings) -> int:
    """Write a draft of the month's commentary from the publication, for the officer to edit."""
    import duckdb

    from dashboard.commentary import draft_commentary
    from warehouse.catalogue import indicators
    from warehouse.publish import current_file

    month = report_month_of(settings, args.month)
    if month is None:
        return 2
    path = settings.commentary_file(month)
    if path.exists() and not args.force:
        print(f"{path} exists: edit it, or --force to replace it with a new draft", file=sys.stderr)
        return 2
    with duckdb.connect(str(current_file(settings.published_path)), read_only=True) as con:
        kpi = con.sql(
            "select * from kpi_monthly where la_code = $la", params={"la": settings.la_code}
        ).pl()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(draft_commentary(kpi, indicators(), parse_month(month)))
    print(f"Draft commentary for {month}: {path}")
    print(f"Edit it, then `cpr report --month {month}` re-renders the reports with it.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="cpr",
        description="Corporate Parenting report pipeline. Paths and the LA come from the "
        "environment (CPR_DATA, CPR_LA, ...; see docs/deploy.md).",
        epilog="e.g. `cpr run --first 2018-01 --last 2018-03` re-runs a range as one run; "
        f"`cpr <command> --help` for each command's options. {exit_codes.HELP}.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "run",
        help="run the monthly job over landed months (generates the demo county first if nothing has landed)",
    )
    run.add_argument(
        "--first", type=month_arg, help="first extract month YYYY-MM (default: earliest landed)"
    )
    run.add_argument(
        "--last", type=month_arg, help="last extract month YYYY-MM (default: latest landed)"
    )
    run.add_argument(
        "--no-documents",
        dest="documents",
        action="store_false",
        help="publish the figures and the dashboard pages only: no Excel, PDF, committee paper "
        "or Data Docs (`cpr report` writes them from the publication)",
    )
    run.set_defaults(func=cmd_run)
    region = commands.add_parser(
        "region",
        help="union the published marts of the LAs in CPR_REGION_LAS into the region's marts "
        "and render the regional dashboard (each LA side by side)",
    )
    region.set_defaults(func=cmd_region)
    national = commands.add_parser(
        "national",
        help="full rebuild of one month for every LA landed: one warehouse, every model run "
        "once for all LAs",
        description="Stage every LA's extract of MONTH (landing/<LA>/<MONTH>/ with READY) into "
        "one warehouse and build every model once for all of them. Exit 2 if an LA's month is "
        "rejected (the others load).",
    )
    national.add_argument("month", help="extract month YYYY-MM")
    national.add_argument("--landing", help="landing root (default: CPR_LANDING or data/landing)")
    national.add_argument(
        "--warehouse", help="warehouse file (default: data/warehouse/national.duckdb)"
    )
    national.add_argument("--workers", type=int, default=2, help="staging processes (default 2)")
    national.set_defaults(func=cmd_national)
    generate = commands.add_parser("generate", help="write the synthetic county's monthly extracts")
    generate.add_argument("--landing", help="landing root (default: data/landing)")
    generate.add_argument("--la", help="LA code (default: CPR_LA or 873)")
    generate.add_argument(
        "--first",
        type=month_arg,
        help="first month (default: April of this financial year; CPR_TODAY fixes today)",
    )
    generate.add_argument(
        "--last", type=month_arg, help="last month (default: the last complete month)"
    )
    generate.add_argument("--seed", type=int, default=873, help="random seed (default 873)")
    generate.set_defaults(func=cmd_generate)
    validate = commands.add_parser(
        "validate",
        help="check an extract folder before it is landed (no READY needed) and write a "
        "record-level validation report; exit 0 clean, 1 rows would be quarantined, 2 the month "
        "would be rejected, 3 could not run",
    )
    validate.add_argument("folder", help="the extract folder: the CSV files of one month")
    validate.add_argument("--month", help="extract month YYYY-MM (default: the folder's name)")
    validate.add_argument("--out", help="report folder (default: data/validation/<folder name>)")
    validate.add_argument("--la", help="LA code (default: CPR_LA or 873)")
    validate.add_argument(
        "--last-year",
        help="the folder of last year's March extract, for the DfE rules that compare with last "
        "year's return (default: that month's landing folder, if landed)",
    )
    validate.set_defaults(func=cmd_validate)
    rekey = commands.add_parser(
        "rekey",
        help="re-stage every landed month with the pseudonymisation key now configured (after "
        "replacing the key on purpose), then run them all",
        description="The warehouse records a fingerprint of the key each month was staged with "
        "(never the key), and `cpr run` stops (exit 3) when the key has changed. After replacing "
        "the key on purpose, `cpr rekey` re-stages every landed month with it and runs them, so "
        "every child id is remade. Every month the warehouse holds must still be landed.",
    )
    rekey.set_defaults(func=cmd_rekey)
    drill = commands.add_parser(
        "drill",
        help="list the children behind a figure into an owner-only CSV (for the data team)",
    )
    drill.add_argument("indicator", help="indicator id, e.g. cla_count")
    drill.add_argument("month", help="the figure's month YYYY-MM")
    drill.add_argument("--extract", help="extract month YYYY-MM (default: the latest)")
    drill.add_argument(
        "--source-ids", action="store_true", help="add CHILD as in the landed extract"
    )
    drill.add_argument(
        "--out", help="CSV path (default: data/validation/drill/<indicator>_<month>.csv)"
    )
    drill.set_defaults(func=cmd_drill)
    report = commands.add_parser(
        "report",
        help="re-render a month's dashboard and committee paper from the publication, with its "
        "commentary (no pipeline run)",
    )
    report.add_argument("--month", type=month_arg, help="YYYY-MM (default: the latest published)")
    report.set_defaults(func=cmd_report)
    commentary = commands.add_parser(
        "commentary",
        help="write a draft of the month's commentary (data/commentary/<la>/<month>.md) from "
        "the publication, one '## ' heading per dashboard section, for the officer to edit",
    )
    commentary.add_argument(
        "--month", type=month_arg, help="YYYY-MM (default: the latest published)"
    )
    commentary.add_argument("--force", action="store_true", help="replace an existing file")
    commentary.set_defaults(func=cmd_commentary)
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse's usage errors exit 2, which here means "rejected"
        return exit_codes.COULD_NOT_RUN if stop.code == 2 else int(stop.code or 0)
    try:
        return args.func(args, load_settings())
    except Exception as error:  # a bug or the environment: a message, never a traceback
        print(
            f"cpr {args.command}: could not run ({type(error).__name__}: {error})", file=sys.stderr
        )
        return exit_codes.COULD_NOT_RUN


if __name__ == "__main__":
    sys.exit(main())

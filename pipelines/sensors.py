"""Start a month's run when its landing folder's READY marker appears (or changes), unless the
month's dashboard was written after it: then that landing has been run already (by `cpr run`,
say, before the daemon started), and starting the UI does not re-run every month.

A deployment running several LAs (CPR_LAS) watches each LA's landing folder: each run names
its LA (tag ``la_code``, the run queue's one-run-per-LA key, and the ``care_data`` resource's
``la_code``, from which the run takes that LA's name and config: Settings.for_la). When the last
of them has run, the regional report follows."""

from pathlib import Path

import dagster as dg

from ingest.landing import READY
from pipelines.jobs import STARTED_BY_CPR, monthly_documents, monthly_report, regional_report
from pipelines.partitions import extract_months
from pipelines.resources import CareData
from pipelines.settings import Settings


@dg.sensor(
    job=monthly_report, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING
)
def landing_ready(context: dg.SensorEvaluationContext, care_data: CareData):
    settings = care_data.settings
    valid = set(extract_months.get_partition_keys())
    waiting = [
        (la, marker)
        for la in settings.las or (settings.la_code,)
        for marker in ready_markers(settings.landing_root / la)
        if marker.parent.name in valid
        and not already_reported(settings.for_la(la).report_folder(marker.parent.name), marker)
    ]
    for la, marker in waiting:
        month = marker.parent.name
        # A re-landed month writes a new READY: a new run key, so a new run.
        yield dg.RunRequest(
            run_key=f"{la}:{month}:{marker.stat().st_mtime_ns}",
            partition_key=month,
            tags={"la_code": la, "extract_month": month},
            run_config={"resources": {"care_data": {"config": {"la_code": la}}}},
        )
    if not waiting:
        root = (
            settings.landing_root / settings.la_code if not settings.las else settings.landing_root
        )
        yield dg.SkipReason(
            f"No landing folder under {root} with a {READY} marker newer than its dashboard"
        )


def ready_markers(root: Path) -> list[Path]:
    return sorted(root.glob(f"*/{READY}")) if root.exists() else []


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[monthly_report],
    request_job=regional_report,
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
)
def region_after_las(context: dg.RunStatusSensorContext, care_data: CareData):
    """The regional report once no LA's monthly run is waiting or running, and every LA of the
    region (CPR_REGION_LAS) has published: after a month lands for several LAs, one regional
    run over all of them, not one per LA."""
    settings = care_data.settings
    if not settings.region_las:
        return dg.SkipReason("No region configured (CPR_REGION_LAS)")
    pending = context.instance.get_runs(
        dg.RunsFilter(job_name=monthly_report.name, statuses=PENDING), limit=1
    )
    if pending:
        return dg.SkipReason("LA runs are still queued or running; the region waits for them")
    missing = [la for la in settings.region_las if not current_file_exists(settings, la)]
    if missing:
        return dg.SkipReason(f"LA(s) {', '.join(missing)} have not published yet")
    return dg.RunRequest(run_key=f"region:{context.dagster_run.run_id}", tags={"la_code": "region"})


#: The tags of a monthly run that say what its documents run is for (its months and its LA).
DOCUMENT_TAGS = (
    "dagster/partition",
    "dagster/asset_partition_range_start",
    "dagster/asset_partition_range_end",
    "la_code",
    "extract_month",
)


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[monthly_report],
    request_job=monthly_documents,
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
)
def documents_after_report(context: dg.RunStatusSensorContext):
    """The documents of the months a monthly run published, in a run of their own, for the
    same LA: the figures never wait for the printer. A run of ``cpr run`` is left out: it
    writes its documents itself, next (or, with --no-documents, leaves them to ``cpr report``)."""
    if STARTED_BY_CPR.items() <= context.dagster_run.tags.items():
        return dg.SkipReason("cpr run writes the documents of its own runs")
    return documents_request(context.dagster_run)


def documents_request(report: dg.DagsterRun) -> dg.RunRequest:
    """The documents run of a monthly run: its months (partition or range tags), its LA."""
    return dg.RunRequest(
        run_key=f"documents:{report.run_id}",
        tags={k: v for k, v in report.tags.items() if k in DOCUMENT_TAGS},
        run_config={"resources": report.run_config.get("resources", {})},
    )


PENDING = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
]


def current_file_exists(settings: Settings, la: str) -> bool:
    from warehouse.publish import current_file

    return current_file(settings.published_marts_of(la)).exists()


def already_reported(report_folder: Path, marker: Path) -> bool:
    dashboard = report_folder / "dashboard.html"
    return dashboard.exists() and dashboard.stat().st_mtime_ns > marker.stat().st_mtime_ns

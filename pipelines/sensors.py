"""Start a month's run when its landing folder's READY marker appears (or changes), unless the
month's dashboard was written after it: then that landing has been run already (by `cpr run`,
say, before the daemon started), and starting the UI does not re-run every month."""

from pathlib import Path

import dagster as dg

from ingest.landing import READY
from pipelines.jobs import monthly_report
from pipelines.partitions import extract_months
from pipelines.resources import CareData


@dg.sensor(
    job=monthly_report, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING
)
def landing_ready(context: dg.SensorEvaluationContext, care_data: CareData):
    settings = care_data.settings
    root = settings.landing_root / settings.la_code
    valid = set(extract_months.get_partition_keys())
    markers = sorted(root.glob(f"*/{READY}")) if root.exists() else []
    waiting = [
        m
        for m in markers
        if m.parent.name in valid and not already_reported(settings.report_folder(m.parent.name), m)
    ]
    for marker in waiting:
        month = marker.parent.name
        # A re-landed month writes a new READY: a new run key, so a new run.
        yield dg.RunRequest(
            run_key=f"{settings.la_code}:{month}:{marker.stat().st_mtime_ns}",
            partition_key=month,
            tags={"la_code": settings.la_code, "extract_month": month},
        )
    if not waiting:
        yield dg.SkipReason(
            f"No landing folder under {root} with a {READY} marker newer than its dashboard"
        )


def already_reported(report_folder: Path, marker: Path) -> bool:
    dashboard = report_folder / "dashboard.html"
    return dashboard.exists() and dashboard.stat().st_mtime_ns > marker.stat().st_mtime_ns

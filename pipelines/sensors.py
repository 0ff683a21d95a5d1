"""Start a month's run when its landing folder's READY marker appears (or changes)."""

import dagster as dg

from ingest.landing import READY
from pipelines.jobs import monthly_report
from pipelines.partitions import extract_months
from pipelines.settings import load_settings


@dg.sensor(
    job=monthly_report, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING
)
def landing_ready(context: dg.SensorEvaluationContext):
    settings = load_settings()
    root = settings.landing_root / settings.la_code
    valid = set(extract_months.get_partition_keys())
    markers = sorted(root.glob(f"*/{READY}")) if root.exists() else []
    for marker in markers:
        month = marker.parent.name
        if month not in valid:
            continue
        # A re-landed month writes a new READY: a new run key, so a new run.
        yield dg.RunRequest(
            run_key=f"{settings.la_code}:{month}:{marker.stat().st_mtime_ns}",
            partition_key=month,
            tags={"la_code": settings.la_code, "extract_month": month},
        )
    if not markers:
        yield dg.SkipReason(f"No landing folder with a {READY} marker under {root}")

"""The monthly run, on the 5th of each month for the month just ended, if it has landed."""

import dagster as dg

from ingest.landing import READY
from pipelines.jobs import monthly_report
from pipelines.partitions import extract_months
from pipelines.settings import load_settings


@dg.schedule(job=monthly_report, cron_schedule="0 7 5 * *", execution_timezone="Europe/London")
def monthly_after_month_end(context: dg.ScheduleEvaluationContext):
    month = extract_months.get_last_partition_key(current_time=context.scheduled_execution_time)
    settings = load_settings()
    if month is None or not (settings.landing_folder(month) / READY).exists():
        return dg.SkipReason(f"The extract for {month} has not landed (no {READY} marker) yet")
    return dg.RunRequest(
        run_key=f"{settings.la_code}:{month}:scheduled",
        partition_key=month,
        tags={"la_code": settings.la_code, "extract_month": month},
    )

"""The monthly run, on the 5th of each month for the month just ended, if it has landed."""

import datetime as dt

import dagster as dg

from ingest.landing import READY
from pipelines.jobs import monthly_report
from pipelines.settings import load_settings


@dg.schedule(job=monthly_report, cron_schedule="0 7 5 * *", execution_timezone="Europe/London")
def monthly_after_month_end(context: dg.ScheduleEvaluationContext):
    # The month just ended: the day before the first of the month the schedule fires in.
    fired = context.scheduled_execution_time
    month = (fired.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    settings = load_settings()
    if not (settings.landing_folder(month) / READY).exists():
        return dg.SkipReason(f"The extract for {month} has not landed (no {READY} marker) yet")
    return dg.RunRequest(
        run_key=f"{settings.la_code}:{month}:scheduled",
        partition_key=month,
        tags={"la_code": settings.la_code, "extract_month": month},
    )

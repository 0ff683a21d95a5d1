"""The monthly run, on the 5th of each month for the month just ended, if it has landed and the
landing sensor has not run it already. On by default: the daemon needs no click to run it."""

import datetime as dt

import dagster as dg

from ingest.landing import READY
from pipelines.jobs import monthly_report
from pipelines.sensors import already_reported
from pipelines.settings import load_settings


@dg.schedule(
    job=monthly_report,
    cron_schedule="0 7 5 * *",
    execution_timezone="Europe/London",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def monthly_after_month_end(context: dg.ScheduleEvaluationContext):
    # The month just ended: the day before the first of the month the schedule fires in.
    fired = context.scheduled_execution_time
    month = (fired.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    settings = load_settings()
    marker = settings.landing_folder(month) / READY
    if not marker.exists():
        return dg.SkipReason(f"The extract for {month} has not landed (no {READY} marker) yet")
    if already_reported(settings.report_folder(month), marker):
        return dg.SkipReason(f"{month} has been run since it landed (its dashboard is newer)")
    return dg.RunRequest(
        run_key=f"{settings.la_code}:{month}:scheduled",
        partition_key=month,
        tags={"la_code": settings.la_code, "extract_month": month},
    )

"""The monthly run, on the 5th of each month for the month just ended, if it has landed and the
landing sensor has not run it already. On by default: the daemon needs no click to run it."""

import dagster as dg

from ingest.landing import READY
from pipelines.jobs import monthly_report
from pipelines.resources import CareData
from pipelines.sensors import already_reported
from schemas.months import month_key, previous_month


@dg.schedule(
    job=monthly_report,
    cron_schedule="0 7 5 * *",
    execution_timezone="Europe/London",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def monthly_after_month_end(context: dg.ScheduleEvaluationContext, care_data: CareData):
    # The month just ended: the one before the month the schedule fires in.
    month = month_key(previous_month(context.scheduled_execution_time.date()))
    settings = care_data.settings
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

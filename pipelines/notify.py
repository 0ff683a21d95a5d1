"""Telling a person: a failed run, or a month's marts not published by their due working day,
is emailed through the LA's SMTP relay (CPR_SMTP_HOST, _PORT, _FROM, _TO; pipelines/settings.py).

Both are sensors the daemon evaluates. Without a relay configured the notice is only logged.
A notice names the job, LA, month, run and failing steps with their reasons: the messages the
pipeline writes for a data officer, which name files, lines, columns and rules, never a record.
"""

from __future__ import annotations

import datetime as dt
import re
import smtplib
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import dagster as dg
from dagster._utils.error import SerializableErrorInfo

from pipelines.freshness import DUE_HOUR, nth_working_day
from pipelines.resources import CareData
from pipelines.settings import Settings
from schemas.months import month_key, previous_month

LONDON = ZoneInfo("Europe/London")


def send(settings: Settings, subject: str, body: str) -> bool:
    """Email the notice to the configured recipients; False when no relay is configured."""
    if not settings.smtp_host or not settings.smtp_to:
        return False
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.smtp_from
    message["To"] = ", ".join(settings.smtp_to)
    message.set_content(body)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as relay:
        relay.send_message(message)
    return True


def failure_reason(error: SerializableErrorInfo) -> str:
    """A failed step's reason as a data officer reads it: the cause's message, without the
    exception's module path."""
    error = error.cause or error
    return re.sub(rf"^[\w.]*{error.cls_name}: ", "", error.message.strip())


def failure_notice(settings: Settings, run: dg.DagsterRun, reasons: list[str]) -> tuple[str, str]:
    """The subject and body of a failed run's notice."""
    month = run.tags.get("extract_month", "no month")
    la = run.tags.get("la_code", settings.la_code)
    subject = f"[Corporate Parenting {la}] {run.job_name} failed for {month}"
    lines = [
        f"The {run.job_name} run for LA {la}, extract month {month}, failed.",
        f"Run id: {run.run_id} (its full log is in the Dagster UI).",
        "",
        *(reasons or ["No step failed: the run itself was stopped (see its log)."]),
        "",
        "The last good publication stays in place until a run of the month succeeds.",
    ]
    return subject, "\n".join(lines)


@dg.run_failure_sensor(
    name="notify_run_failure",
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
    description="Emails a failed run's job, month and failing steps through the LA's SMTP relay.",
)
def notify_run_failure(context: dg.RunFailureSensorContext, care_data: CareData) -> None:
    settings = care_data.settings
    reasons = [
        f"step {event.step_key} failed: {failure_reason(event.event_specific_data.error)}"
        if event.event_specific_data and event.event_specific_data.error
        else f"step {event.step_key} failed"
        for event in context.get_step_failure_events()
    ]
    subject, body = failure_notice(settings, context.dagster_run, reasons)
    sent = send(settings, subject, body)
    context.log.info(f"{subject} ({'emailed' if sent else 'no SMTP relay configured'})")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def overdue_month(settings: Settings, now: dt.datetime) -> tuple[str, dt.date] | None:
    """The month just ended and its due day, when that day's DUE_HOUR (London) has passed and
    the month's dashboard has not been written; else None."""
    local = now.astimezone(LONDON)
    due_day = nth_working_day(local.year, local.month, settings.marts_due_working_day)
    due = dt.datetime.combine(due_day, dt.time(DUE_HOUR), LONDON)
    month = month_key(previous_month(local.date()))
    if local < due or (settings.report_folder(month) / "dashboard.html").exists():
        return None
    return month, due_day


@dg.sensor(
    name="notify_marts_late",
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=3600,
    description="Emails once a month when the month just ended has no published marts and "
    "dashboard by its due working day (CPR_MARTS_DUE_WORKING_DAY).",
)
def notify_marts_late(context: dg.SensorEvaluationContext, care_data: CareData) -> dg.SkipReason:
    settings = care_data.settings
    overdue = overdue_month(settings, now())
    if overdue is None:
        return dg.SkipReason("The month just ended is published, or not yet due")
    month, due = overdue
    if context.cursor == month:
        return dg.SkipReason(f"{month} is overdue; its notice has been sent")
    subject = f"[Corporate Parenting {settings.la_code}] {month} not published by working day {settings.marts_due_working_day}"
    body = (
        f"The marts and dashboard of LA {settings.la_code} for {month} were due by "
        f"{DUE_HOUR}:00 on {due:%A %d %B %Y} (working day {settings.marts_due_working_day}) and "
        f"have not been published. Has the month's extract landed (a READY marker under "
        f"{settings.landing_folder(month)}), and did its run succeed?"
    )
    sent = send(settings, subject, body)
    context.update_cursor(month)
    return dg.SkipReason(f"{subject} ({'emailed' if sent else 'no SMTP relay configured'})")

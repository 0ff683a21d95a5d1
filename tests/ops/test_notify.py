"""A failed run and a month not published by its due working day reach a person: an email
through the LA's SMTP relay, here a local SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import dagster as dg
import pytest
from aiosmtpd.controller import Controller

from pipelines import notify
from pipelines.freshness import nth_working_day
from pipelines.resources import CareData
from pipelines.settings import load_settings


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd's handler hook
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Inbox]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    received = Inbox()
    server = Controller(received, hostname="127.0.0.1", port=port)
    server.start()
    monkeypatch.setenv("CPR_DATA", str(tmp_path))
    monkeypatch.setenv("CPR_LA", "873")
    monkeypatch.setenv("CPR_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CPR_SMTP_PORT", str(port))
    monkeypatch.setenv("CPR_SMTP_FROM", "cpr@council.example")
    monkeypatch.setenv("CPR_SMTP_TO", "data-team@council.example, head-of-service@council.example")
    try:
        yield received
    finally:
        server.stop()


@dg.op
def load_month() -> None:
    raise dg.Failure("Extract 2018-02 rejected: required file episodes.csv is missing")


@dg.job
def failing_job() -> None:
    load_month()


def test_a_failed_run_is_emailed_with_its_month_and_reason(inbox: Inbox) -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        result = failing_job.execute_in_process(
            instance=instance,
            tags={"la_code": "873", "extract_month": "2018-02"},
            raise_on_error=False,
        )
        assert not result.success
        failure = next(e for e in result.all_events if e.event_type_value == "PIPELINE_FAILURE")
        context = dg.build_run_status_sensor_context(
            sensor_name="notify_run_failure",
            dagster_event=failure,
            dagster_instance=instance,
            dagster_run=result.dagster_run,
            resources={"care_data": CareData()},
        ).for_run_failure()
        notify.notify_run_failure(context)
    [message] = inbox.messages
    assert message["Subject"] == "[Corporate Parenting 873] failing_job failed for 2018-02"
    assert message["To"] == "data-team@council.example, head-of-service@council.example"
    body = message.get_content()
    assert "step load_month failed: Extract 2018-02 rejected: required file episodes.csv is missing" in body  # fmt: skip
    assert result.run_id in body


def test_working_days_skip_weekends_and_bank_holidays() -> None:
    # December 2026 starts on a Tuesday: 1, 2, 3, 4, then Monday 7.
    assert nth_working_day(2026, 12, 5) == dt.date(2026, 12, 7)
    # January 2027: Friday 1st is New Year's Day; Mon 4 to Fri 8 are working days 1 to 5.
    assert nth_working_day(2027, 1, 5) == dt.date(2027, 1, 8)


def test_a_month_not_published_by_working_day_five_is_emailed_once(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings()
    before = dt.datetime(2027, 1, 8, 16, 59, tzinfo=notify.LONDON)
    after = dt.datetime(2027, 1, 8, 17, 1, tzinfo=notify.LONDON)
    assert notify.overdue_month(settings, before) is None
    assert notify.overdue_month(settings, after) == ("2026-12", dt.date(2027, 1, 8))
    monkeypatch.setattr(notify, "now", lambda: after)
    context = dg.build_sensor_context(resources={"care_data": CareData()})
    notify.notify_marts_late(context)
    assert context.cursor == "2026-12"
    notify.notify_marts_late(context)  # the next evaluation: sent already
    [message] = inbox.messages
    assert message["Subject"] == "[Corporate Parenting 873] 2026-12 not published by working day 5"
    assert "17:00 on Friday 08 January 2027" in message.get_content()
    # Once the month's dashboard is written, it is not overdue.
    dashboard = settings.report_folder("2026-12") / "dashboard.html"
    dashboard.parent.mkdir(parents=True)
    dashboard.write_text("")
    assert notify.overdue_month(settings, after) is None

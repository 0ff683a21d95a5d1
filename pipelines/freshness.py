"""When a month's marts and dashboard are due: by a configured working day after the month ends
(``CPR_MARTS_DUE_WORKING_DAY``). The Dagster UI marks them overdue past that deadline.

Cron cannot count working days, so the deadline is the latest calendar day that working day can
fall on in any month: a month starting on a Saturday with a bank holiday on its first Monday.
"""

import datetime as dt

import dagster as dg

from pipelines.settings import Settings

#: The hour (Europe/London) of the due day by which the month must be published.
DUE_HOUR = 17


def latest_calendar_day(working_day: int, bank_holidays_at_start: int = 1) -> int:
    """The latest day of a month on which its n-th working day can fall."""
    latest = 0
    for first_weekday in range(7):
        day, worked, holidays = 0, 0, bank_holidays_at_start
        while worked < working_day:
            day += 1
            if (first_weekday + day - 1) % 7 >= 5:
                continue  # Saturday or Sunday
            if holidays:
                holidays -= 1
                continue
            worked += 1
        latest = max(latest, day)
    return latest


def marts_due_policy(working_day: int) -> dg.FreshnessPolicy:
    """Materialised between the 1st of the month and the due day's DUE_HOUR."""
    day = latest_calendar_day(working_day)
    return dg.FreshnessPolicy.cron(
        deadline_cron=f"0 {DUE_HOUR} {day} * *",
        lower_bound_delta=dt.timedelta(days=day - 1, hours=DUE_HOUR),
        timezone="Europe/London",
    )


def due_by_working_day(
    assets: list[dg.AssetsDefinition], settings: Settings
) -> list[dg.AssetsDefinition]:
    """The assets, each due monthly by the settings' working day. A freshness policy is part
    of the assets' definition, so these are the code location's settings, read when it loads."""
    policy = marts_due_policy(settings.marts_due_working_day)
    return dg.map_asset_specs(lambda spec: dg.apply_freshness_policy(spec, policy), assets)

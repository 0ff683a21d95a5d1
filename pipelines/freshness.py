"""When a month's marts and dashboard are due: by a configured working day after the month ends
(``CPR_MARTS_DUE_WORKING_DAY``). The Dagster UI marks them overdue past that deadline.

Cron cannot count working days, so the deadline is the latest calendar day that working day
falls on in any month of the years ahead, counted on the warehouse's calendar (weekends and
England bank holidays off): an April starting on a Saturday with Easter in its second week.
"""

import datetime as dt

import dagster as dg
import numpy as np

from pipelines.settings import Settings
from warehouse.reference import bank_holiday_frame

#: The hour (Europe/London) of the due day by which the month must be published.
DUE_HOUR = 17


#: How many years ahead the deadline must hold for (the code location is reloaded long before).
YEARS_AHEAD = 20


def latest_calendar_day(working_day: int, years: range | None = None) -> int:
    """The latest day of a month on which its n-th working day falls, over ``years`` (this year
    and the next YEARS_AHEAD - 1 unless given)."""
    if years is None:
        years = range(dt.date.today().year, dt.date.today().year + YEARS_AHEAD)
    firsts = np.arange(f"{years.start}-01", f"{years.stop}-01", dtype="datetime64[M]")
    days = firsts.astype("datetime64[D]")
    holidays = bank_holiday_frame(years)["holiday_date"].to_numpy()
    nth = np.busday_offset(days, working_day - 1, roll="forward", holidays=holidays)
    return int((nth - days).astype(int).max()) + 1


def nth_working_day(year: int, month: int, n: int) -> dt.date:
    """The n-th working day of a month on the warehouse's calendar."""
    holidays = bank_holiday_frame(range(year, year + 1))["holiday_date"].to_numpy()
    first = np.datetime64(f"{year:04d}-{month:02d}-01", "D")
    return np.busday_offset(first, n - 1, roll="forward", holidays=holidays).astype(dt.date)


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

"""The extract-month partitions: from the LA's first extract month to this month, so a missing
partition is a month not yet run. History before the first extract is data in the extracts
(every extract looks back years), not partitions."""

import dagster as dg

from pipelines.landed import landed_months
from pipelines.settings import Settings, code_location_settings
from schemas.months import MONTH_KEY

#: Where the partitions start when nothing has landed yet and none is configured.
HISTORY_START = "2015-04"


def first_extract_month(settings: Settings) -> str:
    """The configured first month (CPR_FIRST_MONTH), else the earliest month landed (with
    READY) for the LA (for any of the deployment's LAs, CPR_LAS)."""
    if settings.first_month:
        return settings.first_month
    landed = [
        month
        for la in settings.las or (settings.la_code,)
        for month in landed_months(settings.for_la(la))
    ]
    return min(landed) if landed else HISTORY_START


def month_partitions(settings: Settings) -> dg.MonthlyPartitionsDefinition:
    """One partition per extract month from the first one, keyed like the landing folders."""
    return dg.MonthlyPartitionsDefinition(start_date=first_extract_month(settings), fmt=MONTH_KEY)


#: Every asset's partitions are part of its definition, which Dagster needs when the code
#: location loads (the UI lists them, the sensor checks landed months against them), before any
#: resource exists: so the first month is the environment's at load time, not a field of the
#: CareData resource, and changing it (or landing an earlier month) takes a reload.
extract_months = month_partitions(code_location_settings())

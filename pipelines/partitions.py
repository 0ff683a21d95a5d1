"""The extract-month partitions: from the LA's first extract month to this month, so a missing
partition is a month not yet run. History before the first extract is data in the extracts
(every extract looks back years), not partitions."""

import dataclasses
import os

import dagster as dg

from pipelines.landed import landed_months
from pipelines.settings import Settings, load_settings

#: Where the partitions start when nothing has landed yet and none is configured.
HISTORY_START = "2015-04"


def first_extract_month(settings: Settings) -> str:
    """CPR_FIRST_MONTH, else the earliest month landed (with READY) for the LA (for any of
    the deployment's LAs, CPR_LAS)."""
    if configured := os.environ.get("CPR_FIRST_MONTH"):
        return configured
    landed = [
        month
        for la in settings.las or (settings.la_code,)
        for month in landed_months(dataclasses.replace(settings, la_code=la))
    ]
    return min(landed) if landed else HISTORY_START


#: One partition per extract month, keyed like the landing folders (YYYY-MM).
extract_months = dg.MonthlyPartitionsDefinition(
    start_date=first_extract_month(load_settings()), fmt="%Y-%m"
)

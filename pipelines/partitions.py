import dagster as dg

from pipelines.settings import Settings, code_location_settings
from schemas.months import MONTH_KEY


def month_partitions(settings: Settings) -> dg.MonthlyPartitionsDefinition:
    """One partition per extract month from the first one, keyed like the landing folders."""
    return dg.MonthlyPartitionsDefinition(start_date=settings.first_month, fmt=MONTH_KEY)


#: Every asset's partitions are part of its definition, which Dagster needs when the code
#: location loads (the UI lists them, the sensor checks landed months against them), before any
#: resource exists: so the first month is the environment's (CPR_FIRST_MONTH) at load time, not
#: a field of the CareData resource, and changing it takes a reload of the code location.
extract_months = month_partitions(code_location_settings())

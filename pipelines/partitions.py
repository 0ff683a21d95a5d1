import os

import dagster as dg

#: One partition per extract month, keyed like the landing folders (YYYY-MM).
extract_months = dg.MonthlyPartitionsDefinition(
    start_date=os.environ.get("CPR_FIRST_MONTH", "2015-04"), fmt="%Y-%m"
)

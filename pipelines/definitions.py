"""The one Definitions of the code location (``workspace.yaml`` points here)."""

import dagster as dg

from pipelines.assets.extract import landing
from pipelines.assets.publish import drill_audits, mart_audits, published_marts
from pipelines.assets.reports import dashboard
from pipelines.assets.staging import staged_extract
from pipelines.assets.warehouse import model_assets, reference_assets
from pipelines.freshness import due_by_working_day
from pipelines.jobs import monthly_report
from pipelines.resources import CareData
from pipelines.schedules import monthly_after_month_end
from pipelines.sensors import landing_ready

defs = dg.Definitions(
    assets=[
        landing,
        staged_extract,
        *reference_assets,
        *model_assets,
        # What the councillors' report is made from is due by a working day each month.
        *due_by_working_day([published_marts, dashboard]),
    ],
    asset_checks=[mart_audits, drill_audits],
    jobs=[monthly_report],
    schedules=[monthly_after_month_end],
    sensors=[landing_ready],
    resources={"care_data": CareData()},
)

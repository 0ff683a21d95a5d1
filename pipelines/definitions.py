"""The one Definitions of the code location (``workspace.yaml`` points here)."""

import dagster as dg

from pipelines.assets.extract import landing
from pipelines.assets.outlook import outlook
from pipelines.assets.publish import drill_audits, mart_audits, public_marts, published_marts
from pipelines.assets.quality import GreatExpectations, mart_expectations
from pipelines.assets.region import regional_dashboard, regional_marts
from pipelines.assets.reports import dashboard, report_documents, validation_report
from pipelines.assets.staging import staged_extract
from pipelines.assets.warehouse import warehouse_steps
from pipelines.freshness import due_by_working_day
from pipelines.jobs import monthly_documents, monthly_report, regional_report
from pipelines.notify import notify_marts_late, notify_run_failure
from pipelines.resources import CareData
from pipelines.schedules import monthly_after_month_end
from pipelines.sensors import documents_after_report, landing_ready, region_after_las
from pipelines.settings import code_location_settings
from pipelines.sqlite_instance import without_flush_per_commit

without_flush_per_commit()  # the local instance's event writes (pipelines/sqlite_instance.py)

defs = dg.Definitions(
    assets=[
        landing,
        staged_extract,
        validation_report,
        *warehouse_steps,
        outlook,
        # What the councillors' report is made from is due by a working day each month.
        *due_by_working_day([published_marts, dashboard], code_location_settings()),
        public_marts,
        report_documents,
        regional_marts,
        regional_dashboard,
    ],
    asset_checks=[mart_audits, drill_audits, mart_expectations],
    jobs=[monthly_report, monthly_documents, regional_report],
    schedules=[monthly_after_month_end],
    sensors=[
        landing_ready,
        documents_after_report,
        region_after_las,
        notify_run_failure,
        notify_marts_late,
    ],
    resources={"care_data": CareData(), "great_expectations": GreatExpectations()},
)

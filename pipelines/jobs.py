import dagster as dg

#: Refreshes the extract months it is given, then the marts, publication and dashboards.
#: In process: at LA scale Dagster's per-step subprocesses cost more than the data work.
monthly_report = dg.define_asset_job(
    "monthly_report",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets("landing"),
    executor_def=dg.in_process_executor,
    description="Load, validate and warehouse the extract month(s), rebuild and publish the marts, "
    "render the dashboard. A range of months runs as one run.",
)

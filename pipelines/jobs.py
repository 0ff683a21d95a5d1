import dagster as dg

#: Tags the runs ``cpr run`` starts, so the next one can tell which of them died unfinished, and
#: the documents sensor leaves their documents to it (it runs them itself).
STARTED_BY_CPR = {"cpr/started_by": "cpr run"}

REGION = dg.AssetSelection.groups("region")
DOCUMENTS = dg.AssetSelection.assets("report_documents")

#: Refreshes the extract months it is given, then the marts, publication and dashboards.
#: In process: at LA scale Dagster's per-step subprocesses cost more than the data work.
monthly_report = dg.define_asset_job(
    "monthly_report",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets("landing") - REGION - DOCUMENTS,
    executor_def=dg.in_process_executor,
    description="Load, validate and warehouse the extract month(s), rebuild and publish the marts, "
    "render the dashboard. A range of months runs as one run. Its documents follow in "
    "monthly_documents.",
)

#: The month's Excel, PDFs, committee paper and Data Docs, after monthly_report has published:
#: printing takes seconds a page and must not hold back the figures.
monthly_documents = dg.define_asset_job(
    "monthly_documents",
    selection=DOCUMENTS,
    executor_def=dg.in_process_executor,
    description="Write the Excel, PDF, committee paper and Data Docs of the month(s) a "
    "monthly_report run published (started by documents_after_report, or by cpr run).",
)

#: The region's marts and dashboard from its LAs' latest publications (run after theirs).
regional_report = dg.define_asset_job(
    "regional_report",
    selection=REGION,
    executor_def=dg.in_process_executor,
    description="Union the published marts of the region's LAs (CPR_REGION_LAS) and render the "
    "regional dashboard, each LA side by side.",
)

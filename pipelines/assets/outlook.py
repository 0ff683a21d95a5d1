"""The Outlook: where the number of children in care is heading (warehouse/outlook.py), made
after the marts from the warehouse's month-end history and published beside them."""

import time

import dagster as dg

from pipelines.resources import WAREHOUSE_POOL, CareData
from warehouse.outlook_mart import build_outlook, outlook_settings

DESCRIPTION = (
    "A projection of children in care for the 12 months after the latest extract (in total, by "
    "age band and placement group, with starts and ceases), with 80% and 95% prediction "
    "intervals from a seeded stock-and-flow simulation, and the LA's scenarios beside it. "
    "A projection, never a monthly figure: kept out of kpi_monthly."
)


@dg.multi_asset(
    name="outlook",
    specs=[
        dg.AssetSpec(
            "mart_outlook",
            group_name="marts",
            description=DESCRIPTION,
            deps=["fct_child_month", "dim_child", "kpi_monthly"],
            kinds={"duckdb", "python"},
            owners=["team:data"],
        ),
        dg.AssetSpec(
            "outlook_status",
            group_name="marts",
            description="Per extract month projected from: whether the outlook projected or "
            "why not (too little history), and the method's settings.",
            deps=["fct_child_month", "dim_child", "kpi_monthly"],
            kinds={"duckdb", "python"},
            owners=["team:data"],
        ),
    ],
    pool=WAREHOUSE_POOL,
)
def outlook(context: dg.AssetExecutionContext, care_data: CareData):
    settings = care_data.settings
    started, cpu = time.perf_counter(), time.process_time()
    with care_data.warehouse() as con:
        made = build_outlook(con, settings.la_code, outlook_settings(settings.indicator_config))
    seconds = round(time.perf_counter() - started, 2)
    # CPU seconds too: wall time on a shared machine says more about the load than the model.
    cpu_seconds = round(time.process_time() - cpu, 2)
    status = "nothing loaded" if made is None else made.status
    context.log.info(f"Outlook: {status} in {seconds} s ({cpu_seconds} CPU s)")
    metadata = {"status": status, "seconds": seconds, "cpu_seconds": cpu_seconds}
    if made is not None:
        metadata |= {"as_of": str(made.as_of), "message": made.message}
    yield dg.MaterializeResult(
        asset_key="mart_outlook", metadata={**metadata, "rows": made.frame.height if made else 0}
    )
    yield dg.MaterializeResult(asset_key="outlook_status", metadata=metadata)

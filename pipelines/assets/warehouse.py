"""Warehouse and mart assets: one per SQL model file, plus the reference tables they join."""

import dagster as dg

from pipelines.partitions import extract_months
from pipelines.resources import CareData, month_start
from warehouse.models import Model, all_models
from warehouse.reference import REFERENCE_TABLES, load_reference
from warehouse.runner import run_model

GROUP = {"dims": "warehouse", "facts": "warehouse", "marts": "marts", "drill": "drill_through"}


def model_asset(model: Model) -> dg.AssetsDefinition:
    partitioned = model.partitioned

    @dg.asset(
        name=model.name,
        group_name=GROUP[model.layer],
        description=f"{model.description}\n\nSQL: `{model.path.relative_to(model.path.parents[3])}`",
        deps=list(model.depends_on),
        kinds={"duckdb", "sql"},
        partitions_def=extract_months if partitioned else None,
        backfill_policy=dg.BackfillPolicy.single_run() if partitioned else None,
        pool="duckdb_warehouse",
        owners=["team:data"],
    )
    def _asset(context: dg.AssetExecutionContext, care_data: CareData) -> dg.MaterializeResult:
        months = [month_start(k) for k in context.partition_keys] if partitioned else []
        with care_data.warehouse() as con:
            rows = run_model(con, model, [care_data.settings.la_code], months)
        return dg.MaterializeResult(metadata={"rows": rows, "table": model.table})

    return _asset


def reference_asset(name: str) -> dg.AssetsDefinition:
    @dg.asset(
        name=name,
        group_name="warehouse",
        description=REFERENCE_TABLES[name][0],
        kinds={"duckdb"},
        pool="duckdb_warehouse",
    )
    def _asset(care_data: CareData) -> dg.MaterializeResult:
        with care_data.warehouse() as con:
            rows = load_reference(con, name, care_data.settings.indicator_config)
        return dg.MaterializeResult(metadata={"rows": rows})

    return _asset


reference_assets = [reference_asset(name) for name in REFERENCE_TABLES]
model_assets = [model_asset(m) for m in all_models().values()]

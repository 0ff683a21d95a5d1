"""Warehouse and mart assets: one per SQL model file, plus the reference tables they join.

Every model is its own asset (its own node, description and lineage in the UI), but they run in
three Dagster steps, not one each: at LA scale a step's bookkeeping (events, data versions, a
fresh DuckDB connection) costs more than its SQL. The steps follow the partitioning, as a
multi-asset's assets share one: the whole tables the facts read (reference tables, calendars),
the partitioned facts, drill lists and section marts, then the whole marts built from them. Each
step can run a subset (what the UI selects), in dependency order, on one connection.
"""

import dagster as dg

from pipelines.month_metadata import add_per_month, rows_by_month
from pipelines.partitions import extract_months
from pipelines.resources import WAREHOUSE_POOL, CareData
from pipelines.table_metadata import model_metadata
from schemas.months import parse_month
from warehouse.build import build_order
from warehouse.models import Model, all_models
from warehouse.reference import REFERENCE_TABLES, load_reference
from warehouse.runner import run_model

GROUP = {"dims": "warehouse", "facts": "warehouse", "marts": "marts", "drill": "drill_through"}


def model_spec(model: Model) -> dg.AssetSpec:
    return dg.AssetSpec(
        model.name,
        group_name=GROUP[model.layer],
        description=f"{model.description}\n\nSQL: `{model.path.relative_to(model.path.parents[3])}`",
        deps=list(model.depends_on),
        kinds={"duckdb", "sql"},
        partitions_def=extract_months if model.partitioned else None,
        owners=["team:data"],
    )


def reference_spec(name: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        name,
        group_name="warehouse",
        description=REFERENCE_TABLES[name][0],
        kinds={"duckdb"},
        owners=["team:data"],
    )


def steps() -> dict[str, list[str]]:
    """Each step's tables, in build order: whole tables before the first partitioned model that
    reads them, the partitioned models, and the whole tables that read partitioned ones."""
    models = all_models()
    after: set[str] = set()  # built from partitioned tables
    grouped: dict[str, list[str]] = {
        "warehouse_inputs": [],
        "warehouse_models": [],
        "warehouse_marts": [],
    }
    for name in build_order():
        model = models.get(name)
        if model is None:
            grouped["warehouse_inputs"].append(name)
        elif model.partitioned:
            after.add(name)
            grouped["warehouse_models"].append(name)
        elif after & set(model.depends_on):
            after.add(name)
            grouped["warehouse_marts"].append(name)
        else:
            grouped["warehouse_inputs"].append(name)
    partitioned_reads = {d for n in grouped["warehouse_models"] for d in models[n].depends_on}
    if late := partitioned_reads & set(grouped["warehouse_marts"]):
        raise ValueError(f"partitioned models read whole tables built after them: {late}")
    return grouped


def build_step(step: str, names: list[str]) -> dg.AssetsDefinition:
    models = all_models()
    partitioned = step == "warehouse_models"

    @dg.multi_asset(
        name=step,
        specs=[model_spec(models[n]) if n in models else reference_spec(n) for n in names],
        can_subset=True,
        backfill_policy=dg.BackfillPolicy.single_run() if partitioned else None,
        pool=WAREHOUSE_POOL,
    )
    def _step(context: dg.AssetExecutionContext, care_data: CareData):
        selected = {key.to_user_string() for key in context.selected_asset_keys}
        months = [parse_month(k) for k in context.partition_keys] if partitioned else []
        settings = care_data.settings
        with care_data.warehouse() as con:
            for name in names:
                if name not in selected:
                    continue
                if name in models:
                    rows = run_model(con, models[name], [settings.la_code], months)
                    metadata = {
                        "rows": rows,
                        "table": models[name].table,
                        **model_metadata(con, models[name], settings.la_code),
                    }
                    if partitioned:  # each month's own rows on its partition
                        add_per_month(
                            context,
                            rows_by_month(con, models[name].table, settings.la_code, months),
                            name,
                        )
                else:
                    metadata = {"rows": load_reference(con, name, settings.indicator_config)}
                yield dg.MaterializeResult(asset_key=name, metadata=metadata)

    return _step


warehouse_steps = [build_step(step, names) for step, names in steps().items()]

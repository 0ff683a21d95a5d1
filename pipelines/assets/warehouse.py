"""Warehouse and mart assets: one per SQL model file, plus the reference tables they join."""

import dagster as dg
import polars as pl

from pipelines.partitions import extract_months
from pipelines.resources import CareData, month_start
from schemas.codes import CODE_LISTS
from warehouse.catalogue import indicator_frame
from warehouse.models import Model, all_models
from warehouse.runner import replace_rows, run_model

REFERENCE_DIR = (
    __import__("pathlib").Path(__file__).resolve().parents[2] / "warehouse" / "reference"
)
GROUP = {"dims": "warehouse", "facts": "warehouse", "marts": "marts"}


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
            rows = run_model(con, model, care_data.la_code, months)
        return dg.MaterializeResult(metadata={"rows": rows, "table": model.table})

    return _asset


def reference_asset(name: str, description: str, load: callable) -> dg.AssetsDefinition:
    @dg.asset(
        name=name,
        group_name="warehouse",
        description=description,
        kinds={"duckdb"},
        pool="duckdb_warehouse",
    )
    def _asset(care_data: CareData) -> dg.MaterializeResult:
        frame: pl.DataFrame = load()
        with care_data.warehouse() as con:
            con.execute("begin transaction")
            replace_rows(con, f"main.{name}", frame, "true", {})
            con.execute("commit")
        return dg.MaterializeResult(metadata={"rows": frame.height})

    return _asset


def _codes() -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "code_type": t,
                "code": c.code,
                "label": c.label,
                "first_year": c.first_year,
                "last_year": c.last_year,
            }
            for t, codes in CODE_LISTS.items()
            for c in codes
        ]
    )


def _population() -> pl.DataFrame:
    return pl.read_csv(REFERENCE_DIR / "population.csv", schema_overrides={"la_code": pl.String})


reference_assets = [
    reference_asset(
        "dim_code",
        "Every code of the extract tables, with its meaning and the collection years it is valid (schemas/codes.py).",
        _codes,
    ),
    reference_asset(
        "dim_indicator",
        "The indicator catalogue (warehouse/catalogue.yaml) as a table.",
        indicator_frame,
    ),
    reference_asset(
        "ref_population",
        "ONS mid-year estimates of children aged 0-17 per LA and year (warehouse/reference/population.csv).",
        _population,
    ),
]
model_assets = [model_asset(m) for m in all_models().values()]

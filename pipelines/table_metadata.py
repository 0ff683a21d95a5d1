"""What the Dagster UI shows of a warehouse table after each materialisation: its column schema
with each column's description (warehouse/column_docs.py), its row count and, for aggregate
tables only, a small preview. A record-level table (facts, drill lists, staging) never gets a
preview: its rows are children."""

from decimal import Decimal

import dagster as dg
import duckdb
import polars as pl

from warehouse.column_docs import column_descriptions, table_columns
from warehouse.models import Model

#: Layers whose rows are aggregates, safe to preview in the UI.
AGGREGATE_LAYERS = {"marts"}
PREVIEW_ROWS = 12


def column_schema(con: duckdb.DuckDBPyConnection, table: str, model: str | None) -> dg.TableSchema:
    columns = table_columns(con, table)
    described = column_descriptions(model, [name for name, _ in columns])
    return dg.TableSchema(
        columns=[
            dg.TableColumn(name, type.lower(), description=described.get(name))
            for name, type in columns
        ]
    )


def record_value(value: object) -> str | int | float | bool | None:
    """A value as a Dagster table record holds it: text, a number or a boolean (a date as its
    ISO text, a decimal as a float)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def frame_table(frame: pl.DataFrame) -> dg.TableMetadataValue:
    """A small aggregate frame as a Dagster table (the UI draws it, with its column types)."""
    return dg.MetadataValue.table(
        records=[
            dg.TableRecord({k: record_value(v) for k, v in row.items()})
            for row in frame.iter_rows(named=True)
        ],
        schema=dg.TableSchema(
            columns=[
                dg.TableColumn(name, str(dtype).lower()) for name, dtype in frame.schema.items()
            ]
        ),
    )


def model_metadata(con: duckdb.DuckDBPyConnection, model: Model, la_code: str) -> dict:
    """Schema and row count of a model's table; for a mart, its latest rows of this LA."""
    metadata: dict = {
        "dagster/column_schema": column_schema(con, model.table, model.name),
        "dagster/row_count": con.execute(f"select count(*) from {model.table}").fetchall()[0][0],
        "dagster/table_name": model.table,
    }
    names = {name for name, _ in table_columns(con, model.table)}
    if model.layer in AGGREGATE_LAYERS and "la_code" in names:
        order = "month desc" if "month" in names else "all"
        metadata["preview"] = frame_table(
            con.sql(
                f"select * from {model.table} where la_code = $la "
                f"order by {order} limit {PREVIEW_ROWS}",
                params={"la": la_code},
            ).pl()
        )
    return metadata

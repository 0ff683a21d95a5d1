"""Friendly views for report authors in the published marts file, every view and column
commented (``duckdb_views()``/``duckdb_columns()``; Power BI and DBeaver show them), so a report
can be built without reading this code. Names and comments come from the models' and the
catalogue's own descriptions (warehouse/column_docs.py), so they cannot drift from them.
"""

from __future__ import annotations

import duckdb

from warehouse.catalogue import sections
from warehouse.column_docs import column_descriptions, table_columns
from warehouse.models import all_models
from warehouse.reference import REFERENCE_TABLES

#: The Outlook's tables (warehouse/outlook_mart.py): a projection, apart from the monthly figures.
OUTLOOK_VIEWS = {
    "v_outlook": (
        "mart_outlook",
        "Outlook (a projection, not a monthly figure): for each extract month projected from "
        "(as_of), the next 12 months' children in care in total, by age band and placement "
        "group, and starts and ceases, as the median and 80%/95% prediction intervals of a "
        "seeded stock-and-flow simulation; the baseline and each scenario of the LA's config.",
    ),
    "v_outlook_status": (
        "outlook_status",
        "Outlook: per extract month projected from, whether it projected (or why not: too "
        "little history) and the method's settings.",
    ),
}

#: A section mart's view is named after its section, except where the section's id is not what
#: a report author would look for.
FRIENDLIER = {"population": "children_in_care"}


def report_views(published: list[str]) -> dict[str, tuple[str, str]]:
    """view name -> (published table, what it holds) for the published tables given."""
    titles = {s["id"]: s["title"] for s in sections()}
    models = all_models()
    views = {
        "v_indicators": ("kpi_monthly", models["kpi_monthly"].description),
        "v_indicator_catalogue": ("indicator_catalogue", REFERENCE_TABLES["dim_indicator"][0]),
        "v_publication": (
            "publication",
            "This file's publication: LA, first and last month, whether synthetic, when and by "
            "which run it was published.",
        ),
    }
    for table in published:
        if table.startswith("mart_") and table in models:
            section = table.removeprefix("mart_")
            title = titles.get(section, section)
            view = f"v_{FRIENDLIER.get(section, section)}"
            views[view] = (table, f"{title}: {models[table].description}")
    views |= OUTLOOK_VIEWS
    return {name: spec for name, spec in sorted(views.items()) if spec[0] in published}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_report_views(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    """Create the commented views over the tables already in ``catalog`` (the new published
    file, attached); the view names."""
    published = [
        row[0]
        for row in con.execute(
            "select table_name from duckdb_tables() where database_name = $catalog",
            {"catalog": catalog},
        ).fetchall()
    ]
    views = report_views(published)
    for view, (table, description) in views.items():
        # Unqualified: a view resolves in its own file, wherever that file is opened from.
        con.execute(f"create view {catalog}.{view} as select * from {table}")
        con.execute(f"comment on view {catalog}.{view} is {_quote(description)}")
        con.execute(f"comment on table {catalog}.{table} is {_quote(description)}")
        columns = [name for name, _ in table_columns(con, f"{catalog}.{table}")]
        model = table if table in all_models() else None
        for column, text in column_descriptions(model, columns).items():
            for relation in (view, table):
                con.execute(f"comment on column {catalog}.{relation}.{column} is {_quote(text)}")
    return list(views)

"""Audits of the marts that must pass before anything is published. Each is a query counting the
rows that break it: zero means it passes. How figures relate to each other (UASC and non-UASC
add up to the children in care, ...) is declared once, in ``warehouse/relations.py``, and checked
by the blocking ``totals_reconcile`` suite, not restated here."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from warehouse.models import Model, all_models


@dataclass(frozen=True)
class Audit:
    name: str
    description: str
    sql: str


AUDITS = [
    Audit(
        "every_indicator_every_month",
        "Every catalogue indicator has a row for every month the marts hold.",
        """
        select count(*) from (select distinct la_code, month from mart.kpi_monthly) as m
        cross join main.dim_indicator as i
        anti join mart.kpi_monthly as k
            on k.la_code = m.la_code and k.month = m.month and k.indicator_id = i.indicator_id
        """,
    ),
    Audit(
        "counts_and_percentages_in_range",
        "Counts are not negative and percentages lie within 0-100 (changes since April excepted).",
        """
        select count(*) from mart.kpi_monthly
        where indicator_id not like '%change%'
            and (value < 0 or (unit = 'percent' and value > 100))
        """,
    ),
]


def drill_audit(model: Model) -> Audit:
    """The children a drill-through table lists for a figure are as many as the figure counts:
    for every indicator and role (numerator, denominator) the table lists at all, in every month
    (none listed is a count of 0); "no data" figures are not compared. And it lists children only
    for catalogue indicators: listed_counts would drop any other list unseen."""
    return Audit(
        f"{model.name}_agrees_with_kpi",
        f"{model.table} lists as many children as kpi_monthly counts, figure by figure, and only "
        "for indicators in the catalogue.",
        f"""
        with listed as (
            select la_code, extract_month, month, indicator_id, role, count(*) as children
            from {model.table}
            group by all
        ),
        roles as (select distinct la_code, indicator_id, role from listed),
        figures as (
            select k.la_code, k.extract_month, k.month, k.indicator_id, r.role,
                case r.role when 'numerator' then k.numerator else k.denominator end as figure
            from mart.kpi_monthly as k
            join roles as r on r.la_code = k.la_code and r.indicator_id = k.indicator_id
        )
        select (
            select count(*) from figures as f
            left join listed as l
                on l.la_code = f.la_code and l.extract_month = f.extract_month
                and l.month = f.month and l.indicator_id = f.indicator_id and l.role = f.role
            where f.figure is not null and coalesce(l.children, 0) <> f.figure
        ) + (
            select count(*) from listed anti join main.dim_indicator using (indicator_id)
        )
        """,
    )


DRILL_AUDITS = [drill_audit(m) for m in all_models().values() if m.layer == "drill"]


def failing_rows(con: duckdb.DuckDBPyConnection, audit: Audit) -> int:
    rows = con.execute(audit.sql).fetchall()  # fetch to the end: the connection is reused
    return int(rows[0][0]) if rows else 0

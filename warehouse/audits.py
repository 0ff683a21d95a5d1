"""Audits of the marts that must pass before anything is published. Each is a query counting the
rows that break it: zero means it passes."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


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
    Audit(
        "uasc_within_children_in_care",
        "UASC and non-UASC children add up to the children in care.",
        """
        select count(*) from (
            select
                sum(value) filter (where indicator_id in ('cla_uasc', 'cla_non_uasc')) as parts,
                max(value) filter (where indicator_id = 'cla_count') as total
            from mart.kpi_monthly
            group by la_code, month
        )
        where parts <> total
        """,
    ),
]


def failing_rows(con: duckdb.DuckDBPyConnection, audit: Audit) -> int:
    row = con.execute(audit.sql).fetchone()
    return int(row[0]) if row else 0

"""Write, audit, publish: the marts reach report tools only when every audit passes."""

import datetime as dt
from collections.abc import Callable

import dagster as dg

from pipelines.resources import WAREHOUSE_POOL, CareData
from warehouse.audits import AUDITS, DRILL_AUDITS, Audit, failing_rows
from warehouse.models import all_models
from warehouse.publish import OPTIONAL_TABLES, PUBLISHED_TABLES, publish, record_first_published

DRILL_TABLES = [m.name for m in all_models().values() if m.layer == "drill"]
MART_SOURCES = [
    *(source.split(".")[1] for source in PUBLISHED_TABLES.values()),
    *DRILL_TABLES,
    *OPTIONAL_TABLES,
]


def audit_checks(
    name: str, audits: list[Audit], asset_of: Callable[[Audit], str], after: list[str]
) -> dg.AssetChecksDefinition:
    """Blocking checks running each audit's query on the asset it is about."""

    @dg.multi_asset_check(
        name=name,
        specs=[
            dg.AssetCheckSpec(
                a.name,
                asset=asset_of(a),
                additional_deps=after,
                description=a.description,
                blocking=True,
            )
            for a in audits
        ],
        can_subset=False,
    )
    def _checks(care_data: CareData):
        with care_data.warehouse() as con:
            for audit in audits:
                failing = failing_rows(con, audit)
                yield dg.AssetCheckResult(
                    check_name=audit.name,
                    asset_key=asset_of(audit),
                    passed=failing == 0,
                    metadata={"failing_rows": failing},
                )

    return _checks


mart_audits = audit_checks("mart_audits", AUDITS, lambda _: "kpi_monthly", [])
# Each kpi_<section> counts its figures from its drill_<section> lists, so the lists are upstream
# of kpi_monthly: a list is checked against the figure it feeds once kpi_monthly is built (a
# check on the drill table itself, waiting for kpi_monthly, would block its own mart).
drill_audits = audit_checks("drill_audits", DRILL_AUDITS, lambda _: "kpi_monthly", [])


@dg.asset(
    group_name="marts",
    deps=MART_SOURCES,
    description="The published marts file report tools open read-only: built fresh, audited, "
    "then renamed over the previous one in one step.",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    owners=["team:data"],
)
def published_marts(context: dg.AssetExecutionContext, care_data: CareData) -> dg.MaterializeResult:
    settings = care_data.settings
    with care_data.warehouse() as con:
        broken = [a.name for a in AUDITS + DRILL_AUDITS if failing_rows(con, a)]
        if broken:
            raise dg.Failure(
                f"Audits failed ({', '.join(broken)}); the last publication stays in place."
            )
        months = con.execute(
            "select min(month), max(month), bool_or(synthetic) from mart.kpi_monthly "
            "join meta.extract_load using (la_code) where la_code = $la",
            {"la": settings.la_code},
        ).fetchone()
        path = publish(
            con,
            settings.published_path,
            {
                "la_code": settings.la_code,
                "la_name": settings.la_name,
                "first_month": months[0],
                "last_month": months[1],
                "synthetic": bool(months[2]),
                "published_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                "run_id": context.run_id,
            },
        )
        record_first_published(con)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "tables": ", ".join(PUBLISHED_TABLES),
            "months": f"{months[0]} to {months[1]}",
        }
    )

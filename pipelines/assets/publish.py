"""Write, audit, publish: the marts reach report tools only when every audit passes."""

import datetime as dt
from collections.abc import Callable

import dagster as dg
import duckdb

from pipelines.resources import WAREHOUSE_POOL, CareData
from warehouse.audits import AUDITS, DRILL_AUDITS, Audit, failing_rows
from warehouse.models import all_models
from warehouse.publish import (
    OPTIONAL_TABLES,
    PUBLISHED_TABLES,
    current_file,
    publish,
    publish_public,
    record_first_published,
)

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
# Each figure counts its drill_<section> lists (listed_counts), so the lists are upstream of
# kpi_monthly: a list is checked against the figure it feeds once kpi_monthly is built (a
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
        # The blocking checks above stop this asset only within the run that ran them: a run
        # that publishes without rebuilding kpi_monthly (published_marts selected alone in the
        # UI, a re-publish after a failed write) has no check in it. So the audits, cheap beside
        # the build, run here too, on exactly the tables about to be published. The Great
        # Expectations suites, run in a worker process, are left to their checks.
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
            versioned=settings.publish_versioned,
        )
        record_first_published(con)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "tables": ", ".join(PUBLISHED_TABLES),
            "months": f"{months[0]} to {months[1]}",
        }
    )


@dg.asset(
    group_name="marts",
    deps=[published_marts],
    description="The public marts file: the published edition's figures for open data and "
    "public reports (counts of 1 to 5 and every figure that would reveal one null, with "
    "suppressed = true; no numerators, denominators or first-reported values), the catalogue "
    "and the publication. The internal file beside it is for council staff.",
    kinds={"duckdb"},
    # One publisher of the LA's files at a time: a publication clears a killed one's leftovers.
    pool=WAREHOUSE_POOL,
    owners=["team:data"],
)
def public_marts(care_data: CareData) -> dg.MaterializeResult:
    settings = care_data.settings
    with duckdb.connect(str(current_file(settings.published_path)), read_only=True) as con:
        publication = con.sql("select * from publication").pl().row(0, named=True)
    path = publish_public(
        settings.published_path, settings.public_path, publication, settings.publish_versioned
    )
    with duckdb.connect(str(path), read_only=True) as con:
        hidden = con.execute("select count(*) from kpi_monthly where suppressed").fetchone()[0]
    return dg.MaterializeResult(
        metadata={"path": dg.MetadataValue.path(str(path)), "figures_suppressed": hidden}
    )

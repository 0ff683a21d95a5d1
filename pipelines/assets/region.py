"""Regional mode: the published marts of the region's LAs (CPR_REGION_LAS) unioned into one
file, and a dashboard with each LA side by side. Runs apart from any LA's monthly run: it reads
only the LAs' published files, read-only."""

import datetime as dt

import dagster as dg
import duckdb

from dashboard.region import render_regional_dashboard
from pipelines.resources import CareData
from warehouse.catalogue import indicators
from warehouse.region import publish_region


@dg.asset(
    group_name="region",
    deps=["published_marts"],
    description="The region's marts (data/published/marts_region_<region>.duckdb): each published "
    "table of every LA of the region (CPR_REGION_LAS), unioned from the LAs' published files "
    "opened read-only, published atomically like an LA's marts.",
    kinds={"duckdb"},
    owners=["team:data"],
)
def regional_marts(context: dg.AssetExecutionContext, care_data: CareData) -> dg.MaterializeResult:
    settings = care_data.settings
    if not settings.region_las:
        raise dg.Failure("No LAs in the region: set CPR_REGION_LAS (e.g. 873,874).")
    publication = publish_region(
        settings.region,
        {la: settings.published_marts_of(la) for la in settings.region_las},
        settings.region_published_path,
        context.run_id,
        settings.publish_versioned,
    )
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(settings.region_published_path)),
            "las": ", ".join(publication["la_codes"]),
            "months": f"{publication['first_month']} to {publication['last_month']}",
        }
    )


@dg.asset(
    group_name="region",
    deps=["regional_marts"],
    description="The regional dashboard (HTML) for the latest month: indicator rows, one column "
    "per LA, from the regional marts.",
    kinds={"html"},
    owners=["team:data"],
)
def regional_dashboard(care_data: CareData) -> dg.MaterializeResult:
    settings = care_data.settings
    with duckdb.connect(str(settings.region_published_path), read_only=True) as con:
        kpi = con.sql("select * from kpi_monthly").pl()
        codes, names, month, synthetic = con.execute(
            "select la_codes, la_names, last_month, synthetic from publication"
        ).fetchall()[0]
    html = render_regional_dashboard(
        kpi,
        indicators(),
        region=settings.region,
        las=dict(zip(codes, names, strict=True)),
        month=month,
        synthetic=synthetic,
        generated_at=dt.datetime.now(),
    )
    path = settings.region_report_folder(month.strftime("%Y-%m")) / "dashboard.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return dg.MaterializeResult(
        metadata={"dashboard": dg.MetadataValue.path(str(path)), "url": path.as_uri()}
    )

"""The landing area: files the LA drops each month. Dagster observes it; it never writes it."""

import dagster as dg

from pipelines.partitions import extract_months

landing = dg.AssetSpec(
    "landing",
    group_name="extract",
    description=(
        "The month's extract as landed by the LA: <landing>/<la>/<YYYY-MM>/*.csv plus a READY "
        "marker. Read-only to the pipeline; each file's sha256, size and rows are recorded."
    ),
    kinds={"csv"},
    partitions_def=extract_months,
    owners=["team:data"],
)

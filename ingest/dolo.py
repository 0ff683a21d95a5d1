"""Facts from the episodes the DoLo table's rules need (the DfE's 707, 709 and 710), joined onto
each DoLo row before validation as ``_``-prefixed columns (see ``schemas.core``)."""

from __future__ import annotations

import polars as pl

from ingest.read import LINE

#: Placements rule 709 expects a child under a DoLO to be in, and those rule 710 bars.
DOLO_PLACEMENTS = ("K2", "Z12", "Z13")
DOLO_BARRED = ("K1", "P1", "R5", "K3")


def periods_of_care(episodes: pl.DataFrame) -> pl.DataFrame:
    """child_id, poc_start, poc_end per period of care, as the DfE's 707 builds them: a child's
    episodes by start, a new period where one starts after the previous ended."""
    ordered = episodes.filter(pl.col("decom").is_not_null()).sort("child_id", "decom")
    first = pl.int_range(pl.len()).over("child_id") == 0
    # After an open episode the DfE's comparison is false: the same period goes on.
    new = first | (pl.col("decom") > pl.col("dec").shift(1).over("child_id")).fill_null(False)
    return (
        ordered.with_columns(period=new.cum_sum())
        .group_by("child_id", "period")
        .agg(poc_start=pl.col("decom").first(), poc_end=pl.col("dec").last())
    )


def _out_of_care(dolo: pl.DataFrame, episodes: pl.DataFrame) -> pl.DataFrame:
    """707: the DoLO lies outside every one of the child's periods of care."""
    start, end = pl.col("dolo_start"), pl.col("dolo_end")
    outside = (
        (start.is_not_null() & end.is_null() & pl.col("poc_end").is_not_null())
        | (end.is_null() & (start < pl.col("poc_start")))
        | (end > pl.col("poc_end"))
        | (end < pl.col("poc_start"))
    ).fill_null(False)
    return (
        dolo.filter(start.is_not_null())
        .join(periods_of_care(episodes), on="child_id", how="left")
        .group_by(LINE)
        .agg(_out_of_care=outside.all())
    )


def _placements(dolo: pl.DataFrame, episodes: pl.DataFrame) -> pl.DataFrame:
    """709 and 710: an episode overlapping a DoLO with both dates is in a placement other than
    those expected, or in one barred."""
    overlapping = (
        dolo.filter(pl.col("dolo_start").is_not_null() & pl.col("dolo_end").is_not_null())
        .join(episodes.select("child_id", "decom", "dec", "place"), on="child_id")
        .filter(
            ((pl.col("dolo_start") <= pl.col("dec")) | pl.col("dec").is_null())
            & (pl.col("dolo_end") >= pl.col("decom"))
        )
    )
    return overlapping.group_by(LINE).agg(
        _unexpected_placement=(~pl.col("place").is_in(DOLO_PLACEMENTS)).any(),
        _barred_placement=pl.col("place").is_in(DOLO_BARRED).any(),
    )


def with_dolo_context(dolo: pl.DataFrame, episodes: pl.DataFrame) -> pl.DataFrame:
    """The DoLo rows with ``_out_of_care``, ``_unexpected_placement`` and ``_barred_placement``
    (false where there is nothing to judge)."""
    facts = ["_out_of_care", "_unexpected_placement", "_barred_placement"]
    return (
        dolo.join(_out_of_care(dolo, episodes), on=LINE, how="left")
        .join(_placements(dolo, episodes), on=LINE, how="left")
        .with_columns(pl.col(facts).fill_null(False))
    )

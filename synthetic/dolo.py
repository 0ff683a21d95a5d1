"""Deprivation of liberty orders (the 903's DoLo table, from 2026/27) as one extract sees them.

No record is drawn at random: a child in every sixth record slot, aged 12 or more and placed in
a children's home (K2) has an order made two weeks into that placement (or into April 2026, if
the placement began before) that ends the day before the placement does. So the orders sit in
the placements rule 709 expects and inside care (rule 707), and every extract of the county tells
the same story. An extract of a month before April 2026 has no DoLo file."""

from __future__ import annotations

import numpy as np
import polars as pl

from .extract_window import ExtractWindow, contract_table
from .records import CountyRecords

#: The first day the return collects DoLOs (collection year 2026/27).
DOLO_FROM = int(np.datetime64("2026-04-01", "D").astype(np.int64))
MADE_AFTER_DAYS = 14
SLOTS = 6
MIN_AGE_DAYS = int(12 * 365.25)


def orders(records: CountyRecords) -> pl.DataFrame:
    """child_idx, dolo_start, dolo_end (null while the placement lasts) of every order."""
    placements = records.episodes.filter(
        (pl.col("place") == "K2") & (pl.col("child_idx") % SLOTS == 0)
    ).join(records.children.select("child_idx", "dob"), on="child_idx")
    return (
        placements.select(
            "child_idx",
            "dob",
            dolo_start=pl.max_horizontal("decom", pl.lit(DOLO_FROM)) + MADE_AFTER_DAYS,
            dolo_end=pl.col("dec") - 1,
        )
        .filter(
            (pl.col("dolo_start") - pl.col("dob") >= MIN_AGE_DAYS)
            & (pl.col("dolo_end").is_null() | (pl.col("dolo_end") > pl.col("dolo_start")))
        )
        .drop("dob")
    )


def dolo(records: CountyRecords, w: ExtractWindow) -> pl.DataFrame | None:
    """Orders made by the month end that had not ended before its collection year began (the
    day after ``w.year_end``), of header children; an end after the month end is not known yet."""
    if w.end < DOLO_FROM:
        return None
    rows = (
        w.dated_until_end(orders(records), "dolo_start")
        .filter(pl.col("dolo_end").is_null() | (pl.col("dolo_end") > w.year_end))
        .with_columns(dolo_end=w.not_yet("dolo_end"))
    )
    return contract_table(w.of_people(rows).sort("child_idx", "dolo_start"), "dolo", w.month)

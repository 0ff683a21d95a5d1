"""Figures named in plain words, as councillors read them: the catalogue's ``plain_label``
(no 903 codes, no acronyms) where its ``label`` has one, and a row of a block (exploitation by
sex, by age) named with its block where it is read away from its table (the summary, the
committee paper, the commentary draft)."""

from __future__ import annotations

from typing import Any

import polars as pl


def plain_label(indicator: dict[str, Any]) -> str:
    """The indicator's label as councillors read it (no codes or acronyms)."""
    return indicator.get("plain_label") or indicator["label"]


def plain_labels(indicators: list[dict[str, Any]]) -> dict[str, str]:
    """The plain label of each indicator that has one, as read on its own (the summary, away
    from its table): a row of a block named with its block, "Child sexual exploitation - Girls"."""
    return {
        i["id"]: f"{i['group'].split(':')[0]} - {i['plain_label']}"
        if ": " in i.get("group", "")  # a block's row: "by sex", "by age"
        else i["plain_label"]
        for i in indicators
        if i.get("plain_label")
    }


def with_plain_labels(kpi: pl.DataFrame, indicators: list[dict[str, Any]]) -> pl.DataFrame:
    """kpi_monthly with each figure's label in plain words, for the summaries and drafts that
    name figures away from their tables (the dashboard's, the committee paper's)."""
    labels = plain_labels(indicators)
    return kpi.with_columns(
        pl.col("indicator_id").replace_strict(labels, default=pl.col("label")).alias("label")
    )

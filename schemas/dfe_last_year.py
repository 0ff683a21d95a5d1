"""The DfE's 903 rules that judge this year's rows against last year's return (the validator's
``Episodes_last``, ``Header_last``, ``DoLo_last``), and 387 beside them: mixins the models of
schemas.core take in.

Last year's return is the previous collection year's March extract the warehouse holds
(ingest.last_year says where it comes from and how it is cut); its facts are joined on by
ingest.last_year.with_last_year and are null where it is not held, so the rows pass. "This
year's" episodes, for the rules comparing the first episode of the year with last year's last,
are those of the collection year's return so far: open at some time from 1 April to the month.
All warnings: a disagreement between two years' returns does not stop a row being counted.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pandera.polars as pa
import polars as pl

from schemas.dfe_more import year_bounds
from schemas.months import collection_year
from schemas.row_rules import Model, rule


def _age_at_least(years: int, on: str, dob: str = "_dob") -> pl.Expr:
    return pl.col(dob).dt.offset_by(f"{years}y") <= pl.col(on)


@cache
def episodes_last_year(month_end: dt.date) -> Model:
    start, _ = year_bounds(month_end)
    in_return = (pl.col("decom") <= month_end) & (
        pl.col("dec").is_null() | (pl.col("dec") >= start)
    )
    first_of_year = in_return & (
        pl.col("decom") == pl.col("decom").filter(in_return).min().over("child_id")
    )

    class EpisodesLastYear(pa.DataFrameModel):
        # E5/E6: moved into independent living; the DfE compares the 14th birthday with DEC.
        independent_living_at_14 = rule(
            "DFE-387",
            ~(pl.col("rec").is_in(["E5", "E6"]) & ~_age_at_least(14, "dec"))
            | pl.col("dec").is_null(),
        )
        not_after_adoption = rule("DFE-199", ~(in_return & pl.col("_adopted_before")), "child")
        carries_on_open_episode = rule(
            "DFE-502", ~(first_of_year & (pl.col("decom") != pl.col("_last_open_decom")))
        )
        in_last_year = rule(
            "DFE-NoE", ~(in_return & (pl.col("decom") < start) & ~pl.col("_in_last_year"))
        )

    return EpisodesLastYear


@cache
def header_last_year(month_end: dt.date) -> Model:
    dolo_collected = collection_year(month_end) >= 2027

    def disagrees(column: str) -> pl.Expr:
        return pl.col("_in_last_header") & pl.col(column).ne_missing(pl.col(f"_{column}_last"))

    class HeaderLastYear(pa.DataFrameModel):
        same_sex = rule("DFE-202", ~disagrees("sex"))
        same_dob = rule("DFE-203", ~disagrees("dob"))
        same_ethnic = rule("DFE-204", ~disagrees("ethnic"))
        # A mother last year (MOTHER 1) stays one while the child is in care this year.
        still_mother = rule(
            "DFE-207",
            ~(disagrees("mother") & pl.col("_mother_last").eq("1") & pl.col("_in_care_this_year")),
        )
        dolo_carried_on = rule(
            "DFE-706", pl.lit(not dolo_collected) | ~pl.col("_dolo_dropped"), "dolo_start"
        )

    return HeaderLastYear


class Oc3LastYear(pa.DataFrameModel):
    relevant_child = rule("DFE-1001", ~pl.col("_not_care_leaver"))
    not_died_in_care = rule("DFE-1000", ~pl.col("_died_in_care"))
    had_episode = rule("DFE-1002", pl.col("_had_episode"))
    episodes_this_year = rule("DFE-1010", ~pl.col("_open_last_year_not_now"))

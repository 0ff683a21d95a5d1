"""The DfE's 903 rules that judge this year's rows against last year's return (the validator's
``Episodes_last``, ``Header_last``, ``OC3_last`` ...), and 387 beside them: mixins the models of
schemas.core take in.

Last year's return is the previous collection year's March extract the warehouse holds
(ingest.last_year says where it comes from and how it is cut); its facts are joined on by
ingest.last_year.with_last_year and are null where it is not held, so the rows pass. "This
year's" records, for the rules comparing the year's first with last year's last, are those of
the collection year's return so far: open at some time from 1 April to the month.
All warnings: a disagreement between two years' returns does not stop a row being counted.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pandera.polars as pa
import polars as pl

from schemas.codes import SHORT_BREAK_LS
from schemas.dfe_more import year_bounds
from schemas.months import collection_year
from schemas.row_rules import Model, rule

#: Rules 503A-F: the field of the year's first episode that must be last year's open final
#: episode's.
CARRIED_ON = {
    "503A": "rne",
    "503B": "ls",
    "503C": "cin",
    "503D": "place",
    "503E": "place_provider",
    "503F": "urn",
}


def _first(rows: pl.Expr, order: str) -> pl.Expr:
    """The row is the child's first of ``rows`` by ``order``."""
    return rows & (pl.col(order) == pl.col(order).filter(rows).min().over("child_id"))


def _changed(column: str, year: int) -> pl.Expr:
    """503A-F: the field differs from last year's final episode's (two blanks agree). A
    placement type that was recoded between the years is no change: H5 to K3 in 2023/24 to
    2024/25, Z1 to Z11-Z14 in 2025/26 (the validator's own exceptions)."""
    changed = pl.col(column).ne_missing(pl.col(f"_final_{column}"))
    if column == "place" and year in (2024, 2025):
        return changed & ~(pl.col("place").eq("K3") & pl.col("_final_place").eq("H5"))
    if column == "place" and year == 2026:
        recoded = pl.col("place").is_in(["Z11", "Z12", "Z13", "Z14"])
        return changed & ~(recoded & pl.col("_final_place").eq("Z1"))
    return changed


@cache
def episodes_last_year(month_end: dt.date) -> Model:
    year = collection_year(month_end)
    start, _ = year_bounds(month_end)
    in_return = (pl.col("decom") <= month_end) & (
        pl.col("dec").is_null() | (pl.col("dec") >= start)
    )
    first_of_year = _first(in_return, "decom")
    first_before_year = _first(in_return & (pl.col("decom") < start), "decom")
    carries_on = first_of_year & pl.col("_final_open")
    # The placement's LA, from a full postcode found (the DfE's PL_LA), and whether it is the
    # LA's own (PL_LOCATION); last year's as staged, "unknown" where none was found.
    placed_la = pl.col("_placed_la")
    location = pl.when(placed_la.is_not_null()).then(
        pl.when(pl.col("_placed_in_own_la")).then(pl.lit("in")).otherwise(pl.lit("out"))
    )
    location_last = pl.col("_final_placement_location").replace("unknown", None)
    la_changed = placed_la.ne_missing(pl.col("_final_placement_la"))
    # The DfE's PL_DISTANCE, between two full postcodes found; 0.2 miles is its tolerance.
    distance = pl.when(pl.col("_home_post_found") & pl.col("_pl_post_found")).then(
        pl.col("distance_miles")
    )
    last_distance = pl.col("_final_distance_miles")
    distance_changed = ((distance - last_distance).abs() >= 0.2).fill_null(False) | (
        last_distance.is_null() & distance.is_not_null()
    )
    checks = {
        "not_after_adoption": rule("DFE-199", ~(in_return & pl.col("_adopted_before")), "child"),
        "carries_on_open_episode": rule(
            "DFE-502", ~(first_of_year & (pl.col("decom") != pl.col("_last_open_decom")))
        ),
        "in_last_year": rule(
            "DFE-NoE", ~(in_return & (pl.col("decom") < start) & ~pl.col("_in_last_year"))
        ),
        # The episode open at the year's start is last year's final one, started that day.
        "continues_last_year": rule(
            "DFE-562",
            ~(
                first_before_year
                & ~(pl.col("_in_last_year") & (pl.col("decom") == pl.col("_final_decom")))
            ),
        ),
        # The distance is known from two postcodes found; a UASC child's is not recorded.
        "postcodes_unless_uasc": rule(
            "DFE-392b",
            pl.col("ls").is_in(SHORT_BREAK_LS).fill_null(False)
            | pl.col("_uasc_ever")
            | (pl.col("home_post").is_not_null() & pl.col("pl_post").is_not_null()),
        ),
        "no_distance_if_uasc": rule(
            "DFE-406",
            ~(pl.col("_uasc_ever") & pl.col("_home_post_found") & pl.col("_pl_post_found")),
        ),
        "placement_la_as_last_year": rule("DFE-503H", ~(carries_on & la_changed)),
        "placement_location_as_last_year": rule(
            "DFE-503J", ~(carries_on & location.ne_missing(location_last))
        ),
        "distance_as_last_year": rule("DFE-503G", ~(carries_on & distance_changed)),
        "same_distance_across_years": rule(
            "DFE-453", ~(carries_on & pl.col("rne").eq(pl.col("_final_rne")) & distance_changed)
        ),
        "same_placement_la_across_years": rule(
            "DFE-452", ~(carries_on & pl.col("rne").eq(pl.col("_final_rne")) & la_changed)
        ),
    } | {
        f"first_{column}_as_last_year": rule(f"DFE-{code}", ~(carries_on & _changed(column, year)))
        for code, column in CARRIED_ON.items()
    }
    return type("EpisodesLastYear", (pa.DataFrameModel,), checks)


@cache
def header_last_year(month_end: dt.date) -> Model:
    dolo_collected = collection_year(month_end) >= 2027

    def disagrees(column: str) -> pl.Expr:
        return pl.col("_in_last_header") & pl.col(column).ne_missing(pl.col(f"_{column}_last"))

    class HeaderLastYear(pa.DataFrameModel):
        same_sex = rule("DFE-202", ~disagrees("sex"))
        same_dob = rule("DFE-203", ~disagrees("dob"))
        same_ethnic = rule("DFE-204", ~disagrees("ethnic"))
        uasc_ceased_as_recorded = rule("DFE-205B", ~pl.col("_uasc_ceased_unsupported"), "duc")
        uasc_last_year_too = rule(
            "DFE-205D", ~(pl.col("_in_last_header") & pl.col("_uasc_now") & ~pl.col("_uasc_last"))
        )
        # A mother last year (MOTHER 1) stays one while the child is in care this year.
        still_mother = rule(
            "DFE-207",
            ~(disagrees("mother") & pl.col("_mother_last").eq("1") & pl.col("_in_care_this_year")),
        )
        dolo_carried_on = rule(
            "DFE-706", pl.lit(not dolo_collected) | ~pl.col("_dolo_dropped"), "dolo_start"
        )

    return HeaderLastYear


class UascLastYear(pa.DataFrameModel):
    uasc_ceased_as_recorded = rule("DFE-205B", ~pl.col("_uasc_ceased_unsupported"), "duc")


@cache
def oc3_last_year(month_end: dt.date) -> Model:
    # 348 is a rule from 2025/26.
    died_rule = collection_year(month_end) >= 2026

    class Oc3LastYear(pa.DataFrameModel):
        relevant_child = rule("DFE-1001", ~pl.col("_not_care_leaver"))
        not_died_in_care = rule("DFE-1000", ~pl.col("_died_in_care"))
        had_episode = rule("DFE-1002", pl.col("_had_episode"))
        episodes_this_year = rule("DFE-1010", ~pl.col("_open_last_year_not_now"))
        died_last_year = rule(
            "DFE-348",
            pl.lit(not died_rule)
            | ~(pl.col("_in_touch_last").eq("DIED") & pl.col("in_touch").ne_missing("DIED")),
        )

    return Oc3LastYear


@cache
def missing_last_year(month_end: dt.date) -> Model:
    start, _ = year_bounds(month_end)
    in_return = (pl.col("mis_start") <= month_end) & (
        pl.col("mis_end").is_null() | (pl.col("mis_end") >= start)
    )

    class MissingLastYear(pa.DataFrameModel):
        carries_on_open_period = rule(
            "DFE-576", ~(_first(in_return, "mis_start") & pl.col("_open_missing_differs")), "child"
        )

    return MissingLastYear


@cache
def placed_for_adoption_last_year(month_end: dt.date) -> Model:
    start, _ = year_bounds(month_end)
    in_return = pl.col("date_placed_ceased").is_null() | (pl.col("date_placed_ceased") >= start)

    class PlacedForAdoptionLastYear(pa.DataFrameModel):
        decided_in_a_return = rule(
            "DFE-559",
            ~(in_return & (pl.col("date_placed") < start) & ~pl.col("_decided_last_year")),
        )
        same_decision_day = rule("DFE-560", ~(in_return & pl.col("_decision_moved")))
        decision_not_ceased = rule("DFE-561", ~(in_return & pl.col("_decision_ceased_last_year")))

    return PlacedForAdoptionLastYear

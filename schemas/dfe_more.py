"""More of the DfE's own 903 rules, each as the DfE validator (csc-validator-be-903) means it:
mixins the models of schemas.core take in, per extract month (the lists change by year).

The facts from other tables they need (``_looked_after``, ``_cla12``, ``_pl_post_found`` ...)
are joined on by ingest.dfe_context; a fact about a table the month has not got is null and the
row passes, as the DfE skips a rule whose tables were not uploaded. Where a DfE rule means a
year, it is the extract month's collection year, as in the return the DfE collects. Rule ids,
messages and severities are in schemas.rules (DFE_MORE).
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pandera.polars as pa
import polars as pl

from schemas.codes import SHORT_BREAK_LS
from schemas.contract import OC2_FLAGS
from schemas.months import collection_year
from schemas.row_rules import Model, following, previous, rule

OC2_HEALTH = tuple(f.lower() for f in OC2_FLAGS)
AD1_ITEMS = ("date_int", "date_match", "foster_care", "nb_adoptr", "sex_adoptr", "ls_adoptr")

TEMPORARY = ("T0", "T1", "T2", "T3", "T4")
#: Placement types no provider is recorded for (rule 213): temporary, and from 2025/26 Z11-Z14.
NO_PROVIDER_FROM_2026 = (*TEMPORARY, "Z11", "Z12", "Z13", "Z14")
ADOPTION_PLACEMENTS = ("A3", "A4", "A5", "A6")
FOSTERING = ("U1", "U2", "U3", "U4", "U5", "U6")
#: Rules 553-557: a decision to place for adoption whose ceasing is not recorded in full; an
#: episode on the adoption route (placed for adoption, or a freeing or placement order); one
#: that ended other than in adoption or a new episode.
ADOPTION_CEASED_INCOMPLETE = (
    pl.col("date_placed_ceased").is_null() | pl.col("reason_placed_ceased").is_null()
)
ADOPTION_ROUTE = pl.col("place").is_in(ADOPTION_PLACEMENTS) | pl.col("ls").is_in(["D1", "E1"])
LEFT_NOT_ADOPTED = (
    ~pl.col("rec").is_in(["E11", "E12"]) & pl.col("rec").is_not_null() & pl.col("rec").ne("X1")
)


def youth_justice_under_10(dob: str) -> pl.Expr:
    """An episode under a youth justice legal status (J1-J3) starting by the child's 10th
    birthday (rule 358: the DfE flags the birthday itself too)."""
    return pl.col("ls").is_in(["J1", "J2", "J3"]) & (
        pl.col("decom") <= pl.col(dob).dt.offset_by("10y")
    )


def mother_status_ok() -> pl.Expr:
    """Rule 165 beyond the code: MOTHER is blank for a boy, and given for a girl looked after
    in the year (``_looked_after_this_year``)."""
    return (
        pl.when(pl.col("sex") == "M")
        .then(pl.col("mother").is_null())
        .when(pl.col("sex") == "F")
        .then(pl.col("mother").is_not_null() | ~pl.col("_looked_after_this_year"))
    )


#: Reasons an episode ceased that end care (rule 432: the next episode starts care, RNE S).
LEFT_CARE = ("E2", "E3", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9", "E11", "E12", "E13", "E14",
             "E15", "E16", "E17", "E41", "E45", "E46", "E47", "E48")  # fmt: skip
#: Care leavers' accommodation with former foster carers (rule 3001).
WITH_FORMER_FOSTER_CARERS = ("Z1", "Z2")


def no_provider_expected(year: int) -> tuple[str, ...]:
    """Placement types rule 526 expects no PLACE_PROVIDER for: temporary placements and Z1;
    from 2025/26, Z1 split into Z11-Z14 (T4 stays, unlike rule 178's list)."""
    return (*TEMPORARY, *(("Z11", "Z12", "Z13", "Z14") if year >= 2026 else ("Z1",)))


def year_bounds(month_end: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the month's collection year."""
    year = collection_year(month_end)
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


def urn_not_recorded(year: int) -> tuple[str, ...]:
    """Placement types no Ofsted URN is recorded for (rule 222), by collection year: H5 leaves
    the list in 2023/24 (supported accommodation registers with Ofsted), P2 in 2024/25, and
    Z1 becomes Z11-Z14 in 2025/26."""
    codes = ["H5", "P1", "P2", "P3", "R1", "R2", "R5", *TEMPORARY, "Z1"]
    if year >= 2024:
        codes.remove("H5")
    if year >= 2025:
        codes.remove("P2")
    if year >= 2026:
        codes = [c for c in codes if c != "Z1"] + ["Z11", "Z12", "Z13", "Z14"]
    return tuple(codes)


def urn_required_unless(year: int) -> tuple[str, ...]:
    """Placement types exempt from needing an Ofsted URN (rule 218), by collection year: as
    for rule 222, but H5 stays exempt in 2023/24 (rule 230 asks its URN from 28 October 2023)."""
    return (*urn_not_recorded(year), "H5") if year == 2024 else urn_not_recorded(year)


def _outside_england(year: int) -> pl.Expr:
    """The placement is outside England, as rules 218 and 230 tell: by its LA. Up to 2024/25 the
    validator also exempts a placement whose LA is not known (a blank reads as "nan", which
    starts with N, as Northern Ireland does); from 2025/26 it does not."""
    known_outside = ~pl.col("_placed_la").str.starts_with("E")
    if year >= 2026:
        return known_outside.fill_null(False)
    return known_outside.fill_null(True)


#: The validator's "a year before" the year's start: numpy's year of 365.2425 days.
VALIDATOR_YEAR = dt.timedelta(days=365.2425)


def given(*columns: str) -> pl.Expr:
    """Any of the columns holds a value."""
    return pl.any_horizontal(pl.col(c).is_not_null() for c in columns)


def _longer_than(place: str, days: int) -> pl.Expr:
    """A placement of this type lasting more than so many days (rules 375, 376, 379)."""
    return pl.col("place").eq(place) & (pl.col("dec") > pl.col("decom").dt.offset_by(f"{days}d"))


def open_in(start: dt.date, end: dt.date) -> pl.Expr:
    """An episode open at some time in the year (so in the year's return)."""
    return (pl.col("decom") <= end) & (pl.col("dec").is_null() | (pl.col("dec") >= start))


def _short_break() -> pl.Expr:
    return pl.col("ls").is_in(SHORT_BREAK_LS)


@cache
def episodes_more(month_end: dt.date) -> Model:
    year = collection_year(month_end)
    start, end = year_bounds(month_end)
    no_provider = NO_PROVIDER_FROM_2026 if year >= 2026 else TEMPORARY

    class EpisodesMore(pa.DataFrameModel):
        postcodes_valid = rule(
            "DFE-392c",
            ~(
                (pl.col("home_post").is_not_null() & ~pl.col("_home_post_found"))
                | (pl.col("pl_post").is_not_null() & ~pl.col("_pl_post_found"))
            ),
        )
        placement_la_known = rule("DFE-169", _short_break() | pl.col("_pl_post_found"))
        placement_location_known = rule("DFE-179", _short_break() | pl.col("_pl_post_found"))
        # Kleene logic: with no UASC table _uasc is null, the row's outcome null: it passes.
        distance_known = rule(
            "DFE-392a",
            _short_break()
            | pl.col("_uasc")
            | (pl.col("_home_post_found") & pl.col("_pl_post_found")),
        )
        no_urn_for_type = rule(
            "DFE-222",
            ~(
                pl.col("place").is_in(urn_not_recorded(year))
                & pl.col("urn").is_not_null()
                & pl.col("urn").ne("XXXXXXX")
            ),
        )
        no_postcodes_on_short_breaks = rule(
            "DFE-398", ~(_short_break() & given("home_post", "pl_post"))
        )
        no_location_on_short_breaks = rule("DFE-214", ~(_short_break() & given("pl_post", "urn")))
        no_provider_for_type = rule(
            "DFE-213", ~(pl.col("place").is_in(no_provider) & given("place_provider"))
        )
        pr0_only_with_parents = rule(
            "DFE-550", ~(pl.col("place").ne_missing("P1") & pl.col("place_provider").eq("PR0"))
        )
        pr3_not_for_type = rule(
            "DFE-529",
            ~(
                pl.col("place").is_in(
                    [*ADOPTION_PLACEMENTS, "K1", "K2", "P1", "U1", "U2", "U3", "U4", "U5", "U6"]
                )
                & pl.col("place_provider").eq("PR3")
            ),
        )
        no_freeing_order_after_2005 = rule(
            "DFE-445",
            pl.lit(year > 2024)
            | ~(pl.col("ls").eq("D1") & (pl.col("decom") > dt.date(2005, 12, 31))),
        )
        short_break_starts_care = rule(
            "DFE-366", ~(pl.col("ls").eq("V3") & pl.col("rne").ne_missing("S"))
        )
        adoption_by_foster_carer_reason = rule(
            "DFE-217",
            ~(
                pl.col("place").is_in(["A3", "A5"])
                & (pl.col("decom") >= dt.date(2015, 4, 1))
                & ~pl.col("rne").is_in(["S", "T", "U"]).fill_null(False)
            ),
        )
        no_reason_for_temporary = rule(
            "DFE-226",
            ~(
                pl.col("place").is_in(TEMPORARY)
                & (
                    pl.col("reason_place_change").is_not_null()
                    | previous("reason_place_change", "decom").is_not_null()
                )
            ),
        )
        police_protection_72_hours = rule(
            "DFE-361", pl.col("ls").ne("L1") | (pl.col("_ls_span_days") <= 3)
        )
        emergency_protection_21_days = rule(
            "DFE-362", pl.col("ls").ne("L2") | (pl.col("_ls_span_days") <= 21)
        )
        assessment_order_7_days = rule(
            "DFE-363", pl.col("ls").ne("L3") | (pl.col("_ls_total_days") <= 7)
        )
        pace_21_days = rule("DFE-364", pl.col("ls").ne("J2") | (pl.col("_ls_total_days") <= 21))
        respite_75_days = rule("DFE-367", pl.col("ls").ne("V3") | (pl.col("_v3_year_days") <= 75))
        period_starts_in_placement = rule(
            "DFE-380",
            ~(pl.col("place").is_in(TEMPORARY) & ~pl.col("rne").is_in(["P", "B"]).fill_null(False)),
        )
        placement_order_recorded = rule(
            "DFE-408", ~(pl.col("place").is_in(["A5", "A6"]) & pl.col("ls").ne_missing("E1"))
        )
        placement_order_decision = rule(
            "DFE-553", pl.col("ls").ne("E1") | pl.col("_adoption_decisions")
        )
        freeing_order_decision = rule(
            "DFE-555", pl.lit(year > 2024) | pl.col("ls").ne("D1") | pl.col("_adoption_decisions")
        )
        left_not_adopted_decision_ceased = rule(
            "DFE-557",
            ~(
                ADOPTION_ROUTE
                & LEFT_NOT_ADOPTED
                & (~pl.col("_adoption_decisions") | pl.col("_adoption_ceased_incomplete"))
            ),
        )
        nothing_more_on_short_breaks = rule(
            "DFE-399",
            ~(pl.col("_short_breaks_only") & (pl.col("_mother_given") | pl.col("_reviewed"))),
        )
        mother_of_a_girl_leaving_care = rule(
            "DFE-607",
            ~(
                pl.col("rec").is_not_null()
                & pl.col("rec").ne("X1")
                & pl.col("dec").is_between(start, end)
                & ~_short_break().fill_null(False)
                & pl.col("_girl_no_mother")
            ),
        )
        own_provision_in_own_la = rule(
            "DFE-1015",
            ~(
                pl.col("place_provider").eq("PR1")
                & ~pl.col("place").is_in([*ADOPTION_PLACEMENTS, *FOSTERING])
                & ~_short_break()
                & ~pl.col("_placed_in_own_la")
            ),
        )
        period_ends_in_placement = rule(
            "DFE-381",
            ~(
                pl.col("place").is_in(TEMPORARY)
                & pl.col("rec").is_not_null()
                & pl.col("rec").ne("X1")
            ),
        )
        respite_not_temporary = rule(
            "DFE-382", ~(_short_break() & pl.col("place").is_in(TEMPORARY))
        )
        respite_not_long_term_foster = rule(
            "DFE-384", ~(_short_break() & pl.col("place").is_in(["U1", "U4"]))
        )
        adopted_from_adoption_placement = rule(
            "DFE-390",
            ~(pl.col("rec").is_in(["E11", "E12"]) & ~pl.col("place").is_in(ADOPTION_PLACEMENTS)),
        )
        pr1_not_for_type = rule(
            "DFE-527",
            ~(pl.col("place").is_in(["P1", "R2", "R5"]) & pl.col("place_provider").eq("PR1")),
        )
        pr2_not_for_type = rule(
            "DFE-528",
            ~(pl.col("place").is_in(["P1", "R2", "R5"]) & pl.col("place_provider").eq("PR2")),
        )
        sgo_to_foster_carers_from_fostering = rule(
            "DFE-516",
            ~(
                pl.col("rec").is_in(["E45", "E46"])
                & ~pl.col("place").is_in(FOSTERING).fill_null(False)
            ),
        )
        adult_services_at_16 = rule(
            "DFE-389",
            # By the header's DOB even where its row is quarantined; with no DOB or no DEC the
            # row fails, as the DfE's does.
            ~(
                pl.col("rec").eq("E7")
                & ~(pl.col("_header_dob").dt.offset_by("16y") <= pl.col("dec")).fill_null(False)
            ),
        )
        hospital_six_weeks = rule("DFE-375", ~_longer_than("T1", 42))
        carer_holiday_three_weeks = rule("DFE-376", ~_longer_than("T3", 21))
        unspecified_temporary_seven_days = rule("DFE-379", ~_longer_than("T4", 7))
        start_not_on_previous_end = rule(
            "DFE-431", ~(pl.col("rne").eq("S") & (pl.col("decom") <= previous("dec", "decom")))
        )
        fostered_before_adoption = rule(
            "DFE-336",
            ~(
                pl.col("place").is_in(["A3", "A4"])
                & ~previous("place", "decom")
                .is_in([*ADOPTION_PLACEMENTS, *FOSTERING])
                .fill_null(False)
                & previous("decom", "decom").is_not_null()
            ),
        )
        reason_for_placement_change = rule(
            "DFE-225",
            ~(
                pl.col("rec").eq("X1")
                & pl.col("reason_place_change").is_null()
                & ~pl.col("place").is_in(TEMPORARY).fill_null(False)
                & following("rne", "decom").is_in(["P", "B", "T", "U"])
                & ~following("place", "decom").is_in(TEMPORARY).fill_null(False)
            ),
        )
        back_from_temporary = rule(
            "DFE-383",
            ~(
                previous("place", "decom").is_in(TEMPORARY)
                & pl.col("place").shift(2).over("child_id", order_by="decom").is_not_null()
                & (
                    pl.col("rne").ne_missing("P")
                    | pl.col("place").ne_missing(
                        pl.col("place").shift(2).over("child_id", order_by="decom")
                    )
                )
            ),
        )
        starts_care_under_18 = rule(
            "DFE-352",
            ~(pl.col("rne").eq("S") & (pl.col("_dob").dt.offset_by("18y") <= pl.col("decom"))),
        )
        starts_after_14_october_1991 = rule("DFE-353", pl.col("decom") >= dt.date(1991, 10, 14))
        lasts_a_day = rule("DFE-355", pl.col("decom") != pl.col("dec"))
        urn_required = rule(
            "DFE-218",
            ~(
                (pl.col("dec").is_null() | (pl.col("dec") >= start))
                & pl.col("urn").is_null()
                & ~pl.col("place").is_in(urn_required_unless(year)).fill_null(False)
                & ~_outside_england(year)
            ),
        )
        # 230 is a rule of 2023/24 only: the DfE dropped it (and 445, 555) from 2024/25.
        h5_urn_from_28_october_2023 = rule(
            "DFE-230",
            pl.lit(year != 2024)
            | ~(
                pl.col("place").eq("H5")
                & (pl.col("dec").is_null() | (pl.col("dec") >= dt.date(2023, 10, 29)))
                & (pl.col("urn").is_null() | pl.col("urn").eq("XXXXXXX"))
                & ~_outside_england(2025)
            ),
        )
        # The DfE collects social worker episodes from 2023/24: its rules on them start then.
        social_workers_reported = rule(
            "DFE-SW12STG2",
            pl.lit(year < 2024)
            | ~(
                pl.col("_sw_unreported")
                & ~_short_break().fill_null(False)
                & (pl.col("rne").eq("S") | pl.col("rec").ne_missing("X1"))
                & (
                    pl.lit(year < 2025)
                    | pl.col("dec").is_null()
                    | (
                        (
                            pl.col("dec").cast(pl.Datetime)
                            >= dt.datetime.combine(start, dt.time()) - VALIDATOR_YEAR
                        )
                        & (pl.col("dec") <= end)
                    )
                )
            ),
        )
        parents_not_single_accommodation = rule(
            "DFE-378", ~(pl.col("place").eq("P1") & pl.col("ls").eq("V2"))
        )
        pr4_not_with_parents = rule(
            "DFE-530", ~(pl.col("place").eq("P1") & pl.col("place_provider").eq("PR4"))
        )
        pr5_not_with_parents = rule(
            "DFE-531", ~(pl.col("place").eq("P1") & pl.col("place_provider").eq("PR5"))
        )
        no_placement_la_on_short_breaks = rule(
            "DFE-420", ~(_short_break() & pl.col("_pl_post_found"))
        )
        stayed_with_carers_at_18 = rule(
            "DFE-460",
            ~(pl.col("rec").eq("E17") & (pl.col("_dob").dt.offset_by("18y") > pl.col("dec"))),
        )
        nothing_after_death_or_18 = rule(
            "DFE-437",
            ~(pl.col("rec").is_in(["E2", "E15"]) & following("decom", "decom").is_not_null()),
        )
        v3_or_v4_in_a_year = rule(
            "DFE-426",
            ~(
                _short_break()
                & open_in(start, end)
                & (pl.col("ls").eq("V3") & open_in(start, end)).any().over("child_id")
                & (pl.col("ls").eq("V4") & open_in(start, end)).any().over("child_id")
            ),
        )
        two_carer_holidays_a_year = rule(
            "DFE-377",
            ~(
                pl.col("place").eq("T3")
                & open_in(start, end)
                & ((pl.col("place").eq("T3") & open_in(start, end)).sum().over("child_id") > 2)
            ),
        )
        # Only the year's episodes, by the year's list: an older Z1 episode of a monthly
        # extract's history rightly has no provider, yet Z1 is not on 2025/26's list.
        provider_given = rule(
            "DFE-526",
            ~open_in(start, end).fill_null(True)
            | pl.col("place").is_in(no_provider_expected(year))
            | pl.col("place_provider").is_not_null(),
        )
        starts_care_after_leaving = rule(
            "DFE-432",
            ~(previous("rec", "decom").is_in(LEFT_CARE) & pl.col("rne").ne_missing("S")),
        )
        first_episode_starts_care = rule(
            "DFE-357",
            ~(
                previous("decom", "decom").is_null()
                & (pl.col("decom") >= start)
                & pl.col("rne").ne_missing("S")
            ),
        )
        ends_by_year_end = rule("DFE-385", pl.col("dec") <= end)
        decisions_by_end_of_care = rule(
            "DFE-117",
            ~(
                (pl.col("decom") == pl.col("_last_start"))
                & pl.col("rec").ne_missing("X1")
                & (pl.col("_latest_decision") > pl.min_horizontal(pl.col("dec"), pl.lit(end)))
            ),
        )
        decision_ceased_before_care = rule(
            "DFE-118",
            ~(
                (pl.col("decom") == pl.col("_first_in_year"))
                & (pl.col("_earliest_ceased") < pl.max_horizontal(pl.col("decom"), pl.lit(start)))
            ),
        )
        decided_after_care_began = rule(
            "DFE-1003",
            ~(
                pl.col("rne").eq("S")
                & (pl.col("decom") == pl.col("_first_care_start"))
                & (pl.col("_earliest_decision") < pl.col("decom"))
            ),
        )
        latest_care_began_by_decision = rule(
            "DFE-334",
            ~(
                pl.col("rne").eq("S")
                & (pl.col("decom") == pl.col("_last_care_start"))
                & (pl.col("_date_int") < pl.col("decom"))
            ),
        )
        independent_living_at_14 = rule(
            "DFE-387",
            ~(
                pl.col("rec").is_in(["E5", "E6"])
                & (pl.col("_dob").dt.offset_by("14y") > pl.col("dec"))
            ),
        )
        # Within the year's episodes: older ones of a monthly extract's history are not asked.
        permanence_without_start_in_year = rule(
            "DFE-634",
            ~(open_in(start, end) & pl.col("_prev_perm_given") & pl.col("_not_started_this_year")),
        )
        adoption_decision_recorded = rule(
            "DFE-551",
            ~pl.col("place").is_in(ADOPTION_PLACEMENTS) | pl.col("_adoption_decided"),
        )

    return EpisodesMore


@cache
def header_more(month_end: dt.date) -> Model:
    start, _ = year_bounds(month_end)

    class HeaderMoreOfYear(HeaderMore):
        not_over_25 = rule("DFE-351", pl.col("dob").dt.offset_by("25y") >= start)

    return HeaderMoreOfYear


class HeaderMore(pa.DataFrameModel):
    # The DfE reports 358 on the child's header row as well as on the episode.
    youth_justice_under_10 = rule("DFE-358", ~pl.col("_youth_justice_under_10"), "dob")
    mother_recorded = rule(
        "DFE-393",
        ~(pl.col("sex").eq("F") & pl.col("mother").is_null() & pl.col("_looked_after")),
    )
    has_episodes = rule("DFE-EPI", pl.col("_episodes_or_oc3"))
    upn_well_formed = rule("DFE-168", pl.col("_upn_ok"))
    nothing_more_on_short_breaks = rule(
        "DFE-399",
        ~(pl.col("_short_breaks_only") & (pl.col("mother").is_not_null() | pl.col("_reviewed"))),
    )
    mother_of_a_girl_leaving_care = rule(
        "DFE-607",
        ~(pl.col("sex").eq("F") & pl.col("mother").is_null() & pl.col("_ceased_in_year")),
    )


@cache
def placed_for_adoption_more(month_end: dt.date) -> Model:
    start, end = year_bounds(month_end)

    class PlacedForAdoptionOfYear(PlacedForAdoptionMore):
        # Only a child in care in the year, and a decision ceased in it or later: the year's
        # return holds no other (a monthly extract holds the LA's whole history).
        ceased_in_care_in_year = rule(
            "DFE-118",
            ~(
                pl.col("_first_in_year").is_not_null()
                & (pl.col("date_placed_ceased") >= start)
                & (pl.col("date_placed_ceased") < pl.col("_first_in_year"))
            ),
            "date_placed_ceased",
        )
        by_end_of_care = rule(
            "DFE-117",
            ~(
                (pl.max_horizontal("date_placed", "date_placed_ceased") > end)
                | (
                    pl.max_horizontal("date_placed", "date_placed_ceased")
                    > pl.col("_last_start_dec")
                )
            ),
        )

    return PlacedForAdoptionOfYear


class PlacedForAdoptionMore(pa.DataFrameModel):
    decided_after_care_began = rule(
        "DFE-1003", ~(pl.col("date_placed") < pl.col("_first_care_start")), "date_placed"
    )
    decided_after_birth = rule("DFE-184", pl.col("date_placed") >= pl.col("_dob"))
    reversed_not_adopted = rule("DFE-525", ~(given("date_placed_ceased") & pl.col("_in_ad1")))
    no_ceasing_while_order_open = rule(
        "DFE-553",
        ~(pl.col("_open_order") & given("date_placed_ceased", "reason_placed_ceased")),
    )
    ceased_when_left_not_adopted = rule(
        "DFE-557", ~(pl.col("_left_not_adopted") & ADOPTION_CEASED_INCOMPLETE)
    )


#: Rules 514-524: the adopters' legal status and the adopters' genders it allows.
ADOPTER_GENDERS = {"514": ("L0", ("M1", "F1")), "517": ("L3", ("MF",)),
                   "518": ("L4", ("MM", "FF")), "519": ("L2", ("MM", "FF", "MF")),
                   "520": ("L11", ("MF",)), "524": ("L12", ("MM", "FF"))}  # fmt: skip
AdopterGenders: Model = type(
    "AdopterGenders",
    (pa.DataFrameModel,),
    {
        f"genders_for_status_{code}": rule(
            f"DFE-{code}",
            ~(
                pl.col("ls_adoptr").eq(status)
                & ~pl.col("sex_adoptr").is_in(genders).fill_null(False)
            ),
            "sex_adoptr",
        )
        for code, (status, genders) in ADOPTER_GENDERS.items()
    },
)


class Ad1More(AdopterGenders):
    latest_care_began_by_decision = rule(
        "DFE-334", ~(pl.col("date_int") < pl.col("_last_care_start")), "date_int"
    )
    two_adopters_not_one_gender = rule(
        "DFE-511",
        ~(pl.col("nb_adoptr").eq("2") & pl.col("sex_adoptr").is_in(["M1", "F1"])),
        "sex_adoptr",
    )
    adopted_not_reversed = rule(
        "DFE-525",
        ~(given(*AD1_ITEMS) & pl.col("_decision_reversed")),
    )
    adopted_in_year = rule("DFE-602", ~(given(*AD1_ITEMS) & ~pl.col("_adopted_in_year")))
    not_looked_after_all_year = rule("DFE-187", ~(given(*AD1_ITEMS) & pl.col("_cla12")))


@cache
def oc2_more(month_end: dt.date) -> Model:
    start, end = year_bounds(month_end)
    health_given = given(*OC2_HEALTH)

    class Oc2More(pa.DataFrameModel):
        offered_blank_if_received = rule(
            "DFE-158",
            ~(pl.col("intervention_received").eq("1") & given("intervention_offered")),
        )
        interventions_only_with_misuse = rule(
            "DFE-193",
            ~(
                pl.col("substance_misuse").fill_null("0").eq("0")
                & given("intervention_received", "intervention_offered")
            ),
        )
        health_only_if_in_care_12_months = rule("DFE-190", pl.col("_cla12") | ~health_given)
        sdq_only_if_in_care_12_months = rule("DFE-185", pl.col("_cla12") | ~given("sdq_score"))
        sdq_reason_only_if_in_care_12_months = rule(
            "DFE-198", pl.col("_cla12") | ~given("sdq_reason")
        )
        health_promotion_under_5 = rule(
            "DFE-546",
            ~(
                (pl.col("_dob").dt.offset_by("5y") <= end)
                & pl.col("_cla12")
                & given("health_check")
            ),
        )
        no_conviction_under_10 = rule(
            "DFE-542", ~((pl.col("_dob").dt.offset_by("10y") > end) & given("convicted"))
        )
        not_a_care_leaver = rule("DFE-215", ~(health_given & pl.col("_care_leaver")))
        items_all_or_none = rule(
            "DFE-182",
            ~(
                pl.any_horizontal(
                    pl.col(c).is_null()
                    for c in (
                        "immunisations",
                        "teeth_check",
                        "health_assessment",
                        "substance_misuse",
                    )
                )
                & given(
                    "convicted", "health_check", "intervention_received", "intervention_offered"
                )
            ),
        )
        no_sdq_under_4 = rule(
            "DFE-188",
            ~((pl.col("_dob").dt.offset_by("4y") > end) & given("sdq_score", "sdq_reason")),
        )
        no_sdq_over_17 = rule(
            "DFE-189",
            ~((pl.col("_dob").dt.offset_by("17y") < start) & given("sdq_score", "sdq_reason")),
        )
        intervention_received_given_if_misuse = rule(
            "DFE-192",
            ~(pl.col("substance_misuse").eq("1") & pl.col("intervention_received").is_null()),
        )
        sdq1_only_under_4_or_over_16 = rule(
            "DFE-157",
            ~(
                pl.col("_cla12")
                & (pl.col("_dob").dt.offset_by("4y") <= start)
                & (pl.col("_dob").dt.offset_by("16y") >= end)
                & pl.col("sdq_score").is_null()
                & pl.col("sdq_reason").eq("SDQ1")
            ),
        )

    return Oc2More


CARE_LEAVER_GIVEN = given("in_touch", "activ", "accom")


class Oc3More(pa.DataFrameModel):
    # The DfE reports 165 on the care leaver's OC3 row as well as on the header.
    mother_status = rule("DFE-165w", ~pl.col("_mother_status_wrong"), "child_id")
    not_for_those_in_care_at_17_or_18 = rule(
        "DFE-1007", ~(CARE_LEAVER_GIVEN & pl.col("_in_care_on_birthday"))
    )
    not_with_foster_carers_at_17 = rule(
        "DFE-3001",
        ~(pl.col("accom").is_in(WITH_FORMER_FOSTER_CARERS) & pl.col("_17_in_year")),
        "accom",
    )
    not_looked_after_all_year = rule("DFE-187", ~(CARE_LEAVER_GIVEN & pl.col("_cla12")))
    not_under_17 = rule("DFE-391", ~(CARE_LEAVER_GIVEN & pl.col("_under_17")))
    not_transferred_to_another_la = rule("DFE-1011", ~(CARE_LEAVER_GIVEN & pl.col("_last_rec_e3")))
    no_health_items = rule(
        "DFE-215", ~(given("in_touch", "activ", "accom") & pl.col("_oc2_health"))
    )


class PreviousPermanenceMore(pa.DataFrameModel):
    permanence_without_start_in_year = rule(
        "DFE-634",
        ~(given("prev_perm", "la_perm", "date_perm") & pl.col("_not_started_this_year")),
    )


class ReviewsMore(pa.DataFrameModel):
    nothing_more_on_short_breaks = rule(
        "DFE-399",
        ~(
            pl.col("_short_breaks_only")
            & (pl.col("_mother_given") | given("review", "review_code"))
        ),
    )
    under_4_participation = rule(
        "DFE-440",
        ~(pl.col("review_code").eq("PN0") & (pl.col("review") > pl.col("_dob").dt.offset_by("4y"))),
    )
    over_4_participation = rule(
        "DFE-441",
        ~(
            pl.col("review_code").is_in([f"PN{n}" for n in range(1, 8)])
            & (pl.col("review") < pl.col("_dob").dt.offset_by("4y"))
        ),
    )


@cache
def sw_episodes_more(month_end: dt.date) -> Model:
    year = collection_year(month_end)
    start, end = year_bounds(month_end)
    # From 2024/25 the reporting period starts a year before the collection year.
    first = dt.datetime.combine(start, dt.time()) - (
        VALIDATOR_YEAR if year >= 2025 else dt.timedelta()
    )

    class SwEpisodesMore(pa.DataFrameModel):
        ended_in_reporting_period = rule(
            "DFE-SW07STG2",
            pl.lit(year < 2024)
            | (pl.col("sw_dec").cast(pl.Datetime) >= first) & (pl.col("sw_dec") <= end),
        )
        # As the validator's code has it: an episode ending in the year's last five days that
        # is the child's only one, or follows another (whether or not one comes after it).
        ended_at_year_end = rule(
            "DFE-SW11bSTG2",
            pl.lit(year < 2024)
            | ~(
                pl.col("sw_dec").is_between(end - dt.timedelta(days=5), end)
                & (
                    (pl.len().over("child_id") == 1)
                    | (previous("sw_decom", "sw_decom") < pl.col("sw_dec")).fill_null(False)
                )
            ),
            "sw_dec",
        )
        open_at_31_march = rule(
            "DFE-SW17STG2",
            pl.lit(year < 2026)
            | ~(
                (pl.col("sw_decom") == pl.col("sw_decom").max().over("child_id"))
                & pl.col("sw_dec").is_not_null()
            ),
        )

    return SwEpisodesMore


class HasEpisodes(pa.DataFrameModel):
    """Rule 1012 on the tables about a child in care: the child has an episode. (The DfE words
    it for care leavers, who are in OC3 alone; in a year's return, a child with no episode.)"""

    has_an_episode = rule("DFE-1012", pl.col("_has_episode"))

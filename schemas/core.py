"""pandera models of every staged table: the readable specification of each table and its rules.

Staged frames carry lower-case DfE column names, the pseudonymised ``child_id`` and the file
``line``. A model is built per extract month, because code lists depend on the collection year
and no event may be dated after the month's end. Facts from other tables that a rule needs
arrive as ``_``-prefixed columns joined on before validation (see ``ingest.stage``):
``_in_header`` (the header holds the child), ``_dob`` (the header's date of birth) and ``_care``
(``before`` the child's first episode, ``in`` an episode, or ``after`` one ended, on the row's
date).

Row rules are written as ``rule(id, ok)``: the row fails where ``ok`` is false. Where ``ok`` is
null (a blank the rule cannot judge) the row passes: blanks are the REQUIRED rule's business.
Rule ids live in ``schemas.rules``; generic ids become the DfE's code for the table there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache

import pandera.polars as pa
import polars as pl

from schemas.codes import (
    CODE_LISTS,
    FIRST,
    NOT_IN_TOUCH,
    P2_LAST_DAY,
    valid_codes,
)
from schemas.dfe_last_year import (
    UascLastYear,
    episodes_last_year,
    header_last_year,
    missing_last_year,
    oc3_last_year,
    placed_for_adoption_last_year,
)
from schemas.dfe_more import (
    Ad1More,
    HasEpisodes,
    Oc3More,
    PreviousPermanenceMore,
    ReviewsMore,
    episodes_more,
    header_more,
    mother_status_ok,
    oc2_more,
    placed_for_adoption_more,
    sw_episodes_more,
    youth_justice_under_10,
)
from schemas.months import collection_year, collection_year_of
from schemas.row_rules import Model, following, previous, rule


def code(code_type: str, month_end: dt.date, nullable: bool = False) -> pa.Field:
    return pa.Field(isin=valid_codes(code_type, collection_year(month_end)), nullable=nullable)


def code_of_its_time(column: str, code_type: str, date: str | pl.Expr) -> Callable:
    """A CODE rule judging each row by the codes valid in the collection year of its own
    ``date``, not the extract's: a record dated years back keeps the codes of its time (a care
    leaver's 2021 contact may be F3, retired in 2022). A record older than the code lists (a
    1998 episode of a long history) is judged by the oldest."""
    year = collection_year_of(pl.col(date) if isinstance(date, str) else date).clip(FIRST)
    codes = CODE_LISTS[code_type]
    if len({c.code for c in codes}) < len(codes):
        raise ValueError(f"{code_type}: a code is listed twice in schemas.codes")
    value = pl.col(column)
    # The value's own years (a code is listed once), found by lookup: comparing with every
    # code of the list was a tenth of judging an episode. A value not listed is no code; a
    # blank is not judged where some code was valid that year.
    first, last = (
        value.replace_strict([c.code for c in codes], [getattr(c, f) for c in codes], default=None)
        for f in ("first_year", "last_year")
    )
    some_code = pl.any_horizontal(
        year.is_between(a, b) for a, b in sorted({(c.first_year, c.last_year) for c in codes})
    )
    valid = (
        pl.when(value.is_null())
        .then(pl.when(~some_code).then(False))
        .when(first.is_null())
        .then(False)
        .otherwise(year.is_between(first, last))
    )
    return rule("CODE", valid, column=column)


def not_after(month_end: dt.date, nullable: bool = True) -> pa.Field:
    # pandera names this check less_than_or_equal_to; schemas.rules maps it to FUTURE_DATE.
    return pa.Field(nullable=nullable, le=month_end)


def _month_day(date: str) -> pl.Expr:
    # polars gives the month as Int8: widened first, or month * 100 wraps (12 * 100 > 127).
    return pl.col(date).dt.month().cast(pl.Int32) * 100 + pl.col(date).dt.day().cast(pl.Int32)


def age(on: str, dob: str = "_dob") -> pl.Expr:
    """Age in whole years on a date."""
    before_birthday = _month_day(on) < _month_day(dob)
    return pl.col(on).dt.year() - pl.col(dob).dt.year() - before_birthday.cast(pl.Int32)


def ends_not_before(start: str, end: str) -> Callable:
    return rule("ENDS_BEFORE_START", pl.col(end) >= pl.col(start), end)


def one_record_per_start(start: str) -> Callable:
    return rule("SAME_START", ~pl.struct("child_id", start).is_duplicated(), start)


def previous_record_closed(start: str, end: str) -> Callable:
    return rule(
        "PREVIOUS_OPEN",
        previous(start, start).is_null() | previous(end, start).is_not_null(),
        start,
    )


def starts_after_previous_ends(start: str, end: str) -> Callable:
    return rule("STARTS_BEFORE_PREVIOUS_ENDS", pl.col(start) >= previous(end, start), start)


def no_overlap_by_end(rule_id: str, start: str, end: str, column: str | None = None) -> Callable:
    """The DfE's 574 and 705: a child's records ordered by end (an open one by its start), then
    start; a row fails where the record before it in that order is open or ends after this one
    starts. Unlike an order by start, a record lying inside another is caught too."""
    order = [pl.coalesce(end, start), pl.col(start)]

    def before(c: str) -> pl.Expr:
        return pl.col(c).shift(1).over("child_id", order_by=order)

    ok = before(start).is_null() | (before(end).is_not_null() & (pl.col(start) >= before(end)))
    return rule(rule_id, ok, column)


def while_in_care(date: str) -> Callable:
    """Something done for a child in care is dated while the child was looked after."""
    return rule("OUTSIDE_CARE", pl.col("_care") == "in", date)


def in_an_episode() -> pl.Expr:
    """The row's date lies within one of the child's episodes, or the child has none (rule
    1012's finding, not this one's)."""
    return (pl.col("_care") == "in") | ~pl.col("_has_episode")


def placement_min_ages(year: int) -> dict[str, tuple[str, int]]:
    """The DfE's 370-374 by collection year: rule code -> (placement type, the age in years a
    child placed there is at least when the episode starts). 2023/24 raises P2 and H5 to 16;
    2024/25 drops 370 (P2 is no code) and moves 371 to supported accommodation, K3."""
    ages = {"370": ("P2", 15), "371": ("H5", 14), "372": ("R5", 10), "373": ("S1", 4),
            "374": ("P3", 14)}  # fmt: skip
    if year >= 2024:
        ages |= {"370": ("P2", 16), "371": ("H5", 16)}
    if year >= 2025:
        del ages["370"]
        ages["371"] = ("K3", 16)
    return ages


def placed_under_age(place: str, years: int) -> pl.Expr:
    """The episode is a placement of this type that started before the child was so old."""
    return pl.col("place").eq(place) & (pl.col("decom") < pl.col("_dob").dt.offset_by(f"{years}y"))


@cache
def placement_ages(month_end: dt.date) -> Model:
    """370-374 as the DfE judges them, on ended episodes only; and ours, PLACED_UNDER_AGE, on
    an open one: the same placement the DfE will flag once it has ended."""
    ages = placement_min_ages(collection_year(month_end))
    checks = {
        f"under_age_{code}": rule(
            f"DFE-{code}", pl.col("dec").is_null() | ~placed_under_age(place, years)
        )
        for code, (place, years) in ages.items()
    }
    open_under_age = pl.any_horizontal(placed_under_age(p, y) for p, y in ages.values())
    checks["open_under_age"] = rule(
        "PLACED_UNDER_AGE", pl.col("dec").is_not_null() | ~open_under_age, "place"
    )
    return type("PlacementAges", (pa.DataFrameModel,), checks)


class ChildRows(pa.DataFrameModel):
    """Columns every child-level table has: the file line and the pseudonymised child."""

    line: int
    child_id: str


class OneRowPerChild(ChildRows):
    one_row_per_child = rule("DUPLICATE_CHILD", ~pl.col("child_id").is_duplicated())


class ChildInHeader(ChildRows):
    """Rows about a child the header must hold."""

    child_in_header = rule("NOT_IN_HEADER", pl.col("_in_header"))


class CareLeaverCodes(ChildInHeader):
    """IN_TOUCH, ACTIV and ACCOM agree: no activity or accommodation for a young person the LA
    is not in touch with, both for one it is (the DfE's OC3 rules)."""

    no_activity_if_died_or_home = rule(
        "DFE-344",
        ~pl.col("in_touch").is_in(["DIED", "RHOM"])
        | (pl.col("activ").fill_null("0").eq("0") & pl.col("accom").fill_null("0").eq("0")),
    )
    no_activity_if_not_in_touch = rule(
        "NOT_IN_TOUCH_ACTIVITY",
        ~pl.col("in_touch").is_in([c for c in NOT_IN_TOUCH if c not in ("DIED", "RHOM")])
        | (pl.col("activ").fill_null("0").eq("0") & pl.col("accom").fill_null("0").eq("0")),
    )
    activity_if_in_touch = rule(
        "DFE-345",
        pl.col("in_touch").ne("YES")
        | (pl.col("activ").fill_null("0").ne("0") & pl.col("accom").fill_null("0").ne("0")),
    )


@cache
def header_model(month_end: dt.date) -> Model:

    class Header(OneRowPerChild, header_more(month_end), header_last_year(month_end)):
        sex: str = code("SEX", month_end)
        dob: dt.date = not_after(month_end, nullable=False)
        ethnic: str = code("ETHNIC", month_end)
        mother: str = code("ZERO_ONE", month_end, nullable=True)

        # The DfE's 165 beyond the code: MOTHER is for girls, and is given for every girl looked
        # after in the year. A warning (165w): the child still counts.
        mother_status = rule("DFE-165w", mother_status_ok(), "mother")

    return Header


PLACEMENT_KEYS = ("place", "place_provider", "urn", "pl_post")


def _placement_changed() -> pl.Expr:
    return pl.any_horizontal(~pl.col(c).eq_missing(previous(c, "decom")) for c in PLACEMENT_KEYS)


def _legal_status_changed() -> pl.Expr:
    return pl.col("ls") != previous("ls", "decom")


def _continues_previous() -> pl.Expr:
    return previous("dec", "decom") == pl.col("decom")


def _first_episode() -> pl.Expr:
    return previous("decom", "decom").is_null()


def _no_provider_places(month_end: dt.date) -> list[str]:
    """Placements the DfE's 178 expects no PLACE_PROVIDER for: T4 leaves the list in 2025/26
    as Z1 splits into Z11-Z14 (lac2025_26/rule_178)."""
    if collection_year(month_end) >= 2026:
        return ["T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14"]
    return ["T0", "T1", "T2", "T3", "T4", "Z1"]


@cache
def episodes_model(month_end: dt.date) -> Model:

    rec_codes = valid_codes("REC", collection_year(month_end))

    class Episodes(
        ChildInHeader,
        episodes_more(month_end),
        placement_ages(month_end),
        episodes_last_year(month_end),
    ):
        decom: dt.date = not_after(month_end, nullable=False)
        rne: str = code("RNE", month_end)
        ls: str = code("LS", month_end)
        cin: str = code("CIN", month_end)
        # An episode is judged by the codes of the last return it is in: the year it ended,
        # or this one while open (a placement ended in 2019 may be H5, retired in 2025).
        place: str
        place_code = code_of_its_time(
            "place", "PLACE", pl.coalesce(pl.col("dec"), pl.lit(month_end)).clip(None, month_end)
        )
        place_provider: str = code("PLACE_PROVIDER", month_end, nullable=True)
        dec: dt.date = not_after(month_end)
        # REC is checked only where the episode has ended: on an open one it is ignored.
        rec: str = pa.Field(nullable=True)
        reason_place_change: str = code("REASON_PLACE_CHANGE", month_end, nullable=True)
        urn: str = pa.Field(nullable=True)

        # The DfE's 178 beyond the code: a temporary or "other" placement has no provider.
        no_provider_needed = rule(
            "DFE-178w",
            ~pl.col("place").is_in(_no_provider_places(month_end))
            | pl.col("place_provider").is_null(),
            "place_provider",
        )
        ends_after_start = ends_not_before("decom", "dec")
        rec_valid = rule(
            "DFE-149", pl.when(pl.col("dec").is_not_null()).then(pl.col("rec").is_in(rec_codes))
        )
        # The DfE's 148 is both halves: a DEC without a REC (an error here: the period's end has
        # no reason) and a REC without a DEC, which here is REC_ON_OPEN_EPISODE, a warning: the
        # REC is ignored and the open episode still counts.
        dec_with_rec = rule("DFE-148", pl.col("dec").is_null() | pl.col("rec").is_not_null())
        no_rec_when_open = rule(
            "REC_ON_OPEN_EPISODE", pl.col("dec").is_not_null() | pl.col("rec").is_null()
        )
        one_per_start = one_record_per_start("decom")
        # As the DfE's 142: the episode left open (or without its REC) while a later one exists
        # is the row at fault, not the later episode; that one loads and counts.
        ended_before_next = rule(
            "DFE-142",
            following("decom", "decom").is_null()
            | (pl.col("dec").is_not_null() & pl.col("rec").is_not_null()),
            "dec",
        )
        no_overlap = starts_after_previous_ends("decom", "dec")
        starts_after_birth = rule("DFE-302", pl.col("decom") >= pl.col("_dob"))
        # Care ends at 18 at the latest: over 25 is a wrong date of birth or DECOM.
        at_most_25 = rule("OVER_25_IN_CARE", age("decom") <= 25, "decom")
        # X1 chains episodes into one period of care: an ended episode's REC is X1 exactly when
        # the next one starts the day it ends (the DfE's 388; an open episode's REC is ignored).
        x1_continues = rule(
            "DFE-388",
            pl.col("dec").is_null()
            | pl.col("rec").is_null()
            | (
                pl.col("rec").eq("X1")
                == (following("decom", "decom") == pl.col("dec")).fill_null(False)
            ),
        )
        # A continuation of a previous episode still open (no DEC) does not continue it either.
        continuation_same_day = rule(
            "DFE-433",
            pl.col("rne").eq("S")
            | previous("decom", "decom").is_null()
            | _continues_previous().fill_null(False),
        )
        # 434 and 435 compare with the child's previous episode whenever it started, as the
        # DfE does, not only one ending that day (433 is about the day). A blank placement
        # column equal to a blank one is no change (the DfE's pandas sees NaN != NaN).
        legal_status_only = rule(
            "DFE-434",
            pl.col("rne").ne("L")
            | _first_episode()
            | (_legal_status_changed() & ~_placement_changed()),
        )
        placement_only = rule(
            "DFE-435",
            ~pl.col("rne").is_in(["P", "T"])
            | _first_episode()
            | (~_legal_status_changed() & _placement_changed()),
        )
        placement_and_legal_status = rule(
            "DFE-436",
            ~pl.col("rne").is_in(["B", "U"])
            | ~_continues_previous()
            | (_legal_status_changed() & _placement_changed()),
        )
        # An open short break has lasted at least to the month end (the DfE fills the
        # collection end: the same day in a March extract).
        short_break_length = rule(
            "DFE-365",
            pl.col("ls").ne("V3")
            | ((pl.col("dec").fill_null(month_end) - pl.col("decom")).dt.total_days() <= 17),
        )
        youth_justice_age = rule("DFE-358", ~youth_justice_under_10("_dob"))
        # P2 stays a code of 2023/24, but no P2 placement may run past 28 October 2023. From
        # 2024/25 P2 is no code at all (DFE-146), and the DfE drops 217t.
        p2_withdrawn = rule(
            "DFE-217t",
            pl.col("place").ne("P2")
            | pl.lit(month_end < P2_LAST_DAY or collection_year(month_end) > 2024)
            | (pl.col("dec") <= P2_LAST_DAY).fill_null(False),
            "place",
        )

    return Episodes


@cache
def uasc_model(month_end: dt.date) -> Model:
    class Uasc(OneRowPerChild, ChildInHeader, UascLastYear):
        sex: str = code("SEX", month_end)
        dob: dt.date
        duc: dt.date = pa.Field(nullable=True)  # may lie in the future: often the 18th birthday

        duc_after_birth = rule("DUC_BEFORE_DOB", pl.col("duc") >= pl.col("dob"))
        duc_by_18 = rule("DFE-304", pl.col("duc") <= pl.col("dob").dt.offset_by("18y"))

    return Uasc


@cache
def reviews_model(month_end: dt.date) -> Model:

    class Reviews(ChildInHeader, ReviewsMore, HasEpisodes):
        review: dt.date = not_after(month_end, nullable=False)
        review_code: str = code("REVIEW_CODE", month_end, nullable=True)

        in_care = while_in_care("review")

    return Reviews


@cache
def missing_model(month_end: dt.date) -> Model:

    class Missing(ChildInHeader, HasEpisodes, missing_last_year(month_end)):
        missing: str = code("MISSING", month_end)
        mis_start: dt.date = not_after(month_end, nullable=False)
        mis_end: dt.date = not_after(month_end)
        rhi_offered: str = code("YES_NO_NA", month_end, nullable=True)
        rhi_accepted: str = code("YES_NO_NA", month_end, nullable=True)

        ends_after_start = ends_not_before("mis_start", "mis_end")
        no_overlap = no_overlap_by_end("DFE-574", "mis_start", "mis_end", "mis_start")
        after_birth = rule("DFE-586", pl.col("mis_start") >= pl.col("_dob"))
        # The DfE's 578 and 581 both flag a missing period outside every episode (before,
        # between or after), for a child with an episode; with none, it is OUTSIDE_CARE here.
        not_before_care = rule("DFE-581", in_an_episode())
        not_after_care = rule("DFE-578", in_an_episode())
        open_after_care = rule("DFE-577", ~pl.col("_open_outside_care"), "mis_end")
        no_care_at_all = rule("OUTSIDE_CARE", pl.col("_has_episode"), "mis_start")
        interview_offered_if_accepted = rule(
            "RETURN_INTERVIEW_NOT_OFFERED",
            pl.col("rhi_accepted").ne("Y") | pl.col("rhi_offered").eq("Y"),
        )

    return Missing


@cache
def oc2_model(month_end: dt.date) -> Model:

    flag = code("ZERO_ONE", month_end, nullable=True)

    class Oc2(OneRowPerChild, ChildInHeader, oc2_more(month_end), HasEpisodes):
        sdq_score: int = pa.Field(nullable=True)
        sdq_reason: str = code("SDQ_REASON", month_end, nullable=True)
        convicted: str = flag
        health_check: str = flag
        immunisations: str = flag
        teeth_check: str = flag
        health_assessment: str = flag
        substance_misuse: str = flag
        intervention_received: str = flag
        intervention_offered: str = flag

        sdq_in_range = rule("DFE-180", pl.col("sdq_score").is_between(0, 40))

    return Oc2


@cache
def oc3_model(month_end: dt.date) -> Model:

    class Oc3(OneRowPerChild, CareLeaverCodes, Oc3More, oc3_last_year(month_end)):
        in_touch: str = code("IN_TOUCH", month_end)
        activ: str = code("ACTIV", month_end, nullable=True)
        accom: str = code("ACCOM", month_end, nullable=True)

    return Oc3


@cache
def ad1_model(month_end: dt.date) -> Model:

    class Ad1(OneRowPerChild, ChildInHeader, Ad1More, HasEpisodes):
        date_int: dt.date = not_after(month_end)
        date_match: dt.date = not_after(month_end)
        foster_care: str = code("ZERO_ONE", month_end, nullable=True)
        nb_adoptr: str = code("NB_ADOPTR", month_end, nullable=True)
        sex_adoptr: str = code("SEX_ADOPTR", month_end, nullable=True)
        ls_adoptr: str = code("LS_ADOPTR", month_end, nullable=True)

        matched_after_decision = rule("DFE-333", pl.col("date_match") >= pl.col("date_int"))

    return Ad1


@cache
def placed_for_adoption_model(month_end: dt.date) -> Model:

    class PlacedForAdoption(
        ChildInHeader,
        placed_for_adoption_more(month_end),
        HasEpisodes,
        placed_for_adoption_last_year(month_end),
    ):
        date_placed: dt.date = not_after(month_end, nullable=False)
        date_placed_ceased: dt.date = not_after(month_end)
        reason_placed_ceased: str = code("REASON_PLACED_CEASED", month_end, nullable=True)

        ceased_after_decision = ends_not_before("date_placed", "date_placed_ceased")
        previous_decision_closed = previous_record_closed("date_placed", "date_placed_ceased")
        no_overlap = starts_after_previous_ends("date_placed", "date_placed_ceased")
        ceased_with_reason = rule(
            "DFE-119",
            pl.col("date_placed_ceased").is_null() == pl.col("reason_placed_ceased").is_null(),
        )

    return PlacedForAdoption


@cache
def previous_permanence_model(month_end: dt.date) -> Model:

    class PreviousPermanence(OneRowPerChild, ChildInHeader, PreviousPermanenceMore, HasEpisodes):
        prev_perm: str = code("PREV_PERM", month_end, nullable=True)
        la_perm: str = pa.Field(nullable=True)
        # Unknown parts of the date are written zz: zz/zz/2012 is "some time in 2012".
        date_perm: str = pa.Field(nullable=True)

        date_shape = rule(
            "DFE-632", pl.col("date_perm").str.contains(r"^(?i)(\d{2}|zz)/(\d{2}|zz)/\d{4}$")
        )

    return PreviousPermanence


@cache
def sw_episodes_model(month_end: dt.date) -> Model:

    class SwEpisodes(ChildInHeader, sw_episodes_more(month_end)):
        sw_id: str
        sw_decom: dt.date = not_after(month_end, nullable=False)
        sw_dec: dt.date = not_after(month_end)
        sw_reason: str = code("SW_REASON", month_end, nullable=True)

        id_shape = rule("DFE-SW02STG1", pl.col("sw_id").str.contains(r"^(SW|XX)"))
        ends_after_start = ends_not_before("sw_decom", "sw_dec")
        one_per_start = one_record_per_start("sw_decom")
        previous_closed = previous_record_closed("sw_decom", "sw_dec")
        no_overlap = starts_after_previous_ends("sw_decom", "sw_dec")

    return SwEpisodes


@cache
def visits_model(month_end: dt.date) -> Model:
    class Visits(ChildInHeader):
        visit_date: dt.date = not_after(month_end, nullable=False)
        seen: str = code("YES_NO", month_end, nullable=True)
        seen_alone: str = code("YES_NO", month_end, nullable=True)

        in_care = while_in_care("visit_date")
        alone_only_if_seen = rule(
            "SEEN_ALONE_NOT_SEEN", pl.col("seen_alone").ne("Y") | pl.col("seen").eq("Y")
        )

    return Visits


@cache
def health_checks_model(month_end: dt.date) -> Model:
    class HealthChecks(ChildInHeader):
        check_type: str = code("CHECK_TYPE", month_end)
        check_date: dt.date = not_after(month_end, nullable=False)
        status: str = code("CHECK_STATUS", month_end)

        in_care = while_in_care("check_date")

    return HealthChecks


@cache
def care_leavers_model(month_end: dt.date) -> Model:
    class CareLeavers(CareLeaverCodes):
        contact_date: dt.date = not_after(month_end, nullable=False)
        eligibility: str = code("ELIGIBILITY", month_end)
        # Contacts reach back years: judged by the codes of the contact's year.
        in_touch: str = pa.Field()
        activ: str = pa.Field(nullable=True)
        accom: str = pa.Field(nullable=True)

        in_touch_code = code_of_its_time("in_touch", "IN_TOUCH", "contact_date")
        activ_code = code_of_its_time("activ", "ACTIV", "contact_date")
        accom_code = code_of_its_time("accom", "ACCOM", "contact_date")
        pathway_plan_date: dt.date = not_after(month_end)
        pa_allocated: str = code("YES_NO", month_end, nullable=True)

    return CareLeavers


@cache
def exploitation_model(month_end: dt.date) -> Model:
    # About every child at risk, in care or not: the header need not hold them.
    class Exploitation(ChildRows):
        sex: str = code("SEX", month_end, nullable=True)
        dob: dt.date = pa.Field(nullable=True)
        risk_type: str = code("RISK_TYPE", month_end)
        start_date: dt.date = not_after(month_end, nullable=False)
        end_date: dt.date = not_after(month_end)

        ends_after_start = ends_not_before("start_date", "end_date")

    return Exploitation


@cache
def education_model(month_end: dt.date) -> Model:
    class Education(ChildInHeader):
        record_date: dt.date = not_after(month_end, nullable=False)
        pep_date: dt.date = not_after(month_end)
        school_urn: str = pa.Field(nullable=True)
        school_ofsted_grade: str = code("OFSTED_GRADE", month_end, nullable=True)

    return Education


@cache
def disability_model(month_end: dt.date) -> Model:
    class Disability(ChildInHeader):
        disability: str = code("DISABILITY", month_end)

        listed_once = rule("DUPLICATE_ROW", ~pl.struct("child_id", "disability").is_duplicated())

    return Disability


@cache
def workforce_model(last_day: dt.date) -> Model:
    # Aggregate counts per team: no child in it.
    class Workforce(pa.DataFrameModel):
        line: int
        # (the parameter is not called month_end: the class body has a column of that name)
        month_end: dt.date = not_after(last_day, nullable=False)
        service: str
        role: str
        establishment_fte: float = pa.Field(nullable=True, ge=0)
        staff_fte: float = pa.Field(nullable=True, ge=0)
        cases: int = pa.Field(nullable=True, ge=0)

    return Workforce


# --- The DoLo table (deprivation of liberty orders, from 2026/27): the DfE's 700-710 -----------
# Facts from other tables arrive as _dob (the header's), _out_of_care (707), _unexpected_placement
# (709) and _barred_placement (710), from ingest.dolo.


@cache
def dolo_model(month_end: dt.date) -> Model:
    year_start = dt.date(collection_year(month_end) - 1, 4, 1)

    class Dolo(ChildInHeader):
        dolo_start: dt.date = not_after(month_end, nullable=False)
        dolo_end: dt.date = not_after(month_end)

        # The DfE's 702 fails an order ending the day it starts, too.
        ends_after_start = rule("DFE-702", pl.col("dolo_end") > pl.col("dolo_start"))
        ends_in_year = rule("DFE-704w", pl.col("dolo_end") >= year_start)
        previous_closed = no_overlap_by_end("DFE-705", "dolo_start", "dolo_end")
        within_care = rule("DFE-707", ~pl.col("_out_of_care"))
        after_birth = rule("DFE-708", pl.col("dolo_start") > pl.col("_dob"))
        expected_placement = rule("DFE-709", ~pl.col("_unexpected_placement"))
        no_barred_placement = rule("DFE-710", ~pl.col("_barred_placement"))

    return Dolo


MODELS: dict[str, Callable[[dt.date], Model]] = {
    "header": header_model,
    "episodes": episodes_model,
    "uasc": uasc_model,
    "reviews": reviews_model,
    "missing": missing_model,
    "oc2": oc2_model,
    "oc3": oc3_model,
    "ad1": ad1_model,
    "placed_for_adoption": placed_for_adoption_model,
    "previous_permanence": previous_permanence_model,
    "sw_episodes": sw_episodes_model,
    "dolo": dolo_model,
    "visits": visits_model,
    "health_checks": health_checks_model,
    "care_leavers": care_leavers_model,
    "exploitation": exploitation_model,
    "education": education_model,
    "disability": disability_model,
    "workforce": workforce_model,
}

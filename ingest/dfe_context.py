"""Facts from other tables that the further DfE rules (schemas/dfe_more.py) judge a row by.

Each is a ``_``-prefixed column joined on before validation, as ingest.stage does for
``_in_header`` and ``_dob``. A fact about a table the month did not land is null, so the rule
passes: the DfE validator skips a rule whose tables were not uploaded.

The year a fact is about is the extract month's collection year (1 April to 31 March), as the
DfE judges a return: "looked after continuously for 12 months at 31 March" is at the 31 March
ending that year.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from ingest.last_year import LastYear, with_last_year
from ingest.location import FULL_POSTCODE, lookup_key, places_for
from schemas.codes import SHORT_BREAK_LS, valid_codes
from schemas.dfe_more import (
    AD1_ITEMS,
    ADOPTION_CEASED_INCOMPLETE,
    ADOPTION_ROUTE,
    LEFT_NOT_ADOPTED,
    OC2_HEALTH,
    given,
    mother_status_ok,
    open_in,
    year_bounds,
    youth_justice_under_10,
)
from schemas.months import collection_year


def children_where(typed: dict[str, pl.DataFrame], table: str, keep: pl.Expr) -> pl.Series | None:
    """The children of a table's rows that ``keep`` holds for; None when the table is absent."""
    if table not in typed:
        return None
    return typed[table].filter(keep)["child_id"].unique()


def member(children: pl.Series | None, name: str) -> pl.Expr:
    if children is None:
        return pl.lit(None, pl.Boolean).alias(name)
    return pl.col("child_id").is_in(children.implode()).alias(name)


#: A UPN (a letter other than I, O or S, then 12 digits or 11 and a letter) or an unknown code.
UPN_SHAPE = r"^([A-HJ-NP-RT-Z](\d{12}|\d{11}[A-Z])|UN[1-5])$"


def upn_well_formed(raw: pl.DataFrame) -> pl.Series:
    """``_upn_ok`` for each row of the raw header (rule 168): the UPN, where given, is well
    formed; null without a UPN column. Only this flag leaves the raw file, never the UPN."""
    if "UPN" not in raw.columns:
        return pl.Series("_upn_ok", [None] * raw.height, dtype=pl.Boolean)
    upn = raw["UPN"].str.strip_chars().str.to_uppercase()
    return (upn.is_null() | upn.str.contains(UPN_SHAPE)).alias("_upn_ok")


def with_postcodes_found(episodes: pl.DataFrame, own_upper_tier: str | None) -> pl.DataFrame:
    """``_home_post_found`` and ``_pl_post_found``: a full postcode the ONS directory holds; and
    ``_placed_in_own_la``, that placement postcode is in the LA's own area (rule 1015). The
    DfE looks postcodes up exactly, so a sector or district (which our placement figures
    accept) is not a valid postcode to it."""
    keys = pl.concat(
        [
            episodes.select(lookup_key(pl.col(c)).alias("key"))["key"]
            for c in ("home_post", "pl_post")
        ]
    )
    places = places_for(keys)
    known = places["key"]
    found = {
        f"_{c}_found": (
            lookup_key(pl.col(c)).is_in(known.implode())
            & pl.col(c).str.to_uppercase().str.strip_chars().str.contains(FULL_POSTCODE)
        ).fill_null(False)
        for c in ("home_post", "pl_post")
    }
    placed_la = lookup_key(pl.col("pl_post")).replace_strict(
        places["key"], places["upper_tier"], default=None
    )
    in_own_la = (
        pl.lit(None, pl.Boolean)
        if own_upper_tier is None
        else pl.when(found["_pl_post_found"]).then(placed_la == own_upper_tier).otherwise(False)
    )
    return episodes.with_columns(**found).with_columns(
        _placed_in_own_la=in_own_la,
        _placed_la=pl.when(found["_pl_post_found"]).then(placed_la),
    )


def with_social_workers_unreported(
    episodes: pl.DataFrame, typed: dict[str, pl.DataFrame]
) -> pl.DataFrame:
    """``_sw_unreported`` (rule SW12STG2): the child has no social worker episode, or one that
    neither starts by this episode's end (where it ended other than X1) nor on or after its
    start (where it started care); null without a social worker table."""
    if "sw_episodes" not in typed:
        return episodes.with_columns(_sw_unreported=pl.lit(None, pl.Boolean))
    workers = typed["sw_episodes"].select("child_id", "sw_decom")
    pairs = (
        episodes.select("child_id", "decom", "dec", "rne", "rec")
        .with_row_index("_row")
        .join(workers, on="child_id", how="left")
        .select(
            "_row",
            fails=~(
                (pl.col("sw_decom") <= pl.col("dec")) & pl.col("rec").ne_missing("X1")
            ).fill_null(False)
            & ~((pl.col("sw_decom") >= pl.col("decom")) & pl.col("rne").eq("S")).fill_null(False),
        )
        .group_by("_row")
        .agg(_sw_unreported=pl.col("fails").any())
    )
    return (
        episodes.with_row_index("_row")
        .join(pairs, on="_row", how="left", maintain_order="left")
        .drop("_row")
    )


def with_episode_spans(episodes: pl.DataFrame, month_end: dt.date) -> pl.DataFrame:
    """For each episode, its period under one legal status (the child's consecutive episodes
    of that status, each starting by the day the last ended): ``_ls_span_days`` from the first
    start to the last end, ``_ls_total_days`` the episodes' days added up (rules 361-364); and
    ``_v3_year_days``, the child's days on individual short breaks (V3) within the year, on
    each V3 episode with a day in it (367). An open episode is counted to the month's end (the
    DfE, judging the year's return after it, to 31 March): days not yet spent are no fault."""
    start, end = year_bounds(month_end)
    ended = pl.col("dec").fill_null(min(month_end, end))
    by_status = ["child_id", "ls"]
    periods = (
        episodes.with_row_index("_row")
        .filter(pl.col("decom").is_not_null())
        .with_columns(_ended=ended)
        .sort("child_id", "ls", "decom")
        .with_columns(
            _period=(
                pl.col("_ended").shift(1).over(by_status).is_null()
                | (pl.col("decom") > pl.col("_ended").shift(1).over(by_status))
            )
            .cum_sum()
            .over(by_status)
        )
        .with_columns(
            _ls_span_days=(pl.col("_ended").max() - pl.col("decom").min())
            .over([*by_status, "_period"])
            .dt.total_days(),
            _ls_total_days=(pl.col("_ended") - pl.col("decom"))
            .dt.total_days()
            .sum()
            .over([*by_status, "_period"]),
            _v3_days=pl.when(pl.col("ls") == "V3").then(
                (
                    pl.min_horizontal(pl.col("_ended"), pl.lit(end))
                    - pl.max_horizontal(pl.col("decom"), pl.lit(start))
                ).dt.total_days()
            ),
        )
        .with_columns(
            _v3_year_days=pl.when(pl.col("_v3_days") > 0).then(
                pl.col("_v3_days").filter(pl.col("_v3_days") > 0).sum().over("child_id")
            )
        )
        .select("_row", "_ls_span_days", "_ls_total_days", "_v3_year_days")
    )
    return (
        episodes.with_row_index("_row")
        .join(periods, on="_row", how="left", maintain_order="left")
        .drop("_row")
    )


def continuously_looked_after(episodes: pl.DataFrame, month_end: dt.date) -> pl.Series:
    """Children looked after throughout the year to 31 March: in care at some time in it and no
    episode started care in it (RNE S), left care in it (REC other than X1), or was a short break
    (V3, V4). The DfE's own definition (903 validation rules, "CONTINUOUSLY_LOOKED_AFTER")."""
    start, end = year_bounds(month_end)
    during = (pl.col("decom") <= end) & (pl.col("dec").is_null() | (pl.col("dec") >= start))
    breaks = (
        ((pl.col("rne") == "S") & (pl.col("decom") > start) & (pl.col("decom") <= end))
        | (pl.col("rec").ne_missing("X1") & (pl.col("dec") >= start) & (pl.col("dec") < end))
        | (pl.col("ls").is_in(SHORT_BREAK_LS) & during)
    )
    per_child = episodes.group_by("child_id").agg(
        during=during.any(), broken=breaks.fill_null(False).any()
    )
    return per_child.filter(pl.col("during") & ~pl.col("broken"))["child_id"]


def short_breaks_only(typed: dict[str, pl.DataFrame]) -> pl.Series | None:
    """Children every episode of whom is a short break (V3, V4)."""
    if "episodes" not in typed:
        return None
    per_child = (
        typed["episodes"]
        .group_by("child_id")
        .agg(only=pl.col("ls").is_in(SHORT_BREAK_LS).fill_null(False).all())
    )
    return per_child.filter("only")["child_id"]


def ceased_in_year(typed: dict[str, pl.DataFrame], month_end: dt.date) -> pl.Series | None:
    """Children who ceased to be looked after in the year (REC other than X1), not from a short
    break (rule 607)."""
    start, end = year_bounds(month_end)
    return children_where(
        typed,
        "episodes",
        pl.col("rec").is_not_null()
        & pl.col("rec").ne("X1")
        & pl.col("dec").is_between(start, end)
        & ~pl.col("ls").is_in(SHORT_BREAK_LS).fill_null(False),
    )


def looked_after_this_year(
    header: pl.DataFrame, episodes: pl.DataFrame | None, month_end: dt.date
) -> pl.Series:
    """Whether each header child had an episode other than a short break in the collection year
    so far (the DfE's 165 asks it of girls)."""
    if episodes is None:
        return pl.repeat(False, header.height, eager=True)
    year_start, _ = year_bounds(month_end)
    in_year = episodes.filter(
        ~pl.col("ls").is_in(SHORT_BREAK_LS),
        pl.col("decom") <= month_end,
        pl.col("dec").is_null() | (pl.col("dec") >= year_start),
    )["child_id"]
    return header["child_id"].is_in(in_year.implode())


def mother_status_wrong(typed: dict[str, pl.DataFrame], month_end: dt.date) -> pl.Series | None:
    """Children in care (other than on short breaks) whose header fails rule 165: MOTHER not
    0 or 1, or against their sex (schemas.dfe_more.mother_status_ok). The DfE reports these on
    the OC3 row too."""
    if "header" not in typed or "episodes" not in typed:
        return None
    header = typed["header"]
    in_care = children_where(
        typed, "episodes", ~pl.col("ls").is_in(SHORT_BREAK_LS).fill_null(False)
    )
    judged = header.with_columns(
        looked_after_this_year(header, typed["episodes"], month_end).alias(
            "_looked_after_this_year"
        )
    )
    wrong = ~mother_status_ok().fill_null(True) | ~pl.col("mother").is_in(
        valid_codes("ZERO_ONE", collection_year(month_end))
    ).fill_null(True)
    return judged.filter(pl.col("child_id").is_in(in_care.implode()) & wrong)["child_id"]


def not_started_this_year(episodes: pl.DataFrame, month_end: dt.date) -> pl.Series:
    """Children in care in the year whose latest episode started before it (rule 634: previous
    permanence is asked of a child starting care in the year). A child not in the year's return
    is not judged: a monthly extract holds the LA's whole history."""
    start, end = year_bounds(month_end)
    per_child = episodes.group_by("child_id").agg(
        during=open_in(start, end).fill_null(False).any(), last_start=pl.col("decom").max()
    )
    return per_child.filter(pl.col("during") & (pl.col("last_start") < start))["child_id"]


def in_care_on_17th_or_18th_birthday(
    typed: dict[str, pl.DataFrame], month_end: dt.date
) -> pl.Series | None:
    """Children aged 17 or 18 at the year's end who were looked after on their latest birthday
    by then: an episode started by it and ended after it (rule 1007; the DfE counts only ended
    episodes). The date of birth is the header's (OC3's own is not staged)."""
    if "header" not in typed or "episodes" not in typed:
        return None
    _, end = year_bounds(month_end)
    dob = pl.col("dob")
    aged = (
        typed["header"]
        .select("child_id", "dob")
        .filter((dob.dt.offset_by("17y") <= end) & (dob.dt.offset_by("19y") > end))
    )
    years = pl.lit(end.year) - dob.dt.year()
    birthday = dob.dt.offset_by(pl.concat_str(years.cast(pl.String), pl.lit("y")))
    birthday = pl.when(birthday > end).then(birthday.dt.offset_by("-1y")).otherwise(birthday)
    return (
        typed["episodes"]
        .join(aged, on="child_id")
        .with_columns(_birthday=birthday)
        .filter((pl.col("decom") <= pl.col("_birthday")) & (pl.col("dec") > pl.col("_birthday")))[
            "child_id"
        ]
        .unique()
    )


def looked_after_all_year(typed: dict[str, pl.DataFrame], month_end: dt.date) -> pl.Series | None:
    """Rule 187's children looked after continuously for 12 months; the DfE judges it only on
    a return with episodes, AD1 and OC3 all uploaded."""
    if not {"episodes", "ad1", "oc3"} <= typed.keys():
        return None
    return continuously_looked_after(typed["episodes"], month_end)


def last_ceased_transferred(typed: dict[str, pl.DataFrame]) -> pl.Series | None:
    """Children whose latest episode ended with care taken over by another LA (REC E3: 1011)."""
    if "episodes" not in typed:
        return None
    last = typed["episodes"].filter(pl.col("decom") == pl.col("decom").max().over("child_id"))
    return last.filter(pl.col("rec") == "E3")["child_id"]


def latest_decision(typed: dict[str, pl.DataFrame]) -> pl.DataFrame | None:
    """Each child's latest date of a decision to place for adoption or to stop (rule 117)."""
    if "placed_for_adoption" not in typed:
        return None
    return (
        typed["placed_for_adoption"]
        .group_by("child_id")
        .agg(_latest_decision=pl.max_horizontal("date_placed", "date_placed_ceased").max())
    )


def care_starts(typed: dict[str, pl.DataFrame]) -> pl.DataFrame | None:
    """Each child's first and latest start of care (an episode with RNE S): rules 1003, 334."""
    if "episodes" not in typed:
        return None
    return (
        typed["episodes"]
        .filter(pl.col("rne") == "S")
        .group_by("child_id")
        .agg(_first_care_start=pl.col("decom").min(), _last_care_start=pl.col("decom").max())
    )


def first_in_year(typed: dict[str, pl.DataFrame], month_end: dt.date) -> pl.DataFrame | None:
    """Each child's first episode in the year other than a short break, by start (rule 118:
    the first the year's return holds)."""
    if "episodes" not in typed:
        return None
    start, end = year_bounds(month_end)
    return (
        typed["episodes"]
        .filter(open_in(start, end) & ~pl.col("ls").is_in(SHORT_BREAK_LS).fill_null(False))
        .group_by("child_id")
        .agg(_first_in_year=pl.col("decom").min())
    )


def earliest(
    typed: dict[str, pl.DataFrame], table: str, column: str, name: str
) -> pl.DataFrame | None:
    """Each child's earliest date in a column of another table."""
    if table not in typed:
        return None
    return typed[table].group_by("child_id").agg(pl.col(column).min().alias(name))


def earliest_ceased_held(typed: dict[str, pl.DataFrame], month_end: dt.date) -> pl.DataFrame | None:
    """Each child's earliest date a decision to place for adoption ceased, of those a year's
    return holds: ceased in the year or later (rule 118)."""
    if "placed_for_adoption" not in typed:
        return None
    start, _ = year_bounds(month_end)
    return (
        typed["placed_for_adoption"]
        .filter(pl.col("date_placed_ceased") >= start)
        .group_by("child_id")
        .agg(_earliest_ceased=pl.col("date_placed_ceased").min())
    )


def joined(frame: pl.DataFrame, facts: pl.DataFrame | None, *names: str) -> pl.DataFrame:
    """The frame with per-child facts joined on (null where the child or the table is absent)."""
    if facts is None:
        return frame.with_columns(pl.lit(None, pl.Date).alias(n) for n in names)
    return frame.join(
        facts.select("child_id", *names), on="child_id", how="left", maintain_order="left"
    )


def periods_of_care(episodes: pl.DataFrame) -> pl.DataFrame:
    """Each child's periods of care as the DfE validator forms them (rule 577): episodes by
    start, a new period where one starts after the previous ended; a period runs from its
    first start to its last episode's end (null while that is open)."""
    return (
        episodes.filter(pl.col("decom").is_not_null())
        .sort("child_id", "decom")
        .with_columns(
            _new=(pl.col("decom") > pl.col("dec").shift(1).over("child_id")).fill_null(False)
            | pl.col("child_id").shift(1).ne_missing(pl.col("child_id"))
        )
        .with_columns(_period=pl.col("_new").cum_sum())
        .group_by("child_id", "_period")
        .agg(poc_start=pl.col("decom").first(), poc_end=pl.col("dec").last())
    )


def missing_open_outside_care(
    missing: pl.DataFrame, episodes: pl.DataFrame | None
) -> pl.Series | None:
    """``_open_outside_care`` for each missing row (rule 577, as the validator's code has it):
    against every period of care of the child, the missing period is open though the period
    ended, or open from before it began, or ends outside it; false for a child with no
    episode."""
    if episodes is None:
        return None
    start, end = pl.col("mis_start"), pl.col("mis_end")
    out = (
        (start.is_not_null() & end.is_null() & pl.col("poc_end").is_not_null())
        | (end.is_null() & (start < pl.col("poc_start")))
        | (end > pl.col("poc_end"))
        | (end < pl.col("poc_start"))
    )
    flags = (
        missing.select("child_id", "mis_start", "mis_end")
        .with_row_index("_row")
        .join(periods_of_care(episodes), on="child_id", how="left")
        .group_by("_row")
        .agg(_open_outside_care=out.fill_null(False).all())
        .sort("_row")
    )
    return flags["_open_outside_care"]


def latest_start(typed: dict[str, pl.DataFrame]) -> pl.DataFrame | None:
    """The start and end of each child's latest episode (by start) other than X1 (rule 117)."""
    if "episodes" not in typed:
        return None
    return (
        typed["episodes"]
        .filter(pl.col("decom").is_not_null() & pl.col("rec").ne_missing("X1"))
        .sort("decom")
        .group_by("child_id")
        .agg(_last_start=pl.col("decom").last(), _last_start_dec=pl.col("dec").last())
    )


#: Tables whose rows need the child to have an episode (rule 1012).
NEED_AN_EPISODE = ("placed_for_adoption", "missing", "reviews", "ad1", "previous_permanence", "oc2")


def dfe_context(
    frame: pl.DataFrame,
    table: str,
    typed: dict[str, pl.DataFrame],
    month_end: dt.date,
    own_upper_tier: str | None = None,
    last_year: LastYear | None = None,
) -> pl.DataFrame:
    """The frame with the facts its further DfE rules need, those from last year's return
    among them (null where it is not held)."""
    frame = with_last_year(frame, table, typed, last_year, month_end)
    if table in NEED_AN_EPISODE:
        frame = frame.with_columns(
            member(children_where(typed, "episodes", pl.lit(True)), "_has_episode")
        )
    girls_no_mother = children_where(
        typed, "header", pl.col("sex").eq("F") & pl.col("mother").is_null()
    )
    mother_given = children_where(typed, "header", pl.col("mother").is_not_null())
    reviewed = children_where(typed, "reviews", given("review", "review_code"))
    if table == "header":
        looked_after = children_where(typed, "episodes", ~pl.col("ls").is_in(SHORT_BREAK_LS))
        listed = pl.concat(
            [typed[t]["child_id"] for t in ("episodes", "oc3") if t in typed]
            or [pl.Series([], dtype=pl.String)]
        )
        under_10 = None
        if "episodes" in typed:
            under_10 = (
                typed["episodes"]
                .join(frame.select("child_id", "dob"), on="child_id")
                .filter(youth_justice_under_10("dob"))["child_id"]
            )
        return frame.with_columns(
            member(under_10, "_youth_justice_under_10"),
            member(looked_after, "_looked_after"),
            member(listed, "_episodes_or_oc3"),
            member(short_breaks_only(typed), "_short_breaks_only"),
            member(reviewed, "_reviewed"),
            member(ceased_in_year(typed, month_end), "_ceased_in_year"),
        )
    if table == "episodes":
        uasc = children_where(typed, "uasc", pl.lit(True))
        decided = children_where(typed, "placed_for_adoption", pl.col("date_placed").is_not_null())
        decisions = children_where(typed, "placed_for_adoption", pl.lit(True))
        incomplete = children_where(typed, "placed_for_adoption", ADOPTION_CEASED_INCOMPLETE)
        located = with_postcodes_found(frame, own_upper_tier)
        prev_perm = children_where(
            typed, "previous_permanence", given("prev_perm", "la_perm", "date_perm")
        )
        located = joined(
            joined(
                joined(located, care_starts(typed), "_first_care_start", "_last_care_start"),
                earliest(typed, "placed_for_adoption", "date_placed", "_earliest_decision"),
                "_earliest_decision",
            ),
            earliest(typed, "ad1", "date_int", "_date_int"),
            "_date_int",
        )
        header_dob = (
            None
            if "header" not in typed
            else typed["header"].select("child_id", _header_dob="dob").unique("child_id")
        )
        # The header's DOB as typed, where ``_dob`` (ingest.stage) is from rows that load.
        located = joined(located, header_dob, "_header_dob")
        located = joined(
            joined(located, first_in_year(typed, month_end), "_first_in_year"),
            # Decisions ceased before the year are history a year's return does not hold.
            earliest_ceased_held(typed, month_end),
            "_earliest_ceased",
        )
        located = joined(
            joined(located, latest_start(typed), "_last_start"),
            latest_decision(typed),
            "_latest_decision",
        )
        return with_social_workers_unreported(
            with_episode_spans(located, month_end), typed
        ).with_columns(
            member(uasc, "_uasc"),
            member(decided, "_adoption_decided"),
            member(decisions, "_adoption_decisions"),
            member(incomplete, "_adoption_ceased_incomplete"),
            member(short_breaks_only(typed), "_short_breaks_only"),
            member(mother_given, "_mother_given"),
            member(reviewed, "_reviewed"),
            member(girls_no_mother, "_girl_no_mother"),
            member(prev_perm, "_prev_perm_given"),
            member(not_started_this_year(frame, month_end), "_not_started_this_year"),
        )
    if table == "reviews":
        return frame.with_columns(
            member(short_breaks_only(typed), "_short_breaks_only"),
            member(mother_given, "_mother_given"),
        )
    if table == "placed_for_adoption":
        frame = joined(
            joined(
                joined(frame, care_starts(typed), "_first_care_start"),
                latest_start(typed),
                "_last_start_dec",
            ),
            first_in_year(typed, month_end),
            "_first_in_year",
        )
        open_order = children_where(
            typed, "episodes", pl.col("ls").is_in(["D1", "E1"]) & pl.col("dec").is_null()
        )
        left = children_where(typed, "episodes", ADOPTION_ROUTE & LEFT_NOT_ADOPTED)
        adopted = children_where(typed, "ad1", given(*AD1_ITEMS))
        return frame.with_columns(
            member(open_order, "_open_order"),
            member(left, "_left_not_adopted"),
            member(adopted, "_in_ad1"),
        )
    if table == "ad1":
        frame = joined(frame, care_starts(typed), "_last_care_start")
        reversed_ = children_where(
            typed, "placed_for_adoption", pl.col("date_placed_ceased").is_not_null()
        )
        adopted = children_where(
            typed,
            "episodes",
            pl.col("dec").is_between(*year_bounds(month_end)) & pl.col("rec").is_in(["E11", "E12"]),
        )
        return frame.with_columns(
            member(reversed_, "_decision_reversed"),
            member(adopted, "_adopted_in_year"),
            member(looked_after_all_year(typed, month_end), "_cla12"),
        )
    if table == "oc2":
        episodes = typed.get("episodes")
        cla = None if episodes is None else continuously_looked_after(episodes, month_end)
        leavers = children_where(typed, "oc3", given("in_touch", "activ", "accom"))
        return frame.with_columns(member(cla, "_cla12"), member(leavers, "_care_leaver"))
    if table == "oc3":
        start, end = year_bounds(month_end)
        health = children_where(typed, "oc2", given(*OC2_HEALTH))
        return frame.with_columns(
            member(health, "_oc2_health"),
            member(mother_status_wrong(typed, month_end), "_mother_status_wrong"),
            member(in_care_on_17th_or_18th_birthday(typed, month_end), "_in_care_on_birthday"),
            member(
                children_where(
                    typed, "header", pl.col("dob").dt.offset_by("17y").is_between(start, end)
                ),
                "_17_in_year",
            ),
            member(looked_after_all_year(typed, month_end), "_cla12"),
            member(last_ceased_transferred(typed), "_last_rec_e3"),
            member(
                children_where(typed, "header", pl.col("dob").dt.offset_by("17y") > end),
                "_under_17",
            ),
        )
    if table == "missing":
        flags = missing_open_outside_care(frame, typed.get("episodes"))
        return frame.with_columns(
            pl.lit(None, pl.Boolean).alias("_open_outside_care") if flags is None else flags
        )
    if table == "previous_permanence":
        episodes = typed.get("episodes")
        late = None if episodes is None else not_started_this_year(episodes, month_end)
        return frame.with_columns(member(late, "_not_started_this_year"))
    return frame

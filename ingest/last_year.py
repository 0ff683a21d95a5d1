"""Last year's return: what the DfE's ``_last`` rules (Episodes_last, Header_last, OC3_last,
DoLo_last) judge this month's rows against (schemas/dfe_last_year.py).

It is the extract of the last month of the previous collection year (March), cut as the DfE's
"last year" tables are, to that year's return (``year_return``), and keyed by the same
pseudonymised child id as this month's rows (the same key and LA code: ingest.pseudonymise).
It reaches ``ingest.stage.stage_tables`` as ``last_year`` from one of two places:

- the pipeline's staging (warehouse.staging.load_extract): the staged tables of that month that
  the warehouse holds (warehouse.last_year), staged with the warehouse's key;
- ``cpr validate`` and the parity harness, which have no warehouse: that month's landing folder
  (ingest.stage.last_year_from_folder), staged with the same throwaway key as the month checked.

With neither, the rules are skipped and one LAST_YEAR_NOT_HELD note says so (``not_held``).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from ingest.location import LOCATION_SCHEMA
from schemas.codes import SHORT_BREAK_LS
from schemas.dfe_last_year import CARRIED_ON
from schemas.dfe_more import year_bounds
from schemas.months import collection_year

#: The tables the last-year rules read.
LAST_YEAR_TABLES = ("header", "episodes", "uasc", "oc3", "missing", "placed_for_adoption", "dolo")
#: The rules judged against last year's return (named in the note when it is not held).
LAST_YEAR_RULES = (
    "1001", "1002", "1010", "202", "203", "204", "205B", "205D", "207", "348", "452", "453",
    "502", "503A-H", "503J", "559", "560", "561", "562", "576", "NoE", "706",
)  # fmt: skip

LastYear = dict[str, pl.DataFrame]


def last_year_month(month_end: dt.date) -> dt.date:
    """The month (its first day) whose extract is last year's return: March of the previous
    collection year."""
    return dt.date(collection_year(month_end) - 1, 3, 1)


def year_return(tables: LastYear, year: int) -> LastYear:
    """Typed, pseudonymised tables cut to the 903 return of the collection year ending 31 March
    ``year``, as tools/dfe_validator/validate_month.py cuts a folder for the DfE validator:
    episodes open in the year; the header of their children and of the care leavers (OC3);
    DoLOs of those children open in the year."""
    start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    out: LastYear = {}
    episodes = tables.get("episodes")
    if episodes is None:
        return out
    out["episodes"] = episodes.filter(
        (pl.col("decom") <= end) & (pl.col("dec").is_null() | (pl.col("dec") >= start))
    )
    in_care = out["episodes"]["child_id"].unique().implode()
    if "oc3" in tables:
        out["oc3"] = tables["oc3"]
    leavers = out.get("oc3", pl.DataFrame(schema={"child_id": pl.String}))["child_id"]
    if "header" in tables:
        out["header"] = tables["header"].filter(
            pl.col("child_id").is_in(in_care) | pl.col("child_id").is_in(leavers.implode())
        )
    if "uasc" in tables:
        out["uasc"] = tables["uasc"].filter(pl.col("child_id").is_in(in_care))
    if "missing" in tables:
        out["missing"] = tables["missing"].filter(
            pl.col("child_id").is_in(in_care)
            & (pl.col("mis_start") <= end)
            & (pl.col("mis_end").is_null() | (pl.col("mis_end") >= start))
        )
    if "placed_for_adoption" in tables:
        out["placed_for_adoption"] = tables["placed_for_adoption"].filter(
            pl.col("child_id").is_in(in_care)
            & (pl.col("date_placed_ceased").is_null() | (pl.col("date_placed_ceased") >= start))
        )
    if "dolo" in tables:
        out["dolo"] = tables["dolo"].filter(
            pl.col("child_id").is_in(in_care)
            & (pl.col("dolo_start") <= end)
            & (pl.col("dolo_end").is_null() | (pl.col("dolo_end") >= start))
        )
    return out


def not_held_note(month_end: dt.date) -> str:
    """Why the last-year rules were not judged, for the report and the run's metadata."""
    march = last_year_month(month_end)
    return (
        f"rules {', '.join(LAST_YEAR_RULES)} not judged: no {march:%B %Y} extract (last year's "
        "return) is held"
    )


# --- The facts the last-year rules judge a row by (``_``-prefixed, as ingest.dfe_context) -----


def _children(frame: pl.DataFrame | None, keep: pl.Expr | None = None) -> pl.Series | None:
    if frame is None:
        return None
    return (frame if keep is None else frame.filter(keep))["child_id"].unique()


def _member(children: pl.Series | None, name: str) -> pl.Expr:
    if children is None:
        return pl.lit(None, pl.Boolean).alias(name)
    return pl.col("child_id").is_in(children.implode()).alias(name)


def _open_in_year(month_end: dt.date) -> pl.Expr:
    """An episode of this year's return so far: open at some time from 1 April to the month."""
    start, _ = year_bounds(month_end)
    return (pl.col("decom") <= month_end) & (pl.col("dec").is_null() | (pl.col("dec") >= start))


def adopted_before(episodes: pl.DataFrame, last_episodes: pl.DataFrame | None) -> pl.Series:
    """``_adopted_before`` for each episode (rule 199): an earlier episode of the child, in this
    extract or last year's return, ended in adoption (E11, E12). An episode in both is one."""
    keys = ["child_id", "decom"]
    both = pl.concat(
        [
            episodes.select(*keys, "rec"),
            *([] if last_episodes is None else [last_episodes.select(*keys, "rec")]),
        ]
    ).unique(keys, keep="first", maintain_order=True)
    adoptions = (
        both.filter(pl.col("decom").is_not_null())
        .sort(keys)
        .with_columns(
            _adopted_before=(
                pl.col("rec")
                .is_in(["E11", "E12"])
                .cast(pl.Int32)
                .cum_sum()
                .shift(1)
                .over("child_id")
                > 0
            ).fill_null(False)
        )
        .unique(keys, keep="first")
    )
    return episodes.select(keys).join(adoptions, on=keys, how="left", maintain_order="left")[
        "_adopted_before"
    ]


def _per_child(frame: pl.DataFrame, rows: pl.DataFrame | None, **values: pl.Expr) -> pl.DataFrame:
    """Values aggregated over each child's rows of last year's table (of the frame's table),
    joined onto the frame: null for a child it does not hold, and for all when it is not held."""
    # With no table, this year's rows' shape gives the values their types.
    found = (frame.clear() if rows is None else rows).group_by("child_id").agg(**values)
    return frame.join(found, on="child_id", how="left", maintain_order="left")


def _any_last(
    frame: pl.DataFrame, rows: pl.DataFrame | None, condition: pl.Expr, name: str
) -> pl.DataFrame:
    """Whether ``condition`` holds between a row and any of its child's rows last year (whose
    columns it names with ``_last``); null when last year's table is not held."""
    if rows is None:
        return frame.with_columns(pl.lit(None, pl.Boolean).alias(name))
    last = rows.select(
        "child_id",
        *[pl.col(c).alias(f"{c}_last") for c in rows.columns if c not in ("child_id", "line")],
    )
    pairs = (
        frame.with_row_index("_row")
        .join(last, on="child_id")
        .group_by("_row")
        .agg(condition.fill_null(False).any().alias(name))
    )
    return (
        frame.with_row_index("_row")
        .join(pairs, on="_row", how="left", maintain_order="left")
        .with_columns(pl.col(name).fill_null(False))
        .drop("_row")
    )


def with_last_year(
    frame: pl.DataFrame,
    table: str,
    typed: dict[str, pl.DataFrame],
    last_year: LastYear | None,
    month_end: dt.date,
) -> pl.DataFrame:
    """The frame with the facts from last year's return (null where it is not held, so the rows
    pass, as the DfE validator skips a rule whose last-year table was not uploaded)."""
    last = last_year or {}
    facts = {
        "episodes": _episode_facts,
        "header": _header_facts,
        "uasc": _uasc_facts,
        "oc3": _oc3_facts,
        "missing": _missing_facts,
        "placed_for_adoption": _adoption_facts,
    }
    if table not in facts:
        return frame
    return facts[table](frame, typed, last, last_year is not None, month_end)


def _episode_facts(
    frame: pl.DataFrame, typed: dict, last: LastYear, held: bool, month_end: dt.date
) -> pl.DataFrame:
    last_episodes = last.get("episodes")
    final = pl.col("decom").arg_max()
    # 392b and 406: UASC this year or last (without a UASC table, none is known to be).
    uasc = [u["child_id"] for u in (typed.get("uasc"), last.get("uasc")) if u is not None]
    out = frame.with_columns(
        _member(_children(last_episodes), "_in_last_year"),
        _member(pl.concat(uasc) if uasc else pl.Series([], dtype=pl.String), "_uasc_ever"),
        _adopted_before=adopted_before(frame, last_episodes),
    )
    if last_episodes is None:
        # No last year: its values are all null, of the types last year's would have.
        last_episodes = frame.clear().with_columns(
            pl.lit(None, dtype).alias(c) for c, dtype in LOCATION_SCHEMA.items()
        )
    return _per_child(
        out,
        last_episodes,
        _last_open_decom=pl.col("decom").filter(pl.col("dec").is_null()).max(),
        _final_decom=pl.col("decom").max(),
        _final_open=pl.col("dec").get(final).is_null(),
        **{f"_final_{c}": pl.col(c).get(final) for c in CARRIED_ON.values()},
        # The placement's LA, whether it is the LA's own, its distance (452, 453, 503G, 503H, 503J).
        _final_placement_la=pl.col("placement_la").get(final),
        _final_placement_location=pl.col("placement_location").get(final),
        _final_distance_miles=pl.col("distance_miles").get(final),
    )


def _header_facts(
    frame: pl.DataFrame, typed: dict, last: LastYear, held: bool, month_end: dt.date
) -> pl.DataFrame:
    columns = ("sex", "dob", "ethnic", "mother")
    last_header = last.get("header")
    out = _per_child(frame, last_header, **{f"_{c}_last": pl.col(c).first() for c in columns})
    in_uasc = _children(typed.get("uasc"))
    return out.with_columns(
        _member(_children(last_header), "_in_last_header"),
        _member(_children(typed.get("episodes"), _open_in_year(month_end)), "_in_care_this_year"),
        _member(_dolo_not_carried_on(typed.get("dolo"), last.get("dolo")), "_dolo_dropped"),
        _member(in_uasc if held else None, "_uasc_now"),
        _member(_children(last.get("uasc")), "_uasc_last"),
        _member(_uasc_ceased_unsupported(typed, last, month_end), "_uasc_ceased_unsupported"),
    )


def _uasc_ceased_unsupported(typed: dict, last: LastYear, month_end: dt.date) -> pl.Series | None:
    """Rule 205B: children UASC both years whose DUC does not hold: last year's is not their
    18th birthday, or this year's is neither in the year nor last year's."""
    uasc, last_uasc, header = typed.get("uasc"), last.get("uasc"), typed.get("header")
    if uasc is None or last_uasc is None or header is None:
        return None
    start, end = year_bounds(month_end)
    both = uasc.filter(pl.col("child_id").is_in(header["child_id"].implode())).join(
        last_uasc.select("child_id", duc_last="duc", dob_last="dob"), on="child_id"
    )
    in_year = pl.col("duc").is_between(start, end).fill_null(False)
    kept = (pl.col("duc") == pl.col("duc_last")).fill_null(False)
    at_18 = (pl.col("duc_last") == pl.col("dob_last").dt.offset_by("18y")).fill_null(False)
    return both.filter((~in_year & ~kept) | ~at_18)["child_id"].unique()


def _uasc_facts(
    frame: pl.DataFrame, typed: dict, last: LastYear, held: bool, month_end: dt.date
) -> pl.DataFrame:
    return frame.with_columns(
        _member(_uasc_ceased_unsupported(typed, last, month_end), "_uasc_ceased_unsupported")
    )


def _oc3_facts(
    frame: pl.DataFrame, typed: dict, last: LastYear, held: bool, month_end: dt.date
) -> pl.DataFrame:
    episodes, last_episodes = typed.get("episodes"), last.get("episodes")
    died = pl.col("rec") == "E2"
    died_in_care = (
        None
        if episodes is None
        else pl.concat([_children(e, died) for e in (episodes, last_episodes) if e is not None])
    )
    ever = (
        None
        if episodes is None or last_episodes is None
        else pl.concat([episodes["child_id"], last_episodes["child_id"]])
    )
    final_open = None
    if episodes is not None and last_episodes is not None:
        final = last_episodes.filter(pl.col("decom").is_not_null()).sort("decom")
        final = final.group_by("child_id").agg(pl.col("dec").last())
        left_open = final.filter(pl.col("dec").is_null())["child_id"]
        this_year = _children(episodes, _open_in_year(month_end))
        final_open = left_open.filter(~left_open.is_in(this_year.implode()))
    not_leavers = (
        None if last_episodes is None else not_care_leavers(typed, last_episodes, month_end)
    )
    out = frame.with_columns(
        _member(not_leavers, "_not_care_leaver"),
        _member(died_in_care, "_died_in_care"),
        _member(ever, "_had_episode"),
        _member(final_open, "_open_last_year_not_now"),
    )
    return _per_child(out, last.get("oc3"), _in_touch_last=pl.col("in_touch").first())


def _missing_facts(
    frame: pl.DataFrame, typed: dict, last: LastYear, held: bool, month_end: dt.date
) -> pl.DataFrame:
    # Rule 576: last year's open missing period is this year's first, starting the same day.
    differs = pl.col("mis_end_last").is_null() & (pl.col("mis_start") != pl.col("mis_start_last"))
    return _any_last(frame, last.get("missing"), differs, "_open_missing_differs")


def _adoption_facts(
    frame: pl.DataFrame, typed: dict, last: LastYear, held: bool, month_end: dt.date
) -> pl.DataFrame:
    rows = last.get("placed_for_adoption")
    decided = None if rows is None else rows.filter(pl.col("date_placed").is_not_null())
    # 560: last year's decision, not ceased, was made on another day than this year's says.
    moved = (
        pl.col("date_placed_last").is_not_null()
        & pl.col("date_placed_ceased_last").is_null()
        & (pl.col("date_placed") != pl.col("date_placed_last"))
    )
    # 561: the same decision as last year's, which last year's return says has ceased.
    ceased = (pl.col("date_placed") == pl.col("date_placed_last")) & (
        pl.col("date_placed_ceased_last").is_not_null()
        | pl.col("reason_placed_ceased_last").is_not_null()
    )
    out = _any_last(frame, rows, moved, "_decision_moved")
    out = _any_last(out, rows, ceased, "_decision_ceased_last_year")
    return out.with_columns(_member(_children(decided), "_decided_last_year"))


def not_care_leavers(
    typed: dict[str, pl.DataFrame], last_episodes: pl.DataFrame, month_end: dt.date
) -> pl.Series | None:
    """Rule 1001: children whose episodes (this extract's and last year's return's, an episode in
    both counted once) do not make them a relevant or former relevant child: under 91 days in
    care from their 14th birthday or none from their 16th (short breaks aside), or adopted from
    their last episode. The child's last episode, if open, runs to the month's end. Children 20 or
    over at the year's end are judged by no episodes, as the DfE's rule judges them (it expects
    too little of their history in two years' returns)."""
    episodes, header = typed.get("episodes"), typed.get("header")
    if episodes is None or header is None or last_episodes.is_empty() or episodes.is_empty():
        return None
    _, year_end = year_bounds(month_end)
    keys = ["child_id", "decom"]
    both = (
        pl.concat([e.select(*keys, "dec", "rec", "ls") for e in (episodes, last_episodes)])
        .filter(pl.col("decom").is_not_null())
        # The DfE keeps the copy with a DEC: last year's copy of an episode may still be open.
        .sort("dec", nulls_last=True)
        .unique(keys, keep="first", maintain_order=True)
        .with_columns(last=pl.col("decom") == pl.col("decom").max().over("child_id"))
        .with_columns(
            dec=pl.when(pl.col("last")).then(pl.col("dec").fill_null(month_end)).otherwise("dec")
        )
    )
    adopted = both.filter(pl.col("last") & pl.col("rec").is_in(["E11", "E12"]))["child_id"]
    dobs = header.filter(
        pl.col("dob").is_not_null() & (pl.col("dob").dt.offset_by("20y") > year_end)
    ).select("child_id", "dob")

    def days_from(birthday: int) -> pl.Expr:
        since = pl.max_horizontal("decom", pl.col("dob").dt.offset_by(f"{birthday}y"))
        return (pl.col("dec") - since).dt.total_days().clip(0).sum()

    care = (
        both.join(dobs, on="child_id")
        .filter(~pl.col("ls").is_in(SHORT_BREAK_LS).fill_null(False))
        .group_by("child_id")
        .agg(from_14=days_from(14), from_16=days_from(16))
    )
    relevant = care.filter((pl.col("from_14") >= 91) & (pl.col("from_16") >= 1))["child_id"]
    oc3 = typed.get("oc3")
    leavers = pl.Series([], dtype=pl.String) if oc3 is None else oc3["child_id"]
    return leavers.filter(leavers.is_in(adopted.implode()) | ~leavers.is_in(relevant.implode()))


def _dolo_not_carried_on(
    dolo: pl.DataFrame | None, last_dolo: pl.DataFrame | None
) -> pl.Series | None:
    """Rule 706: children with a DoLO open at the end of last year's return that no DoLO of this
    extract starting the same day carries on."""
    if dolo is None or last_dolo is None:
        return None
    still_open = last_dolo.filter(pl.col("dolo_end").is_null()).select("child_id", "dolo_start")
    return still_open.join(dolo, on=["child_id", "dolo_start"], how="anti")["child_id"].unique()

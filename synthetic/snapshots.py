"""Monthly extracts cut from the simulated history, written as DfE 903 CSV files.

The extract for month M is the state of the records at the end of M's last day (see the
extract contract, "Snapshot semantics"): every child looked after at any time from 1 April of
the previous financial year up to the end of M, with their periods of care back to the
history start, and nothing dated after the end of M.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from schemas.months import financial_year_start, month_end, parse_month

from . import cut_returns, cut_supplementary, dolo
from .cut_supplementary import dated_in_history
from .extract_window import ExtractWindow, contract_table
from .records import CountyRecords
from .sampling import add_years, to_day

DFE_DATE = "%d/%m/%Y"


def month_last_day(month: str) -> int:
    """Last day of a YYYY-MM month, as days since 1970."""
    return to_day(month_end(parse_month(month)).isoformat())


def previous_financial_year_start(month: str) -> int:
    """1 April of the financial year before the one `month` is in."""
    start = financial_year_start(parse_month(month))
    return to_day(start.replace(year=start.year - 1).isoformat())


def upn_reference_day(month: str) -> int:
    """31 August before the collection year starts: a child under 4 then has no UPN yet (UN1,
    DfE rule 209)."""
    start = financial_year_start(parse_month(month))
    return to_day(f"{start.year - 1}-08-31")


def children_in_window(episodes: pl.DataFrame, window_start: int, end: int) -> pl.DataFrame:
    """Children with an episode open at any time from window_start to end (short breaks too:
    they are in the 903 return, the indicators leave them out)."""
    return (
        episodes.filter((pl.col("decom") <= end) & (pl.col("dec") >= window_start))
        .select("child_idx")
        .unique()
    )


def visible_episodes(
    episodes: pl.DataFrame, children: pl.DataFrame, history_start: int, end: int
) -> pl.DataFrame:
    """Their episodes as known at `end`: periods reaching back to history_start, later
    events absent, an episode still running shown open (DEC, REC and reason blank)."""
    period_end = pl.col("dec").max().over("period_id")
    known = episodes.join(children, on="child_idx", how="semi").filter(
        (pl.col("decom") <= end) & (period_end >= history_start)
    )
    still_open = pl.col("dec") > end
    return known.with_columns(
        dec=pl.when(still_open).then(None).otherwise("dec"),
        rec=pl.when(still_open).then(None).otherwise("rec"),
        reason_place_change=pl.when(still_open).then(None).otherwise("reason_place_change"),
    )


def latest_year_end(end: int) -> int:
    """The last 31 March on or before `end`: the 903 year an extract's OC2 and OC3 report."""
    year = int(np.datetime64(end, "D").astype("datetime64[Y]").astype(np.int64)) + 1970
    march_31 = int(np.datetime64(f"{year}-03-31", "D").astype(np.int64))
    return (
        march_31
        if march_31 <= end
        else int(np.datetime64(f"{year - 1}-03-31", "D").astype(np.int64))
    )


def header_children(
    records: CountyRecords, episodes: pl.DataFrame, history_start: int, end: int
) -> pl.DataFrame:
    """Children with episodes in the extract, and care leavers contacted in it (the 903 header
    holds the OC3 cohort too)."""
    contacted = records.care_leavers.filter(pl.col("contact").is_between(history_start, end))
    ids = pl.concat([episodes.select("child_idx"), contacted.select("child_idx")]).unique()
    return records.children.join(ids, on="child_idx", how="semi").sort("child_idx")


def core_tables(
    records: CountyRecords, w: ExtractWindow, people: pl.DataFrame, episodes: pl.DataFrame
) -> dict[str, pl.DataFrame]:
    """header, episodes, uasc, reviews and missing."""
    upn_cutoff = upn_reference_day(w.month)
    header = people.with_columns(
        upn=pl.when(pl.Series(add_years(people["dob"].to_numpy(), 4)) > upn_cutoff)
        .then(pl.lit("UN1"))
        .otherwise("upn")
    )
    reviews = dated_in_history(records.reviews, "review", w)
    missing = dated_in_history(records.missing, "mis_start", w)
    still_missing = pl.col("mis_end") > w.end
    missing = missing.with_columns(
        mis_end=w.not_yet("mis_end"),
        # Nobody is interviewed on return before they have returned.
        rhi_offered=pl.when(still_missing).then(pl.lit("NA")).otherwise("rhi_offered"),
        rhi_accepted=pl.when(still_missing).then(pl.lit("NA")).otherwise("rhi_accepted"),
    )
    uasc = people.filter("uasc").with_columns(
        duc=pl.Series(add_years(people.filter("uasc")["dob"].to_numpy(), 18))
    )
    return {
        "header": contract_table(header, "header", w.month),
        "episodes": contract_table(
            w.of_people(episodes).rename({"provider": "place_provider"}).sort("child_idx", "decom"),
            "episodes",
            w.month,
        ),
        "uasc": contract_table(uasc, "uasc", w.month),
        "reviews": contract_table(reviews.sort("child_idx", "review"), "reviews", w.month),
        "missing": contract_table(missing.sort("child_idx", "mis_start"), "missing", w.month),
    }


def cut_snapshot(records: CountyRecords, month: str, history_start: int) -> dict[str, pl.DataFrame]:
    """Every table of the extract contract as an LA would extract it at the end of `month`."""
    end = month_last_day(month)
    window_start = previous_financial_year_start(month)
    # The contract's window always counts as history, whatever history_start says.
    history_start = min(history_start, window_start)
    included = children_in_window(records.episodes, window_start, end)
    episodes = visible_episodes(records.episodes, included, history_start, end)
    people = header_children(records, episodes, history_start, end)
    w = ExtractWindow(
        month=month,
        end=end,
        start=window_start,
        history_start=history_start,
        year_end=latest_year_end(end),
        people=people.select("child_idx", "child", "dob", "sex"),
        looked_after=episodes.select("child_idx").unique(),
    )
    orders = dolo.dolo(records, w)
    return {
        **core_tables(records, w, people, episodes),
        "oc2": cut_returns.oc2(records, w, episodes),
        "oc3": cut_returns.oc3(records, w),
        "ad1": cut_returns.ad1(records, w),
        "placed_for_adoption": cut_returns.placed_for_adoption(records, w, episodes),
        "previous_permanence": cut_returns.previous_permanence(records, w, episodes),
        "sw_episodes": cut_returns.sw_episodes(records, w),
        "visits": cut_supplementary.visits(records, w),
        "health_checks": cut_supplementary.health_checks(records, w),
        "care_leavers": cut_supplementary.care_leavers(records, w),
        "exploitation": cut_supplementary.exploitation(records, w),
        "education": cut_supplementary.education(records, w),
        "disability": cut_supplementary.disability(records, w),
        "workforce": cut_supplementary.workforce(records, w),
        **({"DoLo": orders} if orders is not None else {}),
    }


def write_snapshot(folder: Path, tables: dict[str, pl.DataFrame], synthetic_note: str) -> Path:
    """Writes the tables, the SYNTHETIC mark and, last, READY (the set is complete)."""
    folder.mkdir(parents=True, exist_ok=True)
    ready = folder / "READY"
    ready.unlink(missing_ok=True)  # a folder being rewritten is not complete
    for name, table in tables.items():
        table.write_csv(
            folder / f"{name}.csv", date_format=DFE_DATE, null_value="", line_terminator="\n"
        )
    (folder / "SYNTHETIC").write_text(synthetic_note + "\n", encoding="utf-8")
    ready.write_bytes(b"")
    return folder

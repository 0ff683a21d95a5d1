"""Monthly extracts cut from the simulated history, written as DfE 903 CSV files.

The extract for month M is the state of the records at the end of M's last day (see the
extract contract, "Snapshot semantics"): every child looked after at any time from 1 April of
the previous financial year up to the end of M, with their periods of care back to the
history start, and nothing dated after the end of M.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from .code_years import sex_code
from .sampling import add_years

HEADER_COLUMNS = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
EPISODE_COLUMNS = (
    "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
    "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
)  # fmt: skip
UASC_COLUMNS = ("CHILD", "SEX", "DOB", "DUC")
REVIEW_COLUMNS = ("CHILD", "DOB", "REVIEW", "REVIEW_CODE")
MISSING_COLUMNS = ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END")
DFE_DATE = "%d/%m/%Y"


@dataclass(frozen=True)
class CountyRecords:
    """The simulated county's full case records (dates as days since 1970-01-01)."""

    children: pl.DataFrame  # child_idx, child, sex, dob, ethnic, upn, mother, mc_dob, uasc
    episodes: pl.DataFrame  # child_idx, period_id, decom, rne, ls, ... dec, rec, ...
    reviews: pl.DataFrame  # child_idx, review, review_code
    missing: pl.DataFrame  # child_idx, missing, mis_start, mis_end


def month_end(month: str) -> int:
    """Last day of a YYYY-MM month, as days since 1970."""
    first = np.datetime64(month, "M")
    return int((first + 1).astype("datetime64[D]").astype(np.int64)) - 1


def previous_financial_year_start(month: str) -> int:
    """1 April of the financial year before the one `month` is in."""
    year, mon = int(month[:4]), int(month[5:7])
    fy_start_year = year if mon >= 4 else year - 1
    return int(np.datetime64(f"{fy_start_year - 1}-04-01", "D").astype(np.int64))


def upn_reference_day(month: str) -> int:
    """31 August before the collection year starts: a child under 4 then has no UPN yet (UN1,
    DfE rule 209)."""
    year, mon = int(month[:4]), int(month[5:7])
    fy_start_year = year if mon >= 4 else year - 1
    return int(np.datetime64(f"{fy_start_year - 1}-08-31", "D").astype(np.int64))


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


def as_date(column: str) -> pl.Expr:
    """Days since 1970 as a date (written dd/mm/YYYY)."""
    return pl.col(column).cast(pl.Int32).cast(pl.Date)


def cut_snapshot(records: CountyRecords, month: str, history_start: int) -> dict[str, pl.DataFrame]:
    """The five core 903 tables as an LA would extract them at the end of `month`."""
    end = month_end(month)
    window_start = previous_financial_year_start(month)
    # The contract's window always counts as history, whatever history_start says.
    history_start = min(history_start, window_start)
    included = children_in_window(records.episodes, window_start, end)
    episodes = visible_episodes(records.episodes, included, history_start, end)
    people = records.children.join(
        episodes.select("child_idx").unique(), on="child_idx", how="semi"
    )
    ids = people.select("child_idx", "child", "dob")
    upn_cutoff = upn_reference_day(month)
    header = people.with_columns(
        upn=pl.when(pl.Series(add_years(people["dob"].to_numpy(), 4)) > upn_cutoff)
        .then(pl.lit("UN1"))
        .otherwise("upn")
    )
    reviews = records.reviews.join(ids, on="child_idx").filter(
        pl.col("review").is_between(history_start, end)
    )
    missing = (
        records.missing.join(ids, on="child_idx")
        .filter(pl.col("mis_start").is_between(history_start, end))
        .with_columns(mis_end=pl.when(pl.col("mis_end") > end).then(None).otherwise("mis_end"))
    )
    uasc = people.filter("uasc").with_columns(
        duc=pl.Series(add_years(people.filter("uasc")["dob"].to_numpy(), 18))
    )
    return {
        "header": header.sort("child_idx").select(
            CHILD="child",
            SEX=sex_code(month),
            DOB=as_date("dob"),
            ETHNIC="ethnic",
            UPN="upn",
            MOTHER="mother",
            MC_DOB=as_date("mc_dob"),
        ),
        "episodes": episodes.join(ids, on="child_idx")
        .sort("child_idx", "decom")
        .select(
            CHILD="child",
            DECOM=as_date("decom"),
            RNE="rne",
            LS="ls",
            CIN="cin",
            PLACE="place",
            PLACE_PROVIDER="provider",
            DEC=as_date("dec"),
            REC="rec",
            REASON_PLACE_CHANGE="reason_place_change",
            HOME_POST="home_post",
            PL_POST="pl_post",
            URN="urn",
        ),
        "uasc": uasc.sort("child_idx").select(
            CHILD="child", SEX=sex_code(month), DOB=as_date("dob"), DUC=as_date("duc")
        ),
        "reviews": reviews.sort("child_idx", "review").select(
            CHILD="child", DOB=as_date("dob"), REVIEW=as_date("review"), REVIEW_CODE="review_code"
        ),
        "missing": missing.sort("child_idx", "mis_start").select(
            CHILD="child",
            DOB=as_date("dob"),
            MISSING="missing",
            MIS_START=as_date("mis_start"),
            MIS_END=as_date("mis_end"),
        ),
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

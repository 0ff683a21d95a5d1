"""The 903 tables beyond the core five, as one extract sees them: OC2 for the month's
collection year so far (the DfE judges it by that year), OC3 for the year ending on the latest
31 March (the 903 reports it as at 31 March), AD1 for adoptions in the window, adoption
decisions, previous permanence and social worker episodes."""

from __future__ import annotations

import numpy as np
import polars as pl

from .extract_window import ExtractWindow, contract_table
from .outcomes import checked_in_year, continuously_looked_after
from .records import CountyRecords
from .sampling import add_years, financial_year_start

CARE_LEAVER_OC3 = ("RELEVANT", "FORMER_RELEVANT")


def oc2(records: CountyRecords, w: ExtractWindow, episodes: pl.DataFrame) -> pl.DataFrame:
    """Children looked after continuously from 1 April of the month's collection year to the
    month end, as the extract's episodes show it, with the health assessments and dental checks
    completed in the year so far."""
    start = int(financial_year_start(np.array([w.end]))[0])
    year_end = int(add_years(np.array([start]), 1)[0]) - 1
    known = episodes.with_columns(pl.col("dec").fill_null(w.end + 1))  # open: still in care
    cohort = continuously_looked_after(known, start, year_end)
    so_far = min(w.end, year_end)
    checks = records.health_checks
    rows = (
        records.oc2.filter(pl.col("year_end") == year_end)
        .join(cohort, on="child_idx", how="semi")
        .with_columns(
            checked_in_year(checks, ("DENTAL",), start, so_far).alias("teeth_check"),
            checked_in_year(checks, ("IHA", "RHA"), start, so_far).alias("health_assessment"),
        )
    )
    return contract_table(w.of_people(rows).sort("child_idx"), "oc2", w.month)


def oc3(records: CountyRecords, w: ExtractWindow) -> pl.DataFrame:
    """Relevant and former relevant care leavers with a 17th-21st birthday in the year to
    w.year_end: what their birthday contact found."""
    year_start = int(add_years(pl.Series([w.year_end + 1]).to_numpy(), -1)[0])
    contacts = records.care_leavers.filter(
        pl.col("birthday").is_between(year_start, w.year_end)
        & pl.col("eligibility").is_in(CARE_LEAVER_OC3)
        & (pl.col("contact") <= w.end)
    )
    return contract_table(w.of_people(contacts).sort("child_idx"), "oc3", w.month)


def ad1(records: CountyRecords, w: ExtractWindow) -> pl.DataFrame:
    """Children adopted in the window."""
    adopted = records.adopters.filter(pl.col("adopted_on").is_between(w.start, w.end))
    return contract_table(w.of_people(adopted).sort("child_idx"), "ad1", w.month)


def placed_for_adoption(
    records: CountyRecords, w: ExtractWindow, episodes: pl.DataFrame
) -> pl.DataFrame:
    """Decisions that a child should be placed for adoption in the periods the extract holds;
    a reversal after the month end has not happened yet."""
    periods = episodes.select("period_id").unique()
    decisions = w.dated_until_end(records.adoption_decisions, "date_placed").join(
        periods, on="period_id", how="semi"
    )
    reversed_by_now = pl.col("date_placed_ceased") <= w.end
    decisions = decisions.with_columns(
        date_placed_ceased=w.not_yet("date_placed_ceased"),
        reason_placed_ceased=pl.when(reversed_by_now).then("reason_placed_ceased"),
    )
    rows = w.of_people(decisions).sort("child_idx", "date_placed")
    return contract_table(rows, "placed_for_adoption", w.month)


def previous_permanence(
    records: CountyRecords, w: ExtractWindow, episodes: pl.DataFrame
) -> pl.DataFrame:
    """Asked of every child who started a period of care in the window (DfE rule 630)."""
    starters = episodes.filter((pl.col("rne") == "S") & (pl.col("decom") >= w.start))
    rows = records.permanence.join(starters.select("child_idx").unique(), on="child_idx")
    return contract_table(w.of_people(rows).sort("child_idx"), "previous_permanence", w.month)


def sw_episodes(records: CountyRecords, w: ExtractWindow) -> pl.DataFrame:
    """Social worker episodes running at any time from the window start to the month end."""
    episodes = w.dated_until_end(records.social_workers, "sw_decom").filter(
        pl.col("sw_dec") >= w.start
    )
    rows = w.of_people(episodes.with_columns(sw_dec=w.not_yet("sw_dec")))
    return contract_table(rows.sort("child_idx", "sw_decom"), "sw_episodes", w.month)

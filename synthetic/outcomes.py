"""903 OC2: outcomes for children looked after continuously for 12 months at 31 March.

The cohort is the DfE validator's "continuously looked after": looked after during the year,
with no period of care starting after 1 April, none ending before 31 March, and no short
breaks. An extract during the year holds that year's OC2 as far as it is known (the DfE judges
OC2 by the year it reports, rules 185, 190, 198): the children looked after since 1 April who
have not left, so the items are drawn for everyone in care on 1 April and the extract keeps
those still in the cohort. Which items are completed depends on age (DfE rules 186-189 and 197B
for the SDQ, 542-547 for convictions and health promotion); the health items agree with the
health_checks table (an assessment or dental check completed in the year so far).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from schemas.codes import SHORT_BREAK_LS

from . import mix
from .sampling import add_years, choose, coin, string_series

OC2_ITEMS = (
    "sdq_score", "sdq_reason", "convicted", "health_check", "immunisations", "teeth_check",
    "health_assessment", "substance_misuse", "intervention_received", "intervention_offered",
)  # fmt: skip


def continuously_looked_after(episodes: pl.DataFrame, start: int, end: int) -> pl.DataFrame:
    """(child_idx) of children looked after for the whole year start..end (dates as days)."""
    during = (pl.col("decom") <= end) & (pl.col("dec") >= start)
    breaks = (
        (pl.col("rne") == "S") & (pl.col("decom") > start)
        | (pl.col("rec") != "X1") & (pl.col("dec") >= start) & (pl.col("dec") < end)
        | pl.col("ls").is_in(SHORT_BREAK_LS) & during
    )
    return (
        episodes.group_by("child_idx")
        .agg(during=during.any(), broken=breaks.any())
        .filter(pl.col("during") & ~pl.col("broken"))
        .select("child_idx")
    )


def checked_in_year(checks: pl.DataFrame, types: tuple[str, ...], start: int, end: int) -> pl.Expr:
    """Whether each child had a completed check of these types from start to end (0/1 text)."""
    done = checks.filter(
        pl.col("check_type").is_in(types)
        & (pl.col("status") == "COMPLETED")
        & pl.col("check_date").is_between(start, end)
    )["child_idx"].unique()
    return pl.col("child_idx").is_in(done.implode()).cast(pl.Int8).cast(pl.String)


def flag(rng: np.random.Generator, share: float, applies: np.ndarray) -> np.ndarray:
    """'1' with probability `share`, else '0'; None where the item does not apply."""
    drawn = np.where(coin(rng, share, len(applies)), "1", "0")
    return np.where(applies, drawn, None)


def in_care_on(episodes: pl.DataFrame, day: int) -> pl.DataFrame:
    """(child_idx) of children looked after (not on a short break) on the day."""
    open_then = (pl.col("decom") <= day) & (pl.col("dec") >= day)
    return episodes.filter(open_then & ~pl.col("ls").is_in(SHORT_BREAK_LS)).select(
        pl.col("child_idx").unique()
    )


def oc2_for_year(
    rng: np.random.Generator, episodes: pl.DataFrame, dob: pl.DataFrame, year_end: int
) -> pl.DataFrame:
    """OC2 rows (child_idx, year_end and the items but the health checks) for the year ending
    on year_end, for everyone in care on its 1 April."""
    start = int(add_years(np.array([year_end + 1]), -1)[0])
    cohort = in_care_on(episodes, start).join(dob, on="child_idx").sort("child_idx")
    n = cohort.height
    born = cohort["dob"].to_numpy()
    # SDQ for ages 4 to 16: turning 4 by the year end, not yet 17 at its start.
    sdq_age = (add_years(born, 4) <= year_end) & (add_years(born, 17) >= start)
    # SDQ1 (under 4 or over 16) only fits those who turn 4 or 17 during the year (rule 157).
    boundary = (add_years(born, 4) > start) | (add_years(born, 16) < year_end)
    reason = np.where(boundary, "SDQ1", choose(rng, mix.SDQ_REASON, n))
    scored = coin(rng, mix.SDQ_SCORED_SHARE, n)
    ten_plus = add_years(born, 10) < year_end
    under_5 = add_years(born, 5) > year_end
    misuse = flag(rng, mix.SUBSTANCE_MISUSE_SHARE, np.ones(n, bool)) == "1"
    misuse &= ten_plus
    received = flag(rng, mix.INTERVENTION_RECEIVED_SHARE, misuse)
    offered = flag(rng, mix.INTERVENTION_OFFERED_SHARE, misuse & (received == "0"))
    score = rng.binomial(40, 0.33, n).astype(str)
    return cohort.select("child_idx").with_columns(
        pl.lit(year_end, pl.Int64).alias("year_end"),
        string_series("sdq_score", np.where(sdq_age & scored, score, None)),
        string_series("sdq_reason", np.where(sdq_age & ~scored, reason, None)),
        string_series("convicted", flag(rng, mix.CONVICTED_SHARE, ten_plus)),
        string_series("health_check", flag(rng, mix.HEALTH_CHECK_SHARE, under_5)),
        string_series("immunisations", flag(rng, mix.IMMUNISED_SHARE, np.ones(n, bool))),
        pl.Series("substance_misuse", np.where(misuse, "1", "0")),
        string_series("intervention_received", received),
        string_series("intervention_offered", offered),
    )


def oc2_by_year(
    rng: np.random.Generator, episodes: pl.DataFrame, dob: pl.DataFrame, year_ends: list[int]
) -> pl.DataFrame:
    """OC2 for each 31 March in year_ends (one small frame per year, stacked)."""
    frames = [oc2_for_year(rng, episodes, dob, end) for end in year_ends]
    return pl.concat(frames) if frames else pl.DataFrame()

"""Adoption decisions and adopters: the 903 placed_for_adoption and AD1 records.

Every child on the adoption pathway has a decision that they should be placed for adoption
(DATE_PLACED, which AD1 repeats as DATE_INT, DfE rule 523) after coming into care (rules 334,
1003), before any placement order (554) and before being placed with adopters (521, 552);
they are matched with adopters (DATE_MATCH) between the decision and the placement (331, 333).
A few younger children on other pathways have a decision that is later reversed (RD1-RD4).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from . import mix
from .periods import DAYS_PER_YEAR, NONE
from .sampling import choose, coin, uniform_days

ADOPTED = ("E11", "E12")


def adoption_decisions(rng: np.random.Generator, periods: pl.DataFrame) -> pl.DataFrame:
    """(child_idx, period_id, date_placed, date_placed_ceased, reason_placed_ceased,
    date_match, t_adopt_day): one decision per adoption-pathway period, plus the reversed ones."""
    adopt = periods.filter(pl.col("pathway") == "adopt")
    n = adopt.height
    start = adopt["start"].to_numpy()
    placed_on = start + adopt["t_adopt"].to_numpy()
    order_on = np.where(
        adopt["t_ls2"].to_numpy() != NONE, start + adopt["t_ls2"].to_numpy(), placed_on
    )
    latest = np.minimum(order_on, placed_on) - 7
    decided = uniform_days(rng, np.minimum(start + 30, latest), latest, n)
    # Matched, then introductions: a few children are matched and waiting at any time.
    matched = np.maximum(placed_on - uniform_days(rng, 14, 76, n), decided)
    planned = pl.DataFrame(
        {
            "child_idx": adopt["child_idx"],
            "period_id": adopt["period_id"],
            "date_placed": decided,
            "date_match": matched,
        }
    ).with_columns(
        date_placed_ceased=pl.lit(None, pl.Int64), reason_placed_ceased=pl.lit(None, pl.String)
    )
    return pl.concat([planned, reversed_decisions(rng, periods)], how="diagonal_relaxed").sort(
        "child_idx", "date_placed"
    )


def reversed_decisions(rng: np.random.Generator, periods: pl.DataFrame) -> pl.DataFrame:
    """Young children in long-term care whose adoption plan was dropped: a decision, then a
    decision that they should no longer be placed (never placed with adopters or under a
    placement order, so DfE rule 557 does not apply)."""
    young = (pl.col("start") - pl.col("dob")) < int(5 * DAYS_PER_YEAR)
    long = periods.filter((pl.col("pathway") == "long") & young & (pl.col("duration") > 500))
    long = long.filter(pl.Series(coin(rng, mix.REVERSED_ADOPTION_SHARE, long.height)))
    n = long.height
    decided = long["start"].to_numpy() + uniform_days(rng, 60, 240, n)
    ceased = decided + uniform_days(rng, 60, 300, n)
    return pl.DataFrame(
        {
            "child_idx": long["child_idx"],
            "period_id": long["period_id"],
            "date_placed": decided,
            "date_placed_ceased": ceased,
            "reason_placed_ceased": choose(rng, mix.REASON_PLACED_CEASED, n).astype(str),
        }
    )


def adopters(
    rng: np.random.Generator, decisions: pl.DataFrame, episodes: pl.DataFrame
) -> pl.DataFrame:
    """AD1 facts for every adoption: (child_idx, period_id, adopted_on, date_int, date_match,
    foster_care, nb_adoptr, sex_adoptr, ls_adoptr). FOSTER_CARE is 1 when the child was placed
    with their foster carers (A3/A5, DfE rule 335)."""
    final = episodes.filter(pl.col("rec").is_in(ADOPTED)).select(
        "period_id", adopted_on="dec", foster_care=pl.col("place").is_in(["A3", "A5"]).cast(pl.Int8)
    )
    adopted = decisions.filter(pl.col("date_placed_ceased").is_null()).join(final, on="period_id")
    n = adopted.height
    couple = coin(rng, mix.ADOPTER_COUPLE_SHARE, n)
    sex = np.where(
        couple, choose(rng, mix.ADOPTER_COUPLE_SEX, n), choose(rng, mix.ADOPTER_SINGLE_SEX, n)
    )
    # LS_ADOPTR as the DfE rules read it: L0 single (514), L11 married man and woman (520),
    # L3 unmarried man and woman (517), L12 married same-sex couple (524), L4 unmarried
    # same-sex couple (518).
    married = coin(rng, mix.ADOPTERS_MARRIED_SHARE, n)
    mixed = sex == "MF"
    status = np.select([~couple, mixed & married, mixed, married], ["L0", "L11", "L3", "L12"], "L4")
    return adopted.select(
        "child_idx",
        "period_id",
        "adopted_on",
        date_int="date_placed",
        date_match="date_match",
        foster_care=pl.col("foster_care").cast(pl.String),
        nb_adoptr=pl.Series(np.where(couple, "2", "1")),
        sex_adoptr=pl.Series(sex.astype(str)),
        ls_adoptr=pl.Series(status.astype(str)),
    )

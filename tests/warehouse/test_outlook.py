"""The Outlook model on hand-built histories whose rates are known."""

import datetime as dt
import itertools

import numpy as np
import polars as pl
import pytest

from schemas.codes import CODE_GROUPS
from schemas.months import add_months
from warehouse.outlook import (
    GROUP_CODES,
    GROUPS,
    Move,
    OutlookSettings,
    Scenario,
    estimate,
    placement_group,
    project,
    simulate,
)

START = dt.date(2020, 1, 1)


def panel_of(spells: list[tuple[int, int, int, str]], months: int) -> pl.DataFrame:
    """Month-end rows for spells (first month index, last month index, age in months at the
    first, group) over month indexes 0..months-1."""
    rows = [
        (add_months(START, m), f"c{i}", age + m - first, group)
        for i, (first, last, age, group) in enumerate(spells)
        for m in range(max(first, 0), min(last, months - 1) + 1)
    ]
    return pl.DataFrame(
        rows, schema=["month", "child_id", "age_months", "placement_group"], orient="row"
    )


def steady_history(months: int = 25) -> pl.DataFrame:
    """100 fostered children aged 5-6 at every month end: each stays exactly 10 month ends, 10
    leave and 10 arrive every month, so the window sees a leaving chance of 10/100 = 0.1 a month
    and 10 entrants a month."""
    spells = [(m, m + 9, 70, "fostering") for m in range(-9, months) for _ in range(10)]
    return panel_of(spells, months)


def total(outlook, column: str, months_ahead: int, scenario: str = "baseline") -> float:
    row = outlook.frame.filter(
        (pl.col("scenario") == scenario)
        & (pl.col("measure") == "children_in_care")
        & (pl.col("breakdown") == "total")
        & (pl.col("months_ahead") == months_ahead)
    )
    return row[column][0]


def test_steady_history_gives_a_flat_projection_with_the_poisson_interval():
    history = steady_history()
    as_of = add_months(START, 24)
    rates = estimate(history, as_of, 24)
    assert rates.entries.tolist() == [0, 0, 240, 0, 0]  # 10 a month for 24 months, all 5-9
    assert rates.moves[2, 0].tolist() == [2160, 0, 0, 0, 0, 0, 240]
    settings = OutlookSettings(simulations=2000, parameter_uncertainty=False)
    outlook = project(history, as_of, settings)
    assert outlook.status == "projected"
    # By hand, 12 months on: the 100 now each stay with 0.9^12 = 0.2824 (binomial), entrants of
    # month k stay with 0.9^(12-k) (a thinned Poisson is Poisson), so the mean is
    # 100 * 0.2824 + 10 * (1 - 0.2824) / 0.1 = 100 and the variance
    # 100 * 0.2824 * 0.7176 + 100 * 0.7176 = 92.0 (sd 9.6): the 80% interval is
    # 100 +/- 1.2816 * 9.6 = 87.7 to 112.3.
    assert total(outlook, "mean", 12) == pytest.approx(100, abs=1)
    assert total(outlook, "median", 12) == pytest.approx(100, abs=1.5)
    assert total(outlook, "lower_80", 12) == pytest.approx(87.7, abs=2)
    assert total(outlook, "upper_80", 12) == pytest.approx(112.3, abs=2)
    # One month on: variance 100 * 0.9 * 0.1 + 10 = 19, sd 4.36; 95% +/- 8.5.
    assert total(outlook, "upper_95", 1) - total(outlook, "lower_95", 1) == pytest.approx(17, abs=2)
    # Every child is fostered and 5-9 (ages 70-80 months), so the breakdowns equal the total.
    by_group = outlook.frame.filter(
        (pl.col("breakdown") == "placement_group") & (pl.col("category") == "fostering")
    )
    assert by_group["mean"].to_list() == pytest.approx(
        outlook.frame.filter(
            (pl.col("measure") == "children_in_care") & (pl.col("breakdown") == "total")
        )["mean"].to_list()
    )


def test_no_arrivals_decay_at_the_leaving_rate():
    # 1000 children at month 0, then every month the first 10% of those left leave (rounded):
    # no one arrives; the leaving chance the window sees is leavers / child-months.
    spells, left, month = [], 1000, 0
    ends: list[int] = []
    while month < 13:
        leaving = round(left * 0.1)
        ends += [month] * leaving
        left -= leaving
        month += 1
    ends += [99] * left
    spells = [(0, end, 100, "residential") for end in ends]
    history = panel_of(spells, 13)
    as_of = add_months(START, 12)
    counts = history.group_by("month").len().sort("month")["len"].to_list()
    p = sum(a - b for a, b in itertools.pairwise(counts)) / sum(counts[:-1])
    assert p == pytest.approx(0.1, abs=0.002)
    outlook = project(
        history, as_of, OutlookSettings(simulations=2000, parameter_uncertainty=False)
    )
    now = counts[-1]
    for h in (1, 6, 12):
        # Binomial survivors: mean now * (1 - p)^h.
        assert total(outlook, "mean", h) == pytest.approx(now * (1 - p) ** h, rel=0.01)
    starts = outlook.frame.filter(pl.col("measure") == "starts")["upper_95"]
    assert starts.max() == 0
    ceases = outlook.frame.filter((pl.col("measure") == "ceases") & (pl.col("months_ahead") == 1))
    assert ceases["mean"][0] == pytest.approx(now * p, rel=0.05)


def test_children_turning_18_age_out():
    # Nobody ever leaves or arrives, but 30 of the 50 are 17 years 9 months at the last month
    # end: they turn 18 three months on and leave then, the others stay.
    spells = [(0, 99, 201, "semi_independent")] * 30 + [(0, 99, 108, "fostering")] * 20
    history = panel_of(spells, 13)
    outlook = project(history, add_months(START, 12), OutlookSettings(simulations=50))
    assert [total(outlook, "median", h) for h in (1, 2, 3, 4, 12)] == [50, 50, 20, 20, 20]


def test_the_seed_makes_runs_identical():
    history = steady_history()
    as_of = add_months(START, 24)
    first = project(history, as_of, OutlookSettings(simulations=200, seed=7)).frame
    again = project(history, as_of, OutlookSettings(simulations=200, seed=7)).frame
    other = project(history, as_of, OutlookSettings(simulations=200, seed=8)).frame
    assert first.equals(again)
    assert not first.equals(other)


def test_the_order_of_the_history_rows_does_not_change_the_outlook():
    # A query's order is not fixed. Children of different ages and groups, and a planned move
    # (which takes the first children it finds), so the order could matter if it were used.
    spells = [
        (m, m + 9, 60 + 7 * k, ("fostering", "residential")[k % 2])
        for m in range(-9, 25)
        for k in range(10)
    ]
    history = panel_of(spells, 25)
    move = Scenario("step down", moves=(Move("residential", "fostering", 2),))
    settings = OutlookSettings(simulations=200, seed=7, scenarios=(move,))
    as_of = add_months(START, 24)
    shuffled = history.sample(fraction=1.0, shuffle=True, seed=3)
    assert project(shuffled, as_of, settings).frame.equals(project(history, as_of, settings).frame)


def test_too_little_history_says_so_instead_of_projecting():
    history = steady_history(months=11)
    outlook = project(history, add_months(START, 10), OutlookSettings())
    assert outlook.status == "insufficient_history"
    assert outlook.frame.is_empty()
    assert "Only 11 month(s) of history" in outlook.message


def test_parameter_uncertainty_widens_the_interval_as_worked_out():
    # 10 arrivals a month for 24 months, no one leaves (all 5-6 years old, never 18 within the
    # horizon). Known rate: 12 months' arrivals are Poisson(120), variance 120. Rate drawn from
    # Gamma(240, 1/24): variance adds 12^2 * 240 / 24^2 = 60, so 180 in all.
    spells = [(m, 99, 70, "fostering") for m in range(25) for _ in range(10)]
    history = panel_of(spells, 25)
    as_of = add_months(START, 24)
    rates = estimate(history, as_of, 24)
    stock_age = np.full(250, 80)
    stock_group = np.zeros(250, dtype=np.int64)

    def variance(uncertain: bool) -> float:
        s = OutlookSettings(simulations=2000, parameter_uncertainty=uncertain)
        return simulate(stock_age, stock_group, rates, s, Scenario("baseline"))["total"][
            :, 11
        ].var()

    assert variance(False) == pytest.approx(120, rel=0.1)
    assert variance(True) == pytest.approx(180, rel=0.1)


def test_scenarios_raise_entries_and_move_children():
    history = steady_history()
    history = history.with_columns(
        pl.when(pl.col("child_id").str.slice(1).cast(pl.Int64) % 2 == 0)
        .then(pl.lit("residential"))
        .otherwise(pl.col("placement_group"))
        .alias("placement_group")
    )
    settings = OutlookSettings(
        simulations=1000,
        parameter_uncertainty=False,
        scenarios=(
            Scenario("entries_up", entries_change=0.1),
            Scenario("step_down", moves=(Move("residential", "fostering", 5),)),
        ),
    )
    outlook = project(history, add_months(START, 24), settings)
    starts = (
        outlook.frame.filter(pl.col("measure") == "starts")
        .group_by("scenario")
        .agg(pl.col("mean").mean())
    )
    by = dict(starts.iter_rows())
    assert by["entries_up"] / by["baseline"] == pytest.approx(1.1, rel=0.03)
    groups = outlook.frame.filter(
        (pl.col("breakdown") == "placement_group") & (pl.col("months_ahead") == 1)
    )
    fostering = {
        s: groups.filter((pl.col("scenario") == s) & (pl.col("category") == "fostering"))["mean"][0]
        for s in ("baseline", "step_down")
    }
    # Five a month from residential: five more fostered at the first month end.
    assert fostering["step_down"] - fostering["baseline"] == pytest.approx(5, abs=0.5)


def test_a_scenario_naming_an_unknown_group_is_refused():
    with pytest.raises(ValueError, match="unknown placement group 'kinship'"):
        Scenario("x", moves=(Move("residential", "kinship", 5),))


def test_the_group_codes_are_those_fct_child_month_sorts_by():
    # The backtest reads episodes, not the warehouse: its groups are the warehouse's code groups
    # (schemas.codes.CODE_GROUPS, the warehouse's ref_code_group).
    assert GROUP_CODES["fostering"] == CODE_GROUPS["fostering"][1]
    assert GROUP_CODES["adoption"] == CODE_GROUPS["placed_for_adoption"][1]
    assert set(GROUP_CODES) == set(GROUPS) - {"other"}
    frame = pl.DataFrame({"place": ["U3", "K2", "P2", "A5", "P1", "Z1"]})
    assert frame.select(placement_group(pl.col("place")).alias("group"))["group"].to_list() == [
        "fostering", "residential", "semi_independent", "adoption", "with_parents", "other"
    ]  # fmt: skip

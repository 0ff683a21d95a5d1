"""The Outlook backtest's own arithmetic: month ends from episodes, and the scores."""

import datetime as dt

import polars as pl
import pytest

from benchmarks.backtest_outlook import month_end_panel, score

D = dt.date


def test_month_ends_come_from_the_episodes_open_at_them():
    episodes = pl.DataFrame(
        {
            "child_id": ["a", "a", "b", "c"],
            "decom": [D(2020, 1, 10), D(2020, 2, 29), D(2020, 1, 31), D(2020, 1, 5)],
            "dec": [D(2020, 2, 29), None, D(2020, 2, 1), None],
            "ls": ["C2", "C2", "C2", "V3"],
            "place": ["U1", "K2", "P1", "U1"],
        }
    )
    children = pl.DataFrame(
        {"child_id": ["a", "b", "c"], "dob": [D(2019, 1, 31), D(2005, 3, 1), D(2010, 1, 1)]}
    )
    panel = month_end_panel(episodes, children, [D(2020, 1, 1), D(2020, 2, 1)]).sort(
        "month", "child_id"
    )
    # a: fostered at 31 Jan (12 months old: born 31 Jan 2019), and at 29 Feb in the episode
    # starting that day (the first ended that day, so is over); b: with parents at 31 Jan only;
    # c: short breaks only, never in care.
    assert panel.rows() == [
        (D(2020, 1, 1), "a", 12, "fostering"),
        (D(2020, 1, 1), "b", 178, "with_parents"),
        (D(2020, 2, 1), "a", 12, "residential"),
    ]


def test_scores_are_mean_absolute_percentage_errors_and_coverage():
    # Two origins 3 months ahead: actual 100 and 200; model 110 and 190 (10% and 5%: MAPE 7.5%),
    # naive 80 and 200 (20% and 0%: 10%); the 80% interval holds the first actual only.
    [s] = score([(3, 100, 80, 110, 95, 120), (3, 200, 200, 190, 180, 199)])
    assert (s.origins, s.model_mape, s.naive_mape, s.inside_80) == (
        2,
        pytest.approx(7.5),
        pytest.approx(10),
        50,
    )

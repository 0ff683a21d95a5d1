"""Month and year arithmetic, each answer worked out on a calendar."""

import datetime as dt

import polars as pl
import pytest

from schemas.months import (
    collection_year,
    collection_year_of,
    financial_year_months,
    financial_year_of,
    financial_year_start,
    month_end,
    month_keys,
    next_month,
    parse_month,
    previous_month,
)


def test_month_keys_cross_the_year() -> None:
    assert month_keys("2017-11", "2018-02") == ["2017-11", "2017-12", "2018-01", "2018-02"]
    assert month_keys("2018-02", "2017-11") == []


def test_month_ends_and_neighbours() -> None:
    # 2020 is a leap year; December's next month is in the next year.
    assert month_end(dt.date(2020, 2, 10)) == dt.date(2020, 2, 29)
    assert month_end(dt.date(2019, 2, 1)) == dt.date(2019, 2, 28)
    assert next_month(dt.date(2017, 12, 31)) == dt.date(2018, 1, 1)
    assert previous_month(dt.date(2018, 1, 15)) == dt.date(2017, 12, 1)


def test_march_is_the_last_month_of_the_year_april_the_first() -> None:
    # March 2018 is in 2017/18 (collection year 2018, financial year from 1 April 2017).
    assert financial_year_start(dt.date(2018, 3, 31)) == dt.date(2017, 4, 1)
    assert financial_year_start(dt.date(2018, 4, 1)) == dt.date(2018, 4, 1)
    assert collection_year(dt.date(2018, 3, 31)) == 2018
    assert collection_year(dt.date(2018, 4, 1)) == 2019
    dates = pl.Series([dt.date(2018, 3, 31), dt.date(2018, 4, 1)])
    assert pl.select(collection_year_of(pl.lit(dates))).to_series().to_list() == [2018, 2019]
    assert pl.select(financial_year_of(pl.lit(dates))).to_series().to_list() == [2017, 2018]
    months = financial_year_months(dt.date(2018, 1, 20))
    assert (months[0], months[-1], len(months)) == (dt.date(2017, 4, 1), dt.date(2018, 3, 1), 12)


@pytest.mark.parametrize("key", ["2018-3", "2018-13", "18-03", "2018-03-01"])
def test_a_month_key_is_exactly_yyyy_mm(key: str) -> None:
    with pytest.raises(ValueError):
        parse_month(key)
    assert parse_month("2018-03") == dt.date(2018, 3, 1)

"""Months, financial years and collection years: the one place their arithmetic lives.

A month is the first day of the month as a date; the extract months are keyed 'YYYY-MM' (the
landing folders, the Dagster partitions). The financial year runs 1 April to 31 March and is
named by the year it starts (2021 is April 2021 to March 2022, as in dim_month and the
catalogue's targets); the 903 collection year covers the same twelve months but is named by the
year it ends (2017/18 is 2018), as the DfE code lists are.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

#: The first month of the financial (and collection) year.
APRIL = 4
MONTH_KEY = "%Y-%m"


def month_start(day: dt.date) -> dt.date:
    """The first day of the month ``day`` is in."""
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    """The first day of the month after the one ``day`` is in."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_month(day: dt.date) -> dt.date:
    """The first day of the month before the one ``day`` is in."""
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of the month ``day`` is in."""
    return next_month(day) - dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after (or before, when negative) ``day``'s."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def financial_year_start(day: dt.date) -> dt.date:
    """1 April of the financial year ``day`` is in."""
    return dt.date(day.year if day.month >= APRIL else day.year - 1, APRIL, 1)


def financial_year_of(dates: pl.Expr) -> pl.Expr:
    """The financial year (named by the year it starts) of each date of a column."""
    return pl.when(dates.dt.month() >= APRIL).then(dates.dt.year()).otherwise(dates.dt.year() - 1)


def financial_year_months(day: dt.date) -> list[dt.date]:
    """April..March of the financial year ``day`` is in."""
    return [add_months(financial_year_start(day), i) for i in range(12)]


def collection_year(day: dt.date) -> int:
    """The collection year a date falls in: April 2017 to March 2018 is 2018."""
    return day.year + 1 if day.month >= APRIL else day.year


def collection_year_of(dates: pl.Expr) -> pl.Expr:
    """``collection_year`` of each date of a column."""
    return pl.when(dates.dt.month() >= APRIL).then(dates.dt.year() + 1).otherwise(dates.dt.year())


def collection_year_start(year: int) -> dt.date:
    """1 April on which a collection year (named by the year it ends) begins."""
    return dt.date(year - 1, APRIL, 1)


def parse_month(key: str) -> dt.date:
    """The first day of a 'YYYY-MM' month key (a partition, a landing folder); ValueError
    unless the text is exactly that."""
    if len(key) != 7:
        raise ValueError(f"{key!r} is not a month YYYY-MM")
    return dt.datetime.strptime(key, MONTH_KEY).date()


def month_key(day: dt.date) -> str:
    """The 'YYYY-MM' key of the month ``day`` is in."""
    return day.strftime(MONTH_KEY)


def month_keys(first: str, last: str) -> list[str]:
    """Every month key from ``first`` to ``last`` ('YYYY-MM'), both included; none when
    ``last`` is before ``first``."""
    start, end = parse_month(first), parse_month(last)
    count = (end.year - start.year) * 12 + end.month - start.month + 1
    return [month_key(add_months(start, i)) for i in range(count)]


def year_to_date(today: dt.date) -> tuple[str, str]:
    """The financial year of the last complete month before ``today``, April to that month, as
    month keys: on 2 December 2026, 2026-04 to 2026-11; on 15 April 2026, 2025-04 to 2026-03."""
    last = previous_month(month_start(today))
    return month_key(financial_year_start(last)), month_key(last)

"""Reference tables the models join: code lists, the indicator catalogue with its targets and
comparators (England's from reference/england.csv, statistical neighbours' from the LA's
configuration), child population, bank holidays."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import holidays
import polars as pl

from schemas.codes import CODE_GROUPS, CODE_LISTS
from warehouse.catalogue import comparator_frame, indicator_frame, load_overrides, target_frame
from warehouse.runner import ensure_table, replace_rows

REFERENCE_DIR = Path(__file__).parent / "reference"


def code_frame() -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "code_type": code_type,
                "code": c.code,
                "label": c.label,
                "first_year": c.first_year,
                "last_year": c.last_year,
            }
            for code_type, codes in CODE_LISTS.items()
            for c in codes
        ]
    )


def code_group_frame() -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"code_group": group, "code_type": code_type, "code": code}
            for group, (code_type, codes) in CODE_GROUPS.items()
            for code in codes
        ]
    )


def population_frame() -> pl.DataFrame:
    return pl.read_csv(REFERENCE_DIR / "population.csv", schema_overrides={"la_code": pl.String})


#: The years dim_month covers: every date a model may count working days from.
CALENDAR_YEARS = range(2000, 2041)


def bank_holiday_frame(years: range = CALENDAR_YEARS) -> pl.DataFrame:
    """England and Wales bank holidays (the ``holidays`` package, UK, subdivision ENG): with
    weekends, the days that are not working days for statutory deadlines."""
    days = holidays.country_holidays("GB", subdiv="ENG", years=years)
    return pl.DataFrame(
        {"holiday_date": list(days.keys()), "holiday_name": list(days.values())},
        schema={"holiday_date": pl.Date, "holiday_name": pl.String},
    ).sort("holiday_date")


#: table -> (description, loader of the frame given the LA's indicator configuration file)
REFERENCE_TABLES: dict[str, tuple[str, Callable[[Path | None], pl.DataFrame]]] = {
    "dim_code": (
        "Every code of the extract tables, with its meaning and the collection years it is valid (schemas/codes.py).",
        lambda _: code_frame(),
    ),
    "ref_code_group": (
        "The groups of codes the figures count together (short breaks, placement types, EET...), each named once in schemas/codes.py.",
        lambda _: code_group_frame(),
    ),
    "dim_indicator": (
        "The indicator catalogue (warehouse/catalogue/, a YAML file per section) as a table.",
        lambda _: indicator_frame(),
    ),
    "ref_target": (
        "Each indicator's targets, from the financial year they apply (catalogue defaults, or the LA's configuration).",
        lambda config: target_frame(load_overrides(config)),
    ),
    "ref_comparator": (
        "Comparators per indicator and year: England (warehouse/reference/england.csv, the DfE's published figures) and statistical neighbours (the LA's configuration).",
        lambda config: comparator_frame(load_overrides(config)),
    ),
    "ref_population": (
        "ONS mid-year estimates of children aged 0-17 per LA and year (warehouse/reference/population.csv).",
        lambda _: population_frame(),
    ),
    "ref_bank_holiday": (
        "England and Wales bank holidays 2000-2040 (the `holidays` package, UK, ENG): with weekends, the days that are not working days.",
        lambda _: bank_holiday_frame(),
    ),
}


def load_reference(
    con: duckdb.DuckDBPyConnection, name: str, indicator_config: Path | None = None
) -> int:
    frame = REFERENCE_TABLES[name][1](indicator_config)
    ensure_table(con, f"main.{name}", frame)
    con.execute("begin transaction")
    replace_rows(con, f"main.{name}", frame, "true", {})
    con.execute("commit")
    return frame.height

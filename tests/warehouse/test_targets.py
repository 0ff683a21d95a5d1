"""Targets, RAG, direction of travel, financial-year average and the England comparator in
kpi_monthly, on the hand-built January 2018 extract (tests/extracts.py).

Children in care at each month end of 2017/18 so far, worked out from that extract:
Apr 5 (A, D, F, G, H), May 6 (E starts 1 May), Jun 5 (F's episode ends 30 June, the day
itself), Jul-Dec 5 each, Jan 6 (C and F start, E ends 31 January).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from extracts import DECEMBER_EXTRACT, EXTRACT, KEY, LA, land, load_and_build

from warehouse.build import build
from warehouse.catalogue import comparator_frame, load_overrides
from warehouse.runner import connect
from warehouse.staging import load_extract

JANUARY = dt.date(2018, 1, 1)


def row(con: duckdb.DuckDBPyConnection, indicator: str, month: dt.date) -> dict:
    cursor = con.execute(
        "select * from mart.kpi_monthly where indicator_id = $i and month = $m",
        {"i": indicator, "m": month},
    )
    columns = [d[0] for d in cursor.description]
    return dict(zip(columns, cursor.fetchone(), strict=True))


def built(tmp_path: Path, config: str | None) -> duckdb.DuckDBPyConnection:
    landing = tmp_path / "landing"
    land(landing, "2018-01", EXTRACT)
    path = None
    if config is not None:
        path = tmp_path / "indicators.yaml"
        path.write_text(config)
    with connect(tmp_path / "warehouse.duckdb") as con:
        load_extract(con, landing / LA / "2018-01", LA, JANUARY, KEY, 0.05)
        build(con, LA, [JANUARY], indicator_config=path)
    return duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True)


@pytest.fixture(scope="module")
def defaults(tmp_path_factory: pytest.TempPathFactory):
    con = built(tmp_path_factory.mktemp("defaults"), None)
    yield con
    con.close()


def test_direction_of_travel_and_the_financial_year_average(defaults) -> None:
    january = row(defaults, "cla_count", JANUARY)
    assert (january["value"], january["previous_value"]) == (6, 5)
    assert january["direction_of_travel"] == "up"
    # Children in care is neutral: neither better nor worse for going up.
    assert january["improving"] is None
    # (5 + 6 + 5 + 6 x 5 + 6) / 10 months.
    assert january["financial_year_average"] == pytest.approx(5.2)
    june = row(defaults, "cla_count", dt.date(2017, 6, 1))
    assert (june["direction_of_travel"], june["financial_year_average"]) == ("down", 16 / 3)
    # March 2017 belongs to the year before, which this extract does not report: no direction.
    assert row(defaults, "cla_count", dt.date(2017, 4, 1))["direction_of_travel"] is None


def test_the_default_target_applies_from_its_financial_year_only(defaults) -> None:
    # The catalogue's 546 applies from 2021/22: none in 2017/18, so no RAG.
    january = row(defaults, "cla_count", JANUARY)
    assert (january["target"], january["rag"]) == (None, None)


def test_the_england_comparator_shows_its_year(defaults) -> None:
    # 2017/18 began on 1 April 2017: the latest England rate by then is 31 March 2017's, 62.
    january = row(defaults, "cla_rate_per_10k", JANUARY)
    assert (january["england_value"], january["england_year"]) == (62, 2017)


CONFIG = """
indicators:
  cla_count:
    targets:
      - {from_financial_year: 2017, value: 5, direction: below, amber_within: 1}
  cla_uasc_pct:
    targets:
      - {from_financial_year: 2017, value: 30, direction: above}
    comparators:
      - {name: Statistical neighbours, year: 2016, value: 4.5}
      - {name: Statistical neighbours, year: 2017, value: 5.5}
"""


@pytest.fixture(scope="module")
def configured(tmp_path_factory: pytest.TempPathFactory):
    con = built(tmp_path_factory.mktemp("configured"), CONFIG)
    yield con
    con.close()


def test_an_la_sets_its_own_targets_and_comparators(configured) -> None:
    # Below 5: December's 5 is green, January's 6 is short by 1, within amber_within: amber.
    assert row(configured, "cla_count", dt.date(2017, 12, 1))["rag"] == "green"
    assert row(configured, "cla_count", JANUARY)["rag"] == "amber"
    # UASC % in January: 1 of 6 = 16.7%, short of 30 by more than 5% of 30 (1.5): red.
    # Its statistical neighbours' latest by 1 April 2017 is 2017's 5.5; England publishes none.
    uasc = row(configured, "cla_uasc_pct", JANUARY)
    assert (uasc["rag"], uasc["neighbours_value"], uasc["neighbours_year"]) == ("red", 5.5, 2017)
    assert uasc["england_value"] is None
    # England's rate is the reference table's, the same with or without the configuration.
    assert row(configured, "cla_rate_per_10k", JANUARY)["england_value"] == 62


def test_england_comes_from_the_reference_table_not_the_la(tmp_path: Path) -> None:
    path = tmp_path / "indicators.yaml"
    path.write_text(
        "indicators:\n  cla_count:\n    comparators:\n"
        "      - {name: England, year: 2017, value: 1}\n"
    )
    with pytest.raises(ValueError, match=r"England's figures are england\.csv's"):
        comparator_frame(load_overrides(path))


def test_an_unknown_indicator_in_the_configuration_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "indicators.yaml"
    path.write_text("indicators:\n  cla_cuont:\n    targets: []\n")
    with pytest.raises(ValueError, match="cla_cuont"):
        load_overrides(path)


def test_an_extract_without_a_table_does_not_erase_what_an_earlier_one_reported(
    tmp_path: Path,
) -> None:
    # December's extract has a disability file (A001 has one); January's has none. At 31 Dec the
    # children in care are A, D, E, G, H: 1 of 5 disabled, as December reported. January's
    # extract alone reports January: no data, not 0 and not December's figure.
    landing = tmp_path / "landing"
    land(landing, "2017-12", {**DECEMBER_EXTRACT, "disability": "CHILD,DISABILITY\nA001,MOB\n"})
    land(landing, "2018-01", EXTRACT)
    with connect(tmp_path / "warehouse.duckdb") as con:
        load_and_build(con, landing, ["2017-12", "2018-01"])
        december = row(con, "cla_disabled_pct", dt.date(2017, 12, 1))
        january = row(con, "cla_disabled_pct", JANUARY)
    assert (december["value"], december["extract_month"]) == (20, dt.date(2017, 12, 1))
    assert (january["value"], january["numerator"], january["denominator"]) == (None, None, None)


def test_a_figure_whose_window_is_still_open_is_provisional(defaults) -> None:
    # The January extract is the latest: January's care-leaver cohort (contacts may come up to a
    # month after the birthday) and initial health assessments (due 20 working days after
    # entering care) can still fill in; December's cannot, nor January's children in care.
    assert row(defaults, "cl_cohort", JANUARY)["provisional"] is True
    assert row(defaults, "iha_in_timescale_pct", JANUARY)["provisional"] is True
    assert row(defaults, "cl_cohort", dt.date(2017, 12, 1))["provisional"] is False
    assert row(defaults, "cla_count", JANUARY)["provisional"] is False

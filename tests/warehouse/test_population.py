"""Population indicators on the hand-built extract in tests/extracts.py (extract month Jan 2018)."""

from __future__ import annotations

import polars as pl
import pytest
from extracts import EXTRACT, KEY, LA, kpi, land, load_and_build

from ingest.pseudonymise import pseudonymise
from warehouse.audits import DRILL_AUDITS, failing_rows
from warehouse.runner import connect


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("population")
    land(root / "landing", "2018-01", EXTRACT)
    with connect(root / "warehouse.duckdb") as con:
        load_and_build(con, root / "landing", ["2018-01"])
        yield con


def test_children_in_care_at_month_end(warehouse) -> None:
    # At 31 Jan: A, C, D (X1 keeps her in care), F (returned), G, H = 6.
    # Not B (short break) and not E (episode ended on 31 Jan, the day itself).
    assert kpi(warehouse, "cla_count", "2018-01") == 6
    # At 31 Dec: A, D, E, G, H = 5 (F left on 30 June, C and F start in January).
    assert kpi(warehouse, "cla_count", "2017-12") == 5
    # At 30 June: F's episode ends on the month's last day, so she is out: A, D, E, G, H = 5.
    assert kpi(warehouse, "cla_count", "2017-06") == 5


def test_uasc_status_ends_on_duc(warehouse) -> None:
    # G's DUC (15 Jan, his 18th birthday) is not after 31 Jan: only H is UASC in January.
    assert kpi(warehouse, "cla_uasc", "2018-01") == 1
    assert kpi(warehouse, "cla_non_uasc", "2018-01") == 5
    assert kpi(warehouse, "cla_uasc_pct", "2018-01") == pytest.approx(100 / 6)
    # At 31 Dec both G and H are UASC.
    assert kpi(warehouse, "cla_uasc", "2017-12") == 2


def test_started_excludes_short_breaks(warehouse) -> None:
    # January starts: C (15 Jan) and F's return (10 Jan); B's V3 short break is not a start.
    assert kpi(warehouse, "cla_started", "2018-01") == 2
    # April: F's first period starts 1 April.
    assert kpi(warehouse, "cla_started", "2017-04") == 1


def test_ceased_excludes_same_day_changes(warehouse) -> None:
    # January: E ceased on 31 Jan; D's X1 change is not a ceasing.
    assert kpi(warehouse, "cla_ceased", "2018-01") == 1
    # June: F ceased on 30 June.
    assert kpi(warehouse, "cla_ceased", "2017-06") == 1
    assert kpi(warehouse, "cla_ceased", "2017-07") == 0


def test_change_since_1_april(warehouse) -> None:
    # At the end of 31 March 2017: A, D (from 1 March), G, H = 4. January: 6 - 4 = +2, +50%.
    assert kpi(warehouse, "cla_change_since_april", "2018-01") == 2
    assert kpi(warehouse, "cla_change_since_april_pct", "2018-01") == pytest.approx(50.0)


def test_rate_uses_population_published_before_the_year(warehouse) -> None:
    # 2017-18 uses the mid-2016 estimate for LA 873 (133,000): 6 / 133000 * 10000 = 0.45 -> 0.5.
    row = warehouse.execute(
        "select value, denominator, reference_year from mart.kpi_monthly "
        "where indicator_id = 'cla_rate_per_10k' and month = date '2018-01-01'"
    ).fetchone()
    assert row == (0.5, 133000, 2016)


def test_every_month_of_the_year_to_date_is_reported(warehouse) -> None:
    months = warehouse.execute(
        "select count(distinct month), min(month), max(month) from mart.kpi_monthly"
    ).fetchone()
    assert months[0] == 10  # April 2017 to January 2018
    assert str(months[1]) == "2017-04-01" and str(months[2]) == "2018-01-01"


def test_every_staged_table_exists_with_its_columns_when_its_file_is_absent(warehouse) -> None:
    # The hand-built extract has no visits file: its table exists, empty, typed like a real load.
    columns = dict(
        warehouse.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'staging' and table_name = 'stg_visits'"
        ).fetchall()
    )
    assert columns["visit_date"] == "DATE" and columns["seen"] == "VARCHAR"
    assert warehouse.execute("select count(*) from staging.stg_visits").fetchone() == (0,)


def test_the_children_behind_a_figure_can_be_listed(warehouse) -> None:
    # January's children in care: A, C, D, F, G, H (see test_children_in_care_at_month_end);
    # UASC % counts H over those six.
    def listed(indicator: str, role: str) -> set[str]:
        rows = warehouse.execute(
            "select child_id from drill.drill_population where month = '2018-01-01' "
            "and indicator_id = $i and role = $r",
            {"i": indicator, "r": role},
        ).fetchall()
        return {r[0] for r in rows}

    ids = pseudonymise(pl.Series(["A001", "C003", "D004", "F006", "G007", "H008"]), KEY, LA)
    assert listed("cla_count", "numerator") == set(ids)
    assert listed("cla_uasc_pct", "numerator") == {ids[-1]}
    assert listed("cla_uasc_pct", "denominator") == set(ids)
    # And the drill-through audit finds every figure matched by its list.
    assert all(failing_rows(warehouse, audit) == 0 for audit in DRILL_AUDITS)


def test_the_drill_through_audit_catches_a_list_that_disagrees(warehouse) -> None:
    warehouse.execute("begin transaction")
    try:
        # One child of January's children in care goes missing from the list.
        warehouse.execute(
            "delete from drill.drill_population "
            "where month = '2018-01-01' and indicator_id = 'cla_count' and child_id = ("
            "select min(child_id) from drill.drill_population "
            "where month = '2018-01-01' and indicator_id = 'cla_count')"
        )
        audit = next(a for a in DRILL_AUDITS if a.name == "drill_population_agrees_with_kpi")
        assert failing_rows(warehouse, audit) == 1
    finally:
        warehouse.execute("rollback")


def test_an_open_period_of_care_has_no_end(warehouse) -> None:
    # D's period: an X1 change of legal status on 20 Jan, then an open episode: still open.
    d004 = pseudonymise(pl.Series(["D004"]), KEY, LA)[0]
    rows = warehouse.execute(
        "select end_date, end_reason from main.fct_period_of_care where child_id = $c", {"c": d004}
    ).fetchall()
    assert rows == [(None, None)]

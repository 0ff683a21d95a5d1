"""The Outlook mart from a warehouse's month-end history, and its configuration."""

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest

from warehouse.outlook import OutlookSettings, add_months
from warehouse.outlook_mart import DEFAULT_SCENARIOS, build_outlook, history, outlook_settings
from warehouse.publish import PUBLISHED_TABLES, publish

LA = "873"
DOB = dt.date(2010, 1, 15)


def warehouse(months: int, extracts: list[int]) -> duckdb.DuckDBPyConnection:
    """fct_child_month and dim_child as the facts build them, cut down to the columns the
    outlook reads: 20 fostered children at every month end of each extract's history (the
    extract at month index e holds months 0..e), and one on a short break, who is not in care."""
    con = duckdb.connect()
    con.execute(
        "create table fct_child_month (la_code varchar, extract_month date, month date, "
        "child_id varchar, in_care boolean, placement_group varchar)"
    )
    con.execute(
        "create table dim_child (la_code varchar, extract_month date, child_id varchar, dob date)"
    )
    start = dt.date(2017, 1, 1)
    for e in extracts:
        extract = add_months(start, e)
        for child in range(21):
            con.execute(
                "insert into dim_child values (?, ?, ?, ?)", [LA, extract, f"c{child}", DOB]
            )
        for m in range(min(e + 1, months)):
            for child in range(21):
                con.execute(
                    "insert into fct_child_month values (?, ?, ?, ?, ?, 'fostering')",
                    [LA, extract, add_months(start, m), f"c{child}", child < 20],
                )
    return con


def test_the_history_takes_each_month_from_the_latest_extract_holding_it():
    con = warehouse(14, [11, 13])
    frame = history(con, LA, dt.date(2018, 2, 1))
    # 14 months (Jan 2017 to Feb 2018) of the 20 in care; a child born 15 Jan 2010 is 84 months
    # old at the end of January 2017.
    assert frame.height == 14 * 20
    assert frame.filter(frame["month"] == dt.date(2017, 1, 1))["age_months"].unique().to_list() == [
        84
    ]
    # As of the earlier extract, only its months.
    assert history(con, LA, dt.date(2017, 12, 1))["month"].n_unique() == 12


def test_the_outlook_is_written_for_the_latest_month_and_replaced_on_a_rerun():
    con = warehouse(14, [13])
    settings = OutlookSettings(simulations=50, scenarios=DEFAULT_SCENARIOS)
    made = build_outlook(con, LA, settings)
    assert made is not None and made.status == "projected"
    build_outlook(con, LA, settings)
    status = con.execute(
        "select as_of, projection_status, history_months from mart.outlook_status"
    ).fetchall()
    assert status == [(dt.date(2018, 2, 1), "projected", 14)]
    # No one arrived or left in the history and no one turns 18: the baseline stays at 20.
    baseline = con.execute(
        "select distinct median from mart.mart_outlook where scenario = 'baseline' "
        "and measure = 'children_in_care' and breakdown = 'total'"
    ).fetchall()
    assert baseline == [(20.0,)]
    scenarios = con.execute("select count(distinct scenario) from mart.mart_outlook").fetchall()
    assert scenarios == [(3,)]


def test_too_little_history_is_recorded_not_projected():
    con = warehouse(6, [5])
    made = build_outlook(con, LA, OutlookSettings(simulations=50))
    assert made is not None and made.status == "insufficient_history"
    assert con.execute("select count(*) from mart.mart_outlook").fetchall() == [(0,)]
    message = con.execute("select message from mart.outlook_status").fetchall()[0][0]
    assert message.startswith("Only 6 month(s) of history up to June 2017")


def test_scenarios_come_from_the_config(tmp_path: Path):
    config = tmp_path / "indicators.yaml"
    config.write_text(
        "outlook:\n  window_months: 18\n  scenarios:\n"
        "    - name: More entries\n      entries_change: 0.2\n"
        "    - name: Step down\n      moves:\n        - {from: residential, to: semi_independent, per_month: 2}\n"
    )
    settings = outlook_settings(config)
    assert settings.window_months == 18
    assert [(s.name, s.entries_change, len(s.moves)) for s in settings.scenarios] == [
        ("More entries", 0.2, 0),
        ("Step down", 0.0, 1),
    ]
    assert outlook_settings(tmp_path / "absent.yaml").scenarios == DEFAULT_SCENARIOS


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("outlook:\n  windows: 3\n", "outlook: unknown setting(s) windows"),
        ("outlook:\n  simulations: lots\n", "outlook.simulations: expected a whole number"),
        (
            "outlook:\n  scenarios:\n    - name: x\n      moves:\n        - {from: res, to: fostering, per_month: 5}\n",
            "outlook.scenarios[0].moves[0]: placement groups are fostering",
        ),
    ],
)
def test_a_wrong_outlook_setting_names_the_file_and_key(tmp_path: Path, text: str, message: str):
    config = tmp_path / "indicators.yaml"
    config.write_text(text)
    with pytest.raises(ValueError, match=re.escape(f"indicators.yaml: {message}")):
        outlook_settings(config)


def test_the_outlook_is_published_with_its_views_when_the_warehouse_holds_it(tmp_path: Path):
    con = warehouse(14, [13])
    con.execute("create schema if not exists mart")
    for source in PUBLISHED_TABLES.values():
        con.execute(f"create or replace table {source} as select 1 as la_code")
    path = tmp_path / "without.duckdb"
    publish(con, path, {"last_month": dt.date(2018, 2, 1)})
    with duckdb.connect(str(path), read_only=True) as published:
        assert not published.execute(
            "select * from duckdb_views() where view_name like 'v_outlook%'"
        ).fetchall()
    build_outlook(con, LA, OutlookSettings(simulations=20))
    path = tmp_path / "with.duckdb"
    publish(con, path, {"last_month": dt.date(2018, 2, 1)})
    with duckdb.connect(str(path), read_only=True) as published:
        views = published.execute(
            "select view_name, comment from duckdb_views() where view_name like 'v_outlook%' order by 1"
        ).fetchall()
        assert [v for v, _ in views] == ["v_outlook", "v_outlook_status"]
        assert views[0][1].startswith("Outlook (a projection, not a monthly figure)")
        assert published.execute(
            "select count(*) from v_outlook where scenario = 'baseline'"
        ).fetchall() == [(14 * 12,)]
        median = published.execute(
            "select comment from duckdb_columns() where table_name = 'v_outlook' and column_name = 'median'"
        ).fetchall()
        assert median == [("The projection, the middle of the simulations.",)]

"""What the Dagster UI is told about a table: its columns, described from the catalogue and
columns.yaml; a preview for aggregate marts only, never for a table of children; the freshness
deadline a working day makes."""

from dataclasses import replace
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from extracts import EXTRACT, KEY, LA, land, month_date

from pipelines.freshness import latest_calendar_day, marts_due_policy
from pipelines.table_metadata import column_schema, model_metadata
from schemas.contract import LOADED_TABLES
from warehouse.column_docs import column_descriptions
from warehouse.models import all_models
from warehouse.runner import connect
from warehouse.staging import load_extract, stage_table_name


def test_indicator_columns_are_described_by_the_catalogue() -> None:
    described = column_descriptions(
        "mart_population", ["la_code", "children_in_care", "rate_population_year", "mystery"]
    )
    assert described["la_code"] == "The local authority's DfE code (e.g. 873)."
    # max(value) filter (where indicator_id = 'cla_count') as children_in_care
    assert described["children_in_care"].startswith("Children in care (count): ")
    # max(reference_year) filter (where indicator_id = 'cla_rate_per_10k') as ...
    assert described["rate_population_year"].startswith("Rate per 10,000 children: The year")
    assert "mystery" not in described


def test_a_mart_gets_a_preview_and_a_table_of_children_never_does() -> None:
    con = duckdb.connect()
    con.execute("create schema mart")
    con.execute(
        "create table mart.kpi_population as select '873' as la_code, date '2018-01-01' as month, "
        "'cla_count' as indicator_id, 6.0 as value "
        "union all select '999', date '2018-01-01', 'cla_count', 9.0"
    )
    con.execute(
        "create table main.fct_episode as select '873' as la_code, 'a1b2c3' as child_id, "
        "date '2017-01-01' as decom"
    )
    mart = model_metadata(con, all_models()["kpi_population"], "873")
    assert mart["dagster/row_count"] == 2
    assert [c.name for c in mart["dagster/column_schema"].columns] == [
        "la_code",
        "month",
        "indicator_id",
        "value",
    ]
    # This LA's rows only, as a Dagster table (a date as its text).
    assert [r.data for r in mart["preview"].records] == [
        {"la_code": "873", "month": "2018-01-01", "indicator_id": "cla_count", "value": 6.0}
    ]
    assert [c.type for c in mart["preview"].schema.columns][:3] == ["string", "date", "string"]
    facts = model_metadata(con, all_models()["fct_episode"], "873")
    assert facts["dagster/row_count"] == 1 and "preview" not in facts
    assert "a1b2c3" not in repr(facts)


def test_the_due_working_day_becomes_the_latest_day_it_can_fall_on() -> None:
    # 5th working day in 2022: January starts on a Saturday with a bank holiday on Monday the
    # 3rd, so it works the 4th, 5th, 6th, 7th and 10th; no other month of 2022 is later.
    assert latest_calendar_day(5, range(2022, 2023)) == 10
    # 1st working day: Saturday 1st, Sunday 2nd, bank holiday Monday 3rd: Tuesday the 4th.
    assert latest_calendar_day(1, range(2022, 2023)) == 4
    # April 2023 starts on a Saturday with Good Friday on the 7th and Easter Monday on the
    # 10th: it works the 3rd, 4th, 5th, 6th and 11th.
    assert latest_calendar_day(5, range(2023, 2024)) == 11
    policy = marts_due_policy(5)
    assert isinstance(policy, dg.FreshnessPolicy)
    # The years ahead hold April 2023's calendar again (April 2034: Easter Monday the 10th).
    assert policy.deadline_cron == "0 17 11 * *"


def test_a_model_describes_its_own_columns_beside_its_sql(monkeypatch: pytest.MonkeyPatch) -> None:
    model = all_models()["mart_population"]
    sql = "-- column month: The month the row counts, as its first day.\n" + model.sql
    monkeypatch.setitem(all_models(), "mart_population", replace(model, sql=sql))
    described = column_descriptions("mart_population", ["month", "la_code"])
    # The model's own line wins over columns.yaml; what it does not describe falls back to it.
    assert described == {
        "month": "The month the row counts, as its first day.",
        "la_code": "The local authority's DfE code (e.g. 873).",
    }


def test_every_column_of_every_staged_table_is_described(tmp_path: Path) -> None:
    folder = land(tmp_path, "2018-01", EXTRACT)
    with connect(tmp_path / "warehouse.duckdb") as con:
        load_extract(con, folder, LA, month_date("2018-01"), KEY, 0.05)
        undescribed = {
            table: [c.name for c in column_schema(con, stage_table_name(table), None).columns
                    if not c.description]
            for table in LOADED_TABLES
        }  # fmt: skip
    assert {t: cs for t, cs in undescribed.items() if cs} == {}

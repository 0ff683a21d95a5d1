"""One source of settings: a deployment that configures the CareData resource (another LA,
another data folder) gets it everywhere, not only in the assets that happened to read the
resource; and what Dagster must know when the code location loads follows the settings too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from extracts import EXTRACT, land

from pipelines.assets.publish import published_marts
from pipelines.assets.staging import staged_extract
from pipelines.definitions import defs
from pipelines.freshness import due_by_working_day
from pipelines.partitions import extract_months, month_partitions
from pipelines.resources import CareData
from pipelines.settings import Settings, code_location_settings, load_settings

OTHER_LA = "874"


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The environment names LA 873 in one folder; the resource is given 874 in another, where
    the extract has landed."""
    monkeypatch.setenv("CPR_DATA", str(tmp_path / "from_env"))
    monkeypatch.setenv("CPR_LA", "873")
    monkeypatch.delenv("CPR_LANDING", raising=False)
    monkeypatch.delenv("CPR_PSEUDONYM_KEY", raising=False)
    root = tmp_path / "configured"
    land(root / "landing", "2018-01", EXTRACT, la_code=OTHER_LA)
    return root


def configured(root: Path) -> dict[str, CareData]:
    return {"care_data": CareData(data_root=str(root), la_code=OTHER_LA)}


def test_the_sensor_watches_the_configured_la_and_folder(elsewhere: Path) -> None:
    # Reading the environment instead, the sensor would look under from_env/landing/873 and skip.
    context = dg.build_sensor_context(
        repository_def=defs.get_repository_def(), resources=configured(elsewhere)
    )
    requests = defs.resolve_sensor_def("landing_ready").evaluate_tick(context).run_requests
    assert [(r.partition_key, r.tags["la_code"]) for r in requests] == [("2018-01", OTHER_LA)]
    assert requests[0].run_key.startswith(f"{OTHER_LA}:2018-01:")


def test_the_schedule_runs_the_configured_la(elsewhere: Path) -> None:
    context = dg.build_schedule_context(
        scheduled_execution_time=dt.datetime(2018, 2, 5, 7, tzinfo=dt.UTC),
        repository_def=defs.get_repository_def(),
        resources=configured(elsewhere),
    )
    ran = defs.resolve_schedule_def("monthly_after_month_end").evaluate_tick(context)
    assert [r.run_key for r in ran.run_requests] == [f"{OTHER_LA}:2018-01:scheduled"]


def test_the_assets_write_where_the_resource_says(elsewhere: Path) -> None:
    result = dg.materialize(
        [staged_extract], partition_key="2018-01", resources=configured(elsewhere)
    )
    assert result.success
    # The extract's eight children, loaded into LA 874's warehouse in the configured folder.
    warehouse = elsewhere / "warehouse" / f"{OTHER_LA}.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(
            "select la_code, count(*) from staging.stg_header group by la_code"
        ).fetchall() == [(OTHER_LA, 8)]
    assert (elsewhere / "secrets" / "pseudonym.key").exists()
    assert not (elsewhere.parent / "from_env").exists()


def test_partitions_and_freshness_follow_the_settings_they_are_built_from(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = Settings(data_root=Path("unused"), first_month="2019-01", marts_due_working_day=10)
    assert month_partitions(settings).get_partition_keys()[0] == "2019-01"
    # The code location's partitions are built from the environment's settings as it loaded.
    assert extract_months == month_partitions(code_location_settings())
    # At the latest (Saturday 1st, Good Friday 7th and Easter Monday 10th, as in April 2023) the
    # 5th working day is Tuesday 11th and the 10th is Tuesday 18th: each policy is due that day
    # at 17:00 (tests/ops/test_table_metadata.py works the calendar through).
    due = {
        day: due_by_working_day(
            [published_marts], Settings(data_root=Path("unused"), marts_due_working_day=day)
        )[0]
        for day in (5, 10)
    }
    deadlines = {
        day: assets.specs_by_key[dg.AssetKey("published_marts")].freshness_policy.deadline_cron
        for day, assets in due.items()
    }
    assert deadlines == {5: "0 17 11 * *", 10: "0 17 18 * *"}
    monkeypatch.setenv("CPR_FIRST_MONTH", "2016-04")
    assert load_settings().first_month == "2016-04"

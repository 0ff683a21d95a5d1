"""What a data engineer sees in the Dagster UI: the asset graph from landing to dashboard, its
groups, partitions and checks, and the schedule and sensor that start runs."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dagster as dg
import pytest
import yaml
from extracts import EXTRACT, land

from pipelines.definitions import defs
from pipelines.jobs import STARTED_BY_CPR
from pipelines.partitions import extract_months
from pipelines.resources import WAREHOUSE_POOL
from pipelines.sensors import documents_after_report, documents_request
from pipelines.settings import PROJECT_ROOT
from schemas.contract import TABLES
from warehouse.audits import DRILL_AUDITS


def graph() -> dg.AssetGraph:
    return defs.resolve_asset_graph()


def test_assets_are_grouped_by_layer() -> None:
    groups = {}
    for key in graph().get_all_asset_keys():
        groups.setdefault(graph().get(key).group_name, set()).add(key.to_user_string())
    assert groups["extract"] == {"landing"}
    # One staged table per table of the extract contract.
    assert groups["staging"] == {f"stg_{table}" for table in TABLES} | {"quarantine"}
    assert len(TABLES) == 19  # the 18 of 2017/18 and DoLo (from 2026/27)
    assert {
        "dim_month",
        "dim_child",
        "dim_code",
        "fct_episode",
        "fct_period_of_care",
        "fct_child_month",
    } <= groups["warehouse"]
    assert {"kpi_population", "kpi_monthly", "mart_population", "published_marts"} <= groups[
        "marts"
    ]
    assert groups["reports"] == {"dashboard", "report_documents", "validation_report"}


def test_lineage_runs_from_landing_to_dashboard() -> None:
    def upstream(key: str) -> set[str]:
        return {k.to_user_string() for k in graph().get(dg.AssetKey(key)).parent_keys}

    assert upstream("stg_episodes") == {"landing"}
    # The episodes and the code groups they fall in (short breaks, placed for adoption...).
    assert upstream("fct_episode") == {"stg_episodes", "ref_code_group"}
    # A figure counts its drill-through list: the facts feed the list, the list the figure.
    assert {"fct_child_month", "fct_episode"} <= upstream("drill_population")
    assert "drill_population" in upstream("listed_counts")
    assert {"listed_counts", "ref_population"} <= upstream("kpi_population")
    assert "kpi_population" in upstream("kpi_monthly")
    assert "kpi_monthly" in upstream("published_marts")
    assert upstream("dashboard") == {"published_marts"}
    # The month's validation report is its quarantine, rendered: it needs no mart.
    assert upstream("validation_report") == {"quarantine"}


def test_extract_assets_are_partitioned_by_month_and_marts_are_whole() -> None:
    assert graph().get(dg.AssetKey("stg_header")).partitions_def == extract_months
    assert graph().get(dg.AssetKey("fct_child_month")).partitions_def == extract_months
    assert graph().get(dg.AssetKey("kpi_monthly")).partitions_def is None
    assert graph().get(dg.AssetKey("validation_report")).partitions_def == extract_months
    assert "2017-04" in extract_months.get_partition_keys()


def test_mart_audits_block_publication() -> None:
    checks = {c for c in graph().asset_check_keys if c.asset_key == dg.AssetKey("kpi_monthly")}
    assert {c.name for c in checks} == {
        "every_indicator_every_month",
        "counts_and_percentages_in_range",
    } | {a.name for a in DRILL_AUDITS} | set(GE_SUITES)
    assert all(graph().get_check_spec(c).blocking for c in checks if c.name not in GE_SUITES)


# Great Expectations suites on kpi_monthly, and whether each blocks publication.
GE_SUITES = {
    "totals_reconcile": True,
    "figures_in_range": True,
    "no_missing_months": True,
    "month_on_month_jumps": False,
}


def test_great_expectations_suites_check_the_kpi_mart() -> None:
    for name, blocking in GE_SUITES.items():
        spec = graph().get_check_spec(dg.AssetCheckKey(dg.AssetKey("kpi_monthly"), name))
        assert spec.blocking == blocking, name
        assert spec.description.startswith("Great Expectations:")


def test_each_staged_table_reports_its_validation_as_a_check() -> None:
    for table in ["stg_header", "stg_episodes", "stg_uasc"]:
        assert (
            dg.AssetCheckKey(dg.AssetKey(table), "rows_pass_validation") in graph().asset_check_keys
        )


def sensor_context(**resources: dg.ConfigurableResource) -> dg.SensorEvaluationContext:
    """What the daemon hands the sensor: the code location's resources (or these instead)."""
    return dg.build_sensor_context(
        repository_def=defs.get_repository_def(), resources={**defs.resources, **resources}
    )


def schedule_context(
    at: dt.datetime, **resources: dg.ConfigurableResource
) -> dg.ScheduleEvaluationContext:
    return dg.build_schedule_context(
        scheduled_execution_time=at,
        repository_def=defs.get_repository_def(),
        resources={**defs.resources, **resources},
    )


@pytest.fixture
def landing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CPR_DATA", str(tmp_path))
    monkeypatch.setenv("CPR_LA", "873")
    return tmp_path / "landing"


def test_sensor_requests_a_run_per_ready_month(landing: Path) -> None:
    land(landing, "2018-01", EXTRACT)
    unfinished = land(landing, "2018-02", EXTRACT)
    (unfinished / "READY").unlink()
    sensor = defs.resolve_sensor_def("landing_ready")
    requests = sensor.evaluate_tick(sensor_context()).run_requests
    assert [r.partition_key for r in requests] == ["2018-01"]
    assert requests[0].tags["la_code"] == "873"


def test_schedule_skips_a_month_that_has_not_landed(landing: Path) -> None:
    schedule = defs.resolve_schedule_def("monthly_after_month_end")
    at = dt.datetime(2018, 2, 5, 7, tzinfo=dt.UTC)
    skipped = schedule.evaluate_tick(schedule_context(at))
    assert skipped.run_requests == [] and "2018-01" in skipped.skip_message
    land(landing, "2018-01", EXTRACT)
    ran = schedule.evaluate_tick(schedule_context(at))
    assert [r.partition_key for r in ran.run_requests] == ["2018-01"]
    # The landing sensor ran it already: its dashboard is newer than its READY.
    report = landing.parent / "reports" / "873" / "2018-01"
    report.mkdir(parents=True)
    (report / "dashboard.html").write_text("reported")
    ready = landing / "873" / "2018-01" / "READY"
    written = (report / "dashboard.html").stat().st_mtime
    os.utime(ready, (written - 60, written - 60))
    again = schedule.evaluate_tick(schedule_context(at))
    assert again.run_requests == [] and "has been run since it landed" in again.skip_message


def test_every_table_a_model_reads_is_upstream_of_it() -> None:
    # A model reading a table Dagster does not know it depends on can run before that table is
    # written: its lineage is what its SQL reads, and every name read is an asset.
    from warehouse.models import all_models, tables_read

    sql = (
        "select * from main.fct_episode join staging.stg_uasc using (child_id) "
        "join meta.extract_load using (la_code) left join meta.first_published using (month)"
    )
    # meta.* is written with the staged tables, but for meta.first_published: what earlier
    # publications recorded, written by published_marts after the marts are built.
    assert tables_read("fct_x", sql) == ("fct_episode", "stg_header", "stg_uasc")
    assert tables_read("kpi_monthly", "select * from meta.first_published") == ()
    models = all_models()
    assert models["fct_placement"].depends_on == ("fct_episode",)
    keys = {k.to_user_string() for k in graph().get_all_asset_keys()}
    for model in models.values():
        assert set(model.depends_on) <= keys, f"{model.name} reads a table no asset writes"
        assert set(model.depends_on) == set(tables_read(model.name, model.sql)) | {
            m.name for m in models.values() if m.table in model.union_of
        }


def test_sensor_skips_a_month_already_reported_since_it_landed(landing: Path) -> None:
    ready = land(landing, "2018-01", EXTRACT) / "READY"
    report = landing.parent / "reports" / "873" / "2018-01"
    report.mkdir(parents=True)
    (report / "dashboard.html").write_text("reported")
    written = (report / "dashboard.html").stat().st_mtime
    os.utime(ready, (written - 60, written - 60))
    sensor = defs.resolve_sensor_def("landing_ready")

    def requested() -> list[str | None]:
        context = sensor_context()
        return [r.partition_key for r in sensor.evaluate_tick(context).run_requests]

    assert requested() == []
    # Landed again (a corrected extract): READY is newer than the dashboard, so it runs again.
    os.utime(ready, (written + 60, written + 60))
    assert requested() == ["2018-01"]


def test_every_asset_writing_the_warehouse_shares_its_la_pool_of_one_slot() -> None:
    assets = [a for a in defs.assets if isinstance(a, dg.AssetsDefinition)]
    writers = [a for a in assets if "region" not in a.group_names_by_key.values()]
    # Every model, reference table, the staged load, the publication, the validation report
    # (which reads the warehouse's quarantine, so it queues behind writers) and the dashboard.
    assert sum(len(a.keys) for a in writers if a.op.pool) > 60
    assert {a.op.pool for a in writers if dg.AssetKey("landing") not in a.keys} == {WAREHOUSE_POOL}
    assert WAREHOUSE_POOL == "duckdb_warehouse_873"
    instance = yaml.safe_load((PROJECT_ROOT / "pipelines" / "dagster.yaml").read_text())
    assert instance["concurrency"]["pools"]["default_limit"] == 1


def test_the_documents_follow_a_monthly_run_for_its_months_and_its_la() -> None:
    """The documents job is not in the monthly job: the figures are published without waiting
    for the printer; the sensor then asks for the documents of the same months and LA."""
    monthly = defs.resolve_job_def("monthly_report").asset_layer.executable_asset_keys
    assert dg.AssetKey("dashboard") in monthly and dg.AssetKey("report_documents") not in monthly
    backfill = dg.DagsterRun(
        job_name="monthly_report",
        run_id="a-monthly-run",
        tags={
            "dagster/asset_partition_range_start": "2018-01",
            "dagster/asset_partition_range_end": "2018-03",
            "la_code": "874",
            "cpr/started_by": "cpr run",
        },
        run_config={"resources": {"care_data": {"config": {"la_code": "874"}}}},
    )
    request = documents_request(backfill)
    assert request.run_key == "documents:a-monthly-run"
    assert request.tags == {
        "dagster/asset_partition_range_start": "2018-01",
        "dagster/asset_partition_range_end": "2018-03",
        "la_code": "874",
    }
    assert request.run_config == {"resources": {"care_data": {"config": {"la_code": "874"}}}}
    sensor = defs.resolve_sensor_def("documents_after_report")
    assert sensor.job_name == "monthly_documents"


def test_the_documents_sensor_leaves_a_cpr_run_to_write_its_own() -> None:
    @dg.asset
    def figures() -> None:
        pass

    def evaluated(tags: dict[str, str]):
        with dg.DagsterInstance.ephemeral() as instance:
            result = dg.materialize([figures], instance=instance, tags=tags)
            context = dg.build_run_status_sensor_context(
                sensor_name="documents_after_report",
                dagster_instance=instance,
                dagster_run=instance.get_run_by_id(result.run_id),
                dagster_event=result.get_run_success_event(),
            )
            return documents_after_report(context)

    # cpr run writes the documents itself, after the figures: the daemon must not do it again.
    assert isinstance(evaluated({**STARTED_BY_CPR, "la_code": "873"}), dg.SkipReason)
    assert evaluated({"la_code": "873"}).tags == {"la_code": "873"}

"""A deployment running several LAs (CPR_LAS) gives each LA's run that LA's own name (from the
reference, ingest.location: DfE code -> ONS upper tier -> its name) and its own config files,
not the one CPR_LA_NAME and config/ every LA shared."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest
from extracts import EXTRACT, land

from ingest.location import la_name_of
from pipelines.definitions import defs
from pipelines.resources import CareData
from pipelines.settings import Settings, load_settings


@pytest.fixture
def three_las(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """LA 873 is the environment's, with a name of its own choosing; 874 and North
    Northamptonshire (named by its ONS code, as the synthetic England names LAs) are not."""
    monkeypatch.setenv("CPR_DATA", str(tmp_path))
    monkeypatch.delenv("CPR_LANDING", raising=False)
    monkeypatch.setenv("CPR_LA", "873")
    monkeypatch.setenv("CPR_LA_NAME", "Cambridgeshire County Council")
    monkeypatch.setenv("CPR_LAS", "873,874,E06000061")
    return tmp_path


def test_the_reference_names_an_la_by_its_dfe_or_its_ons_code() -> None:
    assert la_name_of("874") == "Peterborough"  # DfE 874 -> E06000031
    assert la_name_of("935") == "Suffolk"
    assert la_name_of("E06000061") == "North Northamptonshire"
    assert la_name_of("999") is None  # neither in LA_UPPER_TIER nor an ONS code


def test_each_la_run_the_sensor_requests_carries_that_la_s_name(three_las: Path) -> None:
    for la in ("873", "874", "E06000061"):
        land(three_las / "landing", "2018-01", EXTRACT, la_code=la)
    context = dg.build_sensor_context(
        repository_def=defs.get_repository_def(), resources={"care_data": CareData()}
    )
    requests = defs.resolve_sensor_def("landing_ready").evaluate_tick(context).run_requests
    # A run's resource is built from its run config: the name follows from the LA it names.
    names = {
        r.tags["la_code"]: CareData(**r.run_config["resources"]["care_data"]["config"]).settings
        for r in requests
    }
    assert {la: s.la_name for la, s in names.items()} == {
        "873": "Cambridgeshire County Council",  # CPR_LA_NAME names CPR_LA only
        "874": "Peterborough",
        "E06000061": "North Northamptonshire",
    }
    assert {la: s.warehouse_path.name for la, s in names.items()} == {
        la: f"{la}.duckdb" for la in names
    }


def test_an_la_the_reference_does_not_know_is_named_by_its_code(three_las: Path) -> None:
    assert CareData(la_code="999").settings.la_name == "999"
    # A name given to the resource still wins over the reference's.
    assert CareData(la_code="874", la_name="City of Peterborough").settings.la_name == (
        "City of Peterborough"
    )


def test_without_cpr_la_name_the_la_has_the_reference_s_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CPR_LA_NAME", raising=False)
    monkeypatch.setenv("CPR_LA", "935")
    assert load_settings().la_name == "Suffolk"  # not the default LA's Cambridgeshire


def test_an_la_s_own_config_files_win_over_the_shared_ones(tmp_path: Path) -> None:
    config = tmp_path / "config"
    (config / "874").mkdir(parents=True)
    for path in (config / "indicators.yaml", config / "committee.yaml"):
        path.write_text("{}\n")
    (config / "874" / "indicators.yaml").write_text("{}\n")
    deployment = Settings(data_root=tmp_path, la_code="873", las=("873", "874"))
    peterborough = deployment.for_la("874")
    assert peterborough.indicator_config == config / "874" / "indicators.yaml"
    assert peterborough.committee_config == config / "committee.yaml"  # none of its own
    assert deployment.indicator_config == config / "indicators.yaml"
    # CPR_INDICATOR_CONFIG is the shared file then: an LA's own still wins over it.
    shared = tmp_path / "elsewhere.yaml"
    given = Settings(data_root=tmp_path, la_code="874", indicator_config_file=shared)
    assert given.indicator_config == config / "874" / "indicators.yaml"
    assert given.for_la("873").indicator_config == shared

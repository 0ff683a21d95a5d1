"""Regional mode end to end: two synthetic LAs each run on their own (`cpr run`, their own
warehouse and published files), then `cpr region` unions their published marts, opened
read-only, into the region's marts and renders each LA side by side."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from runs import use_data_folder

from dashboard.render import format_value
from pipelines.cli import main
from synthetic import write_county
from warehouse.publish import PUBLISHED_TABLES

LAS = {"873": "Cambridgeshire", "874": "Peterborough"}


@pytest.fixture(scope="module")
def region_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("region")
    with pytest.MonkeyPatch.context() as env:
        use_data_folder(env, root, la_code=None)
        for seed, (la, name) in enumerate(LAS.items()):
            write_county(
                root / "landing",
                la_code=la,
                first_month="2018-03",
                last_month="2018-03",
                history_start="2017-10-01",
                seed=seed,
            )
            env.setenv("CPR_LA", la)
            env.setenv("CPR_LA_NAME", name)
            assert main(["run"]) == 0
        for la in LAS:  # read-only files: the region fails if it opens one for writing
            (root / "published" / f"marts_{la}.duckdb").chmod(0o444)
        before = {la: digest(root / "published" / f"marts_{la}.duckdb") for la in LAS}
        env.setenv("CPR_REGION", "test")
        env.setenv("CPR_REGION_LAS", ",".join(LAS))
        assert main(["region"]) == 0
        assert before == {la: digest(root / "published" / f"marts_{la}.duckdb") for la in LAS}
    return root


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_regional_marts_hold_each_la_as_published(region_root: Path) -> None:
    published = region_root / "published"
    with duckdb.connect() as con:
        con.execute(f"attach '{published / 'marts_region_test.duckdb'}' as region (read_only)")
        for la in LAS:
            con.execute(f"attach '{published / f'marts_{la}.duckdb'}' as la_{la} (read_only)")
        for table in PUBLISHED_TABLES:
            if table == "indicator_catalogue":
                continue
            for la in LAS:
                own = con.execute(f"select count(*) from la_{la}.{table}").fetchall()[0][0]
                assert own > 0
                differing = con.execute(
                    f"select count(*) from ((select * from region.{table} where la_code = '{la}' "
                    f"except all select * from la_{la}.{table}) union all "
                    f"(select * from la_{la}.{table} except all "
                    f"select * from region.{table} where la_code = '{la}'))"
                ).fetchall()[0][0]
                assert differing == 0, f"{table} of LA {la} differs in the region"
            las = con.execute(f"select distinct la_code from region.{table} order by 1").fetchall()
            assert las == [("873",), ("874",)]
        # The catalogue is the same for every LA: held once.
        catalogue = con.execute("select count(*) from region.indicator_catalogue").fetchall()
        assert (
            catalogue == con.execute("select count(*) from la_873.indicator_catalogue").fetchall()
        )
        publication = con.execute(
            "select region, la_codes, la_names, last_month::varchar from region.publication"
        ).fetchall()
        assert publication == [("test", ["873", "874"], list(LAS.values()), "2018-03-01")]


def test_regional_dashboard_sets_the_las_side_by_side(region_root: Path) -> None:
    page = (region_root / "reports" / "region_test" / "2018-03" / "dashboard.html").read_text()
    text = re.sub(r"\s+", " ", page)
    counts = []
    for la in LAS:
        with duckdb.connect(
            str(region_root / "published" / f"marts_{la}.duckdb"), read_only=True
        ) as con:
            label, value = con.execute(
                "select label, value from kpi_monthly "
                "where indicator_id = 'cla_count' and month = '2018-03-01'"
            ).fetchall()[0]
        counts.append(format_value(value, "count"))
    assert '<th scope="col">Cambridgeshire</th> <th scope="col">Peterborough</th>' in text
    assert f'<th scope="row">{label}</th> <td>{counts[0]}</td> <td>{counts[1]}</td>' in text


def test_each_la_writes_its_warehouse_under_a_pool_of_its_own() -> None:
    # One slot per pool (pipelines/dagster.yaml): a global pool would make every LA's runs on
    # the instance take turns, though each writes only its own files.
    from pipelines.definitions import defs
    from pipelines.settings import load_settings

    writers = ["stg_header", "fct_episode", "kpi_monthly", "published_marts", "dim_code"]
    graph = defs.resolve_asset_graph()
    pools = {frozenset(graph.get(dg.AssetKey(name)).pools) for name in writers}
    assert pools == {frozenset({f"duckdb_warehouse_{load_settings().la_code}"})}

"""The real Dagster webserver on loopback against the project's workspace.yaml: what its GraphQL
API serves is the whole asset graph as defined (every asset, its group, its upstream assets and
its checks), and the asset graph page renders in headless chromium without a console error."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import watched_page

from pipelines.definitions import defs
from pipelines.settings import PROJECT_ROOT
from schemas.contract import LOADED_TABLES
from warehouse.models import all_models
from warehouse.reference import REFERENCE_TABLES

#: Kept after the run (data/ is not committed) for a person to look at.
SCREENSHOTS = PROJECT_ROOT / "data" / "screenshots"
ASSET_GRAPH = """
{
  assetNodes {
    assetKey { path }
    groupName
    dependencyKeys { path }
    assetChecksOrError { ... on AssetChecks { checks { name } } }
  }
}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def graphql(url: str, query: str) -> dict:
    request = urllib.request.Request(
        f"{url}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        body = json.load(response)
    assert "errors" not in body, body
    return body["data"]


@pytest.fixture(scope="module")
def webserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("webserver")
    home = root / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "pipelines" / "dagster.yaml", home / "dagster.yaml")
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "CPR_DATA": str(root)}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("dagster-webserver")),
            *("-h", "127.0.0.1", "-p", str(port), "-w", str(PROJECT_ROOT / "workspace.yaml")),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(root / "webserver.log").open("w"),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                # Up once the code location has loaded and serves its asset nodes.
                if graphql(url, "{ assetNodes { id } }")["assetNodes"]:
                    break
            except (OSError, AssertionError):
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"webserver did not come up:\n{(root / 'webserver.log').read_text()}")
            time.sleep(1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def expected_graph() -> dict[str, tuple[str | None, set[str], set[str]]]:
    """asset -> (group, upstream assets, checks), from the Definitions the server loads."""
    graph = defs.resolve_asset_graph()
    checks: dict[str, set[str]] = {}
    for check in graph.asset_check_keys:
        checks.setdefault(check.asset_key.to_user_string(), set()).add(check.name)
    return {
        key.to_user_string(): (
            graph.get(key).group_name,
            {parent.to_user_string() for parent in graph.get(key).parent_keys},
            checks.get(key.to_user_string(), set()),
        )
        for key in graph.get_all_asset_keys()
    }


def served_graph(url: str) -> dict[str, tuple[str | None, set[str], set[str]]]:
    return {
        "/".join(node["assetKey"]["path"]): (
            node["groupName"],
            {"/".join(dep["path"]) for dep in node["dependencyKeys"]},
            {check["name"] for check in node["assetChecksOrError"].get("checks", [])},
        )
        for node in graph_nodes(url)
    }


def graph_nodes(url: str) -> list[dict]:
    return graphql(url, ASSET_GRAPH)["assetNodes"]


def test_the_webserver_serves_the_whole_asset_graph(webserver: str) -> None:
    served = served_graph(webserver)
    assert served == expected_graph()
    # By hand, so the test does not only compare the definitions with themselves.
    assert served["landing"] == ("extract", set(), set())
    assert served["stg_episodes"] == ("staging", {"landing"}, {"rows_pass_validation"})
    # The episodes and the code groups they fall in (short breaks, placed for adoption...).
    assert served["fct_episode"][:2] == ("warehouse", {"stg_episodes", "ref_code_group"})
    assert served["dashboard"] == ("reports", {"published_marts"}, set())
    assert served["validation_report"] == ("reports", {"quarantine"}, set())
    assert served["published_marts"][0] == "marts"
    assert "kpi_monthly" in served["published_marts"][1]
    assert {
        "every_indicator_every_month",
        "counts_and_percentages_in_range",
    } <= served["kpi_monthly"][2]
    assert {group for group, _, _ in served.values()} >= {
        "extract",
        "staging",
        "warehouse",
        "marts",
        "reports",
    }
    # landing, a staged table per table of the contract and the quarantine, the reference
    # tables, one asset per SQL model, the published and public marts, the outlook's two
    # tables, the validation report, the dashboard and its documents, and the region's marts
    # and dashboard.
    assert len(served) == (
        1 + len(LOADED_TABLES) + 1 + len(REFERENCE_TABLES) + len(all_models()) + 7 + 2
    )
    assert served["regional_marts"][0] == "region"


def test_the_webserver_shows_schedule_sensor_and_freshness(webserver: str) -> None:
    data = graphql(
        webserver,
        """{ workspaceOrError { ... on Workspace { locationEntries { locationOrLoadError {
              ... on RepositoryLocation { repositories {
                  schedules { name cronSchedule } sensors { name } } } } } } }
           assetNodes(assetKeys: [{path: ["published_marts"]}]) {
              owners { ... on TeamAssetOwner { team } } kinds description
              freshnessPolicy: internalFreshnessPolicy { __typename } } }""",
    )
    (location,) = data["workspaceOrError"]["locationEntries"]
    (repository,) = location["locationOrLoadError"]["repositories"]
    assert repository["schedules"] == [
        {"name": "monthly_after_month_end", "cronSchedule": "0 7 5 * *"}
    ]
    assert [s["name"] for s in repository["sensors"]] == [
        "documents_after_report",
        "landing_ready",
        "notify_marts_late",
        "notify_run_failure",
        "region_after_las",
    ]
    (marts,) = data["assetNodes"]
    assert marts["owners"] == [{"team": "data"}]
    assert "duckdb" in marts["kinds"] and marts["description"]
    assert marts["freshnessPolicy"]["__typename"] == "CronFreshnessPolicy"


def test_the_asset_graph_page_renders_without_console_errors(webserver: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with watched_page() as watched:
        watched.page.goto(f"{webserver}/asset-groups", wait_until="networkidle")
        # A fresh instance greets its first visitor with a newsletter prompt: dismiss it.
        skip = watched.page.get_by_role("button", name="Skip")
        skip.wait_for(timeout=30_000)
        skip.click()
        # The graph is drawn once the group boxes carry their names.
        watched.page.get_by_text("staging").first.wait_for(timeout=60_000)
        watched.page.wait_for_timeout(2000)
        watched.page.screenshot(path=str(SCREENSHOTS / "asset_graph.png"), full_page=True)
    assert watched.console_errors == []
    assert (SCREENSHOTS / "asset_graph.png").stat().st_size > 10_000

"""The Great Expectations suites on hand-built KPI marts: a clean one where every expectation
passes, and one with four planted faults (a missing month, a percentage of 104, a breakdown that
does not add up, a jump past its configured size), each caught by its own expectation and
nothing else. GE is slow to start, so the two marts are validated once each (module fixtures),
in the GE worker process the runs use."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipelines.assets.quality import GreatExpectations
from warehouse.catalogue import indicators, load_overrides, max_monthly_changes
from warehouse.quality import (
    kpi_frame,
    reconciliation_frame,
    suites,
)
from warehouse.relations import RELATIONS

MONTHS = ["2017-04", "2017-05", "2017-06", "2017-07"]
CHILDREN_IN_CARE = 10.0


def clean_kpi() -> pd.DataFrame:
    """Every catalogue indicator every month, steady: 10 children in care; each breakdown's first
    part holds all of its total (the rest 0); every percentage 50."""
    first_parts = {r.parts[0]: r.total for r in RELATIONS}
    rows = []
    for item in indicators():
        for month in MONTHS:
            total = CHILDREN_IN_CARE if first_parts.get(item["id"]) == "cla_count" else 0.0
            count = CHILDREN_IN_CARE if item["id"] == "cla_count" else total
            percent = item["unit"] == "percent"
            rows.append(
                {
                    "month": month,
                    "section": item["section"],
                    "indicator_id": item["id"],
                    "unit": item["unit"],
                    "value": 50.0 if percent else count,
                    "numerator": count,
                    "denominator": CHILDREN_IN_CARE if percent else None,
                    "previous_value": None if month == MONTHS[0] else (50.0 if percent else count),
                }
            )
    return pd.DataFrame(rows)


def set_value(kpi: pd.DataFrame, indicator: str, month: str, **values: float) -> None:
    at = (kpi["indicator_id"] == indicator) & (kpi["month"] == month)
    for column, value in values.items():
        kpi.loc[at, column] = value


def faulty_kpi() -> pd.DataFrame:
    kpi = clean_kpi()
    kpi = kpi[kpi["month"] != "2017-05"].copy()  # a month missing
    kpi.loc[kpi["month"] == "2017-06", "previous_value"] = None  # as the mart: no May to compare
    set_value(kpi, "cla_male_pct", "2017-06", value=104.0)
    set_value(kpi, "cla_non_uasc", "2017-07", value=6.0, numerator=6.0)  # 6 + 0 is not 10
    # 40 started against 0 the month before: past the default (5, or a quarter of the last).
    set_value(kpi, "cla_started", "2017-07", value=40.0, numerator=40.0)
    return kpi


def run(kpi: pd.DataFrame, site: Path, configured: dict[str, float] | None = None) -> dict:
    frames = {"kpi": kpi_frame(kpi, configured or {}), "reconciliation": reconciliation_frame(kpi)}
    return GreatExpectations().validate(suites(MONTHS), frames, site)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    site = tmp_path_factory.mktemp("clean") / "data_docs"
    return run(clean_kpi(), site), site


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return run(faulty_kpi(), tmp_path_factory.mktemp("faulty") / "data_docs")


def test_a_clean_mart_passes_every_expectation(clean: tuple[dict, Path]) -> None:
    outcomes, _ = clean
    assert {name: o.success for name, o in outcomes.items()} == {
        "totals_reconcile": True,
        "figures_in_range": True,
        "no_missing_months": True,
        "month_on_month_jumps": True,
    }
    assert outcomes["totals_reconcile"].evaluated == len(RELATIONS) == 21


def test_a_missing_month_fails_continuity_only_there(faulty: dict) -> None:
    failures = faulty["no_missing_months"].failures
    assert set(failures) == {
        "The months run from 2017-04 to 2017-07 with none missing.",
        "Every catalogue indicator has a figure every month.",
    }


def test_a_percentage_of_104_is_out_of_range(faulty: dict) -> None:
    assert faulty["figures_in_range"].failures == {
        "Percentages lie within 0-100.": [{"indicator_id": "cla_male_pct", "month": "2017-06"}]
    }


def test_totals_that_do_not_reconcile_fail_their_reconciliation(faulty: dict) -> None:
    (failed,) = faulty["totals_reconcile"].failures.items()
    assert failed[0].startswith("cla_by_uasc:")
    assert failed[1] == [{"month": "2017-07"}]


def test_a_jump_past_its_size_is_flagged(faulty: dict) -> None:
    assert list(faulty["month_on_month_jumps"].failures.values()) == [
        [{"indicator_id": "cla_started", "month": "2017-07", "change": "40.0", "max_change": "5.0"}]
    ]


def test_the_jump_size_comes_from_the_las_configuration(tmp_path: Path) -> None:
    config = tmp_path / "indicators.yaml"
    config.write_text("indicators:\n  cla_started: {max_monthly_change: 50}\n")
    configured = max_monthly_changes(load_overrides(config))
    assert (configured["cla_count"], configured["cla_started"]) == (30.0, 50.0)  # catalogue, LA
    frame = kpi_frame(faulty_kpi(), configured)
    jump = frame[(frame["indicator_id"] == "cla_started") & (frame["month"] == "2017-07")]
    assert jump[["change", "max_change"]].values.tolist() == [[40.0, 50.0]]
    # Without it, the default: 3 sqrt(0) is 0, so the floor of 5.
    frame = kpi_frame(faulty_kpi(), {})
    jump = frame[(frame["indicator_id"] == "cla_started") & (frame["month"] == "2017-07")]
    assert jump["max_change"].tolist() == [5.0]


def test_april_is_not_compared_with_march() -> None:
    kpi = clean_kpi()
    set_value(kpi, "cla_count", "2017-04", value=1000.0, previous_value=10.0)
    frame = kpi_frame(kpi, {})
    april = frame[(frame["indicator_id"] == "cla_count") & (frame["month"] == "2017-04")]
    assert april["change"].isna().all()


def test_data_docs_name_every_suite_and_fetch_nothing(clean: tuple[dict, Path]) -> None:
    _, site = clean
    index = (site / "index.html").read_text()
    for name in [
        "totals_reconcile",
        "figures_in_range",
        "no_missing_months",
        "month_on_month_jumps",
    ]:
        assert name in index
    pages = list(site.rglob("*.html"))
    assert len(pages) == 1 + 2 * 4  # the index, each suite, and each suite's validation result
    for page in pages:
        html = page.read_text()
        assert not re.findall(r'\bsrc="https?:', html), page
        assert not re.findall(r'<link\b[^>]*href="https?:', html), page


def test_data_docs_open_from_disk_with_no_network(clean: tuple[dict, Path]) -> None:
    from browser import watched_page

    _, site = clean
    with watched_page() as watched:
        watched.page.goto((site / "index.html").as_uri())
        links = watched.page.locator("a[href$='.html']").all_inner_texts()
        watched.page.screenshot(path=str(site.parent / "data_docs_index.png"), full_page=True)
        assert watched.network_requests() == []
        assert watched.console_errors == []
    # Each suite and each validation result is a link from the index.
    assert sum("Success" in text for text in links) == 4


def test_default_jump_sizes_are_what_chance_could_explain() -> None:
    kpi = clean_kpi()
    set_value(kpi, "cla_started", "2017-06", previous_value=100.0)  # a count: 3 sqrt(100)
    set_value(kpi, "cla_male_pct", "2017-06", denominator=9.0)  # of 9: 150 / sqrt(9) points
    set_value(kpi, "cla_female_pct", "2017-06", denominator=900.0)  # of 900: 5, so the floor 10
    set_value(kpi, "adoption_a2_days", "2017-06", previous_value=400.0)  # configured: 240
    set_value(kpi, "cla_rate_per_10k", "2017-06", previous_value=60.0)  # a rate: a quarter
    frame = kpi_frame(kpi, max_monthly_changes({})).set_index(["indicator_id", "month"])
    allowed = frame.loc[
        [
            (i, "2017-06")
            for i in [
                "cla_started",
                "cla_male_pct",
                "cla_female_pct",
                "adoption_a2_days",
                "cla_rate_per_10k",
            ]
        ],
        "max_change",
    ]
    assert allowed.tolist() == [30.0, 50.0, 10.0, 240.0, 15.0]


def test_ge_runs_in_its_worker_and_the_run_never_imports_it(tmp_path: Path) -> None:
    """The run's process gets the outcomes without importing GE (seconds): the worker did."""
    script = f"""
import sys
from pathlib import Path
sys.path.insert(0, {str(Path(__file__).parent)!r})
from test_quality import run, clean_kpi
outcomes = run(clean_kpi(), Path({str(tmp_path / "site")!r}))
print(len(outcomes), all(o.success for o in outcomes.values()), "great_expectations" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert result.stdout.split() == [str(len(suites(MONTHS))), "True", "False"]
    assert (tmp_path / "site" / "index.html").exists()


def children_running(parent: int, marker: str) -> list[int]:
    """Processes whose parent is ``parent`` and whose command line holds ``marker``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if int(fields[1]) == parent and fields[0] != "Z" and marker in command:
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    """Alive: not gone, and not a zombie waiting for its new parent to reap it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads processes from /proc")
def test_a_killed_runs_ge_worker_exits_with_it() -> None:
    run = subprocess.Popen(
        [sys.executable, "-c", "from pipelines.assets.quality import GreatExpectations\n"
         "GreatExpectations().setup_for_execution(None)\n"
         "print('started', flush=True)\nimport time; time.sleep(120)"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert run.stdout is not None and run.stdout.readline().strip() == "started"
    workers = children_running(run.pid, "spawn_main")
    assert len(workers) == 1
    run.send_signal(signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 30  # its GE import may still be under way
    while time.monotonic() < deadline and running(workers[0]):
        time.sleep(0.2)
    assert not running(workers[0])

"""The extract-month partitions start at the LA's first extract month: configured, or the
earliest month landed, so "missing" means "not yet run"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from extracts import DECEMBER_EXTRACT, EXTRACT, land

from pipelines.partitions import HISTORY_START, first_extract_month
from pipelines.settings import load_settings


def test_the_first_month_is_configured_else_the_earliest_landed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPR_DATA", str(tmp_path))
    monkeypatch.setenv("CPR_LA", "873")
    monkeypatch.delenv("CPR_LANDING", raising=False)
    monkeypatch.delenv("CPR_FIRST_MONTH", raising=False)
    assert first_extract_month(load_settings()) == HISTORY_START  # nothing landed yet
    land(tmp_path / "landing", "2018-01", EXTRACT)
    land(tmp_path / "landing", "2017-12", DECEMBER_EXTRACT)
    (tmp_path / "landing" / "873" / "2017-11").mkdir()  # no READY: not landed
    assert first_extract_month(load_settings()) == "2017-12"
    monkeypatch.setenv("CPR_FIRST_MONTH", "2018-01")
    assert first_extract_month(load_settings()) == "2018-01"


def test_the_code_location_partitions_from_the_first_landed_month(tmp_path: Path) -> None:
    land(tmp_path / "landing", "2017-12", DECEMBER_EXTRACT)
    land(tmp_path / "landing", "2018-01", EXTRACT)
    env = {k: v for k, v in os.environ.items() if k not in ("CPR_FIRST_MONTH", "CPR_LANDING")}
    first = subprocess.run(
        [sys.executable, "-c", "from pipelines.partitions import extract_months as p; "
         "print(p.get_first_partition_key())"],
        env={**env, "CPR_DATA": str(tmp_path), "CPR_LA": "873"},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert first.stdout.strip() == "2017-12"

"""Landed folders `cpr run` cannot take are named and skipped, never run (a `2018-13` folder once
stopped the run with a traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest
from extracts import EXTRACT, land

from pipelines.cli import runnable_months
from pipelines.settings import load_settings


def test_folders_not_named_yyyy_mm_or_outside_the_extract_months_are_named_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("CPR_DATA", str(tmp_path))
    monkeypatch.setenv("CPR_LA", "873")
    # 2014-01 is before the first extract month (CPR_FIRST_MONTH, 2015-04 by default).
    for month in ("2018-01", "2018-13", "March", "2014-01"):
        land(tmp_path / "landing", month, EXTRACT)
    (tmp_path / "landing" / "873" / "2017-12").mkdir()  # no READY: not landed, not named
    assert runnable_months(load_settings()) == ["2018-01"]
    assert capsys.readouterr().err.splitlines() == [
        "Skipped landing folder 2018-13: not a month YYYY-MM (e.g. 2018-03)",
        "Skipped landing folder March: not a month YYYY-MM (e.g. 2018-03)",
        "Skipped landed month 2014-01: outside the extract months (from CPR_FIRST_MONTH to the "
        "last month ended)",
    ]

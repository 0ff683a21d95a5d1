"""What the end-to-end and operations tests share: a data folder with two hand-built months landed."""

from __future__ import annotations

from pathlib import Path

import pytest
from extracts import DECEMBER_EXTRACT, EXTRACT, land


@pytest.fixture
def data_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CPR_DATA", str(tmp_path))
    monkeypatch.setenv("CPR_LA", "873")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    monkeypatch.delenv("CPR_PSEUDONYM_KEY", raising=False)
    land(tmp_path / "landing", "2017-12", DECEMBER_EXTRACT)
    land(tmp_path / "landing", "2018-01", EXTRACT)
    return tmp_path

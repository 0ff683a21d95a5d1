"""What the end-to-end and operations tests share: a data folder with two hand-built months landed."""

from __future__ import annotations

from pathlib import Path

import pytest
from extracts import DECEMBER_EXTRACT, EXTRACT, land
from runs import use_data_folder


@pytest.fixture
def data_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_data_folder(monkeypatch, tmp_path)
    land(tmp_path / "landing", "2017-12", DECEMBER_EXTRACT)
    land(tmp_path / "landing", "2018-01", EXTRACT)
    return tmp_path

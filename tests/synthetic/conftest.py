"""One synthetic county (the defaults: LA 873, April 2017 to March 2018) for every test here."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthetic import write_county


@pytest.fixture(scope="session")
def folders(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_county(tmp_path_factory.mktemp("landing"))

"""What the end-to-end and operations tests share: a data folder with two hand-built months
landed, and the Dagster instance they run on (the embedded SQLite default, or PostgreSQL)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from extracts import DECEMBER_EXTRACT, EXTRACT, land
from local_postgres import LocalPostgres, local_postgres
from runs import use_data_folder

# The definitions are imported once per test session, while each test lands months of its own:
# their partitions start at a fixed month here, not at what the first test happened to land
# (tests/ops/test_partitions.py tests that default in a process of its own).
os.environ.setdefault("CPR_FIRST_MONTH", "2015-04")


@pytest.fixture
def data_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_data_folder(monkeypatch, tmp_path)
    land(tmp_path / "landing", "2017-12", DECEMBER_EXTRACT)
    land(tmp_path / "landing", "2018-01", EXTRACT)
    return tmp_path


@pytest.fixture(scope="session")
def postgres() -> Iterator[LocalPostgres]:
    """One local PostgreSQL server for the session (each test takes a database of its own).
    Without PostgreSQL's binaries the tests skip, saying why; CI sets CPR_REQUIRE_POSTGRES=1
    so that there they fail instead."""
    try:
        with local_postgres() as server:
            yield server
    except FileNotFoundError as missing:
        if os.environ.get("CPR_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{missing} (CPR_REQUIRE_POSTGRES=1)")
        pytest.skip(str(missing))


@pytest.fixture
def instance(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The Dagster instance the test's runs use: "sqlite" (the embedded default) or "postgres"
    (CPR_PG_URL set to a fresh database, so `cpr run` copies pipelines/dagster.postgres.yaml
    into the test's new DAGSTER_HOME)."""
    kind = getattr(request, "param", "sqlite")
    if kind == "postgres":
        monkeypatch.setenv("CPR_PG_URL", request.getfixturevalue("postgres").new_database())
    else:
        monkeypatch.delenv("CPR_PG_URL", raising=False)
    return kind

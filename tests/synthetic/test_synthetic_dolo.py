"""The synthetic county writes the DoLo table (deprivation of liberty orders) for months from
April 2026, when the return starts collecting it, and its orders pass the DfE's rules 700-710."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from ingest.landing import read_month
from ingest.stage import stage_month
from synthetic import write_county

KEY = b"test-key-not-secret"


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    written = write_county(
        tmp_path_factory.mktemp("landing"), first_month="2026-03", last_month="2026-06",
        history_start="2024-04-01",
    )  # fmt: skip
    return {f.name: f for f in written}


def test_dolo_files_start_in_april_2026(folders: dict[str, Path]) -> None:
    assert not (folders["2026-03"] / "DoLo.csv").exists()
    assert (folders["2026-04"] / "DoLo.csv").exists()


def test_the_orders_load_clean_and_grow(folders: dict[str, Path]) -> None:
    month = read_month(folders["2026-06"])
    # (the county's 2026/27 placement codes are another matter: any share rejected here)
    staged = stage_month(month, dt.date(2026, 6, 30), KEY, "873", 1.0)
    assert staged["dolo"].findings.is_empty()
    orders = pl.read_csv(folders["2026-06"] / "DoLo.csv")
    april = pl.read_csv(folders["2026-04"] / "DoLo.csv")
    # Made two weeks into a K2 placement: some by April, more by June.
    assert 0 < april.height <= orders.height

"""The synthetic England at a small scale (three LAs, two years of history) and the national
run over it: one warehouse, every model once for all LAs, each LA's figures as if run alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import pytest

from ingest.landing import read_month
from ingest.stage import stage_month
from pipelines.cli import main
from synthetic.national import write_national
from warehouse.build import build
from warehouse.runner import connect
from warehouse.staging import load_extract

MONTH = "2025-03"
MONTH_START = dt.date(2025, 3, 1)
MONTH_END = dt.date(2025, 3, 31)
KEY = b"national-test-key"


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("national") / "landing"
    # Postcode areas C and P only (quick to load); three LAs sharing 300 children in care.
    write_national(
        root, MONTH, la_count=3, children_in_care=300, history_years=2, workers=1, letters="CP"
    )
    return root


def la_codes(landing: Path) -> list[str]:
    return sorted(p.name for p in landing.iterdir())


def test_each_la_is_a_real_upper_tier_authority_of_its_own(landing: Path) -> None:
    codes = la_codes(landing)
    assert len(codes) == 3
    assert all(code[:3] in ("E06", "E08", "E09", "E10") and len(code) == 9 for code in codes)
    assert all((landing / code / MONTH / "READY").exists() for code in codes)


def test_homes_are_drawn_from_each_las_own_postcodes(landing: Path) -> None:
    homes = {
        code: set(
            pl.read_csv(landing / code / MONTH / "episodes.csv", infer_schema=False)["HOME_POST"]
            .drop_nulls()
            .to_list()
        )
        for code in la_codes(landing)
    }
    first, second, third = homes.values()
    assert first and second and third
    # Homes are mostly inside each LA: the LAs share few if any home postcodes.
    assert len(first & second) < 0.05 * min(len(first), len(second))
    assert len(second & third) < 0.05 * min(len(second), len(third))


def test_every_las_files_validate(landing: Path) -> None:
    for code in la_codes(landing):
        staged = stage_month(read_month(landing / code / MONTH), MONTH_END, KEY, code, 0.05)
        assert staged["header"].frame.height > 0
        rejected = sum(table.rejected_rows for table in staged.values())
        rows = sum(table.frame.height for table in staged.values())
        assert rejected < 0.01 * rows, (code, rejected, rows)


@pytest.fixture(scope="module")
def national(landing: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("national_data")
    warehouse = data / "national.duckdb"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CPR_DATA", str(data))
        env.setenv("CPR_PSEUDONYM_KEY", KEY.decode())
        assert (
            main(
                [
                    "national",
                    MONTH,
                    "--landing",
                    str(landing),
                    "--warehouse",
                    str(warehouse),
                    "--workers",
                    "2",
                ]
            )
            == 0
        )
    return warehouse


def figures(con: duckdb.DuckDBPyConnection, la_code: str) -> list[tuple]:
    return con.execute(
        "select month, indicator_id, numerator, denominator, value from mart.kpi_monthly "
        "where la_code = $la order by all",
        {"la": la_code},
    ).fetchall()


def test_the_national_run_gives_each_la_the_figures_it_gets_alone(
    landing: Path, national: Path, tmp_path: Path
) -> None:
    with connect(national, read_only=True) as con:
        together = {code: figures(con, code) for code in la_codes(landing)}
    for code in la_codes(landing):
        with connect(tmp_path / f"{code}.duckdb") as con:
            load_extract(con, landing / code / MONTH, code, MONTH_START, KEY, 0.05)
            build(con, code, [MONTH_START])
            alone = figures(con, code)
        assert len(alone) > 100
        assert together[code] == alone, code


def test_the_las_figures_differ(landing: Path, national: Path) -> None:
    with connect(national, read_only=True) as con:
        in_care = con.execute(
            "select la_code, value from mart.kpi_monthly "
            "where indicator_id = 'cla_count' and month = $m order by la_code",
            {"m": MONTH_START},
        ).fetchall()
    assert [code for code, _ in in_care] == la_codes(landing)
    assert len({value for _, value in in_care}) == 3
    assert sum(value for _, value in in_care) == pytest.approx(300, abs=10)

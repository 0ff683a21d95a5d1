"""The synthetic county's January 2018 report against the council's own January 2018 report
(`shared/seeds/001_*`: April to December 2017, and 702 in care at 31 January 2018), section by
section, through the real `cpr run` on one generated extract month.

The January 2018 extract restates the whole financial year, so one extract gives every month
the council's report shows. Each range is the council's figure (the April-December average
where the report gives one) with room for a county drawn at random; where ours lies outside the
council's own monthly range the comment says why.
"""

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from runs import use_data_folder

from pipelines.cli import main
from synthetic.__main__ import main as generate

JANUARY = dt.date(2018, 1, 1)

#: indicator -> (low, high) for January 2018 itself.
JANUARY_RANGES = {
    "cla_count": (640, 760),  # council: 702
    "cla_male_pct": (50, 62),  # 57%
    "cla_disabled_pct": (5, 11),  # 8%
    "cla_rate_per_10k": (48, 58),  # 52.8 (December)
}

#: indicator -> (low, high) for the April-December 2017 average, as the report's last column.
AVERAGE_RANGES = {
    # Population
    "cla_count": (650, 740),  # 692
    "cla_uasc_pct": (7, 13),  # 9.7%
    "cla_started": (15, 32),  # 23
    "cla_ceased": (15, 32),  # 24
    # Placements
    "placed_out_of_county_non_uasc_pct": (38, 52),  # 45.0%
    "placed_out_of_county_over_20_miles_non_uasc_pct": (24, 40),  # 32.2%
    "uasc_placed_out_of_county_pct": (60, 86),  # 73.6%
    # Visits, reviews and health
    "visits_in_timescale_pct": (74, 90),  # 81.6%
    "reviews_in_timescale_pct": (94, 100),  # 97.7%
    "iha_in_timescale_pct": (25, 55),  # 38.7% (the nine months' mean)
    # Care leavers: the council's cohort (22) is below England's rate. England's 2018 care
    # leavers aged 17-21 (about 40,000 against 75,420 in care) scale to about 31 a month for a
    # county of 700 in care, which is what the synthetic county follows.
    "cl_cohort": (18, 42),
    "cl_in_touch": (12, 36),  # 19
    # Adoption
    "adoption_count": (1, 5),  # 3
    "adoption_within_14_months_pct": (60, 100),  # 83.3%
    # Missing
    "missing_incidents": (30, 60),  # 43.2
    "missing_children": (15, 35),  # 24.7
    # Exploitation (all children)
    "expl_cse_male": (10, 28),  # 18.4
    "expl_cse_female": (50, 90),  # 70.0
    "expl_cse_age_13_16": (45, 85),  # 64.9
    "expl_cce_male": (15, 32),  # 23.6
    "expl_cce_female": (0, 8),  # 2.8
}

#: The share with three or more placements grows through the year: December's figure.
DECEMBER_RANGES = {"placements_3_plus_pct": (5, 12)}  # 8.7%


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("county")
    with pytest.MonkeyPatch.context() as env:
        use_data_folder(env, root)
        env.delenv("CPR_LANDING", raising=False)
        env.delenv("CPR_INDICATOR_CONFIG", raising=False)
        generate(["--landing", str(root / "landing"), "--first", "2018-01", "--last", "2018-01"])
        assert main(["run"]) == 0
    return root / "published" / "marts_873.duckdb"


def values(path: Path, sql: str) -> dict[str, float]:
    with duckdb.connect(str(path), read_only=True) as con:
        return dict(con.execute(sql).fetchall())


def outside(figures: dict[str, float], ranges: dict[str, tuple[float, float]]) -> dict:
    return {
        indicator: (figures.get(indicator), bounds)
        for indicator, bounds in ranges.items()
        if figures.get(indicator) is None or not bounds[0] <= figures[indicator] <= bounds[1]
    }


def test_january_2018_is_in_the_councils_range(published: Path) -> None:
    figures = values(
        published,
        "select indicator_id, value from kpi_monthly where month = date '2018-01-01'",
    )
    assert outside(figures, JANUARY_RANGES) == {}


def test_april_to_december_2017_averages_are_in_the_councils_range(published: Path) -> None:
    averages = values(
        published,
        "select indicator_id, avg(value) from kpi_monthly "
        "where month between date '2017-04-01' and date '2017-12-01' group by all",
    )
    december = values(
        published,
        "select indicator_id, value from kpi_monthly where month = date '2017-12-01'",
    )
    assert outside(averages, AVERAGE_RANGES) == {}
    assert outside(december, DECEMBER_RANGES) == {}


def test_every_section_reports_january(published: Path) -> None:
    with duckdb.connect(str(published), read_only=True) as con:
        empty = con.execute(
            "select section from kpi_monthly where month = date '2018-01-01' "
            "group by section having count(value) = 0"
        ).fetchall()
    # Deprivation of liberty orders are in the return from 2026/27: no data in 2018.
    assert empty == [("dolo",)]

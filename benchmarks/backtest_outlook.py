"""`make backtest`: the Outlook's projections made from earlier months against what happened.

    .venv/bin/python -m benchmarks.backtest_outlook [--simulations 500]

Two histories: the synthetic county over five years (generated in memory, nothing written) and
the five yearly returns of the demand-model samples (2017/18 to 2021/22), whose month-end counts
come from their episodes, each month from the return of its collection year. From every month
with at least 12 months behind it, the model projects ahead; at 3, 6 and 12 months the
projection's median is compared with the actual count (mean absolute percentage error, MAPE),
beside the naive forecast (this month's number stays), with the share of actuals inside the
projection's 80% interval.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from schemas.months import add_months
from warehouse.outlook import OutlookSettings, placement_group, project

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data" / "external" / "demand-model-samples"
HORIZONS = (3, 6, 12)


def month_end_panel(
    episodes: pl.DataFrame, children: pl.DataFrame, months: list[dt.date]
) -> pl.DataFrame:
    """Who was in care at each month end: episodes (child_id, decom, dec, ls, place; dates) open
    at the month end, short breaks (V3, V4) aside, with each child's age in completed months
    (children: child_id, dob) and placement group."""
    ends = pl.DataFrame({"month": months}).with_columns(
        pl.col("month").dt.month_end().alias("month_end")
    )
    open_at = (
        episodes.filter(~pl.col("ls").is_in(["V3", "V4"]))
        .join(ends, how="cross")
        .filter(
            (pl.col("decom") <= pl.col("month_end"))
            & (pl.col("dec").is_null() | (pl.col("dec") > pl.col("month_end")))
        )
        .unique(["month", "child_id"], keep="last")
        .join(children.unique("child_id"), on="child_id")
    )
    months_old = (
        (pl.col("month_end").dt.year() - pl.col("dob").dt.year()) * 12
        + pl.col("month_end").dt.month()
        - pl.col("dob").dt.month()
        - (pl.col("month_end").dt.day() < pl.col("dob").dt.day()).cast(pl.Int32)
    )
    return open_at.select(
        "month",
        "child_id",
        months_old.alias("age_months"),
        placement_group(pl.col("place")).alias("placement_group"),
    ).filter(pl.col("age_months").is_between(0, 215))


def demand_model_panel(folder: Path = SAMPLES) -> pl.DataFrame:
    """Month ends April 2017 to March 2022, each from the yearly return of its collection year."""
    frames = []
    for year in range(2017, 2022):
        episodes = read_dates(folder / f"{year}-episodes.csv", ["DECOM", "DEC"])
        header = read_dates(folder / f"{year}-header.csv", ["DOB"])
        months = [add_months(dt.date(year, 4, 1), k) for k in range(12)]
        frames.append(
            month_end_panel(
                episodes.select(
                    pl.col("CHILD").alias("child_id"),
                    pl.col("DECOM").alias("decom"),
                    pl.col("DEC").alias("dec"),
                    pl.col("LS").alias("ls"),
                    pl.col("PLACE").alias("place"),
                ),
                header.select(pl.col("CHILD").alias("child_id"), pl.col("DOB").alias("dob")),
                months,
            )
        )
    return pl.concat(frames)


def read_dates(path: Path, dates: list[str]) -> pl.DataFrame:
    frame = pl.read_csv(path, infer_schema_length=0)
    return frame.with_columns(pl.col(c).str.to_date("%d/%m/%Y", strict=False) for c in dates)


def synthetic_panel(first: str = "2017-04", last: str = "2022-03") -> pl.DataFrame:
    """The synthetic county (LA 873, seed 873) from April 2015 to `last`, generated in memory."""
    from synthetic.county import generate_county, random_streams
    from synthetic.postcodes import build_pools
    from synthetic.profile import county_profile

    profile = county_profile("873")
    streams = random_streams(873, "873")
    pools = build_pools(
        profile.districts, profile.uasc_hub_districts, profile.postcode_letters, streams.pools
    )
    records = generate_county(profile, pools, first, last, "2015-04-01", 873)

    def day(column: str) -> pl.Expr:
        return (pl.date(1970, 1, 1) + pl.duration(days=pl.col(column))).alias(column)

    episodes = records.episodes.join(records.children.select("child_idx", "child"), on="child_idx")
    start, end = dt.date(2015, 4, 1), dt.date(int(last[:4]), int(last[5:]), 1)
    months = [add_months(start, k) for k in range(months_between(start, end) + 1)]
    return month_end_panel(
        episodes.select(pl.col("child").alias("child_id"), day("decom"), day("dec"), "ls", "place"),
        records.children.select(pl.col("child").alias("child_id"), day("dob")),
        months,
    )


def months_between(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


@dataclass(frozen=True)
class Score:
    horizon: int
    origins: int
    model_mape: float
    naive_mape: float
    inside_80: float


def backtest(panel: pl.DataFrame, settings: OutlookSettings) -> list[Score]:
    """Project from every month with at least `min_history_months` behind it and the horizon's
    actual known; score each horizon's median, the naive forecast and the 80% interval."""
    counts = dict(panel.group_by("month").len().iter_rows())
    months = sorted(counts)
    rows = []
    for origin in months[settings.min_history_months - 1 : -min(HORIZONS)]:
        outlook = project(panel, origin, settings)
        total = outlook.frame.filter(
            (pl.col("measure") == "children_in_care") & (pl.col("breakdown") == "total")
        )
        for h in HORIZONS:
            actual = counts.get(add_months(origin, h))
            if actual is None:
                continue
            row = total.filter(pl.col("months_ahead") == h).row(0, named=True)
            rows.append(
                (h, actual, counts[origin], row["median"], row["lower_80"], row["upper_80"])
            )
    return score(rows)


def score(rows: list[tuple[int, float, float, float, float, float]]) -> list[Score]:
    """rows: (horizon, actual, naive, median, lower_80, upper_80) per origin and horizon."""
    frame = pl.DataFrame(rows, schema=["h", "actual", "naive", "median", "lo", "hi"], orient="row")
    out = frame.group_by("h").agg(
        pl.len().alias("origins"),
        ((pl.col("median") - pl.col("actual")).abs() / pl.col("actual")).mean().alias("model"),
        ((pl.col("naive") - pl.col("actual")).abs() / pl.col("actual")).mean().alias("naive"),
        pl.col("actual").is_between(pl.col("lo"), pl.col("hi")).mean().alias("inside"),
    )
    return [
        Score(h, n, model * 100, naive * 100, inside * 100)
        for h, n, model, naive, inside in out.sort("h").iter_rows()
    ]


def table(results: dict[str, list[Score]]) -> str:
    lines = [
        "| history | months ahead | origins | model MAPE | naive MAPE | actuals inside 80% |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, scores in results.items():
        for s in scores:
            lines.append(
                f"| {name} | {s.horizon} | {s.origins} | {s.model_mape:.1f}% | "
                f"{s.naive_mape:.1f}% | {s.inside_80:.0f}% |"
            )
    return "\n".join(lines)


def time_outlook(warehouse: Path, la_code: str) -> tuple[float, float, int]:
    """Seconds (wall, CPU) the Outlook takes on a built warehouse (what it adds to a month's
    run: the asset's whole body, history query to written tables), and the rows it wrote."""
    from warehouse.outlook_mart import build_outlook, outlook_settings
    from warehouse.runner import connect

    with connect(warehouse) as con:
        started, cpu = time.perf_counter(), time.process_time()
        made = build_outlook(con, la_code, outlook_settings(None))
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    return seconds, cpu_seconds, 0 if made is None else made.frame.height


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.backtest_outlook")
    parser.add_argument("--simulations", type=int, default=500)
    parser.add_argument("--window", type=int, default=24, help="reference window, months")
    args = parser.parse_args(argv)
    settings = replace(OutlookSettings(), simulations=args.simulations, window_months=args.window)
    started = time.perf_counter()
    results = {
        "synthetic county 2015-22": backtest(synthetic_panel(), settings),
        "demand-model samples 2017-22": backtest(demand_model_panel(), settings),
    }
    print(table(results))
    print(
        f"\n{args.simulations} simulations per projection, window {args.window} months, "
        f"{time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

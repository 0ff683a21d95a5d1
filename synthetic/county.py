"""The synthetic county: simulate its whole history once, then cut one extract per month."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from schemas.months import month_keys

from . import mix
from .activity import build_missing, build_reviews, missing_within_placements
from .care_records import build_care_records
from .children import build_children, child_ids
from .episodes import build_episodes, legal_status_timeline
from .periods import simulate_periods
from .placements import carers, placement_timeline
from .postcodes import PostcodePools, build_pools
from .profile import CAMBRIDGESHIRE, CountyProfile, county_profile
from .records import CountyRecords
from .sampling import add_years, string_series, to_day
from .short_breaks import short_break_careers, short_break_children, short_break_episodes
from .snapshots import (
    cut_snapshot,
    month_last_day,
    previous_financial_year_start,
    write_snapshot,
)
from .streams import Streams, random_streams

GENERATOR = "corporate-parenting synthetic county generator (synthetic.write_county)"
BURN_IN_YEARS = 18  # anyone in care at the history start came in at most 18 years before


def extract_months(first_month: str, last_month: str) -> list[str]:
    """Every YYYY-MM from first_month to last_month."""
    months = month_keys(first_month, last_month)
    if not months:
        raise ValueError(f"last month {last_month} is before first month {first_month}")
    return months


def simulate_looked_after(
    streams: Streams,
    profile: CountyProfile,
    pools: PostcodePools,
    sim_start: int,
    sim_end: int,
    ref_day: int,
    count_day: int,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Periods, children and episodes of everyone who is looked after (not short breaks);
    `profile.children_in_care` of them are in care on count_day."""
    periods = simulate_periods(
        streams.periods,
        sim_start,
        sim_end,
        ref_day,
        profile.children_in_care,
        profile.uasc_share,
        count_day=count_day,
    )
    children = build_children(streams.children, periods, pools, profile.la_code)
    periods = periods.join(
        children.select("child_idx", "home_post", "home_east", "home_north"), on="child_idx"
    ).sort("period_id")
    ls = legal_status_timeline(periods)
    timeline = placement_timeline(streams.placements, periods, ls)
    who = carers(streams.placements, timeline, periods, pools, profile.la_code)
    episodes = build_episodes(streams.placements, periods, ls, timeline, who)
    return periods, children, episodes


def simulate_short_breaks(
    streams: Streams,
    profile: CountyProfile,
    sim_start: int,
    sim_end: int,
    ref_day: int,
    first_child_idx: int,
    first_period_id: int,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Children and episodes of the short-break group."""
    children_count = profile.short_break_children
    careers = short_break_careers(
        streams.short_breaks, sim_start, sim_end, ref_day, children_count, first_child_idx
    )  # fmt: skip
    episodes = short_break_episodes(streams.short_breaks, careers, first_period_id)
    children = short_break_children(streams.short_breaks, careers, profile.la_code)
    return children, episodes


def generate_county(
    profile: CountyProfile,
    pools: PostcodePools,
    first_month: str,
    last_month: str,
    history_start: str,
    seed: int,
) -> CountyRecords:
    """The county's whole case history up to the end of last_month. Scales with
    `profile.children_in_care`; the postcode pools say where homes and placements are."""
    streams = random_streams(seed, profile.la_code)
    sim_end = month_last_day(last_month)
    ref_day = to_day(f"{first_month}-01")
    sim_start = int(add_years(np.array([to_day(history_start)]), -BURN_IN_YEARS)[0])
    periods, children, episodes = simulate_looked_after(
        streams, profile, pools, sim_start, sim_end, ref_day, month_last_day(first_month)
    )
    sb_children, sb_episodes = simulate_short_breaks(
        streams, profile, sim_start, sim_end, ref_day,
        first_child_idx=children.height, first_period_id=periods.height,
    )  # fmt: skip
    everyone = (
        pl.concat([children, sb_children], how="diagonal_relaxed")
        .drop("home_east", "home_north")
        .sort("child_idx")
    )
    everyone = everyone.with_columns(
        string_series("child", child_ids(streams.children, everyone.height))
    )
    all_episodes = pl.concat([episodes, sb_episodes], how="diagonal_relaxed").sort(
        "child_idx", "decom"
    )
    first_day = min(to_day(history_start), previous_financial_year_start(first_month))
    scale = profile.children_in_care / CAMBRIDGESHIRE.children_in_care
    risks_per_month = {risk: rate * scale for risk, rate in mix.COMMUNITY_RISKS_PER_MONTH.items()}
    return CountyRecords(
        children=everyone,
        episodes=all_episodes,
        reviews=build_reviews(streams.reviews, periods),
        missing=missing_within_placements(build_missing(streams.missing, periods), episodes),
        **build_care_records(
            streams,
            periods,
            everyone,
            all_episodes,
            first_day,
            sim_end,
            profile.la_code,
            risks_per_month,
            profile.children_in_care,
        ),
    )


def synthetic_note(seed: int, profile: CountyProfile) -> str:
    """The one line of the SYNTHETIC marker file."""
    return (
        f"SYNTHETIC DATA - not real children. Generated by {GENERATOR} for LA {profile.la_code} "
        f"({profile.name}), seed {seed}."
    )


def write_county(
    landing_root: Path,
    *,
    la_code: str = "873",
    first_month: str = "2017-04",
    last_month: str = "2018-03",
    history_start: str = "2015-04-01",
    seed: int = 873,
) -> list[Path]:
    """Writes one snapshot folder per extract month: landing_root/<la_code>/<YYYY-MM>/ with
    header.csv, episodes.csv, uasc.csv, reviews.csv, missing.csv, then a SYNTHETIC marker file
    (one line saying the data is synthetic, with generator name and seed) and LAST a READY
    marker file (empty). Returns the folder paths in month order. Deterministic: same
    arguments -> byte-identical files."""
    months = extract_months(first_month, last_month)
    profile = county_profile(la_code)
    streams = random_streams(seed, la_code)
    pools = build_pools(
        profile.districts, profile.uasc_hub_districts, profile.postcode_letters, streams.pools
    )
    records = generate_county(profile, pools, first_month, last_month, history_start, seed)
    history_day = to_day(history_start)
    note = synthetic_note(seed, profile)
    return [
        write_snapshot(
            Path(landing_root) / la_code / month,
            cut_snapshot(records, month, history_day),
            note,
        )
        for month in months
    ]

"""Everything recorded about children besides their episodes, reviews and missing spells:
adoption, permanence, social workers, care leavers, visits, health, education, disability,
exploitation, the workforce. Built once for the whole history; extracts are cut from it."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import polars as pl

from .adoption import adopters, adoption_decisions
from .care_leavers import care_leaver_contacts, care_leavers
from .children import child_ids
from .disability import disabilities
from .education import education_records, personal_education_plans, schools
from .exploitation import community_children, in_care_risks
from .health_checks import health_checks
from .outcomes import oc2_by_year
from .permanence import previous_permanence
from .sampling import add_years, financial_year_start, month_ends, string_series
from .social_workers import establishment_posts, roster, social_worker_episodes
from .streams import Streams
from .visits import visits
from .workforce import workforce

MARCH_31 = "03-31"


def year_ends(first_day: int, last_day: int) -> list[int]:
    """Every 31 March from the last one on or before first_day to the one ending the
    collection year last_day is in (an extract during a year holds its OC2 so far)."""
    first_year = int(np.datetime64(first_day, "D").astype("datetime64[Y]").astype(int)) + 1970
    last_year = int(np.datetime64(last_day, "D").astype("datetime64[Y]").astype(int)) + 1970
    ends = [
        int(np.datetime64(f"{y}-{MARCH_31}").astype(np.int64))
        for y in range(first_year - 1, last_year + 2)
    ]
    last_end = int(add_years(financial_year_start(np.array([last_day])), 1)[0]) - 1
    return [e for e in ends if first_day - 366 <= e <= last_end]


def community_with_ids(
    rng: np.random.Generator,
    children: pl.DataFrame,
    first_day: int,
    last_day: int,
    per_month: Mapping[str, float],
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Children known for exploitation risk who were never looked after, with identifiers that
    no looked-after child has."""
    community, risks = community_children(rng, first_day, last_day, per_month, children.height)
    taken = set(children["child"].to_list())
    ids = [i for i in child_ids(rng, community.height * 2) if i not in taken][: community.height]
    return community.with_columns(string_series("child", np.array(ids, dtype=object))), risks


def build_care_records(
    streams: Streams,
    periods: pl.DataFrame,
    children: pl.DataFrame,
    episodes: pl.DataFrame,
    first_day: int,
    sim_end: int,
    la_code: str,
    per_month_risks: Mapping[str, float],
    children_in_care: int,
) -> dict[str, pl.DataFrame]:
    """The CountyRecords tables other than children, episodes, reviews and missing.
    `periods` are the looked-after periods (not short breaks); `children` everyone with an id;
    `children_in_care` the county's size, which sets its social worker establishment."""
    dob = children.select("child_idx", "dob")
    first_start = episodes.group_by("child_idx").agg(first_start=pl.col("decom").min())
    decisions = adoption_decisions(streams.adoption, periods)
    checks = health_checks(streams.health, periods)
    leavers = care_leavers(periods, sim_end)
    posts = establishment_posts(children_in_care)
    workers = roster(streams.social_workers, posts, int(periods["start"].min()), sim_end)
    community, community_risks = community_with_ids(
        streams.exploitation, children, first_day - 2 * 365, sim_end, per_month_risks
    )
    return {
        "adoption_decisions": decisions,
        "adopters": adopters(streams.adoption, decisions, episodes),
        "permanence": previous_permanence(streams.permanence, children, first_start, la_code),
        "social_workers": social_worker_episodes(streams.social_workers, periods, workers, sim_end),
        "oc2": oc2_by_year(streams.outcomes, episodes, dob, year_ends(first_day, sim_end)),
        "care_leavers": care_leaver_contacts(streams.care_leavers, periods, sim_end),
        "visits": visits(streams.visits, episodes, dob),
        "health_checks": checks,
        "education": education_records(
            personal_education_plans(streams.education, periods), periods, first_day, sim_end
        ),
        "schools": schools(streams.education, children["child_idx"].to_numpy()),
        "disabilities": disabilities(
            streams.disability,
            children["child_idx"].to_numpy(),
            children["short_breaks_only"].to_numpy(),
        ),
        "exploitation": pl.concat(
            [
                in_care_risks(streams.exploitation, periods, children.select("child_idx", "sex")),
                community_risks,
            ]
        ),
        "community": community,
        "workforce": workforce(
            streams.workforce, month_ends(first_day, sim_end), periods, leavers, workers, posts
        ),
    }

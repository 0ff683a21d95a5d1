"""The simulation's random streams: one per part, so retuning one part leaves the others' draws
alone. A module of their own: the county builds them and the parts it calls draw from them."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from .profile import la_number


@dataclass(frozen=True)
class Streams:
    """Independent random streams, so retuning one part leaves the others' draws alone."""

    pools: np.random.Generator
    periods: np.random.Generator
    children: np.random.Generator
    placements: np.random.Generator
    short_breaks: np.random.Generator
    reviews: np.random.Generator
    missing: np.random.Generator
    adoption: np.random.Generator
    permanence: np.random.Generator
    social_workers: np.random.Generator
    care_leavers: np.random.Generator
    visits: np.random.Generator
    health: np.random.Generator
    outcomes: np.random.Generator
    education: np.random.Generator
    disability: np.random.Generator
    exploitation: np.random.Generator
    workforce: np.random.Generator


def random_streams(seed: int, la_code: str) -> Streams:
    """One stream per part of the simulation, from the seed and the LA (a stream added later
    leaves the earlier ones' draws as they were)."""
    seeds = np.random.SeedSequence([seed, la_number(la_code)]).spawn(len(fields(Streams)))
    return Streams(*(np.random.default_rng(s) for s in seeds))

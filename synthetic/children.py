"""The children themselves: identifiers, sex, ethnicity, UPN, motherhood, family home."""

from __future__ import annotations

import numpy as np
import polars as pl

from . import mix
from .periods import DAYS_PER_YEAR
from .postcodes import PostcodePools
from .profile import la_number
from .sampling import choose, coin, even_coin, string_series

# DfE UPN check letters: 23 letters, no I, O or S.
UPN_CHECK_LETTERS = np.array(list("ABCDEFGHJKLMNPQRTUVWXYZ"))
MOTHER_SHARE = 0.05  # of girls aged 14+ when they first come into care
UASC_NO_UPN_SHARE = 0.4  # UN2: never attended a school in England


def child_ids(rng: np.random.Generator, size: int) -> np.ndarray:
    """Distinct 6-7 digit identifiers as strings; some 7-digit ones keep a leading zero."""
    numbers = rng.choice(9_900_000, size=size, replace=False) + 100_000
    padded = coin(rng, 0.15, size) & (numbers < 1_000_000)
    text = numbers.astype(str).astype(object)
    return np.where(padded, np.char.zfill(numbers.astype(str), 7).astype(object), text)


def upn_check_letter(digits: np.ndarray) -> np.ndarray:
    """Check letter for 12-digit UPN bodies (rows of digits): weights 2..13, modulo 23."""
    weights = np.arange(2, 14)
    return UPN_CHECK_LETTERS[(digits * weights).sum(axis=1) % 23]


def unique_pupil_numbers(rng: np.random.Generator, la_code: str, dob: np.ndarray) -> np.ndarray:
    """UPNs: check letter, LA code, school number, year allocated (school start), serial."""
    n = len(dob)
    school_start_year = (
        (np.datetime64(0, "D") + dob.astype("timedelta64[D]"))
        .astype("datetime64[Y]")
        .astype(np.int64)
        + 1970
        + 5
    )
    la = np.array([int(c) for c in f"{la_number(la_code) % 1000:03d}"])
    school = rng.integers(0, 10, (n, 4))
    year = np.stack([(school_start_year // 10) % 10, school_start_year % 10], axis=1)
    serial = rng.integers(0, 10, (n, 3))
    digits = np.concatenate([np.broadcast_to(la, (n, 3)), school, year, serial], axis=1)
    body = (digits * 10 ** np.arange(11, -1, -1, dtype=np.int64)).sum(axis=1)
    return np.char.add(upn_check_letter(digits), np.char.zfill(body.astype(str), 12))


def home_postcodes(
    rng: np.random.Generator, pools: PostcodePools, uasc: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Family home (postcode, easting, northing): mostly inside the county, a few just outside,
    a few not recorded. UASC have none (their distance must be blank, DfE rule 406)."""
    n = len(uasc)
    in_county = rng.integers(0, len(pools.county), n)
    near = rng.integers(0, len(pools.near), n)
    outside = coin(rng, mix.HOME_OUT_OF_COUNTY, n)
    blank = uasc | coin(rng, mix.BLANK_POSTCODE_SHARE, n)
    postcode = np.where(outside, pools.near.pcd[near], pools.county.pcd[in_county])
    east = np.where(outside, pools.near.east[near], pools.county.east[in_county])
    north = np.where(outside, pools.near.north[near], pools.county.north[in_county])
    return (
        np.where(blank, None, postcode).astype(object),
        np.where(blank, np.nan, east),
        np.where(blank, np.nan, north),
    )


def build_children(
    rng: np.random.Generator,
    periods: pl.DataFrame,
    pools: PostcodePools,
    la_code: str,
) -> pl.DataFrame:
    """One row per child who has a period of care, from their first period."""
    first = periods.sort("child_idx", "start").unique(
        "child_idx", keep="first", maintain_order=True
    )
    n = first.height
    uasc = first["uasc"].to_numpy()
    dob = first["dob"].to_numpy()
    start = first["start"].to_numpy()
    # Even draws: any stretch of entrants has close to the target share of boys.
    male = even_coin(rng, np.where(uasc, mix.UASC_MALE_SHARE, mix.SEX_MALE_SHARE), n, "sex")
    ethnic = np.where(uasc, choose(rng, mix.UASC_ETHNIC, n), choose(rng, mix.ETHNIC, n))
    mother = ~male & ((start - dob) >= 14 * DAYS_PER_YEAR) & coin(rng, MOTHER_SHARE, n)
    # The baby was born before the mother came into care, after she turned 13.
    earliest = dob + int(13.2 * DAYS_PER_YEAR)
    mc_dob = earliest + np.floor(rng.random(n) * np.maximum(start - earliest, 1)).astype(np.int64)
    upn = unique_pupil_numbers(rng, la_code, dob)
    no_upn = uasc & coin(rng, UASC_NO_UPN_SHARE, n)
    home_post, home_east, home_north = home_postcodes(rng, pools, uasc)
    return (
        pl.DataFrame(
            {
                "child_idx": first["child_idx"],
                "sex": np.where(male, "1", "2"),
                "dob": dob,
                "ethnic": ethnic.astype(str),
                "upn": np.where(no_upn, "UN2", upn).astype(str),
                "is_mother": mother,
                "mc_dob": mc_dob,
                "uasc": uasc,
                "home_post": string_series("home_post", home_post),
                "home_east": home_east,
                "home_north": home_north,
                "short_breaks_only": np.zeros(n, dtype=bool),
            }
        )
        .with_columns(
            # MOTHER is for girls only (DfE rule 165): 1 a mother, 0 not.
            mother=pl.when(pl.col("sex") == "2")
            .then(pl.when("is_mother").then(pl.lit("1")).otherwise(pl.lit("0")))
            .otherwise(None),
            mc_dob=pl.when("is_mother").then("mc_dob").otherwise(None),
        )
        .drop("is_mother")
    )

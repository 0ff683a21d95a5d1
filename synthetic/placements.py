"""Placements within each period of care: when the child moves, to what kind of placement,
with which provider, where.

A placement "slot" is a day on which the child's placement changes. Slots of kind
`move`, `adopt_new`, `semi`, `home` and `temp` bring a new carer; `adopt_same` and `match`
keep the carer and change the placement type (RNE T or U); `back` returns from a temporary
placement to the carer before it.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from . import mix
from .code_years import placement_type_of_its_day
from .periods import DAYS_PER_YEAR, NONE
from .postcodes import Pool, PostcodePools
from .profile import la_number
from .sampling import (
    choose,
    choose_by_group,
    coin,
    even_coin,
    even_uniforms,
    map_codes,
    string_series,
    uniform_days,
)

NEW_CARER_KINDS = ("move", "adopt_new", "semi", "home")
# Which slot wins when two fall on the same day: scheduled events over random moves.
KIND_PRIORITY = {"move": 0, "semi": 1, "match": 2, "temp": 3, "back": 3, "adopt_new": 4,
                 "adopt_same": 4, "home": 4}  # fmt: skip

# Moves a year in the first year of a period and after it, by pathway (teenagers: x1.5).
MOVES_FIRST_YEAR = {"short": 1.05, "adopt": 0.5, "sgo": 0.5, "long": 1.15, "remand": 1.2,
                    "uasc": 0.75}  # fmt: skip
MOVES_LATER = {"short": 0.55, "adopt": 0.28, "sgo": 0.2, "long": 0.4, "remand": 0.55, "uasc": 0.4}
TEEN_MOVE_FACTOR = 1.5
# Moves come to some children again and again while most settle: each period's rates are
# scaled by a propensity with mean 1 and a long tail (Weibull, shape below 1). This gives both
# the year's 3+ placements (about 9% by December) and two-year stability (about 70%).
MOVE_PROPENSITY_SHAPE = 0.55


def scheduled_slots(periods: pl.DataFrame) -> pl.DataFrame:
    """The placement changes the period's schedule fixes: first placement, adoption, matches,
    semi-independence, going home, temporary placements and the return from them."""
    p = periods.select(
        "period_id", "t_adopt", "adopt_same", "t_match", "t_semi", "t_home", "temp_start",
        "temp_days", "temp_place",
    )  # fmt: skip
    first = p.select("period_id", offset=pl.lit(0, pl.Int64), kind=pl.lit("move"))
    adopt = p.filter(pl.col("t_adopt") != NONE).select(
        "period_id",
        offset="t_adopt",
        kind=pl.when("adopt_same").then(pl.lit("adopt_same")).otherwise(pl.lit("adopt_new")),
    )
    match = p.filter(pl.col("t_match") != NONE).select(
        "period_id", offset="t_match", kind=pl.lit("match")
    )
    semi = p.filter(pl.col("t_semi") != NONE).select(
        "period_id", offset="t_semi", kind=pl.lit("semi")
    )
    home = p.filter(pl.col("t_home") != NONE).select(
        "period_id", offset="t_home", kind=pl.lit("home")
    )
    temps = p.filter(pl.col("temp_start") != NONE)
    temp = temps.select(
        "period_id", offset="temp_start", kind=pl.lit("temp"), temp_place="temp_place"
    )
    back = temps.select(
        "period_id", offset=pl.col("temp_start") + pl.col("temp_days"), kind=pl.lit("back")
    )
    return pl.concat([first, adopt, match, semi, home, temp, back], how="diagonal")


def move_propensity(rng: np.random.Generator, size: int) -> np.ndarray:
    """Per-period multiplier of the move rates: Weibull with mean 1, drawn from even uniforms
    (inverse CDF) so that any run of periods has close to the intended mix of the settled and
    the unsettled."""
    u = even_uniforms(rng, np.zeros(size, dtype=np.int64), "move_propensity")
    scale = 1 / math.gamma(1 + 1 / MOVE_PROPENSITY_SHAPE)
    return scale * (-np.log1p(-u)) ** (1 / MOVE_PROPENSITY_SHAPE)


def move_slots(rng: np.random.Generator, periods: pl.DataFrame) -> pl.DataFrame:
    """Random moves: more in the first year of care, more for teenagers; none once a child is
    placed for adoption or placed back home."""
    pathway = periods["pathway"].to_numpy().astype(str)
    teen = ((periods["start"] - periods["dob"]).to_numpy() / DAYS_PER_YEAR) >= 12
    factor = np.where(teen, TEEN_MOVE_FACTOR, 1.0) * move_propensity(rng, len(teen))
    first_rate = map_codes(MOVES_FIRST_YEAR, pathway) * factor
    later_rate = map_codes(MOVES_LATER, pathway) * factor
    window = (
        periods.select(
            pl.min_horizontal(
                "duration",
                pl.when(pl.col("t_adopt") != NONE).then("t_adopt").otherwise("duration"),
                pl.when(pl.col("t_home") != NONE).then("t_home").otherwise("duration"),
            )
        )
        .to_series()
        .to_numpy()
    )
    first_year = np.minimum(window, 365)
    later = np.maximum(window - 365, 0)
    n_first = rng.poisson(first_rate * first_year / 365)
    n_later = rng.poisson(later_rate * later / 365)
    rows_first = np.repeat(np.arange(len(window)), n_first)
    rows_later = np.repeat(np.arange(len(window)), n_later)
    offsets = np.concatenate(
        [
            uniform_days(rng, 1, first_year[rows_first], len(rows_first)),
            uniform_days(rng, 365, window[rows_later], len(rows_later)),
        ]
    )
    rows = np.concatenate([rows_first, rows_later])
    ids = periods["period_id"].to_numpy()[rows]
    keep = offsets < window[rows]
    return pl.DataFrame(
        {"period_id": ids[keep], "offset": offsets[keep], "kind": np.full(keep.sum(), "move")},
        schema={"period_id": pl.Int64, "offset": pl.Int64, "kind": pl.String},
    )


def valid_temporary(slots: pl.DataFrame, ls_offsets: pl.DataFrame) -> pl.DataFrame:
    """Drops temporary placements that would touch another change: DfE rules 380-383 want a
    temporary placement to start and end inside one ordinary placement, then return to it."""
    events = (
        pl.concat(
            [
                slots.select("period_id", "offset", "kind"),
                ls_offsets.select("period_id", "offset", kind=pl.lit("ls")),
            ]
        )
        .sort("period_id", "offset")
        .with_columns(
            prev_offset=pl.col("offset").shift(1).over("period_id"),
            next_offset=pl.col("offset").shift(-1).over("period_id"),
            next_kind=pl.col("kind").shift(-1).over("period_id"),
        )
    )
    temp_ok = events.filter(
        (pl.col("kind") == "temp")
        & (pl.col("prev_offset") < pl.col("offset") - 7)
        & (pl.col("next_kind") == "back")
    ).select("period_id")
    back_ok = events.filter(
        (pl.col("kind") == "back")
        & (pl.col("next_offset").is_null() | (pl.col("next_offset") > pl.col("offset") + 7))
    ).select("period_id")
    good = temp_ok.join(back_ok, on="period_id", how="inner")
    is_temp = pl.col("kind").is_in(["temp", "back"])
    return pl.concat(
        [
            slots.filter(~is_temp),
            slots.filter(is_temp).join(good, on="period_id", how="semi"),
        ]
    ).sort("period_id", "offset")


def one_slot_a_day(slots: pl.DataFrame) -> pl.DataFrame:
    """Where two changes fall on the same day, the scheduled one wins."""
    return (
        slots.with_columns(priority=pl.col("kind").replace_strict(KIND_PRIORITY, default=0))
        .sort("period_id", "offset", "priority", descending=[False, False, True])
        .unique(subset=["period_id", "offset"], keep="first", maintain_order=True)
        .drop("priority")
    )


def age_group_for_placement(age_days: np.ndarray) -> np.ndarray:
    """0: under 5, 1: 5-11, 2: 12-15, 3: 16-17."""
    return np.searchsorted(np.array([5, 12, 16]) * DAYS_PER_YEAR, age_days, side="right")


def new_carer_places(rng: np.random.Generator, slots: pl.DataFrame) -> np.ndarray:
    """PLACE for every slot that brings a new carer (null elsewhere)."""
    n = slots.height
    kind = slots["kind"].to_numpy().astype(str)
    pathway = slots["pathway"].to_numpy().astype(str)
    age = slots["age_days"].to_numpy()
    group = age_group_for_placement(age)
    foster = np.where(
        group == 0, choose(rng, mix.FOSTER_UNDER_5, n), choose(rng, mix.FOSTER_5_PLUS, n)
    )
    general = choose_by_group(rng, group, mix.PLACEMENT_BY_AGE)
    general = np.where(general == "foster", foster, general)
    uasc = np.where(
        age < 16 * DAYS_PER_YEAR,
        choose(rng, mix.UASC_PLACEMENT_UNDER_16, n),
        choose(rng, mix.UASC_PLACEMENT_16_PLUS, n),
    )
    by_pathway = np.select(
        [pathway == "uasc", pathway == "remand", np.isin(pathway, ["adopt", "sgo"])],
        [uasc, choose(rng, mix.REMAND_PLACEMENT, n), foster],
        general,
    )
    consent = slots["consent"].to_numpy()
    return np.select(
        [
            kind == "move",
            kind == "adopt_new",
            kind == "semi",
            kind == "home",
            kind == "temp",
        ],
        [
            by_pathway.astype(object),
            np.where(consent, "A4", "A6").astype(object),
            choose(rng, mix.SEMI_INDEPENDENT, n),
            np.full(n, "P1", dtype=object),
            slots["temp_place"].to_numpy().astype(object),
        ],
        None,
    )


def same_carer_place(kind: pl.Expr, base: pl.Expr, consent: pl.Expr) -> pl.Expr:
    """PLACE after a same-carer change: long-term match, adoption by the foster carer."""
    return (
        pl.when(kind == "match")
        .then(base.replace_strict(mix.LONG_TERM_MATCH, default=None))
        .when(kind == "adopt_same")
        .then(pl.when(consent).then(pl.lit("A3")).otherwise(pl.lit("A5")))
        .otherwise(None)
    )


def placement_timeline(
    rng: np.random.Generator, periods: pl.DataFrame, ls_offsets: pl.DataFrame
) -> pl.DataFrame:
    """Every placement change of every period with PLACE and a carer number."""
    slots = pl.concat([scheduled_slots(periods), move_slots(rng, periods)], how="diagonal")
    slots = one_slot_a_day(slots.join(periods.select("period_id", "duration"), on="period_id"))
    slots = slots.filter(pl.col("offset") < pl.col("duration")).drop("duration")
    slots = valid_temporary(slots, ls_offsets)
    slots = (
        slots.join(
            periods.select(
                "period_id", "pathway", "consent", "start", age_days=pl.col("start") - pl.col("dob")
            ),
            on="period_id",
        )
        .with_columns(age_days=pl.col("age_days") + pl.col("offset"))
        .sort("period_id", "offset")
    )
    slots = slots.with_columns(string_series("place", new_carer_places(rng, slots)))
    slots = slots.with_columns(
        place=placement_type_of_its_day(pl.col("place"), pl.col("start") + pl.col("offset"))
    )
    new_carer = pl.col("kind").is_in(NEW_CARER_KINDS)
    slots = slots.with_columns(
        carer_no=new_carer.cast(pl.Int64).cum_sum().over("period_id"),
        base=pl.when(new_carer).then("place").forward_fill().over("period_id"),
    )
    slots = slots.with_columns(
        place=pl.coalesce(
            "place", same_carer_place(pl.col("kind"), pl.col("base"), pl.col("consent"))
        )
    ).filter(pl.col("place").is_not_null() | (pl.col("kind") == "back"))
    settled = pl.col("kind").is_in([*NEW_CARER_KINDS, "match", "adopt_same"])
    slots = slots.with_columns(
        place=pl.coalesce("place", pl.when(settled).then("place").forward_fill().over("period_id")),
        is_temp=pl.col("kind") == "temp",
    )
    return slots.select("period_id", "offset", "kind", "place", "carer_no", "is_temp")


def provider_group(place: np.ndarray) -> np.ndarray:
    """Which PROVIDER mix a placement type draws from."""
    return np.select(
        [
            np.isin(place, ["U1", "U2", "U3"]),
            np.isin(place, ["U4", "U5", "U6"]),
            np.isin(place, ["A3", "A4", "A5", "A6"]),
        ],
        ["kinship", "foster", "adoption"],
        place,
    ).astype(str)


def draw_providers(rng: np.random.Generator, place: np.ndarray) -> np.ndarray:
    """PLACE_PROVIDER for each placement (temporary ones get one here, blanked later)."""
    groups = provider_group(place)
    groups = np.where(np.isin(groups, list(mix.PROVIDER)), groups, "Z1")
    keys = sorted(set(groups))
    index = np.searchsorted(np.array(keys), groups)
    return choose_by_group(rng, index, [mix.PROVIDER[k] for k in keys])


def in_county_chance(place: np.ndarray, provider: np.ndarray) -> np.ndarray:
    """Chance that a placement is inside the county, by kind of placement and provider."""
    family = np.isin(provider_group(place), ["kinship", "foster"])
    adoption = provider_group(place) == "adoption"
    own = provider == "PR1"
    return np.select(
        [
            provider == "PR2",  # another LA's provision is in another LA
            family & own,
            family,
            adoption,
            own,
        ],
        [
            0.0,
            mix.IN_COUNTY_SHARE["own_foster"],
            mix.IN_COUNTY_SHARE["agency_foster"],
            mix.IN_COUNTY_SHARE["adoption"],
            mix.IN_COUNTY_SHARE["own_other"],
        ],
        mix.IN_COUNTY_SHARE["agency_other"],
    )


def nearest_of(
    rng: np.random.Generator, pool: Pool, east: np.ndarray, north: np.ndarray, tries: int
) -> np.ndarray:
    """Index into `pool` of the nearest of `tries` random postcodes to each home (the first
    one where the home is not known): out-of-county placements cluster near the border."""
    candidates = rng.integers(0, len(pool), (len(east), tries))
    distance = np.hypot(
        pool.east[candidates] - east[:, None], pool.north[candidates] - north[:, None]
    )
    best = np.argmin(np.where(np.isnan(distance), np.inf, distance), axis=1)
    return candidates[np.arange(len(east)), best]


def place_postcodes(
    rng: np.random.Generator,
    pools: PostcodePools,
    in_county: np.ndarray,
    uasc: np.ndarray,
    home_east: np.ndarray,
    home_north: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Placement postcode and a stable number for the address (for a children's home URN).
    UASC placed out of county go mostly to the hub town (the county's report says Peterborough)."""
    n = len(in_county)
    far = coin(rng, mix.FAR_SHARE_OUT_OF_COUNTY, n)
    hub = coin(rng, mix.UASC_HUB_SHARE, n)
    which = np.select([in_county, uasc & hub, uasc | ~far], [0, 1, 2], 3)
    chosen = [pools.county, pools.hub, pools.near, pools.far]
    picks = [
        rng.integers(0, len(pools.county), n),
        rng.integers(0, len(pools.hub), n),
        nearest_of(rng, pools.near, home_east, home_north, mix.NEAR_PLACEMENT_TRIES),
        rng.integers(0, len(pools.far), n),
    ]
    index = np.select([which == k for k in range(4)], picks, 0)
    postcode = np.select(
        [which == k for k in range(4)],
        [pool.pcd[np.minimum(index, len(pool) - 1)] for pool in chosen],
        None,
    )
    address_no = which * 10_000 + index
    return postcode.astype(object), address_no


def carers(
    rng: np.random.Generator,
    timeline: pl.DataFrame,
    periods: pl.DataFrame,
    pools: PostcodePools,
    la_code: str,
) -> pl.DataFrame:
    """One row per carer (and per temporary placement): provider, postcode, URN."""
    new = (
        timeline.filter(pl.col("kind").is_in([*NEW_CARER_KINDS, "temp"]))
        .join(
            periods.select("period_id", "uasc", "home_post", "home_east", "home_north"),
            on="period_id",
        )
        .sort("period_id", "offset")
    )
    n = new.height
    place = new["place"].to_numpy().astype(str)
    is_temp = new["is_temp"].to_numpy()
    uasc = new["uasc"].to_numpy()
    provider = draw_providers(rng, place)
    chance = in_county_chance(place, provider)
    chance = np.where(uasc, 1 - mix.UASC_OUT_OF_COUNTY, chance)
    chance = np.where(is_temp, mix.IN_COUNTY_SHARE["temporary"], chance)
    # Even draws: the in-county share of any run of placements is close to its target.
    in_county = even_coin(rng, chance, n, "in_county")
    # Own provision other than fostering and adoption has to be inside the LA (rule 1015).
    own_other = (provider == "PR1") & ~np.isin(
        provider_group(place), ["kinship", "foster", "adoption"]
    )
    provider = np.where(own_other & ~in_county, "PR4", provider)
    postcode, address_no = place_postcodes(
        rng,
        pools,
        in_county,
        uasc,
        new["home_east"].fill_null(np.nan).to_numpy(),
        new["home_north"].fill_null(np.nan).to_numpy(),
    )
    # A few addresses go unrecorded; never the LA's own homes (it knows where they are).
    unrecorded = coin(rng, mix.BLANK_POSTCODE_SHARE, n) & ~(own_other & in_county)
    postcode = np.where(unrecorded, None, postcode)
    # Only a child placed with parents lives at the home postcode (DfE rule 392d).
    home = new["home_post"].to_numpy()
    clash = (postcode == home) & (place != "P1")
    postcode = np.where(clash, pools.county.pcd[rng.integers(0, len(pools.county), n)], postcode)
    postcode = np.where(place == "P1", home, postcode)
    urn = carer_urns(rng, place, provider, address_no, la_code)
    return new.select(
        "period_id",
        "carer_no",
        "is_temp",
        # No provider for temporary or "other" placements (DfE rules 178, 213).
        string_series("provider", np.where(is_temp | (place == "Z1"), None, provider)),
        string_series("pl_post", postcode),
        string_series("urn", np.where(is_temp, None, urn)),
    )


def carer_urns(
    rng: np.random.Generator,
    place: np.ndarray,
    provider: np.ndarray,
    address_no: np.ndarray,
    la_code: str,
) -> np.ndarray:
    """Ofsted URNs: the LA's own fostering/adoption service, one of a few agencies, or the
    children's home at that address. Blank where the placement type carries none (rule 222)."""
    n = len(place)
    own_service = f"SC{(la_number(la_code) * 7919) % 900_000 + 100_000:06d}"
    agencies = np.array([f"SC{400_000 + 3_571 * k:06d}" for k in range(30)], dtype=object)
    agency = agencies[rng.integers(0, len(agencies), n)]
    home = np.char.add(
        "SC", np.char.zfill(((address_no * 104_729) % 900_000 + 100_000).astype(str), 6)
    )
    family = np.isin(provider_group(place), ["kinship", "foster", "adoption"])
    urn = np.where(family, np.where(provider == "PR1", own_service, agency), home.astype(object))
    return np.where(np.isin(place, list(mix.NO_URN_PLACES)), None, urn).astype(object)

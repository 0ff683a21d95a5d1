"""Whole-array random draws: categorical choices, per-row distributions and dates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl

Weights = Mapping[str, float]


def choose(rng: np.random.Generator, weights: Weights, size: int) -> np.ndarray:
    """`size` codes drawn from one distribution (weights need not sum to 1)."""
    codes = np.array(list(weights), dtype=object)
    p = np.array(list(weights.values()), dtype=float)
    return codes[rng.choice(len(codes), size=size, p=p / p.sum())]


def choose_by_group(
    rng: np.random.Generator,
    group: np.ndarray,
    tables: Sequence[Weights],
    u: np.ndarray | None = None,
) -> np.ndarray:
    """One code per row, row i drawn from tables[group[i]]: inverse CDF over the union of codes.
    Pass `u` (e.g. from `even_uniforms`) to control the uniforms used."""
    codes = sorted({code for table in tables for code in table})
    probs = np.array([[table.get(code, 0.0) for code in codes] for table in tables], dtype=float)
    cdf = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    cdf[:, -1] = 1.0
    u = rng.random(len(group)) if u is None else u
    picked = (u[:, None] > cdf[group]).sum(axis=1)
    return np.array(codes, dtype=object)[picked]


# Steps of the even sequences: fractional parts of square roots of square-free numbers, whose
# continued fractions have small terms (so every stretch of rows is well balanced) and which
# are independent of each other. Each use gets its own step: two sequences with the same step
# over the same rows would be locked together (one draw deciding the other).
EVEN_STEPS = {
    name: float(np.sqrt(m) % 1.0)
    for name, m in (
        ("entry_age", 2), ("pathway", 3), ("long_early", 5), ("uasc_early", 7),
        ("missing_prone", 10), ("missing_rate", 11), ("sex", 13), ("in_county", 14),
        ("cse_sex", 15), ("cce_sex", 17), ("cse_in_care", 19), ("cce_in_care", 21),
        ("cse_age", 22), ("cce_age", 23), ("cse_days", 26), ("cce_days", 29),
        ("move_propensity", 30), ("school_grade", 31),
    )
}  # fmt: skip


def even_uniforms(rng: np.random.Generator, group: np.ndarray, use: str) -> np.ndarray:
    """Uniforms that cover [0, 1) evenly along the rows of each group (a Weyl sequence with a
    random start per group). Drawing a category with these makes the shares in any run of
    consecutive rows close to the target, so a county's size does not wander with the seed."""
    rank = (
        pl.DataFrame({"group": group})
        .select(pl.int_range(pl.len(), dtype=pl.Int64).over("group"))
        .to_series()
        .to_numpy()
    )
    phase = rng.random(int(group.max()) + 1 if len(group) else 1)
    return np.mod(phase[group] + EVEN_STEPS[use] * rank, 1.0)


def even_coin(rng: np.random.Generator, p: float | np.ndarray, size: int, use: str) -> np.ndarray:
    """Like `coin`, but with even uniforms: the share of True in any stretch is close to p."""
    return even_uniforms(rng, np.zeros(size, dtype=np.int64), use) < p


def lumpy_counts(rng: np.random.Generator, expected: np.ndarray, noise_sd: float) -> np.ndarray:
    """Counts per interval whose running total tracks the expected one (systematic sampling),
    with noise that moves events between neighbouring intervals: months are lumpy, years steady."""
    cumulative = np.floor(np.cumsum(expected) + rng.random())
    base = np.diff(np.concatenate([[0.0], cumulative]))
    shift = np.rint(rng.normal(0.0, noise_sd, len(expected) + 1))
    return np.maximum(base + shift[1:] - shift[:-1], 0).astype(np.int64)


def map_codes(mapping: Mapping[str, float], codes: np.ndarray) -> np.ndarray:
    """Looks each code up in `mapping` (one dict access per distinct code, not per row)."""
    keys, inverse = np.unique(codes.astype(str), return_inverse=True)
    return np.array([mapping[k] for k in keys])[inverse]


def coin(rng: np.random.Generator, p: float | np.ndarray, size: int) -> np.ndarray:
    """True with probability p (scalar or per row)."""
    return rng.random(size) < p


def gamma_days(rng: np.random.Generator, shape: float, mean: float, size: int) -> np.ndarray:
    """Gamma-distributed whole days with the given mean."""
    return np.rint(rng.gamma(shape, mean / shape, size)).astype(np.int64)


def uniform_days(
    rng: np.random.Generator, low: np.ndarray | int, high: np.ndarray | int, size: int
) -> np.ndarray:
    """Whole days uniform on [low, high); rows where high <= low get low."""
    low = np.broadcast_to(np.asarray(low, dtype=np.int64), (size,))
    high = np.broadcast_to(np.asarray(high, dtype=np.int64), (size,))
    span = np.maximum(high - low, 1)
    return low + np.floor(rng.random(size) * span).astype(np.int64)


def to_day(iso: str) -> int:
    """Days since 1970-01-01 for an ISO date."""
    return int(np.datetime64(iso, "D").astype(np.int64))


def add_years(days: np.ndarray, years: int) -> np.ndarray:
    """The same calendar day `years` later (29 February falls back to the 28th, as the DfE
    validator's date offsets do)."""
    dates = pl.Series(days.astype(np.int32)).cast(pl.Date)
    return dates.dt.offset_by(f"{years}y").cast(pl.Int32).to_numpy().astype(np.int64)


def nearest_weekday(days: np.ndarray) -> np.ndarray:
    """Saturday back to Friday, Sunday on to Monday: meetings happen on working days."""
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    return days + np.select([weekday == 5, weekday == 6], [-1, 1], 0)


def string_series(name: str, values: np.ndarray) -> pl.Series:
    """A polars String series from an object array of str/None (None becomes null)."""
    text = pl.Series(name, np.asarray(values, dtype=object).astype(str))
    return pl.select(pl.when(text != "None").then(text).alias(name)).to_series()


def month_ends(first_day: int, last_day: int) -> np.ndarray:
    """The last day of every month from first_day's to last_day's."""
    months = np.arange(
        np.datetime64(first_day, "D").astype("datetime64[M]"),
        np.datetime64(last_day, "D").astype("datetime64[M]") + 1,
    )
    return (months + 1).astype("datetime64[D]").astype(np.int64) - 1


def financial_year_start(days: np.ndarray) -> np.ndarray:
    """1 April on or before each day: the start of its collection year."""
    dates = pl.Series("d", np.asarray(days).astype(np.int32)).cast(pl.Date)
    year = dates.dt.year() - (dates.dt.month() < 4).cast(pl.Int32)
    first = pl.select(pl.date(year, 4, 1).cast(pl.Int32)).to_series()
    return first.to_numpy().astype(np.int64)

"""The Outlook: where the number of children in care is heading, with honest uncertainty.

A stock-and-flow model after the DfE-funded cs-demand-model (data-to-insight), worked on month
ends rather than days. From a history of who was in care at each month end (age in months,
placement group), over a reference window (default the last 24 months) it estimates:

- entries: children in care at a month end who were not at the previous one, per age band, as
  a Poisson rate per month, with the age and first placement group of each entrant kept as the
  profile a simulated entrant is drawn from;
- moves: for a child in a placement group and age band at one month end, the chance of being in
  each group (or out of care) at the next, counted over every pair of consecutive month ends;
- ageing out: a child turning 18 leaves care (the count of 17-year-olds is known exactly, so it
  is simulated child by child from their ages, not from a rate).

The projection simulates every child (and every simulated entrant) month by month, many times
over, from a seed, so a run is reproducible. With ``parameter_uncertainty`` each simulation
first draws its own rates from what the window's counts allow (Gamma for entry rates, Dirichlet
for moves), so a short or thin history gives wider intervals. The intervals are quantiles of the
simulations: the model's prediction intervals, not a fixed band.

Everything here is pure (numpy and polars in, polars out): no warehouse, no Dagster.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from schemas.codes import CODE_GROUPS
from schemas.months import add_months

#: The report's age bands (fct_child_month), as [from, to) in completed months of age.
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("Under 1", 0, 12),
    ("1-4", 12, 60),
    ("5-9", 60, 120),
    ("10-15", 120, 192),
    ("16+", 192, 216),
)
#: The placement groups of fct_child_month.placement_group, in the report's order.
GROUPS: tuple[str, ...] = (
    "fostering",
    "residential",
    "semi_independent",
    "adoption",
    "with_parents",
    "other",
)
#: PLACE codes of each group, as fct_child_month's placement_group (the Placements section's
#: mix) sorts them, for histories read straight from episodes (the backtest); the rest: other.
#: The code groups of schemas.codes, which the warehouse's ref_code_group holds.
GROUP_CODES: dict[str, tuple[str, ...]] = {
    group: CODE_GROUPS["placed_for_adoption" if group == "adoption" else group][1]
    for group in GROUPS
    if group != "other"
}
AGE_OUT_MONTHS = 216  # 18 years: care ends
LEFT = len(GROUPS)  # the destination "left care" after the groups
GONE = -1  # a simulated slot holding no child in care
#: A (band, group) seen for fewer child-months than this borrows its group's moves pooled over
#: every band: a handful of months says too little about where children go next.
MIN_EXPOSURE = 12
QUANTILES = (0.025, 0.1, 0.5, 0.9, 0.975)


@dataclass(frozen=True)
class Move:
    """A planned move of children each month from one placement group to another."""

    from_group: str
    to_group: str
    per_month: int


@dataclass(frozen=True)
class Scenario:
    """A what-if beside the baseline: entries changed by a share (0.1 = 10% more), planned moves."""

    name: str
    entries_change: float = 0.0
    moves: tuple[Move, ...] = ()

    def __post_init__(self) -> None:
        for move in self.moves:
            for group in (move.from_group, move.to_group):
                if group not in GROUPS:
                    raise ValueError(
                        f"scenario {self.name!r}: unknown placement group {group!r} "
                        f"(one of {', '.join(GROUPS)})"
                    )
        if self.entries_change <= -1:
            raise ValueError(f"scenario {self.name!r}: entries cannot fall by 100% or more")


BASELINE = Scenario("baseline")


@dataclass(frozen=True)
class OutlookSettings:
    window_months: int = 24
    horizon_months: int = 12
    simulations: int = 500
    seed: int = 19
    min_history_months: int = 12
    parameter_uncertainty: bool = True
    scenarios: tuple[Scenario, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Rates:
    """What the reference window says, as counts (rates are counts over exposure)."""

    window_months: int  # month-end pairs counted
    entries: np.ndarray  # (bands,) entrants in the window
    entrant_age: np.ndarray  # each entrant's age in months, ordered by band
    entrant_group: np.ndarray  # each entrant's first placement group, same order
    entrant_offset: np.ndarray  # (bands,) where each band's entrants start
    moves: np.ndarray  # (bands, groups, groups + 1) where children were a month later


@dataclass(frozen=True)
class Outlook:
    status: str  # "projected" or "insufficient_history"
    message: str
    as_of: dt.date
    history_months: int
    frame: pl.DataFrame  # empty unless projected


#: Age band index of every age in months up to 18 (a lookup beats searching at this size).
BAND_OF_AGE = np.concatenate(
    [np.full(upper - lower, i, dtype=np.int32) for i, (_, lower, upper) in enumerate(AGE_BANDS)]
    + [np.full(1, len(AGE_BANDS) - 1, dtype=np.int32)]
)


def placement_group(place: pl.Expr) -> pl.Expr:
    """The placement group of a PLACE code (GROUP_CODES)."""
    expr = pl.when(pl.lit(False)).then(pl.lit(None, dtype=pl.String))
    for name, codes in GROUP_CODES.items():
        expr = expr.when(place.is_in(codes)).then(pl.lit(name))
    return expr.otherwise(pl.lit("other"))


def band_of(age_months: np.ndarray) -> np.ndarray:
    """Age band index of each age in months (18 and over fall in the last band)."""
    return BAND_OF_AGE.take(np.minimum(age_months, AGE_OUT_MONTHS))


def month_pairs(panel: pl.DataFrame, as_of: dt.date, window_months: int) -> pl.DataFrame:
    """Each child at each pair of consecutive month ends in the window ending at as_of: where they
    were at the first (prev_*) and the second (null group: not in care). Entrants have no prev."""
    months = set(panel["month"].unique().to_list())
    ends = [
        add_months(as_of, -k)
        for k in range(window_months)
        if add_months(as_of, -k) in months and add_months(as_of, -k - 1) in months
    ]
    cur = panel.filter(pl.col("month").is_in(ends)).select(
        "month", "child_id", "age_months", "placement_group"
    )
    prev = panel.filter(pl.col("month").is_in([add_months(m, -1) for m in ends])).select(
        pl.col("month").dt.offset_by("1mo").alias("month"),
        "child_id",
        pl.col("age_months").alias("prev_age_months"),
        pl.col("placement_group").alias("prev_group"),
    )
    return prev.join(cur, on=["month", "child_id"], how="full", coalesce=True).with_columns(
        pl.lit(len(ends)).alias("pairs")
    )


def estimate(panel: pl.DataFrame, as_of: dt.date, window_months: int) -> Rates:
    pairs = month_pairs(panel, as_of, window_months).sort("month", "child_id")
    n_pairs = int(pairs["pairs"][0]) if pairs.height else 0
    group_index = {g: i for i, g in enumerate(GROUPS)}

    entrants = pairs.filter(pl.col("prev_group").is_null())
    e_age = entrants["age_months"].to_numpy().astype(np.int64)
    e_group = np.array([group_index[g] for g in entrants["placement_group"]], dtype=np.int64)
    e_band = band_of(e_age)
    order = np.argsort(e_band, kind="stable")
    entries = np.bincount(e_band, minlength=len(AGE_BANDS))

    # A child turning 18 within the month leaves by ageing out, which the simulation applies
    # to each child by age: counting them here as leavers would take them out twice.
    stayers = pairs.filter(
        pl.col("prev_group").is_not_null() & (pl.col("prev_age_months") + 1 < AGE_OUT_MONTHS)
    )
    s_band = band_of(stayers["prev_age_months"].to_numpy())
    s_from = np.array([group_index[g] for g in stayers["prev_group"]], dtype=np.int64)
    s_to = np.array(
        [LEFT if g is None else group_index[g] for g in stayers["placement_group"]], dtype=np.int64
    )
    moves = np.zeros((len(AGE_BANDS), len(GROUPS), len(GROUPS) + 1))
    np.add.at(moves, (s_band, s_from, s_to), 1)
    return Rates(
        window_months=n_pairs,
        entries=entries,
        entrant_age=e_age[order],
        entrant_group=e_group[order],
        entrant_offset=np.concatenate([[0], np.cumsum(entries)[:-1]]),
        moves=moves,
    )


def smoothed_moves(moves: np.ndarray) -> np.ndarray:
    """Move counts with thin (band, group) rows replaced by their group pooled over bands; a
    group never seen keeps its children where they are."""
    pooled = moves.sum(axis=0)
    for g in range(len(GROUPS)):
        if pooled[g].sum() == 0:
            pooled[g, g] = 1.0
    thin = moves.sum(axis=2) < MIN_EXPOSURE
    out = moves.copy()
    out[thin] = np.broadcast_to(pooled, moves.shape)[thin]
    return out


def draw_rates(
    rng: np.random.Generator, rates: Rates, simulations: int, uncertain: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Each simulation's entry rates per band (sims, bands) and move probabilities from each
    state, band * groups + group, to each group or out of care (sims, states, groups + 1)."""
    moves = smoothed_moves(rates.moves).reshape(len(AGE_BANDS) * len(GROUPS), len(GROUPS) + 1)
    months = max(rates.window_months, 1)
    if uncertain:
        # Gamma(shape = count, scale = 1/months): mean count/months, the observed rate; a band
        # with no entrants stays at none. Dirichlet from gammas so a zero count stays zero.
        lam = rng.gamma(np.broadcast_to(rates.entries, (simulations, len(AGE_BANDS)))) / months
        weights = rng.gamma(np.broadcast_to(moves, (simulations, *moves.shape)))
    else:
        lam = np.broadcast_to(rates.entries / months, (simulations, len(AGE_BANDS)))
        weights = np.broadcast_to(moves, (simulations, *moves.shape))
    totals = weights.sum(axis=-1, keepdims=True)
    # A row every draw left at zero (tiny counts) keeps its children where they are.
    own = np.tile(np.eye(len(GROUPS), len(GROUPS) + 1), (len(AGE_BANDS), 1))
    stay = np.broadcast_to(own, weights.shape)
    return lam, np.where(totals > 0, weights / np.where(totals > 0, totals, 1), stay)


def next_groups(
    rng: np.random.Generator, probs: np.ndarray, age: np.ndarray, group: np.ndarray
) -> np.ndarray:
    """Where each child (sims, slots) is a month on: a group index or LEFT. Most stay, so one
    draw against the chance of staying settles them; only the movers look at the whole row."""
    sims, states, outcomes = probs.shape
    present = group != GONE
    held = np.where(present, group, 0)
    row = np.arange(sims, dtype=np.int32)[:, None] * states + band_of(age) * len(GROUPS) + held
    flat = probs.reshape(-1, outcomes)
    stay_p = flat.ravel().take(row * outcomes + held)
    u = rng.random(group.shape)
    dest = group.copy()
    s_idx, w_idx = np.nonzero(present & (u >= stay_p))
    if len(s_idx):
        rows = flat[row[s_idx, w_idx]]
        rows[np.arange(len(s_idx)), group[s_idx, w_idx]] = 0
        cum = np.cumsum(rows, axis=1)
        beyond = u[s_idx, w_idx] - stay_p[s_idx, w_idx]
        dest[s_idx, w_idx] = (beyond[:, None] >= cum[:, :-1]).sum(axis=1)
    return dest


def simulate(
    stock_age: np.ndarray,
    stock_group: np.ndarray,
    rates: Rates,
    settings: OutlookSettings,
    scenario: Scenario,
) -> dict[str, np.ndarray]:
    """Every simulation's month ends: children in care in total (sims, months), by band and
    group, and starts and ceases in each month."""
    rng = np.random.default_rng(settings.seed)
    sims, horizon = settings.simulations, settings.horizon_months
    lam, probs = draw_rates(rng, rates, sims, settings.parameter_uncertainty)
    lam = lam * (1 + scenario.entries_change)
    entrants = rng.poisson(lam[:, None, :], size=(sims, horizon, len(AGE_BANDS)))
    age = np.tile(stock_age.astype(np.int32), (sims, 1))
    group = np.tile(stock_group.astype(np.int32), (sims, 1))

    out = {
        "total": np.zeros((sims, horizon)),
        "band": np.zeros((sims, horizon, len(AGE_BANDS))),
        "group": np.zeros((sims, horizon, len(GROUPS))),
        "starts": np.zeros((sims, horizon)),
        "ceases": np.zeros((sims, horizon)),
    }
    for t in range(horizon):
        present = group != GONE
        dest = next_groups(rng, probs, age, group)
        age = age + present
        aged_out = present & (age >= AGE_OUT_MONTHS)
        left = present & ~aged_out & (dest == LEFT)
        group = np.where(present & ~aged_out & ~left, dest, GONE).astype(np.int32)
        for move in scenario.moves:
            group = planned_move(group, move)
        counts = entrants[:, t, :]
        if counts.any():
            age, group = take_in(rng, rates, counts, age, group)
        in_care = group != GONE
        out["total"][:, t] = in_care.sum(axis=1)
        out["starts"][:, t] = counts.sum(axis=1)
        out["ceases"][:, t] = (aged_out | left).sum(axis=1)
        out["band"][:, t] = per_sim_counts(band_of(age), in_care, len(AGE_BANDS))
        out["group"][:, t] = per_sim_counts(group, in_care, len(GROUPS))
    return out


def take_in(
    rng: np.random.Generator,
    rates: Rates,
    counts: np.ndarray,
    age: np.ndarray,
    group: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """This month's entrants (counts: sims, bands) into the slots leavers freed, the arrays
    widened only when a simulation has too few: the arrays stay about as wide as the number in
    care, which is what each month's work scales with."""
    need = counts.sum(axis=1)
    free = group == GONE
    short = int((need - free.sum(axis=1)).max())
    if short > 0:
        age = np.pad(age, ((0, 0), (0, short)))
        group = np.pad(group, ((0, 0), (0, short)), constant_values=GONE)
        free = group == GONE
    rank = np.cumsum(free, axis=1, dtype=np.int32)  # 1 for each simulation's first free slot
    s_idx, w_idx = np.nonzero(free & (rank <= need[:, None]))
    e_age, e_group = draw_entrants(rng, rates, counts, int(need.max()))
    k = rank[s_idx, w_idx] - 1  # the k-th entrant of its simulation
    age[s_idx, w_idx] = e_age[s_idx, k]
    group[s_idx, w_idx] = e_group[s_idx, k]
    return age, group


def per_sim_counts(category: np.ndarray, keep: np.ndarray, size: int) -> np.ndarray:
    """(sims, size) counts of each category among the kept slots of each simulation."""
    sims = category.shape[0]
    # The slots not kept count in one bin more, dropped after: cheaper than selecting them.
    binned = np.where(keep, category, size) + (np.arange(sims)[:, None] * (size + 1))
    return np.bincount(binned.ravel(), minlength=sims * (size + 1)).reshape(sims, size + 1)[
        :, :size
    ]


def planned_move(group: np.ndarray, move: Move) -> np.ndarray:
    """Up to ``per_month`` children in each simulation moved from one group to another (the
    first held, as the model has no reason to prefer one child over another)."""
    source, target = GROUPS.index(move.from_group), GROUPS.index(move.to_group)
    in_source = group == source
    chosen = in_source & (np.cumsum(in_source, axis=1) <= move.per_month)
    return np.where(chosen, target, group)


def draw_entrants(
    rng: np.random.Generator, rates: Rates, counts: np.ndarray, n_new: int
) -> tuple[np.ndarray, np.ndarray]:
    """(sims, n_new) ages and groups of new entrants, each drawn from the window's entrants of
    its band; slots past a simulation's own count stay empty (GONE)."""
    slot = np.arange(n_new)
    band = (slot[None, :, None] >= np.cumsum(counts, axis=1)[:, None, :]).sum(axis=-1)
    active = band < len(AGE_BANDS)
    band = np.where(active, band, 0)
    size = np.diff(np.append(rates.entrant_offset, len(rates.entrant_age)))
    pick = rates.entrant_offset[band] + (rng.random(band.shape) * size[band]).astype(np.int64)
    pick = np.minimum(pick, max(len(rates.entrant_age) - 1, 0))
    if len(rates.entrant_age) == 0:
        return np.zeros(band.shape, dtype=np.int64), np.full(band.shape, GONE)
    return (
        np.where(active, rates.entrant_age[pick], 0),
        np.where(active, rates.entrant_group[pick], GONE),
    )


def summarise(runs: dict[str, np.ndarray], as_of: dt.date, scenario: str) -> pl.DataFrame:
    """One row per projected month, measure and breakdown: the median, the 80% and 95% intervals
    and the mean of the simulations."""
    horizon = runs["total"].shape[1]
    months = [add_months(as_of, t + 1) for t in range(horizon)]
    series: list[tuple[str, str, str, np.ndarray]] = [
        ("children_in_care", "total", "All", runs["total"]),
        ("starts", "total", "All", runs["starts"]),
        ("ceases", "total", "All", runs["ceases"]),
        *(
            ("children_in_care", "age_band", b[0], runs["band"][:, :, i])
            for i, b in enumerate(AGE_BANDS)
        ),
        *(
            ("children_in_care", "placement_group", g, runs["group"][:, :, i])
            for i, g in enumerate(GROUPS)
        ),
    ]
    rows = []
    for measure, breakdown, category, values in series:
        q = np.quantile(values, QUANTILES, axis=0)
        mean = values.mean(axis=0)
        for t, month in enumerate(months):
            rows.append(
                (scenario, month, t + 1, measure, breakdown, category,
                 *(float(x) for x in q[:, t]), float(mean[t]))
            )  # fmt: skip
    return pl.DataFrame(rows, schema=FRAME_SCHEMA, orient="row")


FRAME_SCHEMA = {
    "scenario": pl.String,
    "month": pl.Date,
    "months_ahead": pl.Int64,
    "measure": pl.String,
    "breakdown": pl.String,
    "category": pl.String,
    "lower_95": pl.Float64,
    "lower_80": pl.Float64,
    "median": pl.Float64,
    "upper_80": pl.Float64,
    "upper_95": pl.Float64,
    "mean": pl.Float64,
}


def project(panel: pl.DataFrame, as_of: dt.date, settings: OutlookSettings) -> Outlook:
    """The outlook from a month-end history: one row per child in care at each month end with
    ``month`` (first of the month), ``child_id``, ``age_months`` and ``placement_group``."""
    # In a fixed order: which child a planned move takes, and which entrant a simulated one
    # copies, follow the rows' order, and a query's order is not fixed.
    history = panel.filter(pl.col("month") <= as_of).sort("month", "child_id")
    months = history["month"].n_unique()
    if months < settings.min_history_months:
        return Outlook(
            "insufficient_history",
            f"Only {months} month(s) of history up to {as_of:%B %Y}: the outlook needs at least "
            f"{settings.min_history_months} to estimate how children arrive, move and leave.",
            as_of,
            months,
            pl.DataFrame(schema=FRAME_SCHEMA),
        )
    rates = estimate(history, as_of, settings.window_months)
    now = history.filter(pl.col("month") == as_of)
    stock_age = now["age_months"].to_numpy().astype(np.int64)
    stock_group = np.array([GROUPS.index(g) for g in now["placement_group"]], dtype=np.int64)
    frames = [
        summarise(simulate(stock_age, stock_group, rates, settings, s), as_of, s.name)
        for s in (BASELINE, *settings.scenarios)
    ]
    return Outlook(
        "projected",
        f"Projected {settings.horizon_months} months from {as_of:%B %Y} with rates from the "
        f"{rates.window_months} months to then ({settings.simulations} simulations, seed "
        f"{settings.seed}).",
        as_of,
        months,
        pl.concat(frames),
    )

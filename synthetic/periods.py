"""Periods of care: who comes into care, when, what happens to them and how it ends.

A period is described by its start, its length and a small schedule of events (legal status
changes, the move to adopters, a long-term match, a move to semi-independence...), all as
day offsets from the start. `episodes.py` turns the schedule into 903 episodes.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from . import mix
from .sampling import (
    add_years,
    choose,
    choose_by_group,
    coin,
    even_coin,
    even_uniforms,
    gamma_days,
    lumpy_counts,
    map_codes,
    string_series,
    uniform_days,
)

NONE = -1  # "no such event" in the int offset columns
DAYS_PER_YEAR = 365.25

# Entries per month per child in care at the first extract month (UASC: per UASC child). With
# the mixes in `mix.py` these give about 23 starts a month and a little more than the target
# stock, which `thin_to_target` then makes exact.
OVERSHOOT = 1.10  # entry rates run this much high; `thin_to_target` takes the excess off
ENTRY_RATE = 0.0262
UASC_ENTRY_RATE = 0.07  # per UASC child in care
ENTRY_GROWTH_PER_YEAR = 0.06  # the county's numbers were drifting up
# Growth runs from 2 years before the first extract month to 4 years after it, flat outside.
GROWTH_YEARS = (-2.0, 4.0)
RETURN_SHARE = 0.18  # of children who went home before 16.5, the share who come back
MAX_GENERATIONS = 3
MONTHLY_NOISE = 0.8  # month-to-month lumpiness, in Poisson standard deviations
LONG_EARLY_TEEN = 0.40  # long-stay teenagers who leave before 18
LONG_EARLY_CHILD = 0.25  # long-stay younger children who leave before 18 (SGO, home...)
SHORT_STAY_MEDIAN_DAYS = 150
# Long-term care under s20 (V2) rather than a care order: few, as in the 2021 report (57% full
# care orders, 16% voluntary with the UASC, who are all accommodated under s20).
LONG_VOLUNTARY_TEEN = 0.08
LONG_VOLUNTARY_CHILD = 0.02
# Adoption: foster carers adopting the child they care for (A3/A5); the rest move to adopters.
ADOPT_BY_FOSTER_CARER = 0.2


# A period's schedule under construction: one array per column, one row per period.
Schedule = dict[str, np.ndarray]
Rng = np.random.Generator
Rows = np.ndarray  # row numbers of the periods a function fills in
Days = np.ndarray  # whole days, one per period


def month_starts(first_day: int, last_day: int) -> np.ndarray:
    """First day of every month from the month of first_day to the one after last_day's."""
    first = np.datetime64(first_day, "D").astype("datetime64[M]")
    last = np.datetime64(last_day, "D").astype("datetime64[M]")
    return np.arange(first, last + 2).astype("datetime64[D]").astype(np.int64)


def entry_days(
    rng: np.random.Generator, first_day: int, last_day: int, per_month: float, ref_day: int
) -> np.ndarray:
    """Entry dates: a lumpy count per month growing gently, each on a random day."""
    bounds = month_starts(first_day, last_day)
    starts, lengths = bounds[:-1], np.diff(bounds)
    years_ahead = np.clip((starts - ref_day) / DAYS_PER_YEAR, *GROWTH_YEARS)
    expected = per_month * (1 + ENTRY_GROWTH_PER_YEAR * years_ahead)
    counts = lumpy_counts(rng, expected, MONTHLY_NOISE * np.sqrt(per_month))
    month = np.repeat(np.arange(len(starts)), counts)
    days = starts[month] + np.floor(rng.random(len(month)) * lengths[month]).astype(np.int64)
    return np.sort(days[(days >= first_day) & (days <= last_day)])


def entry_ages(rng: np.random.Generator, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Age at entry in days and its band (index into mix.ENTRY_AGE_BANDS)."""
    share = np.cumsum(mix.ENTRY_AGE_SHARE) / np.sum(mix.ENTRY_AGE_SHARE)
    band = np.searchsorted(share, even_uniforms(rng, np.zeros(size, dtype=np.int64), "entry_age"))
    bounds = np.array(mix.ENTRY_AGE_BANDS) * DAYS_PER_YEAR
    low, high = bounds[band, 0], np.minimum(bounds[band, 1], 18 * DAYS_PER_YEAR - 45)
    age = np.floor(low + rng.random(size) * (high - low)).astype(np.int64)
    newborn = (band == 0) & coin(rng, mix.NEWBORN_SHARE, size)
    age[newborn] = rng.integers(0, 8, newborn.sum())
    return age, band


def uasc_entry_ages(rng: np.random.Generator, size: int) -> np.ndarray:
    """UASC ages at entry in days: mostly 15-17."""
    years = choose(rng, mix.UASC_ENTRY_AGE, size).astype(np.int64)
    return np.floor((years + rng.random(size) * 0.92) * DAYS_PER_YEAR).astype(np.int64)


def age_band(age_days: np.ndarray) -> np.ndarray:
    """Entry age band for ages in days."""
    edges = np.array([b[1] for b in mix.ENTRY_AGE_BANDS[:-1]]) * DAYS_PER_YEAR
    return np.searchsorted(edges, age_days, side="right")


def blank_schedule(size: int) -> Schedule:
    """Schedule columns with nothing scheduled."""
    none = np.full(size, NONE, dtype=np.int64)
    empty = np.full(size, None, dtype=object)
    return {
        "duration": none.copy(),
        "rec": empty.copy(),
        "prefix_ls": empty.copy(),
        "prefix_days": np.zeros(size, dtype=np.int64),
        "ls1": empty.copy(),
        "ls2": empty.copy(),
        "t_ls2": none.copy(),
        "consent": np.zeros(size, dtype=bool),
        "t_adopt": none.copy(),
        "adopt_same": np.zeros(size, dtype=bool),
        "t_match": none.copy(),
        "t_semi": none.copy(),
        "t_home": none.copy(),
        "temp_start": none.copy(),
        "temp_days": np.zeros(size, dtype=np.int64),
        "temp_place": empty.copy(),
        "cin": empty.copy(),
    }


def set_prefix(
    rng: Rng, s: Schedule, rows: Rows, code: str, share: float, days: tuple[int, int]
) -> Rows:
    """A short first legal status (police protection, EPO, PACE) before the main one; returns
    the rows that got it."""
    picked = rows[coin(rng, share, len(rows))]
    s["prefix_ls"][picked] = code
    s["prefix_days"][picked] = rng.integers(days[0], days[1] + 1, len(picked))
    return picked


def offset_at_age(start: np.ndarray, dob: np.ndarray, years: float) -> np.ndarray:
    """Days from the start of care to the day the child reaches `years` (fractional) of age."""
    return dob + np.rint(years * DAYS_PER_YEAR).astype(np.int64) - start


def schedule_short(rng: Rng, s: Schedule, rows: Rows, start: Days, dob: Days, to18: Days) -> None:
    """Short stays: accommodated (or an interim order), then home or elsewhere."""
    n = len(rows)
    s["ls1"][rows] = np.where(coin(rng, 0.82, n), "V2", "C1")
    police = set_prefix(rng, s, rows, "L1", 0.06, (1, 3))
    epo = set_prefix(rng, s, np.setdiff1d(rows, police), "L2", 0.02, (3, 14))
    s["ls1"][epo] = "C1"  # an emergency protection order is followed by care proceedings
    duration = np.maximum(np.rint(rng.lognormal(np.log(SHORT_STAY_MEDIAN_DAYS), 1.1, n)), 2).astype(
        np.int64
    )
    s["duration"][rows] = duration
    age_end = (start[rows] + duration - dob[rows]) / DAYS_PER_YEAR
    s["rec"][rows] = np.where(
        age_end >= 16, choose(rng, mix.REC_SHORT_16_PLUS, n), choose(rng, mix.REC_SHORT_CHILD, n)
    )
    cap_at_18(rng, s, rows, to18)


def schedule_adopt(rng: Rng, s: Schedule, rows: Rows) -> None:
    """Adoption: interim order, placement order (E1), placed with adopters, adoption order."""
    n = len(rows)
    consent = coin(rng, 0.12, n)
    s["consent"][rows] = consent
    s["ls1"][rows] = np.where(consent, "V2", "C1")
    order = rows[~consent]
    s["ls2"][order] = "E1"
    s["t_ls2"][order] = 140 + gamma_days(rng, 6, 60, len(order))
    # Placement order to placement with adopters: mostly 4 to 8 months, a few much longer (the
    # 2018 report: 149 days to the match on average, 83% placed within 14 months of entering).
    to_adopters = 60 + gamma_days(rng, 1.3, 150, n)
    placed = np.where(consent, 40 + gamma_days(rng, 2, 120, n), s["t_ls2"][rows] + to_adopters)
    s["t_adopt"][rows] = placed
    s["adopt_same"][rows] = coin(rng, ADOPT_BY_FOSTER_CARER, n)
    # Placed with adopters to the adoption order: about nine months.
    s["duration"][rows] = placed + 90 + gamma_days(rng, 3, 170, n)
    s["rec"][rows] = choose(rng, mix.REC_ADOPTED, n)
    set_prefix(rng, s, order, "L2", 0.05, (3, 14))


def schedule_sgo(rng: Rng, s: Schedule, rows: Rows, to18: Days) -> None:
    """Kinship and special guardianship: care proceedings ending in an order to carers."""
    n = len(rows)
    s["ls1"][rows] = np.where(coin(rng, 0.15, n), "V2", "C1")
    full_order = rows[(s["ls1"][rows] == "C1") & coin(rng, 0.5, n)]
    s["ls2"][full_order] = "C2"
    s["t_ls2"][full_order] = 150 + gamma_days(rng, 3, 100, len(full_order))
    s["duration"][rows] = 240 + gamma_days(rng, 3, 560, n)
    s["rec"][rows] = choose(rng, mix.REC_SGO, n)
    cap_at_18(rng, s, rows, to18)


def schedule_long(
    rng: Rng, s: Schedule, rows: Rows, start: Days, dob: Days, band: np.ndarray, to18: Days
) -> None:
    """Long-term care: a care order (or long s20), moves, a long-term match, often to 18."""
    n = len(rows)
    teen = band[rows] >= 3
    voluntary = coin(rng, np.where(teen, LONG_VOLUNTARY_TEEN, LONG_VOLUNTARY_CHILD), n)
    s["ls1"][rows] = np.where(voluntary, "V2", "C1")
    order = rows[~voluntary]
    s["ls2"][order] = "C2"
    s["t_ls2"][order] = 150 + gamma_days(rng, 3, 110, len(order))
    s["duration"][rows] = to18[rows]
    s["rec"][rows] = choose(rng, mix.REC_AT_18, n)
    early = even_coin(rng, np.where(teen, LONG_EARLY_TEEN, LONG_EARLY_CHILD), n, "long_early")
    young_early = rows[early & ~teen]
    latest = np.maximum(np.minimum(to18[young_early] - 1, 2200), 701)
    s["duration"][young_early] = uniform_days(rng, 700, latest, len(young_early))
    rec = choose(rng, mix.REC_LONG_EARLY_CHILD, len(young_early))
    home = young_early[rec == "P1_E4A"]
    s["rec"][young_early] = np.where(rec == "P1_E4A", "E4A", rec)
    t_home = s["duration"][home] - 60 - gamma_days(rng, 2, 90, len(home))
    # Placement with parents needs a care order in force (DfE rule 378: not under s20).
    with_order = (s["ls2"][home] == "C2") & (t_home > s["t_ls2"][home] + 1)
    s["t_home"][home[with_order]] = t_home[with_order]
    teen_early = rows[early & teen]
    from16 = np.maximum(offset_at_age(start[teen_early], dob[teen_early], 16.0), 180)
    s["duration"][teen_early] = uniform_days(rng, from16, to18[teen_early], len(teen_early))
    s["rec"][teen_early] = choose(rng, mix.REC_LONG_EARLY_TEEN, len(teen_early))
    cap_at_18(rng, s, rows, to18)
    schedule_long_term_match(rng, s, rows)
    schedule_semi_independence(rng, s, rows, start, dob, 0.3, 16.3)
    schedule_temporary(rng, s, rows)


def schedule_remand(rng: Rng, s: Schedule, rows: Rows, to18: Days) -> None:
    """Remand to local authority accommodation (J1), sometimes after PACE (J2)."""
    n = len(rows)
    s["ls1"][rows] = "J1"
    set_prefix(rng, s, rows, "J2", 0.3, (1, 2))
    remand_days = 20 + gamma_days(rng, 2, 60, n)
    outcome = choose(rng, mix.REC_REMAND, n)
    stays = outcome == "continue"
    s["ls2"][rows[stays]] = "V2"
    s["t_ls2"][rows[stays]] = remand_days[stays]
    after = np.rint(rng.lognormal(np.log(100), 0.8, n)).astype(np.int64) + 1
    s["duration"][rows] = np.where(stays, remand_days + after, remand_days)
    s["rec"][rows] = np.where(stays, choose(rng, mix.REC_AFTER_REMAND, n), outcome)
    cap_at_18(rng, s, rows, to18)


def schedule_uasc(rng: Rng, s: Schedule, rows: Rows, start: Days, dob: Days, to18: Days) -> None:
    """Unaccompanied asylum-seeking children: s20 until 18, a few transferred or gone earlier."""
    n = len(rows)
    s["ls1"][rows] = "V2"
    s["duration"][rows] = to18[rows]
    s["rec"][rows] = choose(rng, mix.REC_UASC_AT_18, n)
    early = rows[even_coin(rng, 0.15, n, "uasc_early")]
    s["duration"][early] = uniform_days(rng, 30, to18[early], len(early))
    s["rec"][early] = choose(rng, mix.REC_UASC_EARLY, len(early))
    schedule_semi_independence(rng, s, rows, start, dob, 0.45, 16.0)


def cap_at_18(rng: Rng, s: Schedule, rows: Rows, to18: Days) -> None:
    """Nobody stays looked after past their 18th birthday (DfE rule 359); those who reach it
    leave on the day with an age-18 reason."""
    capped = rows[s["duration"][rows] >= to18[rows]]
    s["duration"][capped] = to18[capped]
    s["rec"][capped] = choose(rng, mix.REC_AT_18, len(capped))


def schedule_long_term_match(rng: Rng, s: Schedule, rows: Rows) -> None:
    """Short-term foster carers approved as the child's long-term carers (RNE T)."""
    n = len(rows)
    t_match = 300 + gamma_days(rng, 2, 300, n)
    ok = coin(rng, 0.6, n) & (t_match < s["duration"][rows] - 30)
    s["t_match"][rows[ok]] = t_match[ok]


def schedule_semi_independence(
    rng: Rng, s: Schedule, rows: Rows, start: Days, dob: Days, share: float, from_age: float
) -> None:
    """A move to semi-independent or independent living from 16."""
    n = len(rows)
    age = from_age + rng.random(n) * (17.4 - from_age)
    t_semi = offset_at_age(start[rows], dob[rows], age)
    ok = coin(rng, share, n) & (t_semi > 30) & (t_semi < s["duration"][rows] - 30)
    s["t_semi"][rows[ok]] = t_semi[ok]


def schedule_temporary(rng: Rng, s: Schedule, rows: Rows) -> None:
    """A temporary placement (hospital, carers' holiday...) then back to the same carer."""
    n = len(rows)
    place = choose(rng, mix.TEMPORARY, n)
    longest = np.array([mix.TEMPORARY_MAX_DAYS[p] for p in mix.TEMPORARY]).max()
    days = 1 + np.floor(rng.random(n) * longest).astype(np.int64)
    days = np.minimum(days, map_codes(mix.TEMPORARY_MAX_DAYS, place))
    duration = s["duration"][rows]
    ok = coin(rng, 0.15, n) & (duration > 240)
    s["temp_start"][rows[ok]] = uniform_days(rng, 60, duration[ok] - 60, ok.sum())
    s["temp_days"][rows[ok]] = days[ok]
    s["temp_place"][rows[ok]] = place[ok]


def schedule_periods(
    rng: np.random.Generator,
    start: np.ndarray,
    dob: np.ndarray,
    pathway: np.ndarray,
) -> Schedule:
    """Everything that happens in each period, by pathway."""
    s = blank_schedule(len(start))
    to18 = add_years(dob, 18) - start
    band = age_band(start - dob)
    by = {name: np.flatnonzero(pathway == name) for name in (*mix.PATHWAYS, "uasc")}
    schedule_short(rng, s, by["short"], start, dob, to18)
    schedule_adopt(rng, s, by["adopt"])
    schedule_sgo(rng, s, by["sgo"], to18)
    schedule_long(rng, s, by["long"], start, dob, band, to18)
    schedule_remand(rng, s, by["remand"], to18)
    schedule_uasc(rng, s, by["uasc"], start, dob, to18)
    schedule_temporary(rng, s, by["sgo"])
    s["cin"] = choose_by_group(
        rng,
        np.select([pathway == "uasc", pathway == "remand"], [1, 2], 0),
        (mix.CIN, mix.CIN_UASC, mix.CIN_REMAND),
    )
    return s


def draw_pathways(rng: np.random.Generator, band: np.ndarray, allow_adoption: bool) -> np.ndarray:
    """Pathway per period by entry age band (returning children are not adopted)."""
    tables = mix.PATHWAY_BY_BAND
    if not allow_adoption:
        tables = tuple({k: v for k, v in t.items() if k != "adopt"} for t in tables)
    return choose_by_group(rng, band, tables, u=even_uniforms(rng, band, "pathway"))


def first_entries(
    rng: np.random.Generator,
    sim_start: int,
    sim_end: int,
    ref_day: int,
    children_in_care: float,
    uasc_share: float,
) -> pl.DataFrame:
    """Every child's first period of care: date, age, UASC or not, pathway."""
    local = entry_days(rng, sim_start, sim_end, ENTRY_RATE * children_in_care, ref_day)
    uasc = entry_days(
        rng, sim_start, sim_end, UASC_ENTRY_RATE * children_in_care * uasc_share, ref_day
    )
    local_age, local_band = entry_ages(rng, len(local))
    uasc_age = uasc_entry_ages(rng, len(uasc))
    pathway = draw_pathways(rng, local_band, allow_adoption=True)
    # Remand needs the child to be over 10 at the start (DfE rule 358): make them 12-15.
    young_remand = (pathway == "remand") & (local_age < 12 * DAYS_PER_YEAR)
    local_age[young_remand] = np.floor(
        (12 + 4 * rng.random(young_remand.sum())) * DAYS_PER_YEAR
    ).astype(np.int64)
    start = np.concatenate([local, uasc])
    age = np.concatenate([local_age, uasc_age])
    frame = pl.DataFrame(
        {
            "start": start,
            "dob": start - age,
            "uasc": np.concatenate([np.zeros(len(local), bool), np.ones(len(uasc), bool)]),
            "pathway": np.concatenate([pathway, np.full(len(uasc), "uasc", dtype=object)]).astype(
                str
            ),
        },
        schema={"start": pl.Int64, "dob": pl.Int64, "uasc": pl.Boolean, "pathway": pl.String},
    )
    # Interleave local and UASC entrants by date so child numbering follows time.
    order = np.lexsort((np.arange(len(start)), start))
    return frame[order].with_columns(
        child_idx=pl.int_range(pl.len(), dtype=pl.Int64), generation=pl.lit(0, pl.Int64)
    )


def with_schedule(rng: np.random.Generator, entries: pl.DataFrame) -> pl.DataFrame:
    """Entries plus their schedule columns."""
    s = schedule_periods(
        rng,
        entries["start"].to_numpy(),
        entries["dob"].to_numpy(),
        entries["pathway"].to_numpy().astype(object),
    )
    return entries.with_columns(
        string_series(k, v) if v.dtype == object else pl.Series(k, v) for k, v in s.items()
    )


def returns_home_again(
    rng: np.random.Generator, periods: pl.DataFrame, sim_end: int
) -> pl.DataFrame:
    """Some children who went home come back into care: a new period, RNE S, after a gap."""
    ended = periods.with_columns(end=pl.col("start") + pl.col("duration")).filter(
        pl.col("rec").is_in(mix.RETURN_HOME_RECS)
        & ((pl.col("end") - pl.col("dob")) < int(16.5 * DAYS_PER_YEAR))
    )
    back = ended.filter(pl.Series(coin(rng, RETURN_SHARE, ended.height)))
    gap = 30 + np.rint(rng.lognormal(np.log(200), 0.9, back.height)).astype(np.int64)
    start = back["end"].to_numpy() + gap
    dob = back["dob"].to_numpy()
    keep = (start <= sim_end) & (start < add_years(dob, 18) - 60)
    start, dob = start[keep], dob[keep]
    pathway = draw_pathways(rng, age_band(start - dob), allow_adoption=False)
    return pl.DataFrame(
        {
            "start": start,
            "dob": dob,
            "uasc": back["uasc"].to_numpy()[keep],
            "pathway": pathway.astype(str),
            "child_idx": back["child_idx"].to_numpy()[keep],
            "generation": back["generation"].to_numpy()[keep] + 1,
        },
        schema={
            "start": pl.Int64,
            "dob": pl.Int64,
            "uasc": pl.Boolean,
            "pathway": pl.String,
            "child_idx": pl.Int64,
            "generation": pl.Int64,
        },
    )


def thin_to_target(
    rng: np.random.Generator,
    periods: pl.DataFrame,
    count_day: int,
    target: int,
    uasc: bool,
) -> pl.DataFrame:
    """Drops whole children (of one group, UASC or not) so exactly `target` are looked after at
    `count_day`; the rest of the group is thinned at the same rate, so flows keep their shape.
    The entry rates run a little high so there is nearly always something to drop."""
    group = periods.filter(pl.col("uasc") == uasc)
    in_care = (
        group.filter((pl.col("start") <= count_day) & (pl.col("end") > count_day))["child_idx"]
        .unique()
        .sort()
        .to_numpy()
    )
    excess = len(in_care) - target
    if excess <= 0:
        return group
    others = np.setdiff1d(group["child_idx"].unique().sort().to_numpy(), in_care)
    dropped = np.concatenate(
        [
            rng.choice(in_care, size=excess, replace=False),
            others[coin(rng, excess / len(in_care), len(others))],
        ]
    )
    return group.filter(~pl.col("child_idx").is_in(dropped))


def simulate_periods(
    rng: np.random.Generator,
    sim_start: int,
    sim_end: int,
    ref_day: int,
    children_in_care: int,
    uasc_share: float,
    count_day: int | None = None,
) -> pl.DataFrame:
    """All periods of care that start between sim_start and sim_end, returns included. With
    `count_day`, exactly `children_in_care` (a `uasc_share` of them UASC) are in care that day."""
    entries = first_entries(
        rng, sim_start, sim_end, ref_day, children_in_care * OVERSHOOT, uasc_share
    )
    generations = [with_schedule(rng, entries)]
    for _ in range(MAX_GENERATIONS - 1):
        again = returns_home_again(rng, generations[-1], sim_end)
        if again.height == 0:
            break
        generations.append(with_schedule(rng, again))
    periods = pl.concat(generations, how="vertical").with_columns(
        end=pl.col("start") + pl.col("duration")
    )
    if count_day is not None:
        uasc_target = round(children_in_care * uasc_share)
        periods = pl.concat(
            [
                thin_to_target(rng, periods, count_day, children_in_care - uasc_target, False),
                thin_to_target(rng, periods, count_day, uasc_target, True),
            ]
        )
    # Children numbered in order of first entry, periods in child order: ids stay dense.
    first_start = pl.col("start").min().over("child_idx")
    periods = periods.sort(first_start, "child_idx", "start")
    return periods.with_columns(
        child_idx=pl.col("child_idx").rle_id().cast(pl.Int64),
        period_id=pl.int_range(pl.len(), dtype=pl.Int64),
    )

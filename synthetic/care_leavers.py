"""Care leavers: contact around each 17th to 21st birthday after leaving care (the
care_leavers table) and the 903 OC3 outcome that comes from it.

A young person who was looked after for 13 weeks or more since their 14th birthday and was
still looked after on or after their 16th is a relevant child until 18 and a former relevant
child after; one who left at 16 or over after less time in care is a qualifying care leaver
(in care_leavers, not in OC3). Contact falls within a month of the birthday, inside the
birthday's collection year, after the young person left care (DfE rules 1007, 1016: no OC3
for a birthday spent in care or on the day of leaving). Nobody who died, was adopted or
whose care moved to another LA (rules 1000, 1011) is followed up.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from . import mix
from .code_years import activity_of_its_year
from .recurring import repeat_rows
from .sampling import add_years, choose, coin, financial_year_start, uniform_days

BIRTHDAYS = (17, 18, 19, 20, 21)
RELEVANT_DAYS_SINCE_14 = 91  # 13 weeks
CONTACT_WINDOW_DAYS = 30
NOT_FOLLOWED_UP = ("E2", "E3", "E11", "E12")
NOT_IN_TOUCH_CODE = "0"  # ACTIV and ACCOM when the LA is not in touch (DfE rules 344, 345)


def days_in_care_since_14(periods: pl.DataFrame) -> pl.DataFrame:
    """(child_idx, days_since_14, last_left, final_rec) per child who was looked after."""
    from14 = pl.Series(add_years(periods["dob"].to_numpy(), 14))
    overlap = (pl.col("end") - pl.max_horizontal("start", from14)).clip(lower_bound=0)
    return (
        periods.with_columns(overlap=overlap)
        .sort("child_idx", "end")
        .group_by("child_idx", maintain_order=True)
        .agg(
            days_since_14=pl.col("overlap").sum(),
            last_left=pl.col("end").last(),
            final_rec=pl.col("rec").last(),
            dob=pl.col("dob").first(),
        )
    )


def care_leavers(periods: pl.DataFrame, sim_end: int) -> pl.DataFrame:
    """Young people who left care at 16 or over by sim_end, with `relevant` (13 weeks since 14)."""
    leavers = days_in_care_since_14(periods)
    from16 = pl.Series(add_years(leavers["dob"].to_numpy(), 16))
    return leavers.filter(
        (pl.col("last_left") >= from16)
        & (pl.col("last_left") <= sim_end)
        & ~pl.col("final_rec").is_in(NOT_FOLLOWED_UP)
    ).with_columns(relevant=pl.col("days_since_14") >= RELEVANT_DAYS_SINCE_14)


def birthday_contacts(rng: np.random.Generator, leavers: pl.DataFrame) -> pl.DataFrame:
    """One row per birthday (17th-21st) after leaving care: (child_idx, dob, age, birthday,
    contact, relevant), contact within a month of the birthday and in its collection year."""
    rows, number = repeat_rows(np.full(leavers.height, len(BIRTHDAYS)))
    dob = leavers["dob"].to_numpy()[rows]
    age = np.asarray(BIRTHDAYS)[number]
    birthday = np.empty_like(dob)
    for years in BIRTHDAYS:  # one vectorised offset per birthday, not per row
        at = age == years
        birthday[at] = add_years(dob[at], years)
    left = leavers["last_left"].to_numpy()[rows]
    year_start = financial_year_start(birthday)
    year_end = add_years(year_start, 1) - 1
    drawn = birthday + uniform_days(rng, -CONTACT_WINDOW_DAYS, CONTACT_WINDOW_DAYS + 1, len(rows))
    contact = np.clip(drawn, np.maximum(year_start, left + 1), year_end)
    return (
        pl.DataFrame(
            {
                "child_idx": leavers["child_idx"].to_numpy()[rows],
                "dob": dob,
                "age": age,
                "birthday": birthday,
                "contact": contact,
                "relevant": leavers["relevant"].to_numpy()[rows],
                "after_leaving": birthday > left,
            }
        )
        .filter("after_leaving")
        .drop("after_leaving")
    )


def in_touch(rng: np.random.Generator, contacts: pl.DataFrame) -> pl.DataFrame:
    """IN_TOUCH per contact; nobody is contacted after a contact that found they had died."""
    code = choose(rng, mix.IN_TOUCH, contacts.height).astype(str)
    # No longer requiring services is an adult's choice: at 17 the LA is still responsible.
    code = np.where((code == "NREQ") & (contacts["age"].to_numpy() < 18), "YES", code)
    died = (pl.col("in_touch") == "DIED").cast(pl.Int32)
    died_before = died.cum_sum().shift(1, fill_value=0).over("child_idx")
    return contacts.with_columns(in_touch=pl.Series(code)).filter(died_before == 0)


def accommodation(rng: np.random.Generator, age: np.ndarray) -> np.ndarray:
    """ACCOM: kind of accommodation by age (never with former foster carers at 17, DfE rule
    3001), then 1 suitable or 2 not (no S1 or X1: homelessness and custody are unsuitable)."""
    n = len(age)
    kind = np.where(age < 18, choose(rng, mix.ACCOM_AT_17, n), choose(rng, mix.ACCOM_18_PLUS, n))
    unsuitable = np.isin(kind, ["S", "X"]) | coin(rng, mix.ACCOM_UNSUITABLE_SHARE, n)
    return np.char.add(kind.astype(str), np.where(unsuitable, "2", "1"))


def contact_outcomes(rng: np.random.Generator, contacts: pl.DataFrame) -> pl.DataFrame:
    """ACTIV, ACCOM, pathway plan and personal adviser for each contact."""
    contacts = in_touch(rng, contacts)
    n = contacts.height
    age = contacts["age"].to_numpy()
    activity = np.where(age < 19, choose(rng, mix.ACTIV_17_18, n), choose(rng, mix.ACTIV_19_21, n))
    activity = activity_of_its_year(activity.astype(str), contacts["birthday"].to_numpy())
    touching = contacts["in_touch"].to_numpy() == "YES"
    closed = np.isin(contacts["in_touch"].to_numpy(), ["NREQ", "DIED"])
    from16 = add_years(contacts["dob"].to_numpy(), 16)
    # A plan is reviewed at least every six months; a few have lapsed by the contact.
    lapsed = coin(rng, mix.PATHWAY_PLAN_LAPSED_SHARE, n)
    age_of_plan = np.where(lapsed, uniform_days(rng, 200, 400, n), uniform_days(rng, 0, 170, n))
    plan = np.maximum(contacts["contact"].to_numpy() - age_of_plan, from16)
    adviser = ~closed & coin(rng, mix.PERSONAL_ADVISER_SHARE, n)
    return contacts.with_columns(
        activ=pl.Series(np.where(touching, activity, NOT_IN_TOUCH_CODE)),
        accom=pl.Series(np.where(touching, accommodation(rng, age), NOT_IN_TOUCH_CODE)),
        pathway_plan=pl.when(pl.col("in_touch") != "DIED").then(pl.Series(plan)),
        pa_allocated=pl.Series(np.where(adviser, "Y", "N")),
        eligibility=pl.when(~pl.col("relevant"))
        .then(pl.lit("QUALIFYING"))
        .when(pl.col("age") < 18)
        .then(pl.lit("RELEVANT"))
        .otherwise(pl.lit("FORMER_RELEVANT")),
    )


def care_leaver_contacts(
    rng: np.random.Generator, periods: pl.DataFrame, sim_end: int
) -> pl.DataFrame:
    """Every care leaver's birthday contacts up to sim_end."""
    contacts = birthday_contacts(rng, care_leavers(periods, sim_end))
    return contact_outcomes(rng, contacts.filter(pl.col("contact") <= sim_end)).sort(
        "child_idx", "contact"
    )

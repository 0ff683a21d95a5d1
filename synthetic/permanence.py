"""Previous permanence: had the child been adopted, or under a special guardianship or child
arrangements order, before coming into care? (903 previous_permanence.)

Asked of every child who starts a period of care (DfE rule 630). A permanence option has its
date, before the child first came into care (rule 632), and the LA that arranged it (633); Z1
(none) has neither.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from . import mix
from .sampling import choose, uniform_days

# Other LAs that arranged a child's earlier permanence (DfE codes, all in rule 633's list).
OTHER_LAS = ("874", "882", "883", "935", "926", "919", "881", "855", "202", "206")
SHORTEST_CHILDHOOD_DAYS = 240  # too young to have had an earlier permanence option


def previous_permanence(
    rng: np.random.Generator, children: pl.DataFrame, first_start: pl.DataFrame, la_code: str
) -> pl.DataFrame:
    """(child_idx, prev_perm, la_perm, date_perm) for every child; first_start holds
    (child_idx, first_start), the day each child first came into care."""
    frame = children.select("child_idx", "dob", "uasc", "short_breaks_only").join(
        first_start, on="child_idx"
    )
    n = frame.height
    dob = frame["dob"].to_numpy()
    first = frame["first_start"].to_numpy()
    code = choose(rng, mix.PREVIOUS_PERMANENCE, n)
    # Unaccompanied children and children on short breaks have no earlier order here.
    eligible = (
        ~frame["uasc"].to_numpy()
        & ~frame["short_breaks_only"].to_numpy()
        & (first - dob > SHORTEST_CHILDHOOD_DAYS)
    )
    code = np.where(eligible, code, "Z1")
    dated = code != "Z1"
    date_perm = uniform_days(rng, dob + 180, first - 30, n)
    la = np.where(
        rng.random(n) < mix.PERMANENCE_OWN_LA_SHARE,
        la_code,
        np.array(OTHER_LAS, dtype=object)[rng.integers(0, len(OTHER_LAS), n)],
    )
    return pl.DataFrame(
        {
            "child_idx": frame["child_idx"],
            "prev_perm": code.astype(str),
            "la_perm": la.astype(str),
            "date_perm": date_perm,
            "dated": dated,
        }
    ).select(
        "child_idx",
        "prev_perm",
        la_perm=pl.when("dated").then("la_perm"),
        date_perm=pl.when("dated").then("date_perm"),
    )

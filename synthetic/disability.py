"""Disability (supplementary disability table): CIN census disability codes per child."""

from __future__ import annotations

import numpy as np
import polars as pl

from . import mix
from .recurring import repeat_rows
from .sampling import choose


def disabilities(
    rng: np.random.Generator, child_idx: np.ndarray, short_breaks_only: np.ndarray
) -> pl.DataFrame:
    """(child_idx, disability): NONE for most children in care, one to three codes for the
    disabled ones; children on short breaks almost all have a disability."""
    n = len(child_idx)
    disabled = rng.random(n) < np.where(
        short_breaks_only, mix.DISABLED_SHARE_SHORT_BREAKS, mix.DISABLED_SHARE_IN_CARE
    )
    count = np.where(disabled, rng.integers(1, 4, n), 1)
    rows, _ = repeat_rows(count)
    code = np.where(disabled[rows], choose(rng, mix.DISABILITY, len(rows)).astype(str), "NONE")
    return (
        pl.DataFrame({"child_idx": child_idx[rows], "disability": code})
        .unique(maintain_order=True)
        .sort("child_idx", "disability")
    )

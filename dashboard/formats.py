"""How the report prints a figure: one place for every unit's decimals and suffix."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

#: Each unit's decimal places and suffix as the dashboard prints it.
UNIT_FORMAT: dict[str, tuple[int, str]] = {
    "count": (0, ""),
    "percent": (1, "%"),
    "rate_per_10k": (1, ""),
    "days": (0, " days"),
    "ratio": (1, ""),
    "fte": (1, " FTE"),
    "miles": (1, " miles"),
}
UNITS: frozenset[str] = frozenset(UNIT_FORMAT)
NO_DATA = "–"


def _round_half_up(value: float, places: int) -> Decimal:
    # Decimal(repr) so 9.65 rounds to 9.7 as a reader expects, not to binary 9.6499...
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded  # never print "-0.0"


def rounded(value: float | None, unit: str) -> float | None:
    """A figure rounded as the dashboard prints it, as a number (for the workbook)."""
    if value is None or value != value:
        return None
    return float(_round_half_up(value, UNIT_FORMAT[unit][0]))


def format_value(value: float | None, unit: str) -> str:
    """A figure as the dashboard prints it: counts and days whole, the rest to 1 dp."""
    if value is None:
        return NO_DATA
    if unit not in UNIT_FORMAT:
        raise ValueError(f"unknown unit {unit!r}")
    places, suffix = UNIT_FORMAT[unit]
    return f"{_round_half_up(value, places):,.{places}f}{suffix}"


def format_month(month: datetime.date) -> str:
    return month.strftime("%B %Y")

"""What makes one synthetic local authority different from another: geography and size."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class CountyProfile:
    """One local authority as the generator needs it.

    `children_in_care` is the size the county should have at the first extract month; every
    flow (entries, short breaks, missing children) is scaled from it, so a national run passes
    each LA's own figure.
    """

    la_code: str
    name: str
    # ONS lower-tier district codes that make up the LA: homes are drawn from these.
    districts: tuple[str, ...]
    # Where most unaccompanied asylum-seeking children are placed out of county.
    uasc_hub_districts: tuple[str, ...]
    # First letters of the postcode areas in and around the LA (the postcode package loads by letter).
    postcode_letters: tuple[str, ...]
    children_in_care: int = 685  # looked after at the end of the first extract month
    uasc_share: float = 0.096  # of them UASC (66 of 685 in April 2017)
    short_break_children: int = 30


CAMBRIDGESHIRE = CountyProfile(
    la_code="873",
    name="Cambridgeshire",
    districts=("E07000008", "E07000009", "E07000010", "E07000011", "E07000012"),
    uasc_hub_districts=("E06000031",),  # Peterborough, as the 2018 report says
    postcode_letters=("C", "P", "S", "N", "L", "M", "B", "I", "E"),
)

KNOWN_PROFILES: dict[str, CountyProfile] = {CAMBRIDGESHIRE.la_code: CAMBRIDGESHIRE}


def county_profile(la_code: str) -> CountyProfile:
    """The profile for an LA code; an unknown code gets Cambridgeshire's shape under its own code,
    so benchmarks can generate any number of distinct (but similar) authorities."""
    known = KNOWN_PROFILES.get(la_code)
    if known is not None:
        return known
    return replace(CAMBRIDGESHIRE, la_code=la_code, name=f"Synthetic LA {la_code}")


def la_number(la_code: str) -> int:
    """A number for the LA: its DfE code, or a stable hash if the code is not numeric."""
    return int(la_code) if la_code.isdigit() else zlib.crc32(la_code.encode())

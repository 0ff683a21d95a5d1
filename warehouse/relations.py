"""Which figures add up within a month: a total and the parts it holds, each part counting
children the total counts and no part counting a child twice. A percentage id among the parts
stands for its numerator (``cla_male_pct``: the boys in care).

The one declaration has two readers: the quality checks (``warehouse/quality.py``) expect the
parts' numerators to add up to the total (``exact``) or to no more than it; the published
edition's secondary suppression (``dashboard/disclosure.py``) hides another part where a hidden
one could be recovered by subtraction. Their order is the order suppression works through them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Relation:
    """total = sum(parts) + the rest; the rest is 0 when the relation is ``exact``, otherwise
    the children of the total in none of the parts (not shown on the dashboard)."""

    name: str
    description: str
    total: str
    parts: tuple[str, ...]
    exact: bool = False


def _pct(*names: str) -> tuple[str, ...]:
    return tuple(f"{n}_pct" for n in names)


def _open_risk(kind: str) -> list[Relation]:
    return [
        Relation(
            f"{kind}_by_sex",
            f"Children with an open {kind.upper()} risk by sex add up to all of them.",
            f"expl_{kind}_open",
            tuple(f"expl_{kind}_{s}" for s in ("female", "male", "sex_unknown")),
            exact=True,
        ),
        Relation(
            f"{kind}_by_age",
            f"Children with an open {kind.upper()} risk by age band add up to all of them.",
            f"expl_{kind}_open",
            tuple(f"expl_{kind}_age_{a}" for a in ("0_8", "9_12", "13_16", "17_plus", "unknown")),
            exact=True,
        ),
    ]


RELATIONS = [
    Relation(
        "cla_by_uasc",
        "UASC and non-UASC children add up to the children in care.",
        "cla_count",
        ("cla_non_uasc", "cla_uasc"),
        exact=True,
    ),
    Relation(
        "cla_by_placement_location",
        "Placed in county, out of county (UASC and not) and location unknown add up to the "
        "children in care.",
        "cla_count",
        (
            "placed_in_county",
            "placed_out_of_county_non_uasc",
            "uasc_placed_out_of_county",
            "placed_location_unknown",
        ),
        exact=True,
    ),
    Relation(
        "out_of_county_by_distance",
        "Non-UASC children placed out of county over 20 miles away or at a distance not known "
        "are no more than the non-UASC children placed out of county.",
        "placed_out_of_county_non_uasc",
        (
            "placed_out_of_county_over_20_miles_non_uasc",
            "placed_out_of_county_distance_unknown_non_uasc",
        ),
    ),
    Relation(
        "uasc_out_of_county",
        "UASC placed out of county are no more than the UASC in care.",
        "cla_uasc",
        ("uasc_placed_out_of_county",),
    ),
    Relation(
        "cla_with_3_plus_placements",
        "Children in care with three or more placements this year are no more than the children "
        "in care.",
        "cla_count",
        ("placements_3_plus",),
    ),
    Relation(
        "cla_by_sex",
        "Boys, girls and children whose sex is not known add up to the children in care.",
        "cla_count",
        _pct("cla_male", "cla_female", "cla_sex_not_known"),
        exact=True,
    ),
    Relation(
        "cla_disabled",
        "Disabled children in care are no more than the children in care.",
        "cla_count",
        _pct("cla_disabled"),
    ),
    Relation(
        "cla_by_age",
        "Children in care by age band add up to the children in care.",
        "cla_count",
        _pct("cla_age_under_1", "cla_age_1_4", "cla_age_5_9", "cla_age_10_15", "cla_age_16_plus"),
        exact=True,
    ),
    Relation(
        "cla_by_ethnicity",
        "Children in care by ethnic group (not known among them) add up to the children in care.",
        "cla_count",
        _pct(
            *(f"cla_ethnic_{g}" for g in ("white", "mixed", "asian", "black", "other", "not_known"))
        ),
        exact=True,
    ),
    Relation(
        "cla_by_legal_status",
        "Children in care by legal status add up to the children in care.",
        "cla_count",
        _pct(
            "cla_legal_full_care_order",
            "cla_legal_interim_care_order",
            "cla_legal_placement_order",
            "cla_legal_voluntary",
            "cla_legal_other",
        ),
        exact=True,
    ),
    Relation(
        "cla_by_placement_type",
        "Children in care by placement type add up to the children in care.",
        "cla_count",
        _pct(
            "placement_fostering",
            "placement_residential",
            "placement_semi_independent",
            "placement_adoption",
            "placement_with_parents",
            "placement_other",
        ),
        exact=True,
    ),
    Relation(
        "visits_by_timeliness",
        "Visits due seen in timescale and not seen in timescale add up to the visits due.",
        "visits_due",
        ("visits_not_seen_in_timescale", "visits_in_timescale_pct"),
        exact=True,
    ),
    Relation(
        "care_leavers_accommodation",
        "Care leavers in suitable accommodation or accommodation not known are no more than the "
        "month's cohort (the rest are in unsuitable accommodation).",
        "cl_cohort",
        ("cl_accommodation_suitable", "cl_accommodation_unknown"),
    ),
    Relation(
        "care_leavers_activity",
        "Care leavers in education, employment or training, not, or unknown are no more than "
        "the month's cohort.",
        "cl_cohort",
        ("cl_eet", "cl_neet", "cl_eet_unknown"),
    ),
    Relation(
        "care_leavers_in_touch",
        "Care leavers in touch, returned home, no longer requiring services, not in touch or "
        "died are no more than the month's cohort.",
        "cl_cohort",
        (
            "cl_in_touch",
            "cl_in_touch_returned_home",
            "cl_in_touch_no_longer_requires_services",
            "cl_not_in_touch",
            "cl_died",
        ),
    ),
    Relation(
        "adoptions_within_14_months",
        "Children adopted within 14 months of entering care are no more than the adoptions.",
        "adoption_count",
        _pct("adoption_within_14_months"),
    ),
    Relation(
        "missing_return_interviews",
        "Missing incidents with a return interview offered are no more than the incidents.",
        "missing_incidents",
        _pct("missing_rhi_offered"),
    ),
    *_open_risk("cse"),
    *_open_risk("cce"),
]

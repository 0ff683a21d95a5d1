"""Every code list the extracts use, with meanings and the collection years each code is valid.

A collection year runs 1 April to 31 March and is named by the year it ends (2017/18 is 2018).
A month is validated against the codes valid in its own collection year. This module is the one
place a code list lives: schemas validate against it and the warehouse's code dimension is
loaded from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FIRST, LAST = 2000, 9999


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    first_year: int = FIRST
    last_year: int = LAST


def _codes(rows: dict[str, str], first: int = FIRST, last: int = LAST) -> list[Code]:
    return [Code(code, label, first, last) for code, label in rows.items()]


def collection_year(month: dt.date) -> int:
    """The collection year a date falls in: April 2017 to March 2018 is 2018."""
    return month.year + 1 if month.month >= 4 else month.year


# SEX: 1/2 up to 2023/24, M/F/U from 2024/25. Both forms are accepted; staging stores M/F/U.
SEX_TO_STORED = {"1": "M", "2": "F", "M": "M", "F": "F", "U": "U"}

CODE_LISTS: dict[str, list[Code]] = {
    "SEX": [Code("M", "Male"), Code("F", "Female"), Code("U", "Unknown", 2025)],
    "ETHNIC": _codes(
        {
            "WBRI": "White British",
            "WIRI": "White Irish",
            "WOTH": "Any other White background",
            "WIRT": "Traveller of Irish heritage",
            "WROM": "Gypsy/Roma",
            "MWBC": "White and Black Caribbean",
            "MWBA": "White and Black African",
            "MWAS": "White and Asian",
            "MOTH": "Any other mixed background",
            "AIND": "Indian",
            "APKN": "Pakistani",
            "ABAN": "Bangladeshi",
            "AOTH": "Any other Asian background",
            "CHNE": "Chinese",
            "BCRB": "Caribbean",
            "BAFR": "African",
            "BOTH": "Any other Black background",
            "OOTH": "Any other ethnic group",
            "REFU": "Refused",
            "NOBT": "Information not yet obtained",
        }
    ),
    "RNE": _codes(
        {
            "S": "Started to be looked after",
            "L": "Change of legal status only",
            "P": "Change of placement only",
            "T": "Change of placement type only (same carer)",
            "U": "Change of legal status and placement type (same carer)",
            "B": "Change of legal status and placement",
        }
    ),
    "LS": _codes(
        {
            "C1": "Interim care order",
            "C2": "Full care order",
            "D1": "Freeing order granted",
            "E1": "Placement order granted",
            "J1": "Remanded to LA accommodation or youth detention",
            "J2": "Placed in LA accommodation under PACE",
            "J3": "Sentenced to youth rehabilitation order",
            "L1": "Police protection",
            "L2": "Emergency protection order",
            "L3": "Child assessment order with LA accommodation",
            "V2": "Single period of accommodation under section 20",
            "V3": "Accommodated under an agreed series of short-term breaks (individual episodes)",
            "V4": "Accommodated under an agreed series of short-term breaks (single episode)",
        }
    ),
    "CIN": _codes(
        {
            "N1": "Abuse or neglect",
            "N2": "Child's disability",
            "N3": "Parental illness or disability",
            "N4": "Family in acute stress",
            "N5": "Family dysfunction",
            "N6": "Socially unacceptable behaviour",
            "N7": "Low income",
            "N8": "Absent parenting",
        }
    ),
    "PLACE": [
        *_codes(
            {
                "A3": "Placed for adoption with consent with current foster carer",
                "A4": "Placed for adoption with consent not with current foster carer",
                "A5": "Placed for adoption with placement order with current foster carer",
                "A6": "Placed for adoption with placement order not with current foster carer",
                "K1": "Secure children's home",
                "K2": "Children's home",
                "P1": "Placed with own parent(s) or person with parental responsibility",
                "P3": "Residential employment",
                "R1": "Residential care home",
                "R2": "NHS/health trust or other medical establishment",
                "R3": "Family centre or mother and baby unit",
                "R5": "Young offender institution or prison",
                "S1": "All residential schools, except where dual-registered as a school and children's home",
                "T0": "Temporary placement (all types)",
                "T1": "Temporary periods in hospital",
                "T2": "Temporary absences of the child on holiday",
                "T3": "Temporary accommodation whilst normal foster carer is away",
                "T4": "Temporary accommodation of seven days or less",
                "U1": "Foster placement with relative or friend - long term fostering",
                "U2": "Foster placement with relative or friend who is also an approved adopter - FFA/concurrent",
                "U3": "Foster placement with relative or friend who is not long-term or FFA/concurrent",
                "U4": "Foster placement with other foster carer - long term fostering",
                "U5": "Foster placement with other foster carer who is also an approved adopter - FFA/concurrent",
                "U6": "Foster placement with other foster carer - not long term or FFA/concurrent",
            }
        ),
        Code(
            "H5",
            "Semi-independent living accommodation not subject to children's homes regulations",
            FIRST,
            2025,
        ),
        Code(
            "P2",
            "Independent living, for example in a flat, lodgings, bedsit, bed and breakfast",
            FIRST,
            2024,
        ),
        Code("K3", "Supported accommodation", 2025),
        Code("Z1", "Other placements", FIRST, 2025),
        Code("Z11", "Other placements - supported accommodation not registered", 2026),
        Code("Z12", "Other placements - in a setting with another LA", 2026),
        Code("Z13", "Other placements - unregulated children's home", 2026),
        Code("Z14", "Other placements - other", 2026),
    ],
    "PLACE_PROVIDER": _codes(
        {
            "PR0": "Parent(s) or other person(s) with parental responsibility",
            "PR1": "Own provision (by the LA)",
            "PR2": "Other LA provision",
            "PR3": "Other public provision (for example, a primary care trust)",
            "PR4": "Private provision",
            "PR5": "Voluntary/third sector provision",
        }
    ),
    "REC": [
        *_codes(
            {
                "E11": "Adopted - application for an adoption order unopposed",
                "E12": "Adopted - consent dispensed with by the court",
                "E2": "Died",
                "E3": "Care taken over by another LA in the UK",
                "E4A": "Returned home to live with parents or person with parental responsibility as part of the care planning process",
                "E4B": "Returned home to live with parents or person with parental responsibility not as part of the care planning process",
                "E13": "Left care to live with parent(s), relative, or other person with no parental responsibility",
                "E41": "Residence order (or child arrangement order) granted",
                "E5": "Moved to independent living (with supportive accommodation)",
                "E6": "Moved to independent living (with no formalised support)",
                "E7": "Transferred to residential care funded by adult social services",
                "E8": "Period of being looked after ceased for any other reason",
                "E9": "Sentenced to custody",
                "E14": "Accommodation on remand ended",
                "E15": "Age assessment determined child is aged 18 or over",
                "E16": "Child moved abroad",
                "E17": "Aged 18 (or over) and remained with current carers",
                "X1": "Episode ceases, and new episode begins on same day, for any reason",
            }
        ),
        Code("E43", "Special guardianship order made to former foster carer(s)", FIRST, 2019),
        Code(
            "E44",
            "Special guardianship order made to carer(s), other than former foster carer(s)",
            FIRST,
            2019,
        ),
        Code(
            "E45",
            "Special guardianship order made to former foster carer(s), who are relatives or friends",
            2020,
        ),
        Code(
            "E46",
            "Special guardianship order made to former foster carer(s), other than relatives or friends",
            2020,
        ),
        Code(
            "E47",
            "Special guardianship order made to carer(s), other than former foster carer(s), who are relatives or friends",
            2020,
        ),
        Code(
            "E48",
            "Special guardianship order made to carer(s), other than former foster carer(s), other than relatives or friends",
            2020,
        ),
    ],
    "REASON_PLACE_CHANGE": [
        *_codes(
            {
                "CARPL": "Change to/implementation of care plan",
                "CLOSE": "Resignation/closure of provision",
                "ALLEG": "Allegation (s47)",
                "STAND": "Standards of care concern",
                "APPRR": "Approval removed",
                "CREQB": "Carer(s) requests placement end due to child's behaviour",
                "CREQO": "Carer(s) requests placement end other than due to child's behaviour",
                "CHILD": "Child requests placement end",
                "LAREQ": "Responsible/area authority requests placement end",
                "PLACE": "Change in the status of placement only",
                "OTHER": "Other",
            }
        ),
        Code("CUSTOD", "Child sentenced to custody", 2020),
    ],
    "REVIEW_CODE": _codes(
        {
            "PN0": "Child aged under 4 at the time of the review",
            "PN1": "Child physically attended and spoke for themselves",
            "PN2": "Child physically attended and an advocate spoke on their behalf",
            "PN3": "Child physically attended and conveyed their view symbolically (non-verbally)",
            "PN4": "Child physically attended but did not convey their views",
            "PN5": "Child did not attend but briefed an advocate to speak for them",
            "PN6": "Child did not attend but conveyed their feelings to the review by a facilitative medium",
            "PN7": "Child did not attend nor were their views conveyed to the review",
        }
    ),
    "MISSING": _codes({"M": "Missing", "A": "Away from placement without authorisation"}),
    "YES_NO_NA": _codes({"Y": "Yes", "N": "No", "NA": "Not applicable"}),
}

SHORT_BREAK_LS = ("V3", "V4")


def valid_codes(code_type: str, year: int) -> list[str]:
    """The codes of one list valid in a collection year."""
    return [c.code for c in CODE_LISTS[code_type] if c.first_year <= year <= c.last_year]

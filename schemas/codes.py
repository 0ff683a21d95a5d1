"""Every code list the extracts use, with meanings and the collection years each code is valid.

A collection year runs 1 April to 31 March and is named by the year it ends (2017/18 is 2018;
``schemas/months.py`` says which year a date falls in).
A month is validated against the codes valid in its own collection year, except where a table's
records reach back years (care leavers' contacts): each is judged by its own date's year. This
module is the one
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


# SEX: 1/2 up to 2023/24, M/F/U from 2024/25. Both forms are accepted; staging stores M/F/U.
SEX_TO_STORED = {"1": "M", "2": "F", "M": "M", "F": "F", "U": "U"}
SEX_LETTERS_FROM = 2025

CODE_LISTS: dict[str, list[Code]] = {
    "SEX": [Code("M", "Male"), Code("F", "Female"), Code("U", "Unknown", SEX_LETTERS_FROM)],
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
        # E45-E48 (and CUSTOD below) in every year, as the DfE validator lists them: the DfE's own
        # fake data and the demand-model samples of 2017/18 and 2018/19 use them, and no guidance
        # at hand dates them later. E43/E44 stay valid to 2018/19, so both forms load then.
        Code(
            "E45",
            "Special guardianship order made to former foster carer(s), who are relatives or friends",
        ),
        Code(
            "E46",
            "Special guardianship order made to former foster carer(s), other than relatives or friends",
        ),
        Code(
            "E47",
            "Special guardianship order made to carer(s), other than former foster carer(s), who are relatives or friends",
        ),
        Code(
            "E48",
            "Special guardianship order made to carer(s), other than former foster carer(s), other than relatives or friends",
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
        Code("CUSTOD", "Child sentenced to custody"),
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
    "YES_NO": _codes({"Y": "Yes", "N": "No"}),
    # 903 flags (MOTHER, the OC2 items, FOSTER_CARE) are 0/1.
    "ZERO_ONE": _codes({"0": "No", "1": "Yes"}),
    "IN_TOUCH": _codes(
        {
            "YES": "In touch",
            "NO": "Not in touch",
            "DIED": "Died",
            "REFU": "Young person refuses contact",
            "NREQ": "No longer requires services",
            "RHOM": "Returned home to parents for six months or more",
        }
    ),
    "ACTIV": [
        *_codes(
            {
                "F1": "Full time in higher education",
                "P1": "Part time in higher education",
                "F2": "Full time in education other than higher education",
                "P2": "Part time in education other than higher education",
                "G4": "Not in education, employment or training: illness or disability",
                "G5": "Not in education, employment or training: other reasons",
                "G6": "Not in education, employment or training: pregnancy or parenting",
                "0": "Not in touch (no activity recorded)",
            }
        ),
        *_codes(
            {
                "F3": "Full time in training or employment",
                "P3": "Part time in training or employment",
            },
            last=2022,
        ),
        *_codes(
            {
                "F4": "Full time apprenticeship or traineeship",
                "P4": "Part time apprenticeship or traineeship",
                "F5": "Full time employment",
                "P5": "Part time employment",
            },
            first=2023,
        ),
    ],
    # ACCOM: the letter is the kind of accommodation, the digit 1 suitable, 2 not suitable.
    "ACCOM": _codes(
        {
            f"{kind}{digit}": f"{label} ({'suitable' if digit == 1 else 'not suitable'})"
            for kind, label in {
                "B": "With parents or relatives",
                "C": "Community home or other residential care",
                "D": "Semi-independent, transitional accommodation",
                "E": "Supported lodgings",
                "G": "Gone abroad",
                "H": "Deported",
                "K": "Ordinary lodgings, without formal support",
                "R": "Residence not known",
                "S": "No fixed abode / homeless",
                "T": "Foyers and similar supported accommodation",
                "U": "Independent living",
                "V": "Emergency accommodation",
                "W": "Bed and breakfast",
                "X": "In custody",
                "Y": "Other accommodation",
                "Z": "With former foster carers",
            }.items()
            for digit in (1, 2)
            # Homelessness and custody are never suitable: the DfE lists no S1 or X1.
            if f"{kind}{digit}" not in ("S1", "X1")
        }
        | {"0": "Not in touch (no accommodation recorded)"}
    ),
    "SDQ_REASON": _codes(
        {
            "SDQ1": "No form returned as child was aged under 4 or over 16",
            "SDQ2": "Carer(s) refused to complete and return questionnaire",
            "SDQ3": "Not possible to complete the questionnaire due to severity of disability",
            "SDQ4": "Other",
            "SDQ5": "Child or young person refuses to allow an SDQ to be completed",
        }
    ),
    "NB_ADOPTR": _codes({"1": "Single adopter", "2": "Two adopters"}),
    "SEX_ADOPTR": _codes(
        {
            "M1": "Male adopter",
            "F1": "Female adopter",
            "MM": "Male couple",
            "FF": "Female couple",
            "MF": "Mixed couple",
        }
    ),
    # Meanings as the DfE's rules 514-524 check them against SEX_ADOPTR.
    "LS_ADOPTR": _codes(
        {
            "L0": "Single adopter",
            "L11": "Different-sex married couple",
            "L12": "Same-sex married couple",
            "L2": "Civil partnership couple",
            "L3": "Different-sex unmarried couple",
            "L4": "Same-sex unmarried couple",
        }
    ),
    "REASON_PLACED_CEASED": _codes(
        {
            "RD1": "Child's needs changed after the decision",
            "RD2": "Court did not make a placement order",
            "RD3": "Prospective adopters could not be found",
            "RD4": "Any other reason",
        }
    ),
    "PREV_PERM": _codes(
        {
            "P1": "Adoption",
            "P2": "Special guardianship order",
            "P3": "Residence order or child arrangements order",
            "P4": "Previous permanence option unknown",
            "Z1": "Child has not previously had a permanence option",
        }
    ),
    "SW_REASON": _codes(
        {
            "MANAGE": "Management decision",
            "FCONTA": "First contact",
            "LEFTRL": "Social worker left the role",
            "ORGRST": "Organisational restructure",
            "TSPROC": "Transfer between services or processes",
            "ABSENC": "Social worker absence",
            "CHCHAN": "Child's change of circumstances",
            "PCCHAN": "Parent's or carer's change of circumstances",
            "SWDIED": "Social worker died",
            "OTHERS": "Other",
        }
    ),
    "CHECK_TYPE": _codes(
        {"IHA": "Initial health assessment", "RHA": "Review health assessment", "DENTAL": "Dental"}
    ),
    "CHECK_STATUS": _codes(
        {"COMPLETED": "Completed", "REFUSED": "Refused", "CANCELLED": "Cancelled"}
    ),
    "ELIGIBILITY": _codes(
        {
            "RELEVANT": "Relevant child (aged 16-17, left care)",
            "FORMER_RELEVANT": "Former relevant child (aged 18-25)",
            "ELIGIBLE": "Eligible child (aged 16-17, still in care)",
            "QUALIFYING": "Qualifying care leaver",
        }
    ),
    "RISK_TYPE": _codes({"CSE": "Child sexual exploitation", "CCE": "Child criminal exploitation"}),
    "OFSTED_GRADE": _codes(
        {"1": "Outstanding", "2": "Good", "3": "Requires improvement", "4": "Inadequate"}
    ),
    "DISABILITY": _codes(
        {
            "MOB": "Mobility",
            "HAND": "Hand function",
            "PC": "Personal care",
            "INC": "Incontinence",
            "COMM": "Communication",
            "LD": "Learning",
            "HEAR": "Hearing",
            "VIS": "Vision",
            "BEH": "Behaviour",
            "CON": "Consciousness",
            "AUT": "Autism or Asperger syndrome",
            "DDA": "Other DDA",
            "NONE": "No disability",
        }
    ),
}

#: IN_TOUCH codes under which a care leaver has no activity or accommodation to report.
NOT_IN_TOUCH = ("NO", "REFU", "DIED", "RHOM")

#: Legal statuses of short breaks (respite): not care for any figure.
SHORT_BREAK_LS = ("V3", "V4")

#: The groups of codes the figures count together, each named once here: the warehouse's
#: ref_code_group table (warehouse/reference.py), which the models join rather than list codes.
#: group -> (code list, codes). The placement mix groups (fostering to with_parents) and the
#: activity and accommodation groups do not overlap, so a code joins at most one of them.
CODE_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "short_break": ("LS", SHORT_BREAK_LS),
    "placement_order": ("LS", ("E1", "D1")),
    "adopted": ("REC", ("E11", "E12")),
    "temporary_placement": ("PLACE", ("T0", "T1", "T2", "T3", "T4")),
    # A3 and A5 are with the child's current foster carer: no new placement (indicators.md).
    "placed_for_adoption": ("PLACE", ("A3", "A4", "A5", "A6")),
    "placed_for_adoption_with_foster_carer": ("PLACE", ("A3", "A5")),
    # Long-term foster placements, visited every 3 months after the first year.
    "long_term_foster": ("PLACE", ("U1", "U4")),
    # The placement type mix of the Placements section (placed for adoption aside).
    "fostering": ("PLACE", ("U1", "U2", "U3", "U4", "U5", "U6")),
    "residential": ("PLACE", ("K1", "K2", "R1", "S1")),
    "semi_independent": ("PLACE", ("H5", "K3", "P2")),
    "with_parents": ("PLACE", ("P1",)),
    # A care leaver's activity: in education, employment or training, or not.
    "eet": ("ACTIV", ("F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5")),
    "neet": ("ACTIV", ("G4", "G5", "G6")),
    # ACCOM's digit: 1 suitable, 2 not.
    "suitable": ("ACCOM", tuple(c.code for c in CODE_LISTS["ACCOM"] if c.code.endswith("1"))),
    "unsuitable": ("ACCOM", tuple(c.code for c in CODE_LISTS["ACCOM"] if c.code.endswith("2"))),
}
#: Independent living (P2) ended mid-year: no P2 placement may continue past this day.
P2_LAST_DAY = dt.date(2023, 10, 28)


def first_year(code_type: str, code: str) -> int:
    """The first collection year a code of a list is valid in."""
    return next(c.first_year for c in CODE_LISTS[code_type] if c.code == code)


def last_year(code_type: str, code: str) -> int:
    """The last collection year a code of a list is valid in."""
    return next(c.last_year for c in CODE_LISTS[code_type] if c.code == code)


def valid_codes(code_type: str, year: int) -> list[str]:
    """The codes of one list valid in a collection year."""
    return [c.code for c in CODE_LISTS[code_type] if c.first_year <= year <= c.last_year]

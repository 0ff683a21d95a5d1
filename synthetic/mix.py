"""The generator's mixes: how often each 903 code turns up, by age and pathway.

Figures are shaped on the seed reports (Cambridgeshire 2017/18) and the DfE's national
tables for that year. The code lists themselves (what each code means, when it is valid)
live in `schemas.codes`; these are only weights for drawing valid 2017/18 codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from .sampling import Weights

# --- who comes into care ---------------------------------------------------------------

# Age bands at entry (years, from..to) and their share of non-UASC entrants.
ENTRY_AGE_BANDS: tuple[tuple[float, float], ...] = ((0, 1), (1, 5), (5, 10), (10, 16), (16, 18))
ENTRY_AGE_SHARE = (0.22, 0.13, 0.19, 0.32, 0.14)
NEWBORN_SHARE = 0.45  # of under-1s: removed at or just after birth

UASC_ENTRY_AGE: Weights = {"14": 0.07, "15": 0.18, "16": 0.40, "17": 0.35}

# How a period of care unfolds and ends, by entry age band (rows follow ENTRY_AGE_BANDS).
PATHWAYS = ("short", "adopt", "sgo", "long", "remand")
PATHWAY_BY_BAND: tuple[Weights, ...] = (
    {"short": 0.18, "adopt": 0.56, "sgo": 0.15, "long": 0.11},
    {"short": 0.28, "adopt": 0.35, "sgo": 0.20, "long": 0.17},
    {"short": 0.36, "adopt": 0.02, "sgo": 0.16, "long": 0.46},
    {"short": 0.46, "sgo": 0.04, "long": 0.42, "remand": 0.08},
    {"short": 0.64, "long": 0.28, "remand": 0.08},
)

SEX_MALE_SHARE = 0.53  # non-UASC; with ~90% male UASC this gives the county's 57%
UASC_MALE_SHARE = 0.90

ETHNIC: Weights = {
    "WBRI": 0.735, "WIRI": 0.005, "WOTH": 0.05, "WIRT": 0.01, "WROM": 0.015,
    "MWBC": 0.03, "MWBA": 0.015, "MWAS": 0.015, "MOTH": 0.025,
    "AIND": 0.005, "APKN": 0.01, "ABAN": 0.005, "AOTH": 0.01,
    "BCRB": 0.01, "BAFR": 0.015, "BOTH": 0.005, "CHNE": 0.002,
    "OOTH": 0.013, "REFU": 0.005, "NOBT": 0.01,
}  # fmt: skip
UASC_ETHNIC: Weights = {
    "BAFR": 0.38, "AOTH": 0.28, "OOTH": 0.22, "BOTH": 0.06, "WOTH": 0.03, "NOBT": 0.03,
}  # fmt: skip

CIN: Weights = {
    "N1": 0.62, "N2": 0.03, "N3": 0.05, "N4": 0.10, "N5": 0.14, "N6": 0.03, "N7": 0.01, "N8": 0.02,
}  # fmt: skip
CIN_UASC: Weights = {"N8": 0.96, "N1": 0.02, "N4": 0.02}
CIN_REMAND: Weights = {"N6": 0.55, "N1": 0.20, "N5": 0.15, "N4": 0.10}
CIN_SHORT_BREAKS: Weights = {"N2": 0.92, "N3": 0.04, "N4": 0.04}

# --- how periods of care end (REC, 2017/18 codes) -------------------------------------

REC_SHORT_CHILD: Weights = {
    "E4A": 0.40, "E13": 0.30, "E4B": 0.12, "E41": 0.06, "E3": 0.05, "E8": 0.05, "E16": 0.02,
}  # fmt: skip
REC_SHORT_16_PLUS: Weights = {
    "E4B": 0.25, "E13": 0.25, "E4A": 0.15, "E5": 0.12, "E6": 0.08, "E8": 0.10, "E3": 0.05,
}  # fmt: skip
REC_AT_18: Weights = {"E17": 0.33, "E5": 0.32, "E6": 0.08, "E8": 0.20, "E7": 0.04, "E4B": 0.03}
REC_UASC_AT_18: Weights = {"E5": 0.35, "E6": 0.10, "E8": 0.30, "E17": 0.25}
REC_UASC_EARLY: Weights = {"E3": 0.45, "E8": 0.30, "E13": 0.15, "E16": 0.10}
REC_ADOPTED: Weights = {"E11": 0.88, "E12": 0.12}
REC_SGO: Weights = {"E43": 0.45, "E44": 0.30, "E41": 0.25}
# "P1_E4A": placed back with parents (P1) for a few months, then home for good (E4A).
REC_LONG_EARLY_CHILD: Weights = {"E43": 0.40, "E41": 0.20, "P1_E4A": 0.30, "E3": 0.10}
REC_LONG_EARLY_TEEN: Weights = {"E4B": 0.30, "E13": 0.25, "E5": 0.20, "E6": 0.10, "E8": 0.15}
REC_REMAND: Weights = {"E14": 0.60, "E9": 0.25, "continue": 0.15}
REC_AFTER_REMAND: Weights = {"E4B": 0.35, "E13": 0.35, "E8": 0.30}
RETURN_HOME_RECS = ("E4A", "E4B", "E13")

# --- placements (PLACE, 2017/18 codes) --------------------------------------------------

FOSTER_UNDER_5: Weights = {"U6": 0.62, "U3": 0.20, "U5": 0.08, "U2": 0.02, "U4": 0.04, "U1": 0.04}
FOSTER_5_PLUS: Weights = {"U6": 0.58, "U3": 0.15, "U4": 0.15, "U1": 0.12}
# Where a child goes at a move, by age band (under 5, 5-11, 12-15, 16-17); foster share split
# by the foster mixes above.
PLACEMENT_BY_AGE: tuple[Weights, ...] = (
    {"foster": 0.97, "R3": 0.03},
    {"foster": 0.90, "K2": 0.06, "S1": 0.03, "Z1": 0.01},
    {"foster": 0.70, "K2": 0.22, "K1": 0.02, "S1": 0.04, "Z1": 0.01, "R2": 0.01},
    {"foster": 0.52, "K2": 0.18, "H5": 0.24, "P2": 0.04, "R5": 0.01, "Z1": 0.01},
)
# No under-16 in semi-independent living (H5, then K3): unregulated for them since September
# 2021, and the DfE asks K3 of children at least 16 (rule 371).
UASC_PLACEMENT_UNDER_16: Weights = {"U6": 0.80, "K2": 0.20}
UASC_PLACEMENT_16_PLUS: Weights = {"U6": 0.35, "H5": 0.50, "K2": 0.08, "P2": 0.07}
REMAND_PLACEMENT: Weights = {"U6": 0.45, "K2": 0.35, "K1": 0.15, "R5": 0.05}
SEMI_INDEPENDENT: Weights = {"H5": 0.8, "P2": 0.2}
TEMPORARY: Weights = {"T1": 0.30, "T3": 0.40, "T4": 0.25, "T2": 0.05}
TEMPORARY_MAX_DAYS = {"T1": 30, "T2": 14, "T3": 14, "T4": 6}  # DfE: T1 42, T3 21, T4 7

# Long-term matches with the same carer: short-term foster -> long-term (RNE T).
LONG_TERM_MATCH = {"U6": "U4", "U3": "U1", "U5": "U4", "U2": "U1"}

# PLACE_PROVIDER by placement type (DfE rules 527-531, 550: PR0 only with P1, and so on).
PROVIDER: dict[str, Weights] = {
    "kinship": {"PR1": 0.95, "PR4": 0.05},
    "foster": {"PR1": 0.55, "PR4": 0.40, "PR5": 0.05},
    "adoption": {"PR1": 0.55, "PR2": 0.15, "PR5": 0.30},
    "K1": {"PR2": 0.7, "PR1": 0.3},
    "K2": {"PR4": 0.75, "PR1": 0.15, "PR5": 0.10},
    "H5": {"PR4": 0.6, "PR1": 0.3, "PR5": 0.1},
    "P2": {"PR1": 0.6, "PR4": 0.4},
    "R1": {"PR4": 0.7, "PR3": 0.3},
    "R2": {"PR3": 1.0},
    "R3": {"PR4": 0.6, "PR5": 0.4},
    "R5": {"PR3": 1.0},
    "S1": {"PR4": 0.6, "PR5": 0.3, "PR1": 0.1},
    "Z1": {"PR4": 0.5, "PR5": 0.5},
    "P1": {"PR0": 1.0},
}
# Share placed inside the county, by provider group: own provision (PR1) that is not fostering
# or adoption must be in the LA (DfE rule 1015).
IN_COUNTY_SHARE = {
    "own_foster": 0.79,
    "agency_foster": 0.30,
    "adoption": 0.25,
    "own_other": 1.0,
    "agency_other": 0.15,
    "temporary": 0.6,
}
FAR_SHARE_OUT_OF_COUNTY = 0.3  # of out-of-county placements, share in the far ring
NEAR_PLACEMENT_TRIES = 3  # a near placement is the closest to home of this many candidates
UASC_OUT_OF_COUNTY = 0.78
UASC_HUB_SHARE = 0.80  # of UASC placed out of county, share in the hub town
# Every looked-after child's home and placement postcodes are recorded: the DfE flags a blank
# one (rules 169, 179, 392a, 392b). Kept as a knob, off, for testing incomplete extracts.
BLANK_POSTCODE_SHARE = 0.0
HOME_OUT_OF_COUNTY = 0.05

# Placement types no Ofsted registration covers (DfE rules 218, 222). Semi-independent and
# independent living (H5, P2) become supported accommodation (K3), registered from 28 October
# 2023: they have a URN, which an extract shows only where its year records one
# (synthetic.code_years.urn_code).
NO_URN_PLACES = frozenset(("P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1"))

REASON_PLACE_CHANGE_MOVE: Weights = {
    "CARPL": 0.50, "CREQB": 0.13, "CREQO": 0.08, "CHILD": 0.07, "LAREQ": 0.04, "STAND": 0.03,
    "ALLEG": 0.02, "CLOSE": 0.03, "APPRR": 0.01, "PLACE": 0.02, "OTHER": 0.07,
}  # fmt: skip

# --- short breaks ----------------------------------------------------------------------

SHORT_BREAK_PLACEMENT: Weights = {
    "K2": 0.50, "U6": 0.15, "U3": 0.08, "U5": 0.06, "U2": 0.04, "R1": 0.17,
}  # fmt: skip
SHORT_BREAK_V4_SHARE = 0.4

# --- reviews and missing ---------------------------------------------------------------

REVIEW_CODE_4_PLUS: Weights = {
    "PN1": 0.45, "PN2": 0.08, "PN3": 0.05, "PN4": 0.20, "PN5": 0.07, "PN6": 0.10, "PN7": 0.05,
}  # fmt: skip
LATE_REVIEW_SHARE = 0.025  # of review gaps that overrun (the 2018 report: 97.7% on time)
MISSING_TYPE: Weights = {"M": 0.8, "A": 0.2}
MISSING_DAYS: Weights = {"0": 0.35, "1": 0.30, "2": 0.08, "3": 0.07, "5": 0.08, "7": 0.04, "12": 0.04, "20": 0.03, "35": 0.01}  # fmt: skip
RHI_OFFERED_SHARE = 0.88  # of missing (not away) episodes, a return home interview offered
RHI_ACCEPTED_SHARE = 0.62  # of those offered, taken up

# --- adoption ---------------------------------------------------------------------------

REVERSED_ADOPTION_SHARE = 0.2  # of young children in long-term care: a plan for adoption dropped
REASON_PLACED_CEASED: Weights = {"RD1": 0.35, "RD2": 0.2, "RD3": 0.3, "RD4": 0.15}
ADOPTER_COUPLE_SHARE = 0.85
ADOPTER_COUPLE_SEX: Weights = {"MF": 0.86, "FF": 0.08, "MM": 0.06}
ADOPTER_SINGLE_SEX: Weights = {"F1": 0.85, "M1": 0.15}
ADOPTERS_MARRIED_SHARE = 0.7
# Previous permanence before coming into care: P1 adoption, P2 special guardianship, P3 child
# arrangements (residence) order, Z1 none.
PREVIOUS_PERMANENCE: Weights = {"Z1": 0.88, "P1": 0.02, "P2": 0.06, "P3": 0.04}
PERMANENCE_OWN_LA_SHARE = 0.7

# --- social workers, visits, health -----------------------------------------------------

# Why a child's social worker changed (903 SW_REASON; FCONTA, first contact, opens a case),
# when the worker did not leave their post (LEFTRL, which follows from the workers' own dates).
SW_REASON_OTHER: Weights = {
    "MANAGE": 0.27, "TSPROC": 0.24, "ORGRST": 0.11, "CHCHAN": 0.15, "ABSENC": 0.08,
    "PCCHAN": 0.06, "OTHERS": 0.09,
}  # fmt: skip

# --- care leavers (OC3 codes; activity in 2022/23 codes, recoded for earlier years) -------

IN_TOUCH: Weights = {"YES": 0.86, "NO": 0.05, "REFU": 0.03, "NREQ": 0.03, "RHOM": 0.025,
                     "DIED": 0.005}  # fmt: skip
ACTIV_17_18: Weights = {
    "F2": 0.45, "P2": 0.06, "F4": 0.08, "P4": 0.02, "F5": 0.05, "P5": 0.04, "G4": 0.06,
    "G5": 0.20, "G6": 0.04,
}  # fmt: skip
ACTIV_19_21: Weights = {
    "F1": 0.07, "P1": 0.01, "F2": 0.12, "P2": 0.03, "F4": 0.05, "P4": 0.02, "F5": 0.15,
    "P5": 0.08, "G4": 0.10, "G5": 0.29, "G6": 0.08,
}  # fmt: skip
# ACCOM kinds: B parents/relatives, C residential, D semi-independent, E supported lodgings,
# K ordinary lodgings, R not known, S no fixed abode, T foyer, U independent, V emergency,
# W bed and breakfast, X custody, Y other, Z with former foster carers ("staying put").
ACCOM_AT_17: Weights = {"D": 0.45, "E": 0.12, "C": 0.10, "B": 0.15, "U": 0.08, "T": 0.04,
                        "K": 0.02, "X": 0.02, "V": 0.02}  # fmt: skip
ACCOM_18_PLUS: Weights = {
    "U": 0.34, "Z": 0.12, "D": 0.14, "B": 0.13, "E": 0.06, "K": 0.05, "T": 0.04, "S": 0.02,
    "X": 0.03, "V": 0.02, "W": 0.01, "Y": 0.03, "R": 0.01,
}  # fmt: skip
ACCOM_UNSUITABLE_SHARE = 0.08
PERSONAL_ADVISER_SHARE = 0.94
PATHWAY_PLAN_LAPSED_SHARE = 0.1  # no plan reviewed in the 6 months to the contact (2021: 89.7%)
# Initial health assessments later than 20 working days: most (the 2018 report: 39% on time).
LATE_IHA_SHARE = 0.55
LATE_HEALTH_SHARE = 0.10  # review health assessments and dental checks
HEALTH_CHECK_STATUS: Weights = {"COMPLETED": 0.93, "REFUSED": 0.04, "CANCELLED": 0.03}
LATE_VISIT_SHARE = 0.135  # the 2018 report: 81.6% of children due a visit seen in time
VISIT_SEEN_SHARE = 0.96
VISIT_SEEN_ALONE_SHARE = 0.72  # of children aged 4+ seen

# --- OC2 outcomes -------------------------------------------------------------------------

SDQ_SCORED_SHARE = 0.78
SDQ_REASON: Weights = {"SDQ2": 0.2, "SDQ3": 0.1, "SDQ4": 0.45, "SDQ5": 0.25}
CONVICTED_SHARE = 0.04
HEALTH_CHECK_SHARE = 0.9  # under-fives with development checks up to date
IMMUNISED_SHARE = 0.86
SUBSTANCE_MISUSE_SHARE = 0.05  # of 10+
INTERVENTION_RECEIVED_SHARE = 0.55
INTERVENTION_OFFERED_SHARE = 0.6  # of those not receiving one

# --- exploitation, education, disability ---------------------------------------------------


@dataclass(frozen=True)
class RiskShape:
    """One exploitation risk type: who it is identified in (the share of boys among children
    not looked after; for a period of care that spans the age drawn for a child, the chance
    that it is identified then, by sex), at what age (years, weights) and how long it stays
    open on average (days)."""

    male_share: float
    in_care_boys: float
    in_care_girls: float
    start_age: Weights
    mean_days: int


# Age in whole years when a risk is first identified.
CSE_START_AGE: Weights = {
    "11": 0.025, "12": 0.04, "13": 0.14, "14": 0.22, "15": 0.23, "16": 0.21, "17": 0.135,
}  # fmt: skip
CCE_START_AGE: Weights = {"13": 0.04, "14": 0.1, "15": 0.23, "16": 0.33, "17": 0.3}
# Shaped on the 2018 report's April-December 2017 averages: CSE 18 boys and 70 girls open at a
# month end, 4 aged 9-12, 65 aged 13-16 and 18 aged 17+; CCE 24 boys and 3 girls, none under
# 13, 14 aged 13-16 and 13 aged 17+.
EXPLOITATION: dict[str, RiskShape] = {
    "CSE": RiskShape(
        male_share=0.26,
        in_care_boys=0.06,
        in_care_girls=0.9,
        start_age=CSE_START_AGE,
        mean_days=300,
    ),
    "CCE": RiskShape(
        male_share=0.88,
        in_care_boys=0.18,
        in_care_girls=0.08,
        start_age=CCE_START_AGE,
        mean_days=270,
    ),
}
# Children not looked after newly identified each month, by risk type (most children at risk
# are not in care).
COMMUNITY_RISKS_PER_MONTH: dict[str, float] = {"CSE": 7.0, "CCE": 2.3}
LATE_PEP_SHARE = 0.12
# About 73% of children in care at good or outstanding schools (the 2021 report: 72.9%).
SCHOOL_OFSTED_GRADE: Weights = {"1": 0.13, "2": 0.57, "3": 0.21, "4": 0.06, "none": 0.03}
DISABLED_SHARE_IN_CARE = 0.075  # the reports: 8% (2018), 9% (2019)
DISABLED_SHARE_SHORT_BREAKS = 0.95
DISABILITY: Weights = {
    "BEH": 0.26, "LD": 0.22, "AUT": 0.18, "COMM": 0.10, "MOB": 0.06, "PC": 0.04, "INC": 0.03,
    "HAND": 0.02, "HEAR": 0.02, "VIS": 0.02, "CON": 0.02, "DDA": 0.03,
}  # fmt: skip

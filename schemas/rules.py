"""Every validation rule: an id, a message a data officer understands, and a severity.

error: the row cannot be used as it stands (unreadable, impossible, or contradicting another
record the figures rely on): it is quarantined and the rest of the table loads.
warning: the row is plausible but breaks a DfE expectation; it loads and the finding is reported.

A rule that is the DfE's own (``csc-validator-be-903``) carries the DfE's code in its id,
``DFE-<code>``. Generic rules (a blank required value, a bad code) become the DfE's rule for that
table or column where the DfE has one; ``specific`` does that. pandera checks carry the rule id
as their error text, so a failure maps back here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from schemas.contract import OC2_FLAGS
from schemas.dfe_more import ADOPTER_GENDERS

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rule:
    id: str
    message: str
    severity: Severity = "error"
    #: The column a row-level rule is about (DfE name), for rules that span columns.
    column: str | None = None
    #: Stands for any blank, badly typed or invalid value in its column (on a 903 table).
    field: bool = False


def _dfe(code: str, message: str, severity: Severity = "error", column: str | None = None) -> Rule:
    return Rule(f"DFE-{code}", message, severity, column)


def _field(code: str, message: str, column: str) -> Rule:
    return Rule(f"DFE-{code}", message, "error", column, field=True)


GENERIC = [
    Rule("REQUIRED", "a required value is blank"),
    Rule("CODE", "not a valid code for this collection year"),
    Rule("DATE_FORMAT", "not a date in dd/mm/YYYY (or YYYY-MM-DD) form with a four-digit year"),
    Rule("TYPE", "value of the wrong type"),
    Rule("NEGATIVE", "a count or FTE below zero"),
    Rule("FUTURE_DATE", "dated after the end of the extract month"),
    Rule("DATE_BEFORE_1900", "dated before 1900: no date of birth or event can be"),
    Rule(
        "FIELD_LENGTH",
        "longer than the DfE's field length (CHILD 10, UPN 13, postcodes 8 characters)",
    ),
    Rule("VALUE_TOO_LONG", "over 100 characters: longer than any field of the extract"),
    Rule(
        "OVER_25_IN_CARE",
        "the child would be over 25 when the episode began: no one is looked after so old",
        column="DECOM",
    ),
    Rule("UNKNOWN_COLUMN", "a column the contract does not know: it is ignored", "warning"),
    Rule("SKIPPED_FILE", "an entry of the landing folder that is not a table: not read", "warning"),
    Rule("DUPLICATE_CHILD", "the same child appears more than once", column="CHILD"),
    Rule("DUPLICATE_ROW", "the same record appears more than once", "warning"),
    Rule("NOT_IN_HEADER", "the child is not in the header file", column="CHILD"),
    Rule("ENDS_BEFORE_START", "the record ends before it starts"),
    Rule("SAME_START", "two records for this child start on the same date"),
    Rule("PREVIOUS_OPEN", "a new record starts while this child's previous one is still open"),
    Rule("STARTS_BEFORE_PREVIOUS_ENDS", "a new record starts before the previous one ended"),
    Rule("OUTSIDE_CARE", "dated when the child was not looked after"),
    Rule(
        "DUC_BEFORE_DOB",
        "the date UASC status ceased (DUC) is before the date of birth",
        column="DUC",
    ),
    Rule(
        "REC_ON_OPEN_EPISODE",
        "REC is filled on an open episode (no DEC); it is ignored",
        "warning",
        "REC",
    ),
    Rule(
        "TABLE_NOT_IN_YEAR",
        "a table the return of this month's collection year does not have yet: it is not loaded",
        "warning",
    ),
    Rule(
        "NOT_IN_TOUCH_ACTIVITY",
        "the young person is not in touch (NO or REFU), but activity and/or accommodation are "
        "completed: they should be 0",
        column="ACTIV",
    ),
    Rule(
        "PLACED_UNDER_AGE",
        "an open episode's placement is for older children (P2, H5 or K3, R5, S1, P3: the DfE's "
        "370-374, which it judges once the episode has ended)",
        "warning",
        "PLACE",
    ),
    Rule(
        "SEEN_ALONE_NOT_SEEN",
        "the child is recorded as seen alone but not as seen",
        "warning",
        "SEEN_ALONE",
    ),
    Rule(
        "RETURN_INTERVIEW_NOT_OFFERED",
        "a return interview is recorded as accepted but not as offered",
        "warning",
        "RHI_ACCEPTED",
    ),
]

DFE = [
    # Codes, dates and blanks on a particular column: what REQUIRED, CODE and DATE_FORMAT become.
    _field("101", "Gender code is not valid.", column="SEX"),
    _field("102", "Date of birth is not a valid date.", column="DOB"),
    _field(
        "103", "The ethnicity code is either not valid or has not been entered.", column="ETHNIC"
    ),
    _field("104", "Date UASC status ceased is not a valid date.", column="DUC"),
    _field("112", "Date should be placed for adoption is not a valid date.", column="DATE_INT"),
    _field("113", "Date matching child and adopter(s) is not a valid date.", column="DATE_MATCH"),
    _field(
        "114", "Status of former carer(s) of an adopted child is invalid.", column="FOSTER_CARE"
    ),
    _field(
        "115",
        "Date of decision that a child should be placed for adoption is not a valid date.",
        column="DATE_PLACED",
    ),
    _field(
        "116",
        "Date of decision that a child should no longer be placed for adoption is not a valid date.",
        column="DATE_PLACED_CEASED",
    ),
    _dfe(
        "119",
        "The child should no longer be placed for adoption: both the date of that decision and "
        "the reason must be completed.",
        column="REASON_PLACED_CEASED",
    ),
    _field(
        "120",
        "Reason for reversing the decision to place for adoption is not a valid code.",
        column="REASON_PLACED_CEASED",
    ),
    _field("131", "Being in touch after leaving care (IN_TOUCH) is invalid.", column="IN_TOUCH"),
    # 132, 149 and 1009 judge by the codes of the collection year (schemas.codes). The DfE
    # validator has one list for all years, the current one (lac2022_23/rule_132, _149, _1009),
    # and its years (2022/23 on) agree with ours. For earlier years the lists differ where the
    # DfE guidance as recorded here says so: ACTIV F3/P3 stand to 2021/22 and F4-P5 start
    # 2022/23; REC E43/E44 stand to 2018/19. REC E45-E48 and CUSTOD are valid in every year, as
    # the validator has them (the DfE's fake data and the 2017/18 returns use them).
    _field("132", "Activity after leaving care (ACTIV) is invalid.", column="ACTIV"),
    _field("133", "Accommodation after leaving care (ACCOM) is invalid.", column="ACCOM"),
    _field("141", "Date episode began (DECOM) is not a valid date.", column="DECOM"),
    _dfe("142", "A new episode has started, but the previous episode has not ended.", column="DEC"),
    _field("143", "The reason for new episode (RNE) is not a valid code.", column="RNE"),
    _field("144", "The legal status (LS) is not a valid code.", column="LS"),
    _field("145", "Category of need (CIN) is not a valid code.", column="CIN"),
    _field("146", "Placement type (PLACE) is not a valid code.", column="PLACE"),
    _field("147", "Date episode ceased (DEC) is not a valid date.", column="DEC"),
    _dfe("148", "Date episode ceased and reason episode ceased must both be coded.", column="REC"),
    _field("149", "Reason episode ceased (REC) is not valid.", column="REC"),
    _field("165", "Mother status (MOTHER) is invalid.", column="MOTHER"),
    # A DfE rule whose finding here is sometimes an error, sometimes a warning, is two rules:
    # its code, and its code with "w" for the part that loads (as 217t is a part of 217).
    _dfe(
        "165w",
        "Mother status is given for a boy, or not given for a girl looked after this year.",
        "warning",
        "MOTHER",
    ),
    _field("166", "Date of review is invalid or blank.", column="REVIEW"),
    _field("167", "Participation code (REVIEW_CODE) is invalid or blank.", column="REVIEW_CODE"),
    _field("175", "The number of adopter(s) is not a valid code.", column="NB_ADOPTR"),
    _field("176", "The gender of adopter(s) is not a valid code.", column="SEX_ADOPTR"),
    _field("177", "The legal status of adopter(s) is not a valid code.", column="LS_ADOPTR"),
    _field("178", "Placement provider code is not a valid code.", column="PLACE_PROVIDER"),
    _dfe(
        "178w",
        "A placement provider is given for a placement that has none (T0-T4, Z1; from 2025/26 "
        "T0-T3, Z11-Z14).",
        "warning",
        "PLACE_PROVIDER",
    ),
    _field(
        "180", "The SDQ score is invalid: it is a whole number from 0 to 40.", column="SDQ_SCORE"
    ),
    _dfe("181", "Data items about children looked after for 12 months are completed with 0 or 1."),
    _field("196", "Reason for no SDQ score (SDQ_REASON) is not a valid code.", column="SDQ_REASON"),
    _field("631", "Previous permanence option is not a valid value.", column="PREV_PERM"),
    _field("632", "Date of previous permanence order is not a valid value.", column="DATE_PERM"),
    _field("1004", "Start date of the missing episode is not a valid date.", column="MIS_START"),
    _field("1005", "End date of the missing episode is not a valid date.", column="MIS_END"),
    _field("1006", "Missing type is invalid.", column="MISSING"),
    _field(
        "1009", "Reason for placement change is not a valid code.", column="REASON_PLACE_CHANGE"
    ),
    _field("SW02STG1", "Social worker ID does not begin with 'SW' or 'XX'.", column="SW_ID"),
    _field("SW04STG1", "Date social worker episode began is not a valid date.", column="SW_DECOM"),
    _field("SW05STG1", "Date social worker episode ended is not a valid date.", column="SW_DEC"),
    _field(
        "SW13STG1", "Reason for social worker change is not valid or missing.", column="SW_REASON"
    ),
    # Cross-record rules.
    _dfe(
        "217t",
        "Placement type P2 is not a valid placement type from 28 October 2023: the placement "
        "must have ended by then.",
        column="PLACE",
    ),
    _dfe("302", "First episode starts before child was born.", column="DECOM"),
    _dfe(
        "304",
        "Date UASC status ceased must be on or before the child's 18th birthday.",
        "warning",
        "DUC",
    ),
    _dfe(
        "331",
        "Date of matching must be on or before the date placed for adoption.",
        "warning",
        "DATE_MATCH",
    ),
    _dfe(
        "333",
        "Date should be placed for adoption must be on or before the date of matching.",
        column="DATE_MATCH",
    ),
    _dfe(
        "356",
        "The date the episode ceased is before the date the same episode started.",
        column="DEC",
    ),
    _dfe(
        "358", "Child with this legal status (J1, J2, J3) should not be under 10.", "warning", "LS"
    ),
    _dfe("365", "An individual short-term break (V3) must not exceed 17 days.", "warning", "DEC"),
    _dfe(
        "370",
        "Child in independent living (P2) should be at least 15 (16 in 2023/24) when the episode "
        "starts.",
        "warning",
        "PLACE",
    ),
    _dfe(
        "371",
        "Child in semi-independent living not subject to children's homes regulations (H5) should "
        "be at least 14 (16 in 2023/24); from 2024/25, in supported accommodation (K3), at least "
        "16.",
        "warning",
        "PLACE",
    ),
    _dfe("372", "Child in youth custody or prison (R5) should be at least 10.", "warning", "PLACE"),
    _dfe(
        "373", "Child placed in a school (S1) should be at least 4 years old.", "warning", "PLACE"
    ),
    _dfe("374", "Child in residential employment (P3) should be at least 14.", "warning", "PLACE"),
    _dfe(
        "388",
        "Reason episode ceased is new episode begins (X1), but no episode starts that day (the "
        "period of care is treated as ended); or another reason, but the next episode starts "
        "that day.",
        "warning",
        "REC",
    ),
    _dfe(
        "433",
        "The reason for new episode suggests a continuation, but the episode does not start on the "
        "day the previous episode ended.",
        "warning",
        "RNE",
    ),
    _dfe(
        "434",
        "Reason for new episode is a change of legal status only (L), but the legal status is "
        "unchanged or the placement changed.",
        "warning",
        "RNE",
    ),
    _dfe(
        "435",
        "Reason for new episode is a change of placement only (P or T), but the legal status "
        "changed or the placement did not.",
        "warning",
        "RNE",
    ),
    _dfe(
        "436",
        "Reason for new episode is a change of both placement and legal status (B or U), but this "
        "is not reflected in the episode data.",
        "warning",
        "RNE",
    ),
    _dfe(
        "344",
        "The young person has died or returned home for six months or more, but activity and/or "
        "accommodation are completed: they should be 0.",
        column="ACTIV",
    ),
    _dfe(
        "345",
        "The local authority is in touch with this young person, but activity and/or "
        "accommodation are 0 or blank.",
        column="ACTIV",
    ),
    _dfe(
        "501",
        "A new episode has started before the end date of the previous episode.",
        column="DECOM",
    ),
    _dfe(
        "522",
        "Date of decision to place for adoption must be on or before the date of the decision that the child should no longer be placed.",
        column="DATE_PLACED_CEASED",
    ),
    _dfe("567", "The missing episode ended before it started.", column="MIS_END"),
    _dfe(
        "574",
        "A new missing period cannot start while the previous missing period is still open.",
        column="MIS_START",
    ),
    _dfe(
        "578",
        "The child started to be missing after ceasing to be looked after.",
        column="MIS_START",
    ),
    _dfe(
        "579",
        "A new decision that the child should be placed for adoption cannot start while the "
        "previous decision is still open.",
        column="DATE_PLACED",
    ),
    _dfe(
        "581",
        "The child is missing but has not yet started to be looked after.",
        column="MIS_START",
    ),
    _dfe("586", "Dates of missing periods are before child's date of birth.", column="MIS_START"),
    _dfe(
        "SW08STG2",
        "A new social worker episode has started, but the previous one has not ended.",
        column="SW_DECOM",
    ),
    _dfe(
        "SW10STG2",
        "A new social worker episode started before the previous one ended.",
        column="SW_DECOM",
    ),
    _dfe("SW18STG2", "The social worker episode ends before it starts.", column="SW_DEC"),
    _dfe(
        "SW19STG2",
        "Two social worker episodes for the child start on the same date.",
        column="SW_DECOM",
    ),
    _dfe("INT01", "Child in AD1 does not exist in Header.", column="CHILD"),
    _dfe("INT02", "Child in PlacedAdoption does not exist in Header.", column="CHILD"),
    _dfe("INT03", "Child in Episodes does not exist in Header.", column="CHILD"),
    _dfe("INT04", "Child in Missing does not exist in Header.", column="CHILD"),
    _dfe("INT05", "Child in OC2 does not exist in Header.", column="CHILD"),
    _dfe("INT06", "Child in OC3 does not exist in Header.", column="CHILD"),
    _dfe("INT07", "Child in PrevPerm does not exist in Header.", column="CHILD"),
    _dfe("INT08", "Child in Reviews does not exist in Header.", column="CHILD"),
    _dfe("INT09", "Child in UASC does not exist in Header.", column="CHILD"),
    _dfe("INT31", "Child should only exist once in AD1.", column="CHILD"),
    _dfe("INT32", "Child should only exist once in Header.", column="CHILD"),
    _dfe("INT33", "Child should only exist once in OC2.", column="CHILD"),
    _dfe("INT34", "Child should only exist once in OC3.", column="CHILD"),
    _dfe("INT35", "Child should only exist once in PrevPerm.", column="CHILD"),
    _dfe("INT36", "Child should only exist once in UASC.", column="CHILD"),
]

# The DoLo table's rules (lac2026_27/rule_700 ... rule_710). 706 needs last year's DoLo table and
# is not implemented. An impossible date quarantines the row; the rest are warnings: the order
# still stands for the DoLO figures. 709 and 710 are reported on the DoLo row only. Against the
# validator (0.1.17, on a hand-built 2026/27 return): 700, 702, 705 and 707 agree row for row;
# its 709 and 710 fail (they read a PLACEMENT column Episodes does not have); its 703 is about
# the collection year's end, ours the month's; a start that is not a date is 700's alone here.
DOLO = [
    _field("700", "The start date of the DoLO is not a valid date.", column="DOLO_START"),
    _field("701", "The end date of the DoLO is not a valid date.", column="DOLO_END"),
    _dfe(
        "702", "The date that the DoLO ended is before the date that it started.", column="DOLO_END"
    ),
    _dfe(
        "703",
        "The date that the DoLO started is after the end of the extract month.",
        column="DOLO_START",
    ),
    _dfe(
        "704",
        "The date that the DoLO ended is after the end of the extract month.",
        column="DOLO_END",
    ),
    _dfe(
        "704w",
        "The date that the DoLO ended is before the start of the collection year.",
        "warning",
        "DOLO_END",
    ),
    _dfe(
        "705", "A DoLO cannot start when the previous DoLO is still open.", "warning", "DOLO_START"
    ),
    _dfe(
        "707",
        "Child ceased to be looked after but there is a DoLO without an end date.",
        "warning",
        "DOLO_END",
    ),
    _dfe("708", "Dates of DoLOs are before child's date of birth.", column="DOLO_START"),
    _dfe("709", "Child with a DoLO is in an unexpected placement type.", "warning", "DOLO_START"),
    _dfe(
        "710",
        "Child with a DoLO can not be placed in secure children's homes, with parents, young "
        "offender institutions, or supported accommodation.",
        "warning",
        "DOLO_START",
    ),
]


# More DfE rules judged from the extract (issue 15 item 3; the checks are in schemas/dfe_more.py).
# All warnings: each breaks a DfE expectation, none leaves a row the figures cannot use.
DFE_MORE = [
    _dfe("392c", "Postcode(s) provided are invalid.", "warning", "PL_POST"),
    _dfe(
        "169",
        "Local Authority (LA) of placement is not valid or is missing. Please check a valid "
        "postcode has been entered.",
        "warning",
        "PL_POST",
    ),
    _dfe("179", "Placement location code is not a valid code.", "warning", "PL_POST"),
    _dfe(
        "392a",
        "Child is looked after but no distance is recorded (false positives possible for "
        "children formerly UASC).",
        "warning",
        "HOME_POST",
    ),
    _dfe(
        "222",
        "Ofsted Unique reference number (URN) should not be recorded for this placement type.",
        "warning",
        "URN",
    ),
    _dfe(
        "398",
        "Distance field completed but child looked after under legal status V3 or V4.",
        "warning",
        "HOME_POST",
    ),
    _dfe("214", "Placement location information not required.", "warning", "PL_POST"),
    _dfe("213", "Placement provider information not required.", "warning", "PLACE_PROVIDER"),
    _dfe(
        "550",
        "A placement provider code of PR0 can only be associated with placement P1.",
        "warning",
        "PLACE_PROVIDER",
    ),
    _dfe(
        "529",
        "Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, K2 "
        "and U1 to U6 as these placements cannot be provided by other public organisations.",
        "warning",
        "PLACE_PROVIDER",
    ),
    _dfe(
        "445", "D1 is not a valid code for episodes starting after December 2005.", "warning", "LS"
    ),
    _dfe(
        "366",
        "A child cannot change placement during the course of an individual short-term respite "
        "break.",
        "warning",
        "RNE",
    ),
    _dfe(
        "217",
        "Children who are placed for adoption with current foster carers (placement types A3 or "
        "A5) must have a reason for new episode of S, T or U.",
        "warning",
        "RNE",
    ),
    _dfe("226", "Reason for placement change is not required.", "warning", "REASON_PLACE_CHANGE"),
    _dfe(
        "361",
        "Police protection legal status lasted longer than maximum 72 hours allowed in the "
        "Children Act 1989.",
        "warning",
        "LS",
    ),
    _dfe("362", "Emergency protection order (EPO) lasted longer than 21 days.", "warning", "LS"),
    _dfe(
        "363",
        "Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act 1989.",
        "warning",
        "LS",
    ),
    _dfe(
        "364",
        "Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the time a "
        "child can be detained in custody in Local Authority (LA) accommodation.",
        "warning",
        "LS",
    ),
    _dfe(
        "367",
        "The maximum amount of respite care allowable is 75 days in any 12-month period.",
        "warning",
        "LS",
    ),
    _dfe(
        "551",
        "Child has been placed for adoption but there is no date of the decision that the child "
        "should be placed for adoption.",
        "warning",
        "PLACE",
    ),
    _dfe("393", "Child is looked after but mother field is not completed.", "warning", "MOTHER"),
    _dfe(
        "158",
        "If a child has been recorded as receiving an intervention for their substance misuse "
        "problem, then the additional item on whether an intervention was offered should be left "
        "blank.",
        "warning",
        "INTERVENTION_OFFERED",
    ),
    _dfe(
        "193",
        "Child not identified as having a substance misuse problem but at least one of the two "
        "additional items on whether an intervention were offered and received have been "
        "completed.",
        "warning",
        "SUBSTANCE_MISUSE",
    ),
    _dfe(
        "190",
        "Child has not been looked after continuously for at least 12 months at 31 March but one "
        "or more data items relating to children looked after for 12 months have been completed.",
        "warning",
        "CONVICTED",
    ),
    _dfe(
        "185",
        "Child has not been looked after continuously for at least 12 months at 31 March but a "
        "Strengths and Difficulties (SDQ) score has been completed.",
        "warning",
        "SDQ_SCORE",
    ),
    _dfe(
        "198",
        "Child has not been looked after continuously for at least 12 months at 31 March but a "
        "reason for no Strengths and Difficulties (SDQ) score has been completed.",
        "warning",
        "SDQ_REASON",
    ),
    _dfe(
        "546",
        "Children aged 5 or over at 31 March should not have health promotion information "
        "completed.",
        "warning",
        "HEALTH_CHECK",
    ),
    _dfe(
        "542",
        "A child aged under 10 at 31 March should not have conviction information completed.",
        "warning",
        "CONVICTED",
    ),
    _dfe(
        "215",
        "Child has care leaver information but one or more data items relating to children looked "
        "after for 12 months have been completed.",
        "warning",
        "CHILD",
    ),
    _dfe(
        "440",
        "Participation method indicates child was under 4 years old at the time of the review, but "
        "date of birth and review date indicates the child was 4 years old or over.",
        "warning",
        "REVIEW_CODE",
    ),
    _dfe(
        "441",
        "Participation method indicates child was 4 years old or over at the time of the review, "
        "but the date of birth and review date indicates the child was under 4 years old.",
        "warning",
        "REVIEW_CODE",
    ),
    _dfe(
        "EPI",
        "Episodes need to be loaded for this child before further validation is possible.",
        "warning",
        "CHILD",
    ),
    _dfe("380", "A period of care cannot start with a temporary placement.", "warning", "PLACE"),
    _dfe(
        "408",
        "Child is placed for adoption with a placement order, but no placement order has been "
        "recorded.",
        "warning",
        "LS",
    ),
    _dfe(
        "553",
        "Placement order has been granted but there is no date of decision that the child should "
        "be placed for adoption.",
        "warning",
        "LS",
    ),
    _dfe(
        "555",
        "Freeing order has been granted but there is no date of decision that the child should be "
        "placed for adoption.",
        "warning",
        "LS",
    ),
    _dfe(
        "557",
        "Child for whom the decision was made that they should be placed for adoption has left "
        "care but was not adopted and information on the decision that they should no longer be "
        "placed for adoption items has not been completed.",
        "warning",
        "REC",
    ),
    _dfe(
        "399",
        "Mother field, review field or participation field are completed but child is looked "
        "after under legal status V3 or V4.",
        "warning",
        "LS",
    ),
    _dfe(
        "607",
        "Child ceased to be looked after in the year, but mother field has not been completed.",
        "warning",
        "MOTHER",
    ),
    _dfe(
        "1015",
        "Placement provider is own provision but child not placed in own LA.",
        "warning",
        "PLACE_PROVIDER",
    ),
    _dfe("381", "A period of care cannot end with a temporary placement.", "warning", "PLACE"),
    _dfe(
        "382",
        "A child receiving respite care cannot be in a temporary placement.",
        "warning",
        "PLACE",
    ),
    _dfe(
        "384",
        "A child receiving respite care cannot be in a long-term foster placement.",
        "warning",
        "PLACE",
    ),
    _dfe(
        "390",
        "Reason episode ceased is adopted but child has not been previously placed for adoption.",
        "warning",
        "REC",
    ),
    _dfe(
        "527",
        "A placement provider code of PR1 cannot be associated with placements P1, R2 or R5.",
        "warning",
        "PLACE_PROVIDER",
    ),
    _dfe(
        "528",
        "A placement provider code of PR2 cannot be associated with placements P1, R2 or R5.",
        "warning",
        "PLACE_PROVIDER",
    ),
    _dfe(
        "516",
        "The episode data submitted for this child does not show that he/she was with their "
        "former foster carer(s) during the year: if the reason episode ceased is E45 or E46 the "
        "child must have a placement code of U1 to U6.",
        "warning",
        "REC",
    ),
    _dfe(
        "389",
        "Reason episode ceased is that child transferred to care of adult social care services, "
        "but child is aged under 16.",
        "warning",
        "REC",
    ),
    _dfe(
        "375", "Hospitalisation coded as a temporary placement exceeds six weeks.", "warning", "DEC"
    ),
    _dfe(
        "376",
        "Temporary placements coded as being due to holiday of usual foster carer(s) cannot exceed "
        "three weeks.",
        "warning",
        "DEC",
    ),
    _dfe(
        "379",
        "Temporary placements for unspecified reason (placement code T4) cannot exceed seven days.",
        "warning",
        "DEC",
    ),
    _dfe(
        "431",
        "The reason for new episode is started to be looked after, but the previous episode ended "
        "on the same day.",
        "warning",
        "RNE",
    ),
    _dfe(
        "336",
        "Child does not have a foster placement immediately prior to being placed for adoption.",
        "warning",
        "PLACE",
    ),
    _dfe("225", "Reason for placement change must be recorded.", "warning", "REASON_PLACE_CHANGE"),
    _dfe(
        "383",
        "A child in a temporary placement must subsequently return to his/her normal placement.",
        "warning",
        "PLACE",
    ),
    _dfe(
        "157",
        "Child is aged 4 years or over at the beginning of the year or 16 years or under at the end "
        "of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been recorded as the "
        "reason for no SDQ score.",
        "warning",
        "SDQ_REASON",
    ),
    _dfe("351", "Child was over 25 at the start of the current collection year.", "warning", "DOB"),
    _dfe("352", "Child who started to be looked after was aged 18 or over.", "warning", "DECOM"),
    _dfe("353", "No episode submitted can start before 14 October 1991.", "warning", "DECOM"),
    _dfe("355", "Episode appears to have lasted for less than 24 hours.", "warning", "DEC"),
    _dfe(
        "184",
        "Date of decision that a child should be placed for adoption is before the child was born.",
        "warning",
        "DATE_PLACED",
    ),
    _dfe(
        "182",
        "Data entries on immunisations, teeth checks, health assessments and substance misuse "
        "problem identified should be completed or all OC2 fields should be left blank.",
        "warning",
        "IMMUNISATIONS",
    ),
    _dfe(
        "188",
        "Child is aged under 4 years at the end of the year, but a Strengths and Difficulties "
        "(SDQ) score or a reason for no SDQ score has been completed.",
        "warning",
        "SDQ_SCORE",
    ),
    _dfe(
        "189",
        "Child is aged 17 years or over at the beginning of the year, but a Strengths and "
        "Difficulties (SDQ) score or a reason for no SDQ score has been completed.",
        "warning",
        "SDQ_SCORE",
    ),
    _dfe(
        "192",
        "Child has been identified as having a substance misuse problem but the additional item "
        "on whether an intervention was received has been left blank.",
        "warning",
        "INTERVENTION_RECEIVED",
    ),
    _dfe("218", "Ofsted Unique reference number (URN) is required.", "warning", "URN"),
    _dfe(
        "230",
        "Ofsted Unique reference number (URN) is required for any English H5 placements from 28 "
        "October 2023.",
        "warning",
        "URN",
    ),
    _dfe(
        "SW12STG2",
        "If a child is looked after on 31 March then all social worker episodes for the full "
        "previous year should be reported, even those which started before the child was looked "
        "after.",
        "warning",
        "CHILD",
    ),
    _dfe(
        "SW07STG2",
        "Social worker episode end date should be on or after the start of the social worker "
        "reporting period, and should be on or before the end of the collection year.",
        "warning",
        "SW_DEC",
    ),
    _dfe("SW17STG2", "There is no social worker episode open at 31 March.", "warning", "SW_DEC"),
    _dfe(
        "378",
        "A child who is placed with parent(s) cannot be looked after under a single period of "
        "accommodation under Section 20 of the Children Act 1989.",
        "warning",
        "LS",
    ),
    _dfe(
        "530",
        "A placement provider code of PR4 cannot be associated with placement P1.",
        "warning",
        "PLACE_PROVIDER",
    ),
    _dfe(
        "531",
        "A placement provider code of PR5 cannot be associated with placements P1.",
        "warning",
        "PLACE_PROVIDER",
    ),
    _dfe(
        "420",
        "LA of placement completed but child is looked after under legal status V3 or V4.",
        "warning",
        "PL_POST",
    ),
    _dfe(
        "460",
        "Reason episode ceased is that child stayed with current carers at age 18 (or above), but "
        "child is aged under 18.",
        "warning",
        "REC",
    ),
    _dfe(
        "437",
        "Reason episode ceased is child has died or is aged 18 or over but there are further "
        "episodes.",
        "warning",
        "REC",
    ),
    _dfe(
        "426",
        "A child receiving respite care cannot be recorded under a legal status of V3 and V4 in "
        "the same year.",
        "warning",
        "LS",
    ),
    _dfe(
        "377",
        "Only two temporary placements coded as being due to holiday of usual foster carer(s) are "
        "allowed in any 12-month period.",
        "warning",
        "PLACE",
    ),
    _dfe(
        "525",
        "A child for whom the decision to be placed for adoption has been reversed cannot be "
        "adopted during the year.",
        "warning",
        "CHILD",
    ),
    _dfe(
        "526",
        "Child is missing a placement provider code for at least one episode.",
        "warning",
        "PLACE_PROVIDER",
    ),
    _dfe(
        "432",
        "The child ceased to be looked after at the end of the previous episode but the reason "
        "for the new episode is not started to be looked after.",
        "warning",
        "RNE",
    ),
    _dfe(
        "357",
        "If this is the first episode ever for this child, reason for new episode must be S. "
        "Check whether an episode immediately preceding this one has been left out.",
        "warning",
        "RNE",
    ),
    _dfe(
        "385",
        "Date episode ceased must be on or before the end of the current collection year.",
        "warning",
        "DEC",
    ),
    _dfe(
        "387",
        "Reason episode ceased is child moved into independent living arrangement, but the child "
        "is aged under 14.",
        "warning",
        "REC",
    ),
    _dfe(
        "602",
        "The episode data submitted for this child does not show that they were adopted during "
        "the year.",
        "warning",
        "CHILD",
    ),
    _dfe(
        "187",
        "Child cannot be looked after continuously for 12 months at 31 March (OC2) and have any "
        "of adoption or care leavers returns completed.",
        "warning",
        "CHILD",
    ),
    _dfe(
        "3001",
        "Where care leavers information is being returned for a young person around their 17th "
        "birthday, the accommodation cannot be with their former foster carer(s).",
        "warning",
        "ACCOM",
    ),
    _dfe(
        "1011",
        "The child's care was transferred to another local authority (REC E3) at the end of the "
        "final episode, so care leaver information should not be completed.",
        "warning",
        "IN_TOUCH",
    ),
    _dfe(
        "391",
        "Young person is not yet 17 at the end of the year, so care leaver information should "
        "not be completed.",
        "warning",
        "IN_TOUCH",
    ),
    _dfe(
        "511",
        "The number of adopters is 2, but the gender of adopters is that of a single adopter.",
        "warning",
        "SEX_ADOPTR",
    ),
    *(
        _dfe(
            code,
            f"Adopters' legal status {status} needs the gender of adopters to be "
            f"{' or '.join(genders)}.",
            "warning",
            "SEX_ADOPTR",
        )
        for code, (status, genders) in ADOPTER_GENDERS.items()
    ),
    _dfe(
        "118",
        "Date of decision that a child should no longer be placed for adoption is before the "
        "current collection year or before the date the child started to be looked after.",
        "warning",
        "DATE_PLACED_CEASED",
    ),
    _dfe(
        "117",
        "Date of decision that a child should/should no longer be placed for adoption is beyond "
        "the current collection year or after the child ceased to be looked after.",
        "warning",
        "DATE_PLACED",
    ),
    _dfe(
        "577",
        "Child ceased to be looked after but there is a missing/away from placement without "
        "authorisation period without an end date.",
        "warning",
        "MIS_END",
    ),
    _dfe(
        "SW11bSTG2",
        "Social worker episode has ended before 31 March and no subsequent social worker "
        "episode has been provided.",
        "warning",
        "SW_DEC",
    ),
    _dfe(
        "1003",
        "Date of LA's decision that a child should be placed for adoption is before the child "
        "started to be looked after.",
        "warning",
        "DATE_PLACED",
    ),
    _dfe(
        "334",
        "Date child started to be looked after in latest period of care must be on or prior to "
        "the date should be placed for adoption.",
        "warning",
        "DATE_INT",
    ),
    _dfe(
        "634",
        "There are entries for previous permanence options, but the child has not started to be "
        "looked after in the year.",
        "warning",
        "PREV_PERM",
    ),
    _dfe(
        "1007",
        "Care leaver information is not required for 17- or 18-year olds who were still looked "
        "after on their 17th or 18th birthday.",
        "warning",
        "IN_TOUCH",
    ),
    _dfe(
        "1012",
        "No other data should be returned for OC3 children who had no episodes in the current "
        "year.",
        "warning",
        "CHILD",
    ),
    _dfe(
        "168",
        "Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, "
        "UN3, UN4 or UN5.",
        "warning",
        "UPN",
    ),
]


# The DfE rules judged against last year's return (schemas/dfe_last_year.py). Warnings:
# a disagreement between two years' returns does not stop a row being counted.
LAST_YEAR = [
    _dfe(
        "199",
        "Episode information shows child has been previously adopted from care.",
        "warning",
        "CHILD",
    ),
    _dfe(
        "1000",
        "This child is recorded as having died in care and therefore should not have the care "
        "leaver information completed.",
        "warning",
        "IN_TOUCH",
    ),
    _dfe(
        "502",
        "Last year's record ended with an open episode. The date on which that episode started "
        "does not match the start date of the first episode on this year's record.",
        "warning",
        "DECOM",
    ),
    _dfe(
        "NoE",
        "This child has no episodes loaded for previous year even though child started to be "
        "looked after before this current year.",
        "warning",
        "DECOM",
    ),
    _dfe(
        "562",
        "Episode commenced before the start of the current collection year but there is a "
        "missing continuous episode in the previous year.",
        "warning",
        "DECOM",
    ),
    _dfe(
        "503A",
        "The reason for new episode in the first episode does not match open episode at end "
        "of last year.",
        "warning",
        "RNE",
    ),
    _dfe(
        "503B",
        "The legal status in the first episode does not match open episode at end of last year.",
        "warning",
        "LS",
    ),
    _dfe(
        "503C",
        "The category of need in the first episode does not match open episode at end of last "
        "year.",
        "warning",
        "CIN",
    ),
    _dfe(
        "503D",
        "The placement type in the first episode does not match open episode at end of last year.",
        "warning",
        "PLACE",
    ),
    _dfe(
        "503E",
        "The placement provider in the first episode does not match open episode at end of "
        "last year.",
        "warning",
        "PLACE_PROVIDER",
    ),
    _dfe(
        "503F",
        "The Ofsted URN in the first episode does not match open episode at end of last year.",
        "warning",
        "URN",
    ),
    _dfe(
        "205B",
        "Child previously identified as UASC is also UASC this year, but date UASC ceased in "
        "both years does not support this.",
        "warning",
        "DUC",
    ),
    _dfe(
        "205D",
        "Child identified as UASC this year but not identified as UASC status provided for "
        "the child last year.",
        "warning",
        "CHILD",
    ),
    _dfe(
        "348",
        "Care leaver has previously been reported as having died.",
        "warning",
        "IN_TOUCH",
    ),
    _dfe(
        "576",
        "There is an open missing/away from placement without authorisation period in last "
        "year's return and there is no corresponding period recorded at the start of this "
        "year.",
        "warning",
        "CHILD",
    ),
    _dfe(
        "559",
        "Date of decision that a child should be placed for adoption was not in the current "
        "year but the date of the decision that the child should be placed for adoption was "
        "not completed in a previous return.",
        "warning",
        "DATE_PLACED",
    ),
    _dfe(
        "560",
        "Date of decision that the child should be placed for adoption this year is different "
        "from that recorded last year but the decision to place the child for adoption did "
        "not change.",
        "warning",
        "DATE_PLACED",
    ),
    _dfe(
        "561",
        "Date of the decision that the child should be placed for adoption this year is the "
        "same as that recorded last year but records show that the decision changed, and the "
        "child should no longer be placed for adoption last year.",
        "warning",
        "DATE_PLACED",
    ),
    _dfe(
        "392b",
        "Child is looked after but no postcodes are recorded.",
        "warning",
        "HOME_POST",
    ),
    _dfe(
        "406",
        "Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. Distance "
        "should be blank.",
        "warning",
        "PL_POST",
    ),
    _dfe(
        "503G",
        "The distance in first episode does not match open episode at end of last year.",
        "warning",
        "PL_POST",
    ),
    _dfe(
        "453",
        "Contradiction between placement distance in the last episode of the previous year and "
        "in the first episode of the current year.",
        "warning",
        "PL_POST",
    ),
    _dfe(
        "503H",
        "The placement LA in first episode does not match open episode at end of last year.",
        "warning",
        "PL_POST",
    ),
    _dfe(
        "503J",
        "The placement location in first episode does not match open episode at end of last year.",
        "warning",
        "PL_POST",
    ),
    _dfe(
        "452",
        "Contradiction between local authority of placement code in the last episode of the "
        "previous year and in the first episode of the current year.",
        "warning",
        "PL_POST",
    ),
    _dfe(
        "202",
        "The gender code conflicts with the gender already recorded for this child.",
        "warning",
        "SEX",
    ),
    _dfe(
        "203",
        "Date of birth disagrees with the date of birth already recorded for this child.",
        "warning",
        "DOB",
    ),
    _dfe(
        "204",
        "Ethnic origin code disagrees with the ethnic origin already recorded for this child.",
        "warning",
        "ETHNIC",
    ),
    _dfe(
        "207",
        "Mother status for the current year disagrees with the mother status already recorded "
        "for this child.",
        "warning",
        "MOTHER",
    ),
    _dfe(
        "706",
        "There is an open DoLO in last year's return and there is no corresponding DoLO "
        "recorded at the start of this year.",
        "warning",
        "DOLO_START",
    ),
    _dfe(
        "1001",
        "The episodes recorded for this young person suggest they are not a relevant or a former "
        "relevant child and therefore should not have care leaver information completed.",
        "warning",
        "IN_TOUCH",
    ),
    _dfe(
        "1002",
        "This child has no previous episodes of care, therefore should not have care leaver "
        "information recorded.",
        "warning",
        "IN_TOUCH",
    ),
    _dfe(
        "1010",
        "This child has no episodes loaded for current year even though there was an open "
        "episode of care at the end of the previous year, and care leaver data has been entered.",
        "warning",
        "IN_TOUCH",
    ),
    Rule(
        "LAST_YEAR_NOT_HELD",
        "last year's return (the previous collection year's March extract) is not held: the "
        "rules that compare with it are not judged",
        "warning",
    ),
]


RULES: dict[str, Rule] = {r.id: r for r in GENERIC + DFE + DOLO + DFE_MORE + LAST_YEAR}

#: pandera's own check names for the built-in checks, mapped to our rules.
PANDERA_BUILTIN = {
    "not_nullable": "REQUIRED",
    "isin": "CODE",
    "dtype": "TYPE",
    "column_in_dataframe": "TYPE",
    "less_than_or_equal_to": "FUTURE_DATE",
    "greater_than_or_equal_to": "NEGATIVE",
}

#: Where the DfE has its own rule for a generic one, on a 903 table or on one of its columns.
DFE_SPECIFIC: dict[tuple[str, str], str] = {
    **{
        (generic, r.column): r.id
        for r in DFE + DOLO
        if r.field and r.column
        for generic in ("REQUIRED", "CODE", "DATE_FORMAT", "TYPE")
    },
    **{("CODE", flag): "DFE-181" for flag in OC2_FLAGS},
    **{
        ("NOT_IN_HEADER", t): f"DFE-INT0{n}"
        for t, n in [
            ("ad1", 1),
            ("placed_for_adoption", 2),
            ("episodes", 3),
            ("missing", 4),
            ("oc2", 5),
            ("oc3", 6),
            ("previous_permanence", 7),
            ("reviews", 8),
            ("uasc", 9),
        ]
    },
    **{
        ("DUPLICATE_CHILD", t): f"DFE-INT3{n}"
        for t, n in [
            ("ad1", 1),
            ("header", 2),
            ("oc2", 3),
            ("oc3", 4),
            ("previous_permanence", 5),
            ("uasc", 6),
        ]
    },
    ("FUTURE_DATE", "DOLO_START"): "DFE-703",
    ("FUTURE_DATE", "DOLO_END"): "DFE-704",
    ("ENDS_BEFORE_START", "episodes"): "DFE-356",
    ("ENDS_BEFORE_START", "missing"): "DFE-567",
    ("ENDS_BEFORE_START", "sw_episodes"): "DFE-SW18STG2",
    ("ENDS_BEFORE_START", "placed_for_adoption"): "DFE-522",
    ("SAME_START", "sw_episodes"): "DFE-SW19STG2",
    ("PREVIOUS_OPEN", "sw_episodes"): "DFE-SW08STG2",
    ("STARTS_BEFORE_PREVIOUS_ENDS", "episodes"): "DFE-501",
    ("STARTS_BEFORE_PREVIOUS_ENDS", "sw_episodes"): "DFE-SW10STG2",
    ("PREVIOUS_OPEN", "placed_for_adoption"): "DFE-579",
    ("STARTS_BEFORE_PREVIOUS_ENDS", "placed_for_adoption"): "DFE-579",
}


def specific(rule_id: str, table: str, column: str | None, dfe_table: bool) -> str:
    """The DfE's rule for a generic finding on a 903 table, where it has one."""
    if not dfe_table:
        return rule_id
    return DFE_SPECIFIC.get((rule_id, table)) or DFE_SPECIFIC.get((rule_id, column or ""), rule_id)

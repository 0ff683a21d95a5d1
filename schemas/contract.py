"""The monthly extract contract: which tables exist, their columns (DfE names, DfE order), which
columns hold dates and codes, and which tables a month cannot do without.

Files are recognised by their set of columns, not their name, as the DfE validator does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The largest landed file read, in MB (CPR_MAX_FILE_MB overrides): a larger one is refused
#: before any of it is read. A county's ten-year episodes file is a few tens of MB.
MAX_FILE_MB = 500
#: The DfE's field lengths (SSDA903 guidance), in characters: a longer value is no such field.
FIELD_LENGTHS = {"CHILD": 10, "UPN": 13, "HOME_POST": 8, "PL_POST": 8}
#: Any other value: no field of the contract, code, date, number or name, comes near it.
LONGEST_VALUE = 100
#: No record of a child in care, nor any date of birth, is older than this.
EARLIEST_DATE = "1900-01-01"


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[str, ...]
    dates: tuple[str, ...] = ()
    #: column -> code list in schemas.codes; values are trimmed and upper-cased.
    codes: dict[str, str] = field(default_factory=dict)
    #: whole numbers and decimals: anything else in them is a TYPE error.
    integers: tuple[str, ...] = ()
    decimals: tuple[str, ...] = ()
    optional_columns: tuple[str, ...] = ()
    required: bool = False
    #: one of the DfE's 903 tables (their rules carry DfE codes), not a supplementary one.
    dfe: bool = True
    #: rows must name a child the header holds (exploitation is about all children).
    in_header: bool = True
    #: the first collection year whose return has the table (DoLo: 2026/27): in an earlier
    #: year's month the file is reported, not loaded.
    first_year: int = 0

    @property
    def known_columns(self) -> tuple[str, ...]:
        return self.columns + self.optional_columns

    @property
    def child_level(self) -> bool:
        return "CHILD" in self.columns


def _supplementary(name: str, columns: tuple[str, ...], **kwargs) -> TableSpec:
    return TableSpec(name, columns, dfe=False, **kwargs)


OC2_FLAGS = (
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
)
CARE_LEAVER_CODES = {"IN_TOUCH": "IN_TOUCH", "ACTIV": "ACTIV", "ACCOM": "ACCOM"}

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in [
        TableSpec(
            "header",
            ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
            dates=("DOB", "MC_DOB"),
            codes={"SEX": "SEX", "ETHNIC": "ETHNIC", "MOTHER": "ZERO_ONE"},
            required=True,
            in_header=False,
        ),
        TableSpec(
            "episodes",
            (
                "CHILD",
                "DECOM",
                "RNE",
                "LS",
                "CIN",
                "PLACE",
                "PLACE_PROVIDER",
                "DEC",
                "REC",
                "REASON_PLACE_CHANGE",
                "HOME_POST",
                "PL_POST",
                "URN",
            ),
            dates=("DECOM", "DEC"),
            codes={
                "RNE": "RNE",
                "LS": "LS",
                "CIN": "CIN",
                "PLACE": "PLACE",
                "PLACE_PROVIDER": "PLACE_PROVIDER",
                "REC": "REC",
                "REASON_PLACE_CHANGE": "REASON_PLACE_CHANGE",
            },
            required=True,
        ),
        TableSpec(
            "uasc", ("CHILD", "SEX", "DOB", "DUC"), dates=("DOB", "DUC"), codes={"SEX": "SEX"}
        ),
        TableSpec(
            "reviews",
            ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
            dates=("DOB", "REVIEW"),
            codes={"REVIEW_CODE": "REVIEW_CODE"},
        ),
        TableSpec(
            "missing",
            ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
            dates=("DOB", "MIS_START", "MIS_END"),
            codes={"MISSING": "MISSING", "RHI_OFFERED": "YES_NO_NA", "RHI_ACCEPTED": "YES_NO_NA"},
            optional_columns=("RHI_OFFERED", "RHI_ACCEPTED"),
        ),
        TableSpec(
            "oc2",
            ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", *OC2_FLAGS),
            dates=("DOB",),
            codes={"SDQ_REASON": "SDQ_REASON"} | {flag: "ZERO_ONE" for flag in OC2_FLAGS},
            integers=("SDQ_SCORE",),
        ),
        TableSpec(
            "oc3",
            ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
            dates=("DOB",),
            codes=CARE_LEAVER_CODES,
        ),
        TableSpec(
            "ad1",
            (
                "CHILD",
                "DOB",
                "DATE_INT",
                "DATE_MATCH",
                "FOSTER_CARE",
                "NB_ADOPTR",
                "SEX_ADOPTR",
                "LS_ADOPTR",
            ),
            dates=("DOB", "DATE_INT", "DATE_MATCH"),
            codes={
                "FOSTER_CARE": "ZERO_ONE",
                "NB_ADOPTR": "NB_ADOPTR",
                "SEX_ADOPTR": "SEX_ADOPTR",
                "LS_ADOPTR": "LS_ADOPTR",
            },
        ),
        TableSpec(
            "placed_for_adoption",
            ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
            dates=("DOB", "DATE_PLACED", "DATE_PLACED_CEASED"),
            codes={"REASON_PLACED_CEASED": "REASON_PLACED_CEASED"},
        ),
        # DATE_PERM may hide unknown parts as zz/zz/YYYY, so it stays text (checked by shape).
        TableSpec(
            "previous_permanence",
            ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
            dates=("DOB",),
            codes={"PREV_PERM": "PREV_PERM"},
        ),
        # Deprivation of liberty orders, in the return from 2026/27 (the DfE's DoLo table).
        TableSpec(
            "dolo",
            ("CHILD", "DOB", "DOLO_START", "DOLO_END"),
            dates=("DOB", "DOLO_START", "DOLO_END"),
            first_year=2027,
        ),
        TableSpec(
            "sw_episodes",
            ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
            dates=("DOB", "SW_DECOM", "SW_DEC"),
            codes={"SW_REASON": "SW_REASON"},
        ),
        _supplementary(
            "visits",
            ("CHILD", "VISIT_DATE", "SEEN", "SEEN_ALONE"),
            dates=("VISIT_DATE",),
            codes={"SEEN": "YES_NO", "SEEN_ALONE": "YES_NO"},
        ),
        _supplementary(
            "health_checks",
            ("CHILD", "CHECK_TYPE", "CHECK_DATE", "STATUS"),
            dates=("CHECK_DATE",),
            codes={"CHECK_TYPE": "CHECK_TYPE", "STATUS": "CHECK_STATUS"},
        ),
        _supplementary(
            "care_leavers",
            (
                "CHILD",
                "DOB",
                "CONTACT_DATE",
                "ELIGIBILITY",
                "IN_TOUCH",
                "ACTIV",
                "ACCOM",
                "PATHWAY_PLAN_DATE",
                "PA_ALLOCATED",
            ),
            dates=("DOB", "CONTACT_DATE", "PATHWAY_PLAN_DATE"),
            codes={**CARE_LEAVER_CODES, "ELIGIBILITY": "ELIGIBILITY", "PA_ALLOCATED": "YES_NO"},
        ),
        _supplementary(
            "exploitation",
            ("CHILD", "SEX", "DOB", "RISK_TYPE", "START_DATE", "END_DATE"),
            dates=("DOB", "START_DATE", "END_DATE"),
            codes={"SEX": "SEX", "RISK_TYPE": "RISK_TYPE"},
            in_header=False,
        ),
        _supplementary(
            "education",
            ("CHILD", "RECORD_DATE", "PEP_DATE", "SCHOOL_URN", "SCHOOL_OFSTED_GRADE"),
            dates=("RECORD_DATE", "PEP_DATE"),
            codes={"SCHOOL_OFSTED_GRADE": "OFSTED_GRADE"},
        ),
        _supplementary("disability", ("CHILD", "DISABILITY"), codes={"DISABILITY": "DISABILITY"}),
        _supplementary(
            "workforce",
            ("MONTH_END", "SERVICE", "ROLE", "ESTABLISHMENT_FTE", "STAFF_FTE", "CASES"),
            dates=("MONTH_END",),
            decimals=("ESTABLISHMENT_FTE", "STAFF_FTE"),
            integers=("CASES",),
            in_header=False,
        ),
    ]
}

#: Every table is staged into the warehouse, each validated by its pandera model.
LOADED_TABLES = tuple(TABLES)

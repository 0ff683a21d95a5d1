"""The monthly extract contract: which tables exist, their columns (DfE names, DfE order), which
columns hold dates and codes, and which tables a month cannot do without.

Files are recognised by their set of columns, not their name, as the DfE validator does.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[str, ...]
    dates: tuple[str, ...] = ()
    #: column -> code list in schemas.codes; values are trimmed and upper-cased.
    codes: dict[str, str] = field(default_factory=dict)
    optional_columns: tuple[str, ...] = ()
    required: bool = False

    @property
    def known_columns(self) -> tuple[str, ...]:
        return self.columns + self.optional_columns


TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in [
        TableSpec(
            "header",
            ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
            dates=("DOB", "MC_DOB"),
            codes={"SEX": "SEX", "ETHNIC": "ETHNIC"},
            required=True,
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
        # Recognised and recorded; staged once their schemas exist.
        TableSpec(
            "oc2",
            (
                "CHILD",
                "DOB",
                "SDQ_SCORE",
                "SDQ_REASON",
                "CONVICTED",
                "HEALTH_CHECK",
                "IMMUNISATIONS",
                "TEETH_CHECK",
                "HEALTH_ASSESSMENT",
                "SUBSTANCE_MISUSE",
                "INTERVENTION_RECEIVED",
                "INTERVENTION_OFFERED",
            ),
        ),
        TableSpec("oc3", ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM")),
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
        ),
        TableSpec(
            "placed_for_adoption",
            ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
        ),
        TableSpec("previous_permanence", ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM")),
        TableSpec("sw_episodes", ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON")),
        TableSpec("visits", ("CHILD", "VISIT_DATE", "SEEN", "SEEN_ALONE")),
        TableSpec("health_checks", ("CHILD", "CHECK_TYPE", "CHECK_DATE", "STATUS")),
        TableSpec(
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
        ),
        TableSpec("exploitation", ("CHILD", "SEX", "DOB", "RISK_TYPE", "START_DATE", "END_DATE")),
        TableSpec(
            "education", ("CHILD", "RECORD_DATE", "PEP_DATE", "SCHOOL_URN", "SCHOOL_OFSTED_GRADE")
        ),
        TableSpec("disability", ("CHILD", "DISABILITY")),
        TableSpec(
            "workforce",
            ("MONTH_END", "SERVICE", "ROLE", "ESTABLISHMENT_FTE", "STAFF_FTE", "CASES"),
        ),
    ]
}

#: Tables staged into the warehouse (each has a pandera model in schemas/core.py). The others
#: are recognised, checksummed and recorded, so an LA's full 903 extract lands unchanged.
LOADED_TABLES = ("header", "episodes", "uasc", "reviews", "missing")

#: Columns never copied past staging as they are: the child identifier becomes a keyed hash,
#: postcodes become areas and distances, other identifiers are dropped.
SENSITIVE_COLUMNS = frozenset({"CHILD", "UPN", "HOME_POST", "PL_POST", "DOB", "MC_DOB"})

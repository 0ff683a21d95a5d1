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
    ]
}

#: Tables whose recognition is defined but which later stages do not yet load.
LOADED_TABLES = tuple(TABLES)

#: Columns never copied past staging as they are: the child identifier becomes a keyed hash,
#: postcodes become areas and distances, other identifiers are dropped.
SENSITIVE_COLUMNS = frozenset({"CHILD", "UPN", "HOME_POST", "PL_POST", "DOB", "MC_DOB"})

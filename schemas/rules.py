"""Every validation rule: an id, a message a data officer understands, and a severity.

error: the row is quarantined and the rest of the table loads.
warning: the row loads and the finding is reported.
pandera checks carry the rule id as their error text, so a failure maps back here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rule:
    id: str
    message: str
    severity: Severity = "error"
    #: The column a row-level rule is about (DfE name), for rules that span columns.
    column: str | None = None


RULES: dict[str, Rule] = {
    r.id: r
    for r in [
        Rule("REQUIRED", "a required value is blank"),
        Rule("CODE", "not a valid code for this collection year"),
        Rule("DATE_FORMAT", "not a date in dd/mm/YYYY (or YYYY-MM-DD) form with a four-digit year"),
        Rule("TYPE", "value of the wrong type"),
        Rule("FUTURE_DATE", "dated after the end of the extract month"),
        Rule("DUPLICATE_CHILD", "the same child appears more than once", column="CHILD"),
        Rule("DEC_BEFORE_DECOM", "the episode ends (DEC) before it starts (DECOM)", column="DEC"),
        Rule(
            "DUPLICATE_EPISODE",
            "two episodes for this child start on the same date",
            column="DECOM",
        ),
        Rule(
            "EPISODE_OVERLAP",
            "the episode starts before this child's previous episode ended",
            column="DECOM",
        ),
        Rule(
            "REC_CODE",
            "REC is not a valid reason for ending an episode in this collection year",
            column="REC",
        ),
        Rule(
            "DEC_WITHOUT_REC", "the episode has an end date (DEC) but no reason (REC)", column="REC"
        ),
        Rule(
            "REC_ON_OPEN_EPISODE",
            "REC is filled on an open episode (no DEC); it is ignored",
            "warning",
            "REC",
        ),
        Rule("NOT_IN_HEADER", "the child is not in the header file", column="CHILD"),
        Rule(
            "DUC_BEFORE_DOB",
            "the date UASC status ceased (DUC) is before the date of birth",
            column="DUC",
        ),
        Rule("MIS_END_BEFORE_START", "the missing episode ends before it starts", column="MIS_END"),
    ]
}

#: pandera's own check names for the built-in checks, mapped to our rules.
PANDERA_BUILTIN = {
    "not_nullable": "REQUIRED",
    "isin": "CODE",
    "dtype": "TYPE",
    "column_in_dataframe": "TYPE",
    "less_than_or_equal_to": "FUTURE_DATE",
}

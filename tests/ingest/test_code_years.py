"""Code lists per collection year, checked against the DfE validator's own rule files (the
years it covers, 2022/23 to 2026/27), and a placement judged by the codes of its own year."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from extracts import KEY, LA, land

from ingest.landing import read_month
from ingest.stage import stage_month
from schemas.codes import valid_codes

ROOT = Path(__file__).resolve().parents[2]
RULESETS = sorted((ROOT / ".venv-dfe").glob("lib/python*/site-packages/lac_validator/rules"))
YEARS = {"lac2022_23": 2023, "lac2023_24": 2024, "lac2024_25": 2025, "lac2025_26": 2026,
         "lac2026_27": 2027}  # fmt: skip
#: DfE rule -> the code list it checks.
CODE_RULES = {"103": "ETHNIC", "131": "IN_TOUCH", "132": "ACTIV", "133": "ACCOM", "143": "RNE",
              "144": "LS", "145": "CIN", "146": "PLACE", "149": "REC", "167": "REVIEW_CODE",
              "175": "NB_ADOPTR", "176": "SEX_ADOPTR", "177": "LS_ADOPTR", "196": "SDQ_REASON",
              "631": "PREV_PERM", "1006": "MISSING", "1009": "REASON_PLACE_CHANGE",
              "120": "REASON_PLACED_CEASED"}  # fmt: skip
#: Where we follow the DfE's guidance, not the validator (docs/dfe-parity.md says why):
#: (rule, year) -> (codes only the validator accepts, codes only we accept).
DELIBERATE = {
    # 2024/25: the validator lists a lower-case "k3" (so rejects K3, supported accommodation,
    # new that year) and still lists P2 (independent living, withdrawn from 28 October 2023).
    ("146", 2025): ({"k3", "P2"}, {"K3"}),
}


def validator_codes(ruleset: str, rule: str) -> set[str] | None:
    """The longest list of string constants in the rule's validate(), from the ruleset that
    last changed it (a ruleset holds only the rules it adds or changes)."""
    names = [n for n in YEARS if YEARS[n] <= YEARS[ruleset]]
    for name in reversed(names):
        path = RULESETS[0] / name / f"rule_{rule}.py"
        if path.exists():
            tree = ast.parse(path.read_text())
            validate = next(
                n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "validate"
            )
            lists = [
                {e.value for e in node.elts}
                for node in ast.walk(validate)
                if isinstance(node, ast.List)
                and node.elts
                and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)
            ]
            return max(lists, key=len)
    return None


@pytest.mark.skipif(not RULESETS, reason="no .venv-dfe (make .venv-dfe/.installed)")
@pytest.mark.parametrize("ruleset", YEARS)
def test_code_lists_are_the_validators_but_for_the_deliberate_differences(ruleset: str) -> None:
    year = YEARS[ruleset]
    for rule, code_type in CODE_RULES.items():
        theirs = validator_codes(ruleset, rule)
        ours = set(valid_codes(code_type, year))
        only_theirs, only_ours = DELIBERATE.get((rule, year), (set(), set()))
        assert (theirs - ours, ours - theirs) == (only_theirs, only_ours), (rule, code_type)


def test_which_placement_types_go_when() -> None:
    # H5 and Z1 last in 2024/25; P2 last in 2023/24 (ended 28 October 2023: rule 217t);
    # K3 from 2024/25; Z11-Z14 from 2025/26.
    assert {"H5", "P2", "Z1"} <= set(valid_codes("PLACE", 2024))
    assert {"H5", "Z1", "K3"} <= set(valid_codes("PLACE", 2025)) and "P2" not in valid_codes(
        "PLACE", 2025
    )
    in_2026 = set(valid_codes("PLACE", 2026))
    assert {"Z11", "Z12", "Z13", "Z14", "K3"} <= in_2026 and not {"H5", "P2", "Z1"} & in_2026


HEADER = """
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
A1,M,01/01/2008,WBRI,,,
B2,M,01/01/2008,WBRI,,,
"""
EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A1,01/01/2019,S,C2,N1,H5,PR4,01/03/2019,E8,,,,
B2,01/01/2019,S,C2,N1,H5,PR4,,,,,,
"""


def test_a_placement_is_judged_by_the_codes_of_the_last_return_it_is_in(tmp_path: Path) -> None:
    # March 2026 (2025/26, no H5): A1's H5 placement ended in 2018/19, when H5 was valid; B2's
    # is still open, so it is in this year's return, where H5 is not a code.
    folder = land(tmp_path, "2026-03", {"header": HEADER, "episodes": EPISODES})
    staged = stage_month(read_month(folder), dt.date(2026, 3, 31), KEY, LA, 1.0)
    findings = staged["episodes"].findings.filter(pl.col("rule_id") == "DFE-146")
    assert findings.select("line", "severity").rows() == [(3, "error")]

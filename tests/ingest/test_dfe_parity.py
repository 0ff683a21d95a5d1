"""The parity harness (benchmarks/dfe_parity.py) on a three-child 2022/23 return.

tests/data/dfe_parity/tiny holds it; tiny-dfe.json is what the DfE validator (ruleset
lac2022_23) found in it, committed so that the comparison runs without .venv-dfe. Worked out
by hand:
- header line 3 (child 2): ETHNIC XXXX is not a code: 103, both sides;
- header line 3: a girl in care (not on short breaks) with MOTHER blank: 393, both sides;
- episodes line 3 (child 2): DEC without REC: 148, both sides;
- episodes line 4 (child 3): PLACE Q9 is not a code: 146, both sides.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import dfe_parity  # noqa: E402

TINY = ROOT / "tests" / "data" / "dfe_parity" / "tiny"
COMMITTED = json.loads((TINY.parent / "tiny-dfe.json").read_text())


def test_our_findings_on_the_tiny_return() -> None:
    # Child 2, a girl looked after this year with MOTHER blank, is 165 (our DFE-165w): the
    # validator runs 165 only when an OC3 table is landed, and the tiny return has none.
    assert dfe_parity.our_findings(TINY, 2023) == {
        ("header", 3, "103"),
        ("header", 3, "393"),
        ("header", 3, "165"),
        ("episodes", 3, "148"),
        ("episodes", 4, "146"),
    }


def test_the_comparison_counts_agreeing_and_one_sided_findings() -> None:
    parity = dfe_parity.Parity()
    theirs = {tuple(f) for f in COMMITTED["findings"]}
    parity.add(theirs, dfe_parity.our_findings(TINY, 2023), dfe_parity.implemented_rules())
    rules = parity.rules
    assert (rules["103"].theirs, rules["103"].ours, rules["103"].agree) == (1, 1, 1)
    assert (rules["146"].agree, rules["148"].agree) == (1, 1)
    total = parity.total()
    assert (total.theirs, total.ours, total.agree, total.union) == (4, 5, 4, 5)
    summary = dfe_parity.summary_lines(parity)
    assert summary[0].startswith("all findings: theirs 4, ours 5, agree 4 (80.0% of the union 5)")
    assert "| 393 | yes | 1 | 1 | 1 | 0 | 0 | 100.0% |" in dfe_parity.table_lines(parity)


def test_one_sided_findings_and_a_rule_we_do_not_implement() -> None:
    # 148: ours flags line 2, theirs line 3: no agreement, each one-sided. 399: theirs only.
    parity = dfe_parity.Parity()
    parity.add({("episodes", 3, "148"), ("header", 2, "399")}, {("episodes", 2, "148")}, {"148"})
    rule = parity.rules["148"]
    assert (rule.ours_only, rule.theirs_only, rule.union, rule.agreement) == (1, 1, 2, 0.0)
    assert "| 399 | no | 1 | 0 | 0 | 0 | 1 | 0.0% |" in dfe_parity.table_lines(parity)
    assert dfe_parity.summary_lines(parity)[2] == (
        "DfE rules firing that we do not implement: 1, with 1 findings"
    )


@pytest.mark.skipif(
    not dfe_parity.DFE_PYTHON.exists(), reason="no .venv-dfe (make .venv-dfe/.installed)"
)
def test_the_dfe_validator_still_finds_what_the_fixture_says(tmp_path: Path) -> None:
    # Run on a copy: the harness caches the validator's answer beside the folder.
    for path in TINY.glob("*.csv"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    found = dfe_parity.dfe_findings(tmp_path, 2023)
    assert found["ruleset"] == COMMITTED["ruleset"]
    assert sorted(map(tuple, found["findings"])) == sorted(map(tuple, COMMITTED["findings"]))

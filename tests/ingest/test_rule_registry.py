"""Every rule a schema names exists in the registry, with a message and a severity."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.stage import rule_of
from schemas import core
from schemas.rules import RULES


def test_every_check_in_the_schemas_names_a_registered_rule() -> None:
    named = set(re.findall(r'error="(\w+)"', Path(core.__file__).read_text()))
    assert named, "the schemas name their rules with error=..."
    assert named <= set(RULES)


def test_builtin_pandera_checks_map_to_rules() -> None:
    assert rule_of("not_nullable") == "REQUIRED"
    assert rule_of("isin(['C1', 'C2'])") == "CODE"
    assert rule_of("less_than_or_equal_to(2018-01-31)") == "FUTURE_DATE"
    with pytest.raises(KeyError):
        rule_of("some_new_check")

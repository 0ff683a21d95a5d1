"""Every rule a schema names exists in the registry, with a message and a severity, and every
DfE code the registry maps a generic rule to is a registered rule."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.stage import rule_of
from schemas.contract import TABLES
from schemas.core import MODELS
from schemas.rules import DFE_SPECIFIC, RULES, specific


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_check_of_every_table_names_a_registered_rule(table: str) -> None:
    schema = MODELS[table](dt.date(2018, 1, 31)).to_schema()
    checks = [c.error or c.name for c in schema.checks] + [
        c.error or c.name for column in schema.columns.values() for c in column.checks
    ]
    for check in checks:
        assert rule_of(check) in RULES, check


def test_every_table_has_a_model_and_every_dfe_mapping_a_rule() -> None:
    assert set(MODELS) == set(TABLES)
    assert set(DFE_SPECIFIC.values()) <= set(RULES)


def test_generic_rules_become_the_dfes_own_on_903_tables_only() -> None:
    assert specific("CODE", "episodes", "LS", dfe_table=True) == "DFE-144"
    assert specific("NOT_IN_HEADER", "reviews", "CHILD", dfe_table=True) == "DFE-INT08"
    assert specific("ENDS_BEFORE_START", "missing", "MIS_END", dfe_table=True) == "DFE-567"
    assert specific("CODE", "exploitation", "SEX", dfe_table=False) == "CODE"
    assert specific("FUTURE_DATE", "episodes", "DECOM", dfe_table=True) == "FUTURE_DATE"


def test_builtin_pandera_checks_map_to_rules() -> None:
    assert rule_of("not_nullable") == "REQUIRED"
    assert rule_of("isin(['C1', 'C2'])") == "CODE"
    assert rule_of("less_than_or_equal_to(2018-01-31)") == "FUTURE_DATE"
    assert rule_of("ENDS_BEFORE_START:DEC") == "ENDS_BEFORE_START"
    with pytest.raises(KeyError):
        rule_of("some_new_check")


def test_the_rules_staging_applies_outside_pandera_are_registered() -> None:
    """Reading and plausibility findings are made in ingest/, not by a pandera check: each
    names a rule of the registry, with its severity."""
    assert {
        r: RULES[r].severity
        for r in ("SKIPPED_FILE", "DATE_BEFORE_1900", "FIELD_LENGTH", "VALUE_TOO_LONG")
    } == {
        "SKIPPED_FILE": "warning",
        "DATE_BEFORE_1900": "error",
        "FIELD_LENGTH": "error",
        "VALUE_TOO_LONG": "error",
    }

"""The quality checks as plain data: a suite of Great Expectations expectations and the outcome
of running it. A module of their own, importing neither GE nor the suites: the suites are built
in ``warehouse/quality.py``, run by GE in ``warehouse/data_docs.py`` (in a worker process), and
their outcomes read back by the Dagster checks (``pipelines/assets/quality.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Expectation:
    """One GE expectation: its class in ``great_expectations.expectations`` and arguments."""

    kind: str
    kwargs: dict[str, Any]
    description: str


@dataclass(frozen=True)
class Suite:
    """A GE expectation suite, run as one Dagster asset check of the same name on the frame
    ``frame`` (``kpi`` or ``reconciliation``); ``index`` names a failing row in the Data Docs.
    A blocking suite that fails stops the marts being published; the others only warn."""

    name: str
    description: str
    blocking: bool
    frame: str
    index: tuple[str, ...]
    expectations: tuple[Expectation, ...]


@dataclass(frozen=True)
class Outcome:
    """One suite's result: whether it passed, and each failed expectation's description with
    the rows it failed on (their index columns: aggregates only). Plain data, defined apart from
    GE, so that reading it back from the GE worker does not import GE."""

    suite: str
    success: bool
    evaluated: int
    failures: dict[str, list[dict[str, Any]]]

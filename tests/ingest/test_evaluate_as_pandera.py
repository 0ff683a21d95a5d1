"""schemas.evaluate (every check of a table in one polars query) gives exactly what pandera's own
lazy validation gives, on whole months: the DfE's messy fake return, the five demand-model
years and a synthetic month with every table (2026/27, so DoLo too). Each table's frame is
judged both ways as staging builds it, and the failure cases must be equal, order included; so
must the month's findings staged each way. New rules are covered as they are added."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from extracts import KEY, LA

import ingest.stage
from ingest.landing import read_month
from ingest.stage import stage_tables
from schemas.core import MODELS
from schemas.evaluate import failure_cases, pandera_failure_cases
from schemas.row_rules import Model
from synthetic import write_county

EXTERNAL = Path(__file__).resolve().parents[1] / "data" / "external"
DFE_TABLES = ["header", "episodes", "uasc", "reviews", "missing", "oc2", "oc3", "ad1",
              "placed_for_adoption", "previous_permanence", "sw_episodes"]  # fmt: skip
DEMAND_TABLES = ["header", "episodes", "uasc", "reviews", "missing", "oc2", "oc3",
                 "previous_permanence"]  # fmt: skip
SYNTHETIC_MONTH = "2026-06"


def landing(root: Path, files: dict[str, Path]) -> Path:
    folder = root / LA / "2018-03"
    folder.mkdir(parents=True)
    for name, source in files.items():
        shutil.copy(source, folder / name)
    (folder / "READY").touch()
    return folder


@pytest.fixture(scope="module")
def months(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dt.date]]:
    root = tmp_path_factory.mktemp("months")
    fake = {f"{t}.csv": EXTERNAL / "dfe-validator-fake" / f"{t}.csv" for t in DFE_TABLES}
    folders = {"dfe-fake": (landing(root / "fake", fake), dt.date(2018, 3, 31))}
    for year in range(2017, 2022):
        files = {f"{t}.csv": EXTERNAL / "demand-model-samples" / f"{year}-{t}.csv"
                 for t in DEMAND_TABLES}  # fmt: skip
        folders[f"demand-{year}"] = (landing(root / str(year), files), dt.date(year + 1, 3, 31))
    (synthetic,) = write_county(
        root / "synthetic",
        first_month=SYNTHETIC_MONTH,
        last_month=SYNTHETIC_MONTH,
        history_start="2024-04-01",
    )
    folders["synthetic"] = (synthetic, dt.date(2026, 6, 30))
    return folders


def same(one: pl.DataFrame, other: pl.DataFrame) -> bool:
    """Equal rows in the same order, and the same columns and types."""
    return one.schema == other.schema and one.equals(other, null_equal=True)


def staged_with(
    evaluate: Callable[[Model, pl.DataFrame], pl.DataFrame],
    folder: Path,
    month_end: dt.date,
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, pl.DataFrame]:
    with monkeypatch.context() as patched:
        patched.setattr(ingest.stage, "failure_cases", evaluate)
        staged = stage_tables(read_month(folder), month_end, KEY, LA)
    return {table: s.findings for table, s in staged.items()}


@pytest.mark.parametrize(
    "name", ["dfe-fake", *(f"demand-{y}" for y in range(2017, 2022)), "synthetic"]
)
def test_each_table_fails_the_same_rows_of_the_same_checks_as_in_pandera(
    months: dict[str, tuple[Path, dt.date]], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, month_end = months[name]
    judged: list[tuple[str, pl.DataFrame, pl.DataFrame]] = []

    def both(model: Model, frame: pl.DataFrame) -> pl.DataFrame:
        ours = failure_cases(model, frame)
        judged.append((model.__name__, ours, pandera_failure_cases(model, frame)))
        return ours

    ours = staged_with(both, folder, month_end, monkeypatch)
    assert len(judged) == len(ours), "every table landed is judged"
    for model, cases, by_pandera in judged:
        assert same(cases, by_pandera), model
    # The comparison means something: rows fail, and more than one kind of check.
    failed = pl.concat(cases for _, cases, _ in judged)
    assert failed.height > 0
    assert failed["check"].n_unique() > 1
    by_pandera = staged_with(pandera_failure_cases, folder, month_end, monkeypatch)
    assert ours.keys() == by_pandera.keys()
    for table in ours:
        assert same(ours[table], by_pandera[table]), table


def test_a_column_of_the_wrong_type_cannot_be_checked_as_in_pandera() -> None:
    # A header whose DOB is text, not a date: pandera reports the type, and the rules that
    # cannot run on text, with no row (staging then rejects the file); so does the one query.
    model = MODELS["header"](dt.date(2018, 3, 31))
    facts = ["_looked_after_this_year", "_looked_after", "_episodes_or_oc3", "_upn_ok",
             "_short_breaks_only", "_reviewed", "_ceased_in_year"]  # fmt: skip
    frame = pl.DataFrame(
        {"line": [2], "child_id": ["c1"], "sex": ["M"], "dob": ["01/06/2010"], "ethnic": ["WBRI"]}
    ).with_columns(
        pl.lit(None, pl.String).alias("mother"), *(pl.lit(False).alias(f) for f in facts)
    )
    ours = failure_cases(model, frame)
    # DOB's type; its FUTURE_DATE check (text against a date); rule 351 (a date of text).
    # (Rules reading facts this frame lacks cannot run either: pandera says the same, below.)
    unchecked = ours.filter(pl.col("index").is_null())
    assert {
        ("dtype('Date')", "dob"),
        ("less_than_or_equal_to(2018-03-31)", "dob"),
        ("DFE-351", "Header"),
    } <= set(unchecked.select("check", "column").rows())
    in_order = [pl.col("index").is_not_null(), "check"]
    assert same(ours.sort(in_order), pandera_failure_cases(model, frame).sort(in_order))

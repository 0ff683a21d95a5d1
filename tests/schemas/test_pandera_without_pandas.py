"""schemas/__init__.py imports pandera as a polars-only install would: not pandas or numpy, which
pandera's top level imports whenever they are installed. Each case runs in a fresh interpreter,
since this test's own process may have imported pandas already."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_staging_imports_neither_pandas_nor_numpy() -> None:
    loaded = run("""
        import sys
        import ingest.stage
        print(sorted(m for m in ("pandas", "numpy") if m in sys.modules))
    """)
    assert loaded == "[]"


def test_pandas_and_pandera_work_afterwards() -> None:
    # A header row without its SEX: pandera itself still validates the model and says so, and
    # pandas and numpy import as usual once the schemas are in.
    out = run("""
        import datetime as dt
        import polars as pl
        from schemas.core import MODELS
        from pandera.errors import SchemaErrors
        import numpy, pandas
        model = MODELS["uasc"](dt.date(2018, 3, 31))
        frame = pl.DataFrame({"line": [2], "child_id": ["c"], "sex": [None], "_in_header": [True],
                              "dob": [dt.date(2010, 1, 1)], "duc": [None],
                              "_uasc_ceased_unsupported": [False]},
                             schema_overrides={"sex": pl.String, "duc": pl.Date})
        try:
            model.validate(frame, lazy=True)
        except SchemaErrors as errors:
            print(errors.failure_cases.select("column", "check").rows())
        print(pandas.DataFrame({"a": [1]}).shape, numpy.arange(3).sum())
    """)
    assert out.splitlines() == ["[('sex', 'not_nullable')]", "(1, 1) 3"]


def test_with_pandas_imported_first_pandera_is_imported_whole() -> None:
    loaded = run("""
        import pandas
        import pandera
        import schemas.core
        print(hasattr(pandera, "DataFrameSchema"))
    """)
    assert loaded == "True"

"""The named example queries of docs/queries/dashboard.sql, and a script that runs them all, as a
report tool would, in its own process with the published file opened read-only:

    python tests/ops/report_queries.py data/published/marts_873.duckdb [repeat-until-file]

It prints one line per query (name and row count) and exits 1 on the first failure. With a
second argument it repeats the whole set until that file exists (a run finishing), then\nruns it once more."""

import re
import sys
import time
from pathlib import Path

import duckdb

QUERIES = Path(__file__).resolve().parents[2] / "docs" / "queries" / "dashboard.sql"


def named_queries(path: Path = QUERIES) -> dict[str, str]:
    """name -> SQL for each ``-- name:`` block of the file."""
    blocks = re.split(r"^-- name:[ \t]*(\w+)[ \t]*$", path.read_text(), flags=re.MULTILINE)
    return {name: sql.strip() for name, sql in zip(blocks[1::2], blocks[2::2], strict=True)}


def run_all(marts: Path) -> dict[str, int]:
    """Row count of each query, on a fresh read-only connection (a new reader per pass)."""
    with duckdb.connect(str(marts), read_only=True) as con:
        return {name: len(con.execute(sql).fetchall()) for name, sql in named_queries().items()}


if __name__ == "__main__":
    marts = Path(sys.argv[1])
    until = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    passes = 0
    try:
        while until is not None and not until.exists():
            run_all(marts)
            passes += 1
            time.sleep(0.2)
        # A last pass once the run is over: what a reader opening the file now sees.
        counts = run_all(marts)
    except duckdb.Error as error:
        print(f"FAILED after {passes} pass(es): {error}")
        sys.exit(1)
    for name, rows in counts.items():
        print(f"{name} {rows}")
    print(f"passes {passes}")

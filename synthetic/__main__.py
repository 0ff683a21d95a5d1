"""`python -m synthetic --landing data/landing`: write the synthetic county's monthly extracts."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .county import write_county


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m synthetic",
        description="Write a synthetic county's monthly SSDA903 extracts (clearly marked as "
        "synthetic) into a landing folder: <landing>/<la>/<YYYY-MM>/.",
    )
    parser.add_argument("--landing", type=Path, required=True, help="landing root folder")
    parser.add_argument("--la", default="873", help="DfE LA code (default 873, Cambridgeshire)")
    parser.add_argument("--first", default="2017-04", help="first extract month YYYY-MM")
    parser.add_argument("--last", default="2018-03", help="last extract month YYYY-MM")
    parser.add_argument(
        "--history-start", default="2015-04-01", help="earliest date the extracts look back to"
    )
    parser.add_argument("--seed", type=int, default=873, help="random seed (default 873)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    folders = write_county(
        args.landing,
        la_code=args.la,
        first_month=args.first,
        last_month=args.last,
        history_start=args.history_start,
        seed=args.seed,
    )
    elapsed = time.perf_counter() - started
    print(
        f"Wrote {len(folders)} synthetic extract month(s) under {args.landing / args.la} "
        f"in {elapsed:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

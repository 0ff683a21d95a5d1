"""The synthetic county: DfE-shaped monthly snapshots that are consistent and calibrated.

The county is generated once per module (default arguments: LA 873, April 2017 to March 2018)
and every figure is recomputed here from the CSV files, independently of the generator.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from extract_files import as_date, month_bounds, read

from schemas.contract import TABLES
from synthetic import write_county
from synthetic.__main__ import parse_args

# Every table of the extract contract in 2017/18 (DoLo joins in 2026/27: see test_dolo.py),
# DfE columns in DfE order (optional ones included).
TABLE_COLUMNS = {
    name: list(spec.known_columns) for name, spec in TABLES.items() if spec.first_year <= 2018
}
# Dates that may not lie after the month end (DUC, the end of UASC status, may).
EVENT_DATES = {
    "header": ["DOB", "MC_DOB"],
    "episodes": ["DECOM", "DEC"],
    "reviews": ["DOB", "REVIEW"],
    "missing": ["DOB", "MIS_START", "MIS_END"],
    "oc2": ["DOB"],
    "oc3": ["DOB"],
    "ad1": ["DOB", "DATE_INT", "DATE_MATCH"],
    "placed_for_adoption": ["DOB", "DATE_PLACED", "DATE_PLACED_CEASED"],
    "previous_permanence": ["DOB", "DATE_PERM"],
    "sw_episodes": ["DOB", "SW_DECOM", "SW_DEC"],
    "visits": ["VISIT_DATE"],
    "health_checks": ["CHECK_DATE"],
    "care_leavers": ["DOB", "CONTACT_DATE", "PATHWAY_PLAN_DATE"],
    "exploitation": ["DOB", "START_DATE", "END_DATE"],
    "education": ["RECORD_DATE", "PEP_DATE"],
    "workforce": ["MONTH_END"],
}
CODES_2017_18 = {
    "RNE": {"S", "L", "P", "T", "U", "B"},
    "LS": {"C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"},
    "CIN": {f"N{k}" for k in range(1, 9)},
    "PLACE": {
        "A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1",
        "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1",
    },
    "PLACE_PROVIDER": {"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"},
    "REC": {
        "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E43", "E44", "E5", "E6", "E7",
        "E8", "E9", "E14", "E15", "E16", "E17", "X1",
        # Valid in every year as the DfE validator lists them (schemas/codes.py says why).
        "E45", "E46", "E47", "E48",
    },
    "REASON_PLACE_CHANGE": {
        "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ",
        "PLACE", "OTHER",
    },
}  # fmt: skip
SHORT_BREAKS = ["V3", "V4"]


@pytest.fixture(scope="module")
def monthly(folders: list[Path]) -> pl.DataFrame:
    """Per month, worked out from the files: in care at the month end (short breaks left out),
    boys and UASC among them, starts and ceases in the month."""
    rows = []
    for folder in folders:
        first, end = month_bounds(folder.name)
        episodes = read(folder, "episodes").with_columns(decom=as_date("DECOM"), dec=as_date("DEC"))
        episodes = episodes.filter(~pl.col("LS").is_in(SHORT_BREAKS))
        in_care = (
            episodes.filter(
                (pl.col("decom") <= end) & (pl.col("dec").is_null() | (pl.col("dec") > end))
            )
            .select("CHILD")
            .unique()
        )
        header = read(folder, "header").join(in_care, on="CHILD", how="semi")
        uasc = (
            read(folder, "uasc").filter(as_date("DUC") > end).join(in_care, on="CHILD", how="semi")
        )
        rows.append(
            {
                "month": folder.name,
                "in_care": in_care.height,
                "male_share": (header["SEX"] == "1").mean(),
                "uasc_share": uasc.height / in_care.height,
                "starts": episodes.filter(
                    (pl.col("RNE") == "S") & pl.col("decom").is_between(first, end)
                ).height,
                "ceases": episodes.filter(
                    pl.col("dec").is_between(first, end) & (pl.col("REC") != "X1")
                ).height,
            }
        )
    return pl.DataFrame(rows)


def test_one_folder_per_month_in_order(folders: list[Path]) -> None:
    assert [f.name for f in folders] == [f"2017-{m:02d}" for m in range(4, 13)] + [
        "2018-01", "2018-02", "2018-03",
    ]  # fmt: skip
    assert all(f.parent.name == "873" for f in folders)


def test_each_folder_has_the_tables_with_dfe_headers_and_markers(folders: list[Path]) -> None:
    for folder in folders:
        for table, columns in TABLE_COLUMNS.items():
            first_line = (folder / f"{table}.csv").read_bytes().split(b"\n", 1)[0]
            assert first_line.decode("utf-8") == ",".join(columns), (folder.name, table)
        assert (folder / "READY").read_bytes() == b""
        note = (folder / "SYNTHETIC").read_text(encoding="utf-8")
        assert note.count("\n") == 1 and "SYNTHETIC" in note and "seed 873" in note


def test_ready_is_written_last(folders: list[Path]) -> None:
    for folder in folders:
        ready = (folder / "READY").stat().st_mtime_ns
        others = [p.stat().st_mtime_ns for p in folder.iterdir() if p.name != "READY"]
        assert ready >= max(others)


def test_files_are_plain_utf8_with_unix_line_endings(folders: list[Path]) -> None:
    content = (folders[0] / "episodes.csv").read_bytes()
    assert b"\r" not in content and not content.startswith(b"\xef\xbb\xbf")
    content.decode("utf-8")


def test_same_arguments_give_byte_identical_files(folders: list[Path], tmp_path: Path) -> None:
    again = write_county(tmp_path)
    for first, second in zip(folders, again, strict=True):
        names = sorted(p.name for p in first.iterdir())
        assert names == sorted(p.name for p in second.iterdir())
        for name in names:
            assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_nothing_is_dated_after_the_month_end(folders: list[Path]) -> None:
    for folder in folders:
        _, end = month_bounds(folder.name)
        for table, columns in EVENT_DATES.items():
            frame = read(folder, table)
            for column in columns:
                latest = frame.select(as_date(column).max()).item()
                assert latest is None or latest <= end, (folder.name, table, column, latest)


def test_open_episodes_have_no_end_reason(folders: list[Path]) -> None:
    for folder in folders:
        episodes = read(folder, "episodes")
        open_ = episodes.filter(pl.col("DEC").is_null())
        assert open_["REC"].null_count() == open_.height
        assert open_["REASON_PLACE_CHANGE"].null_count() == open_.height
        closed = episodes.filter(pl.col("DEC").is_not_null())
        assert closed["REC"].null_count() == 0


def test_each_child_has_at_most_one_open_episode(folders: list[Path]) -> None:
    episodes = read(folders[-1], "episodes").filter(pl.col("DEC").is_null())
    assert episodes["CHILD"].is_duplicated().sum() == 0


def test_x1_chains_are_consecutive_and_periods_start_with_s(folders: list[Path]) -> None:
    for folder in (folders[0], folders[-1]):
        episodes = (
            read(folder, "episodes")
            .with_columns(decom=as_date("DECOM"), dec=as_date("DEC"))
            .sort("CHILD", "decom")
            .with_columns(
                next_decom=pl.col("decom").shift(-1).over("CHILD"),
                prev_rec=pl.col("REC").shift(1).over("CHILD"),
                prev_dec=pl.col("dec").shift(1).over("CHILD"),
            )
        )
        x1 = episodes.filter(pl.col("REC") == "X1")
        assert (x1["next_decom"] == x1["dec"]).all()
        continuing = episodes.filter(pl.col("prev_rec") == "X1")
        assert (continuing["RNE"] != "S").all()
        new_periods = episodes.filter(pl.col("prev_rec").is_null() | (pl.col("prev_rec") != "X1"))
        assert (new_periods["RNE"] == "S").all()
        after_a_gap = new_periods.filter(pl.col("prev_dec").is_not_null())
        assert (after_a_gap["decom"] > after_a_gap["prev_dec"]).all()


def test_every_child_is_in_the_header_once(folders: list[Path]) -> None:
    for folder in folders:
        header = read(folder, "header")
        assert header["CHILD"].is_unique().all()
        known = set(header["CHILD"])
        for table in TABLE_COLUMNS.keys() - {"exploitation", "workforce"}:
            assert set(read(folder, table)["CHILD"]) <= known, (folder.name, table)
        # The header holds the children with episodes and the care leavers contacted.
        leavers = set(read(folder, "care_leavers")["CHILD"])
        assert set(read(folder, "episodes")["CHILD"]) | leavers == known


def test_child_ids_are_6_or_7_digit_strings(folders: list[Path]) -> None:
    ids = read(folders[-1], "header")["CHILD"]
    assert ids.str.contains(r"^\d{6,7}$").all()


def test_codes_are_valid_for_2017_18(folders: list[Path]) -> None:
    episodes = read(folders[-1], "episodes")
    for column, valid in CODES_2017_18.items():
        used = set(episodes[column].drop_nulls())
        assert used <= valid, (column, used - valid)
    assert set(read(folders[-1], "header")["SEX"]) <= {"1", "2"}
    assert set(read(folders[-1], "reviews")["REVIEW_CODE"]) <= {f"PN{k}" for k in range(8)}
    assert set(read(folders[-1], "missing")["MISSING"]) <= {"M", "A"}


def test_provider_pr0_only_for_placed_with_parents(folders: list[Path]) -> None:
    episodes = read(folders[-1], "episodes")
    assert set(episodes.filter(pl.col("PLACE_PROVIDER") == "PR0")["PLACE"]) <= {"P1"}
    assert set(episodes.filter(pl.col("PLACE") == "P1")["PLACE_PROVIDER"]) <= {"PR0"}


def test_short_breaks_are_short(folders: list[Path]) -> None:
    # DfE rule 365: a V3 break lasts at most 17 days.
    breaks = (
        read(folders[-1], "episodes")
        .filter(pl.col("LS").is_in(SHORT_BREAKS) & pl.col("DEC").is_not_null())
        .select(days=(as_date("DEC") - as_date("DECOM")).dt.total_days())
    )
    assert breaks.height > 100
    assert breaks["days"].max() <= 17


def test_children_in_care_each_month(monthly: pl.DataFrame) -> None:
    assert monthly["in_care"].min() >= 660
    assert monthly["in_care"].max() <= 730


def test_sex_and_uasc_shares(monthly: pl.DataFrame) -> None:
    assert monthly["male_share"].is_between(0.52, 0.62).all()
    assert monthly["uasc_share"].is_between(0.08, 0.12).all()


def test_starts_and_ceases_per_month(monthly: pl.DataFrame) -> None:
    assert 17 <= monthly["starts"].mean() <= 30
    assert 17 <= monthly["ceases"].mean() <= 30


def test_command_line_defaults() -> None:
    args = parse_args(["--landing", "data/landing"])
    assert (args.la, args.first, args.last, args.seed) == ("873", "2017-04", "2018-03", 873)
    with pytest.raises(SystemExit):
        parse_args(["--help"])

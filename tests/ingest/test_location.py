"""Placement location from real postcodes: upper-tier authority, in or out of county, and the
straight-line distance from home, each distance worked by hand from the ONS Postcode
Directory's grid references (OS eastings and northings, metres; a mile is 1609.344 m)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from extracts import HEADER, KEY, LA, land

from ingest.landing import read_month
from ingest.location import (
    LOCATION_SCHEMA,
    area_places,
    build_area_places,
    places_cache,
    with_location,
)
from ingest.stage import empty_staged, stage_month

CAMBRIDGESHIRE = "E10000003"
PETERBOROUGH = "E06000031"
WESTMINSTER = "E09000033"
HOME = "CB4 1AA"  # Cambridge: E 545333, N 259499


def locate(pl_post: str | None, home_post: str | None = HOME) -> dict:
    frame = pl.DataFrame(
        {"home_post": [home_post], "pl_post": [pl_post]},
        schema={"home_post": pl.String, "pl_post": pl.String},
    )
    located = with_location(frame, LA)
    return located.select("placement_la", "placement_location", "distance_miles").row(0, named=True)


def test_a_cambridgeshire_placement_is_in_county() -> None:
    # CB6 1AA (Ely, East Cambridgeshire, upper tier Cambridgeshire): E 554050, N 280525.
    # dE = 8717, dN = 21026: sqrt(8717^2 + 21026^2) = 22761.3 m = 14.14 miles -> 14.1.
    assert locate("CB6 1AA") == {
        "placement_la": CAMBRIDGESHIRE,
        "placement_location": "in",
        "distance_miles": 14.1,
    }


def test_peterborough_is_out_of_county_though_in_the_historic_county() -> None:
    # PE1 1AA (Peterborough, a unitary authority): E 518685, N 298943.
    # dE = -26648, dN = 39444: sqrt(26648^2 + 39444^2) = 47601.9 m = 29.58 miles -> 29.6.
    assert locate("PE1 1AA") == {
        "placement_la": PETERBOROUGH,
        "placement_location": "out",
        "distance_miles": 29.6,
    }


def test_a_london_placement_is_out_of_county() -> None:
    # SW1A 1AA (Westminster): E 529090, N 179645.
    # dE = -16243, dN = -79854: sqrt(16243^2 + 79854^2) = 81489.2 m = 50.64 miles -> 50.6.
    assert locate("SW1A 1AA") == {
        "placement_la": WESTMINSTER,
        "placement_location": "out",
        "distance_miles": 50.6,
    }


def test_postcodes_are_read_in_any_case_and_spacing() -> None:
    assert locate("cb61aa", home_post=" cb4  1aa ") == locate("CB6 1AA")


def test_a_sector_stands_for_the_centroid_of_its_postcodes() -> None:
    # Sector PE7 4 has eight postcodes: 4AB (512633, 295323) and 4AD (512604, 295405) in
    # Huntingdonshire (Cambridgeshire); 4AE (513425, 295633), 4AF (513395, 295620),
    # 4AJ (513496, 295679), 4AL (513583, 295678), 4AN (513516, 295662) and 4AP (513602, 295722)
    # in Peterborough. Most of them are in Peterborough, so the sector is out of county.
    # Centroid: E 4106254 / 8 = 513281.75, N 2364722 / 8 = 295590.25.
    # dE = -32051.25, dN = 36091.25: 48268.6 m = 29.993 miles -> 30.0.
    assert locate("PE7 4") == {
        "placement_la": PETERBOROUGH,
        "placement_location": "out",
        "distance_miles": 30.0,
    }


def test_a_district_stands_for_the_centroid_of_its_postcodes() -> None:
    located = locate("CB6")
    # Ely's district is in East Cambridgeshire; its centroid lies a few miles from CB6 1AA.
    assert located["placement_la"] == CAMBRIDGESHIRE and located["placement_location"] == "in"
    assert 10 < located["distance_miles"] < 18


def test_a_blank_placement_postcode_is_unknown() -> None:
    for blank in (None, "", "   "):
        assert locate(blank) == {
            "placement_la": None,
            "placement_location": "unknown",
            "distance_miles": None,
        }


def test_a_postcode_not_in_the_directory_is_unknown() -> None:
    # ZZ9 9ZZ is shaped like a postcode but does not exist; the other is not a postcode at all.
    for unknown in ("ZZ9 9ZZ", "NOT KNOWN"):
        assert locate(unknown)["placement_location"] == "unknown"
        assert locate(unknown)["distance_miles"] is None


def test_no_distance_without_a_home_postcode() -> None:
    assert locate("CB6 1AA", home_post=None) == {
        "placement_la": CAMBRIDGESHIRE,
        "placement_location": "in",
        "distance_miles": None,
    }


def test_rows_keep_their_order_and_number() -> None:
    frame = pl.DataFrame(
        {
            "line": [2, 3, 4, 5],
            "home_post": [HOME, HOME, None, HOME],
            "pl_post": ["SW1A 1AA", None, "CB6 1AA", "SW1A 1AA"],
        }
    )
    located = with_location(frame, LA)
    assert located["line"].to_list() == [2, 3, 4, 5]
    assert located["placement_location"].to_list() == ["out", "unknown", "in", "out"]


def test_a_letters_places_are_cached_on_disk_and_read_back_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPR_CACHE", str(tmp_path))
    area_places.cache_clear()
    built = area_places("P")
    cached = places_cache() / "P.parquet"
    assert cached.is_relative_to(tmp_path) and cached.exists()
    assert [p.name for p in cached.parent.iterdir()] == ["P.parquet"]  # no temporary file left
    area_places.cache_clear()
    assert area_places("P").equals(built)
    assert built.equals(build_area_places("P"))
    area_places.cache_clear()


def test_an_unwritable_cache_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("CPR_CACHE", str(blocker))
    area_places.cache_clear()
    assert locate("PE1 1AA")["placement_location"] == "out"  # Peterborough, from a fresh build
    area_places.cache_clear()


def test_an_la_without_a_known_ons_code_is_refused() -> None:
    with pytest.raises(ValueError, match="999"):
        with_location(pl.DataFrame({"home_post": [HOME], "pl_post": [HOME]}), "999")


EPISODES = """
CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A001,01/01/2016,S,C2,N1,U4,PR1,,,,CB4 1AA,SW1A 1AA,
B002,01/01/2017,S,C2,N1,U4,PR1,,,,CB4 1AA,,
"""


def test_staged_episodes_carry_the_location_and_no_postcode(tmp_path: Path) -> None:
    folder = land(tmp_path, "2018-01", {"header": HEADER, "episodes": EPISODES})
    staged = stage_month(read_month(folder), dt.date(2018, 1, 31), KEY, LA, 1.0)
    frame = staged["episodes"].frame
    assert "home_post" not in frame.columns and "pl_post" not in frame.columns
    assert frame.select(*LOCATION_SCHEMA).rows() == [
        (WESTMINSTER, "out", 50.6),
        (None, "unknown", None),
    ]
    # A month without an episodes file loads the same columns, typed the same.
    assert empty_staged("episodes").schema == frame.schema

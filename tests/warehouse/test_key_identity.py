"""The pseudonymisation key is part of the warehouse's identity: a month staged with another key
stops with KeyChanged, writing nothing; re-keying is deliberate and moves every fingerprint."""

from __future__ import annotations

from pathlib import Path

import pytest
from extracts import EXTRACT, KEY, LA, land, month_date

from warehouse.key_identity import KeyChanged, key_fingerprint
from warehouse.runner import connect
from warehouse.staging import load_extract

OTHER_KEY = b"another-key-not-secret"


def load(con, landing: Path, month: str, key: bytes, rekey: bool = False) -> None:
    load_extract(con, landing / LA / month, LA, month_date(month), key, 1.0, rekey=rekey)


def fingerprints(con) -> list[tuple[str, str]]:
    return [
        (f"{month:%Y-%m}", fingerprint)
        for month, fingerprint in con.execute(
            "select extract_month, key_fingerprint from meta.staged_key order by 1"
        ).fetchall()
    ]


def test_the_fingerprint_tells_keys_apart_and_holds_nothing_of_the_key() -> None:
    assert key_fingerprint(KEY) == key_fingerprint(KEY)
    assert key_fingerprint(KEY) != key_fingerprint(OTHER_KEY)
    assert len(key_fingerprint(KEY)) == 16 and KEY.hex()[:8] not in key_fingerprint(KEY)


def test_a_month_staged_with_another_key_stops_and_writes_nothing(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    land(landing, "2017-12", EXTRACT)
    land(landing, "2018-01", EXTRACT)
    with connect(tmp_path / "warehouse.duckdb") as con:
        load(con, landing, "2017-12", KEY)
        with pytest.raises(
            KeyChanged, match=r"1 staged month\(s\) of LA 873 \(2017-12 to 2017-12\)"
        ):
            load(con, landing, "2018-01", OTHER_KEY)
        assert con.execute("select count(*) from meta.extract_load").fetchall() == [(1,)]
        assert fingerprints(con) == [("2017-12", key_fingerprint(KEY))]


def test_rekeying_restages_with_the_new_key_and_the_old_one_then_stops(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    land(landing, "2018-01", EXTRACT)
    with connect(tmp_path / "warehouse.duckdb") as con:
        load(con, landing, "2018-01", KEY)
        before = con.execute("select child_id from staging.stg_header order by 1").fetchall()
        load(con, landing, "2018-01", OTHER_KEY, rekey=True)
        after = con.execute("select child_id from staging.stg_header order by 1").fetchall()
        assert fingerprints(con) == [("2018-01", key_fingerprint(OTHER_KEY))]
        # The same eight children, every one of them under a new id.
        assert len(after) == len(before) == 8 and not set(after) & set(before)
        with pytest.raises(KeyChanged):
            load(con, landing, "2018-01", KEY)

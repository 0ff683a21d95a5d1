"""Pseudonymisation: a keyed HMAC of the LA and CHILD, the key from an owner-only file created on
first use, or from the environment (then no file is written)."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import polars as pl
import pytest

from ingest.pseudonymise import load_key, pseudonymise
from pipelines.settings import load_settings


def test_the_key_file_is_created_owner_only_once_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "secrets" / "pseudonym.key"
    key = load_key(path)
    assert len(key) == 64  # 32 random bytes, hex
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o077 == 0
    assert load_key(path) == key


def test_a_key_in_the_environment_is_used_and_no_file_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPR_PSEUDONYM_KEY", "from-the-vault")
    settings = load_settings()
    path = tmp_path / "secrets" / "pseudonym.key"
    assert load_key(path, settings.pseudonym_key) == b"from-the-vault"
    assert not path.parent.exists()
    assert "from-the-vault" not in repr(settings)  # the settings never show the key


def test_ids_are_the_keyed_hmac_of_la_and_child() -> None:
    ids = pl.Series(["A001", None, "A001", "B002"])
    out = pseudonymise(ids, b"k", "873").to_list()
    a001 = hmac.new(b"k", b"873:A001", hashlib.sha256).hexdigest()[:20]
    assert out[0] == out[2] == a001
    assert out[1] is None
    # Another key, or another LA, gives another pseudonym: the hash cannot be redone without it.
    assert pseudonymise(ids, b"other", "873")[0] != a001
    assert pseudonymise(ids, b"k", "874")[0] != a001

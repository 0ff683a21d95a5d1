"""Child identifiers become a keyed HMAC at staging, so no raw identifier passes this point.

The key lives in a file readable by its owner only (created for the demo on first use) or is
given (the CPR_PSEUDONYM_KEY environment variable, read by pipelines/settings.py); it is never
in the repo, the warehouse or logs.
The LA code is part of the message so the same CHILD in two LAs stays two children.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import polars as pl


def load_key(key_path: Path, given: str | None = None) -> bytes:
    """The given key, else the key file's (created owner-only when there is none)."""
    if given:
        return given.encode()
    if not key_path.exists():
        key_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return key_path.read_text().strip().encode()


def pseudonymise(ids: pl.Series, key: bytes, la_code: str) -> pl.Series:
    """A 20-hex-digit keyed hash per identifier. Hashes each distinct identifier once."""
    distinct = [value for value in ids.unique().to_list() if value is not None]
    digests = [
        hmac.new(key, f"{la_code}:{value}".encode(), hashlib.sha256).hexdigest()[:20]
        for value in distinct
    ]
    return ids.replace_strict(distinct, digests, default=None, return_dtype=pl.String)

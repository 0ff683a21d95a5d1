"""The pseudonymisation key is part of the warehouse's identity: each staged month records the
fingerprint of the key its child ids were made with, and a load with another key stops, since
none of its children would match the months already there. Re-keying is deliberate: ``cpr
rekey`` re-stages every landed month with the new key.

The fingerprint is an HMAC of a constant under the key: it tells two keys apart and says nothing
of the key itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import duckdb

FINGERPRINT_OF = b"corporate-parenting: pseudonymisation key fingerprint"


class KeyChanged(Exception):
    """The key given is not the one the warehouse's months were staged with."""


def key_fingerprint(key: bytes) -> str:
    return hmac.new(key, FINGERPRINT_OF, hashlib.sha256).hexdigest()[:16]


def check_key(con: duckdb.DuckDBPyConnection, la_code: str, key: bytes) -> None:
    """Raises KeyChanged when any staged month of the LA was made with another key. Months
    staged before fingerprints were recorded have none, and are taken as they are."""
    count, first, last = con.execute(
        "select count(*), min(extract_month), max(extract_month) from meta.staged_key "
        "where la_code = $la and key_fingerprint <> $fingerprint",
        {"la": la_code, "fingerprint": key_fingerprint(key)},
    ).fetchall()[0]
    if count:
        raise KeyChanged(
            f"the pseudonymisation key is not the one {count} staged month(s) of LA {la_code} "
            f"({first:%Y-%m} to {last:%Y-%m}) were made with: no child would match "
            "across them. Restore the key (CPR_KEY_FILE / CPR_PSEUDONYM_KEY), or re-key the "
            "warehouse deliberately with `cpr rekey`."
        )


def record_key(con: duckdb.DuckDBPyConnection, la_code: str, month: dt.date, key: bytes) -> None:
    """Within the month's load transaction: the key its child ids were made with."""
    con.execute(
        "insert or replace into meta.staged_key values ($la, $month, $fingerprint, now())",
        {"la": la_code, "month": month, "fingerprint": key_fingerprint(key)},
    )

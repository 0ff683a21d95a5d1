"""A throwaway PostgreSQL server for the tests that run Dagster on PostgreSQL: initdb in a
temporary folder, listening on 127.0.0.1 (and a unix socket in that folder) on a free port, no
password (trust, loopback only), fsync off. Stopped and deleted at the end of the session.

PostgreSQL refuses to run as root (CI runs as root), so there the server runs as the
``postgres`` user Debian's package creates, or ``nobody``, through ``runuser``."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Debian's postgresql package keeps its binaries off PATH, in /usr/lib/postgresql/<v>/bin.
SEARCH = [None, "/usr/local/bin", *sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
SUPERUSER = "cpr"


def postgres_bin(name: str) -> str | None:
    for folder in SEARCH:
        found = shutil.which(name, path=folder)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_user() -> list[str]:
    """The command prefix that runs the server as a user it accepts (not root)."""
    if os.geteuid() != 0:
        return []
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return [shutil.which("runuser") or "/usr/sbin/runuser", "-u", name, "--"]
    raise RuntimeError("Running as root with neither a postgres nor a nobody user to run as")


class LocalPostgres:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port

    def url(self, database: str = "postgres", driver: str = "") -> str:
        return f"postgresql{driver}://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database: one Dagster instance per test. Returns its URL for
        SQLAlchemy, naming the driver dagster-postgres installs (SQLAlchemy 2.1's default
        for postgresql:// is psycopg 3)."""
        name = f"dagster_{uuid.uuid4().hex[:12]}"
        self.psql(f"create database {name}")
        return self.url(name, "+psycopg2")

    def psql(self, sql: str) -> str:
        psql = postgres_bin("psql")
        assert psql, "psql not found"
        return subprocess.run(
            [psql, "-X", "-q", "-At", "-d", self.url(), "-c", sql],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


@contextmanager
def local_postgres() -> Iterator[LocalPostgres]:
    initdb, pg_ctl = postgres_bin("initdb"), postgres_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise FileNotFoundError("PostgreSQL's initdb/pg_ctl not found (Debian: postgresql)")
    # Under /tmp, not pytest's tmp_path: the server's user must be able to reach the folder.
    folder = Path(tempfile.mkdtemp(prefix="cpr-postgres-"))
    as_user = server_user()
    if as_user:
        shutil.chown(folder, user=as_user[2])
    data, port = folder / "data", free_port()
    quiet = {"check": True, "capture_output": True, "text": True}
    try:
        subprocess.run(
            [*as_user, initdb, "-D", str(data), "-A", "trust", "-U", SUPERUSER, "--no-sync"],
            **quiet,
        )
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off"
        log = folder / "server.log"
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-o", options, "-l", str(log), "-w",
                        "start"], **quiet)  # fmt: skip
        try:
            yield LocalPostgres(folder, port)
        finally:
            subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
                           **quiet)  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)

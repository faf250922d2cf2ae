"""A throwaway PostgreSQL cluster for tests: initdb in a temporary folder, a free port, the
unix socket in that folder, stopped and removed at the end. No mocks.

As root, initdb refuses to run, so the cluster belongs to the ``postgres`` system user (its
folder is handed over to that user and the binaries run through ``runuser``); as any other
user they run directly. :func:`start` raises :class:`NoServer` saying exactly why when no
server can start.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "postgres"


class NoServer(RuntimeError):
    """No PostgreSQL server could be started here; the message says why."""


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        candidate = Path(folder) / name
        if candidate.is_file():
            return str(candidate)
    raise NoServer(f"the PostgreSQL program {name!r} is not installed (not in PATH nor in "
                   "/usr/lib/postgresql/*/bin); install the Debian package 'postgresql'")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgServer:
    """A running throwaway cluster; ``url(db)`` reaches a database on it as the superuser."""

    folder: Path
    port: int
    as_user: list[str]
    pg_ctl: str

    @property
    def socket_dir(self) -> str:
        return str(self.folder)

    def url(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        return (f"postgresql://{quote(user)}@/{quote(dbname)}"
                f"?host={quote(self.socket_dir, safe='')}&port={self.port}")

    def create_database(self, name: str) -> str:
        """A new empty database ``name``; returns its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def run(self, *argv: str, **kw) -> subprocess.CompletedProcess:
        """Run a PostgreSQL client program (pg_dump...) as the cluster's owner."""
        return subprocess.run([*self.as_user, *argv], capture_output=True, text=True,
                              check=False, **kw)

    def stop(self) -> None:
        subprocess.run([*self.as_user, self.pg_ctl, "stop", "-D", str(self.folder / "data"),
                        "-m", "immediate", "-w"], capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> PgServer:
    """Initialise and start a cluster, or raise :class:`NoServer` with the reason."""
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="sar-desk-pg-"))
    if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to the postgres user
        try:
            owner = pwd.getpwnam(SUPERUSER)
        except KeyError:
            shutil.rmtree(folder, ignore_errors=True)
            raise NoServer("running as root, and there is no 'postgres' system user to own "
                           "the cluster (initdb refuses root)") from None
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        runuser = shutil.which("runuser")
        as_user = [runuser, "-u", SUPERUSER, "--"] if runuser else None
        if as_user is None:
            shutil.rmtree(folder, ignore_errors=True)
            raise NoServer("running as root without 'runuser' to start the cluster as the "
                           "'postgres' user")
    data = folder / "data"
    made = subprocess.run([*as_user, initdb, "-D", str(data), "-U", SUPERUSER, "-A", "trust",
                           "-E", "UTF8", "--no-locale", "--no-sync"],
                          capture_output=True, text=True, check=False)
    if made.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        raise NoServer(f"initdb failed: {(made.stderr or made.stdout).strip()[-600:]}")
    port = _free_port()
    options = (f"-p {port} -k {folder} -c listen_addresses='' -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
    started = subprocess.run([*as_user, pg_ctl, "start", "-D", str(data), "-w", "-t", "60",
                              "-l", str(folder / "server.log"), "-o", options],
                             capture_output=True, text=True, check=False)
    server = PgServer(folder, port, as_user, pg_ctl)
    if started.returncode:
        log = ""
        with contextlib.suppress(OSError):
            log = (folder / "server.log").read_text(errors="replace")[-600:]
        server.stop()
        raise NoServer(f"pg_ctl start failed: {(started.stderr or started.stdout).strip()} "
                       f"{log}".strip())
    return server

"""Helpers for the team-mode tests: cases to make and a second workstation to run."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

PASSPHRASE = "correct horse battery staple 42"
CHILD = Path(__file__).with_name("team_child.py")


def new_case(ws, name: str, email: str, address: str = "",
             received: dt.date = dt.date(2026, 6, 1)) -> str:
    from sar_desk.core.entities import Person
    from sar_desk.services.cases import NewCase, create_case

    person = Person(name, email, address) if address else Person(name, email)
    return create_case(ws, NewCase(requester=person, received=received)).reference


def child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return env


def child_argv(*args: str) -> list[str]:
    return [sys.executable, str(CHILD), *args]


class LockedElsewhere:
    """A write lock on a team workspace's case held by a program on another computer (its
    own server connection, as a workstation that hangs would hold it)."""

    def __init__(self, ws, reference: str, login: str) -> None:
        self.url, self.reference, self.login = ws.case_store.store.url, reference, login
        self.conn = None

    def __enter__(self):
        import psycopg

        from sar_desk.store.server.locks import LOCK_SPACE

        self.conn = psycopg.connect(self.url, autocommit=True)
        (got,), = self.conn.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))",
                                    (LOCK_SPACE, self.reference)).fetchall()
        assert got, f"{self.reference} is locked already"
        self.conn.execute("INSERT INTO sd_holders VALUES (%s, %s, 'another-computer', 4242, "
                          "pg_backend_pid(), now()) ON CONFLICT (reference) DO UPDATE SET "
                          "login = excluded.login, host = excluded.host, pid = excluded.pid, "
                          "backend = excluded.backend, since = excluded.since",
                          (self.reference, self.login))
        return self

    def __exit__(self, *exc) -> None:
        import contextlib

        with contextlib.suppress(Exception):  # ended already when released by force
            self.conn.execute("DELETE FROM sd_holders WHERE reference = %s", (self.reference,))
        self.conn.close()

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

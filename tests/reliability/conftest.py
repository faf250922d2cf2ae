"""Shared fixtures for the reliability suite: a small real workspace reachable from both
in-process CLI calls (through the in-memory keyring) and subprocesses (through a passphrase
file, since subprocesses see no keyring)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-24"
PASSPHRASE = "reliability suite passphrase"


@dataclass
class Wksp:
    path: Path
    passfile: Path
    recovery: str
    refs: list[str]

    def open(self):
        from sar_desk.services.workspace import open_workspace

        return open_workspace(self.path, passphrase=PASSPHRASE, clock=clock())


def clock():
    """The clock of the reliability workspaces (their writer processes get SAR_DESK_TODAY)."""
    from sar_desk.core.clock import FixedClock

    return FixedClock(dt.date.fromisoformat(TODAY))


def make_workspace(root: Path, cases: int = 3) -> Wksp:
    """A workspace with a passphrase and ``cases`` demo cases (as of TODAY)."""
    from sar_desk.services.demo import build_demo
    from sar_desk.services.workspace import init_workspace

    root.mkdir(parents=True, exist_ok=True)
    passfile = root / "passphrase.txt"
    passfile.write_text(PASSPHRASE + "\n", encoding="utf-8")
    ws, recovery = init_workspace(root / "ws", passphrase=PASSPHRASE, clock=clock())
    with ws:
        refs = build_demo(ws, cases=cases, seed=11, as_of=dt.date.fromisoformat(TODAY))
    return Wksp(root / "ws", passfile, recovery, refs)


def subprocess_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(SAR_DESK_TODAY=TODAY, PYTHONPATH=str(ROOT),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    env.update(extra)  # a test may pin another day
    return env


def run_cli(*args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    """``sar-desk ARGS`` in a new process (no keyring: pass --passphrase-file)."""
    return subprocess.run([sys.executable, "-m", "sar_desk", *args], capture_output=True,
                          text=True, encoding="utf-8", env=subprocess_env(**env), cwd=ROOT,
                          timeout=timeout)


@pytest.fixture
def today() -> dt.date:
    return dt.date.fromisoformat(TODAY)

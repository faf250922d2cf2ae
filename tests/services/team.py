"""A workspace shared by several users, each with their own handle (for permission tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sar_desk.core.clock import FixedClock
from sar_desk.services import access
from sar_desk.services.workspace import init_workspace, open_workspace


@contextmanager
def team_workspace(root: Path, owner: str, owner_passphrase: str,
                   members: Iterable[tuple[str, str, str]], today: str) -> Iterator[dict]:
    """A new workspace at ``root`` made by ``owner`` (administrator and privacy officer), with
    ``members`` (login, role, passphrase) added; yields every login's handle, each opened once
    with its own passphrase, all on a clock pinned to ``today``. LOGNAME is put back afterwards."""
    members = list(members)
    clock = FixedClock(dt.date.fromisoformat(today))
    with pytest.MonkeyPatch.context() as env:  # module-scoped fixtures cannot use monkeypatch
        env.setenv("LOGNAME", owner)
        ws, _recovery = init_workspace(root, passphrase=owner_passphrase, clock=clock)
        for login, role, passphrase in members:
            access.add_user(ws, login, role, passphrase=passphrase)
        ws.close()
        handles = {}
        try:
            for login, passphrase in [(owner, owner_passphrase),
                                      *((login, pw) for login, _role, pw in members)]:
                env.setenv("LOGNAME", login)
                handles[login] = open_workspace(root, passphrase=passphrase, clock=clock)
            yield handles
        finally:
            for handle in handles.values():
                handle.close()

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

# Set by the server run of these tests (tests/server/services): a callable giving the URL of
# a new empty database, so each team below is a team workspace on PostgreSQL instead.
NEW_SERVER_DATABASE = None
_SERVERS: dict[str, str] = {}  # the folder a test named -> the database its team is in


def open_again(root: Path, *, passphrase: str, clock=None):  # noqa: ANN001, ANN201
    """Open the team made at ``root`` again (on the server run: its database)."""
    if str(root) in _SERVERS:
        from sar_desk.services.team import open_team

        return open_team(_SERVERS[str(root)], passphrase=passphrase, clock=clock)
    return open_workspace(root, passphrase=passphrase, clock=clock)


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
        make, reopen = init_workspace, open_workspace
        if NEW_SERVER_DATABASE is not None:
            from sar_desk.services.team import init_team, open_team

            url = NEW_SERVER_DATABASE()
            _SERVERS[str(root)] = url
            root, make, reopen = url, init_team, open_team
        ws, _recovery = make(root, passphrase=owner_passphrase, clock=clock)
        for login, role, passphrase in members:
            access.add_user(ws, login, role, passphrase=passphrase)
        ws.close()
        handles = {}
        try:
            for login, passphrase in [(owner, owner_passphrase),
                                      *((login, pw) for login, _role, pw in members)]:
                env.setenv("LOGNAME", login)
                handles[login] = reopen(root, passphrase=passphrase, clock=clock)
            yield handles
        finally:
            for handle in handles.values():
                handle.close()


SIGNOFF_TODAY = "2026-06-30"


@contextmanager
def signoff_team(root: Path, passphrase: str) -> Iterator[dict]:
    """The sign-off team at ``root``: alice (administrator and officer), bob (officer), meg
    (manager) and sam (staff), all with ``passphrase``; yields each login's handle."""
    members = [(login, role, passphrase) for login, role in
               (("bob", "privacy_officer"), ("meg", "manager"), ("sam", "staff"))]
    with team_workspace(root, "alice", passphrase, members, SIGNOFF_TODAY) as opened:
        yield opened


def as_alice(handles: dict, monkeypatch: pytest.MonkeyPatch) -> dict:
    """``handles``, with today pinned and alice logged in for the test."""
    monkeypatch.setenv("SAR_DESK_TODAY", SIGNOFF_TODAY)
    monkeypatch.setenv("LOGNAME", "alice")
    return handles

"""Team workspaces on the session's throwaway PostgreSQL cluster."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.server.team_helpers import PASSPHRASE


@pytest.fixture
def passfile(tmp_path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def folder_ws(tmp_path, clock):
    """A folder workspace protected by a passphrase (so other processes can open it)."""
    from sar_desk.services.workspace import init_workspace

    ws, _recovery = init_workspace(tmp_path / "folder", passphrase=PASSPHRASE, clock=clock)
    yield ws
    ws.close()

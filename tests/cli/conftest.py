"""Workspaces the command-line tests start from (made through the commands themselves)."""

from __future__ import annotations

import pytest

from sar_desk.cli import main


@pytest.fixture
def root(tmp_path, monkeypatch):
    """A new workspace's folder (as text for ``--workspace``), with today pinned."""
    from sar_desk.services.workspace import init_workspace

    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")
    ws, _recovery = init_workspace(tmp_path / "ws")
    ws.close()
    return str(tmp_path / "ws")


@pytest.fixture
def ws(tmp_path, capsys, monkeypatch):
    """A workspace made by ``sar-desk init`` (its folder, as text), with today pinned; in
    these tests it stands in for the services' workspace object."""
    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")
    path = str(tmp_path / "ws")
    assert main(["init", "--workspace", path]) == 0
    capsys.readouterr()
    return path


@pytest.fixture
def with_staff(tmp_path, monkeypatch):
    """A workspace made by ``ada`` (logged in) with staff member ``sid``: returns the
    ``--workspace`` arguments and the file holding sid's first passphrase."""
    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")
    monkeypatch.setenv("LOGNAME", "ada")
    secret = tmp_path / "staff.txt"
    secret.write_text("staff first passphrase\n", encoding="utf-8")
    ws = ["--workspace", str(tmp_path / "ws")]
    assert main(["init", *ws]) == 0
    assert main(["user", "add", "sid", "--role", "staff", "--user-passphrase-file", str(secret),
                 *ws]) == 0
    return ws, secret

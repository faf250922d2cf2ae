"""Fixtures for service tests: a fresh workspace (in-memory keyring) and a pinned today."""

from __future__ import annotations

import pytest


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")
    import datetime as dt

    return dt.date(2026, 6, 30)


@pytest.fixture
def ws(tmp_path, today):
    from sar_desk.services.workspace import init_workspace

    workspace, _recovery = init_workspace(tmp_path / "ws")
    yield workspace
    workspace.close()

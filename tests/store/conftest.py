"""Fixtures for store tests: a workspace with a pinned today, and raw access to case files."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.entities import Person


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")
    return dt.date(2026, 6, 30)


@pytest.fixture
def ws(tmp_path, today):
    from sar_desk.services.workspace import init_workspace

    workspace, _recovery = init_workspace(tmp_path / "ws")
    yield workspace
    workspace.close()


def make_case(ws, name="Ελένη Παπαδοπούλου", email="eleni@example.gr",
              received=dt.date(2026, 3, 2)) -> str:
    from sar_desk.services.cases import NewCase, create_case

    return create_case(ws, NewCase(requester=Person(name, email), received=received)).reference


def raw_case(ws, ref):
    """A bare DBAPI connection to a case file (for tampering in tests)."""
    from sar_desk.store import keys
    from sar_desk.store.engine import connect

    wrapped, _salt = ws.registry.key_entry(ref)
    key = keys.unwrap_case_key(ws.master_key, ws.id, ref, wrapped)
    return connect(ws.case_path(ref), key)

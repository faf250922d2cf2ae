"""Helpers for store tests: cases to work on and raw access to case files.

The ``today`` and ``ws`` fixtures (a workspace with a pinned today) are in tests/conftest.py.
"""

from __future__ import annotations

import datetime as dt

from sar_desk.core.entities import Person


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

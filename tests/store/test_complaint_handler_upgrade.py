"""Complaints logged before handlers: the registry upgrade (v10) gives them no handler, and
they can be assigned afterwards."""

from __future__ import annotations

import datetime as dt

from sar_desk.core.entities import Person
from sar_desk.services import complaints
from sar_desk.services.complaints import NewComplaint
from sar_desk.services.workspace import open_workspace
from sar_desk.store.registry_schema import REGISTRY_VERSION
from tests.reliability.make_registry_fixture import DOWNGRADES

D = dt.date


def test_complaints_from_before_handlers_upgrade_with_no_handler(ws, tmp_path):
    ref = complaints.create_complaint(ws, NewComplaint(
        Person("Old Timer"), D(2026, 6, 19), handler="")).complaint.reference
    with ws.registry.writing() as conn:  # back to the registry before handlers
        for statement in DOWNGRADES[REGISTRY_VERSION]:
            conn.exec_driver_sql(statement)
        conn.exec_driver_sql(f"PRAGMA user_version = {REGISTRY_VERSION - 1}")
    ws.registry.checkpoint()
    root = ws.path
    ws.close()
    with open_workspace(root) as again:
        assert again.registry.version() == REGISTRY_VERSION
        [row] = complaints.list_complaints(again)
        assert (row.reference, row.handler) == (ref, "")
        assert complaints.get_complaint(again, ref).complaint.handler == ""
        assert complaints.list_complaints(again, mine=True) == []
        assert complaints.assign_complaint(again, ref, again.user.login).complaint.handler

"""The unit of work every case change goes through: all of a change, or none of it."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.entities import Person
from sar_desk.errors import InputError
from sar_desk.services import cases as C
from sar_desk.services.unit_of_work import change_case
from sar_desk.services.workspace import open_workspace
from sar_desk.store import case_records as records
from sar_desk.store import locks
from sar_desk.store.errors import ReadOnlyWorkspace


def new_case(ws) -> str:
    return C.create_case(ws, C.NewCase(requester=Person("Ada Lovelace", "ada@example.org"),
                                       received=dt.date(2026, 6, 1))).reference


def test_a_change_is_audited_in_the_case_and_refreshes_its_registry_row(ws):
    ref = new_case(ws)

    def assign(session, before, who):
        records.set_assignee(session, "Grace Hopper", who)
        return before.assignee

    result, after = change_case(ws, ref.lower(), "ada", assign, action="assign_case")
    assert result == "" and after.assignee == "Grace Hopper"
    assert C.list_cases(ws)[0].assignee == "Grace Hopper"
    last = C.audit_trail(ws, ref)[-1]
    assert (last.actor, last.action) == ("ada", "assigned")
    assert locks.holder(ws, ref) is None  # the lock is held for the change only


def test_a_change_that_fails_half_way_leaves_the_case_and_the_registry_as_they_were(ws):
    ref = new_case(ws)
    trail, row = C.audit_trail(ws, ref), ws.registry.get(ref)

    def assign_then_fail(session, before, who):
        records.set_assignee(session, "Grace Hopper", who)
        raise InputError("refused half way")

    with pytest.raises(InputError, match="refused half way"):
        change_case(ws, ref, "ada", assign_then_fail)
    assert C.get_case(ws, ref).assignee == ""
    assert C.audit_trail(ws, ref) == trail
    assert ws.registry.get(ref) == row
    assert locks.holder(ws, ref) is None


def test_a_read_only_workspace_refuses_before_the_change_runs(ws):
    ref = new_case(ws)
    ws.close()
    ran = []
    with open_workspace(ws.path, read_only=True) as reader:
        with pytest.raises(ReadOnlyWorkspace, match="read-only; nothing was changed"):
            change_case(reader, ref, "ada", lambda *args: ran.append(args))
    assert ran == []

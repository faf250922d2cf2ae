"""Search inside cases after a repair: a case whose registry row is rewritten from its file
(the row repaired on loading, a creation cut off and rolled forward) has its search text
rewritten too, so its request text and notes are found again."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.entities import Person
from sar_desk.services import case_search
from sar_desk.services import cases as C
from sar_desk.services.case_base import open_case_file
from sar_desk.services.creation_repair import settle_creation, unfinished_creations
from sar_desk.store import case_records as records
from sar_desk.store import case_text


@pytest.fixture
def case(ws):
    ref = C.create_case(ws, C.NewCase(
        requester=Person("Olu Adeyemi", "olu@example.org"), received=dt.date(2026, 6, 1),
        request_text="Every record about the wombat enclosure incident.")).reference
    C.add_note(ws, ref, "Phoned the zookeeper about the capybara footage")
    return ref


def _found(ws, text):
    return {(h.reference, h.where) for h in case_search.search_cases(ws, text)}


def _forget_text(ws, ref):
    with ws.registry.writing() as conn:
        case_text.forget(conn, ref)
    assert _found(ws, "wombat") == set()


def test_the_row_repaired_on_loading_brings_back_the_search_text(ws, case):
    # a note committed to the file whose registry write was cut off (a crash), and the
    # case's search text lost
    with open_case_file(ws, case) as opened, opened.transaction() as session:
        records.add_note(session, "Sent the okapi photographs by post", "alice")
    _forget_text(ws, case)

    C.load_case(ws, case)  # sees the registry row behind the file and rewrites it

    assert ws.registry.get(case)["audit_seq"] == C.audit_trail(ws, case)[-1].seq
    assert _found(ws, "wombat") == {(case, "request text")}
    assert _found(ws, "capybara") == {(case, "note of 30 June 2026")}
    assert [(ref, where[:8]) for ref, where in _found(ws, "okapi")] == [(case, "note of ")]


def test_a_creation_rolled_forward_brings_back_the_search_text(ws, case):
    # the creation stopped before its registry row was written: no row, no search text
    with ws.registry.writing() as conn:
        ws.registry.delete_rows(conn, [case])
    _forget_text(ws, case)
    assert unfinished_creations(ws) == [case]

    assert settle_creation(ws, case) is True

    assert unfinished_creations(ws) == []
    assert _found(ws, "wombat") == {(case, "request text")}
    assert _found(ws, "capybara") == {(case, "note of 30 June 2026")}
    assert (case, "requester") in _found(ws, "adeyemi")

"""The letters ready to print: the latest PDF of each kind of the open cases, not yet sent,
and never a final letter still waiting for its sign-off."""

from __future__ import annotations

import datetime as dt

from sar_desk.core.entities import EventKind, Person
from sar_desk.services import cases as C
from sar_desk.services.letters import ReadyLetter, find_ready_letters

D = dt.date


def case(ws, name: str) -> str:
    return C.create_case(ws, C.NewCase(requester=Person(name), received=D(2026, 5, 2))).reference


def test_only_unsent_latest_pdfs_of_open_cases_are_ready(ws):
    ada, bea, cy = case(ws, "Ada Lovelace"), case(ws, "Béatrice Roux"), case(ws, "Cy Twombly")
    C.store_letter(ws, ada, "acknowledgement", "pdf", b"%PDF ack v1", actor="alice")
    newer = C.store_letter(ws, ada, "acknowledgement", "pdf", b"%PDF ack v2", actor="alice")
    C.store_letter(ws, ada, "identity-request", "docx", b"PK docx", actor="alice")
    C.store_letter(ws, ada, "final-response", "pdf", b"%PDF final", actor="alice")  # no sign-off
    sent = C.store_letter(ws, bea, "acknowledgement", "pdf", b"%PDF ack", actor="alice")
    C.record_dispatch(ws, bea, sent.id, D(2026, 5, 4), "post")
    C.store_letter(ws, cy, "acknowledgement", "pdf", b"%PDF ack", actor="alice")
    C.record_event(ws, cy, EventKind.WITHDRAWN, D(2026, 5, 5))

    ready = find_ready_letters(ws)

    assert ready == [ReadyLetter(ada, "Ada Lovelace", newer.id, "acknowledgement",
                                 newer.generated_at)]


def test_nothing_ready_in_an_empty_workspace(ws):
    assert find_ready_letters(ws) == []

"""Closing means done: a case is responded only once a final letter went out (or a response
made outside the app is recorded), closed only once its checklist is complete, and an
officer's written override is kept on the case, audited and counted by the report."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.closing_rules import outside_response, override_for
from sar_desk.core.entities import CaseStatus, DisclosureStatus, EventKind, Person
from sar_desk.errors import InputError
from sar_desk.services import cases as C
from sar_desk.services import closing
from sar_desk.services.reports import compliance_report

D = dt.date


def new_case(ws) -> str:
    return C.create_case(ws, C.NewCase(requester=Person("Chidi Okafor", "chidi@example.org"),
                                       received=D(2026, 6, 1))).reference


def test_responded_is_refused_without_a_final_letter_or_an_outside_response(ws):
    ref = new_case(ws)
    ack = C.store_letter(ws, ref, "acknowledgement", "pdf", b"%PDF ack").id
    C.record_dispatch(ws, ref, ack, D(2026, 6, 2), "post")
    seq = len(C.audit_trail(ws, ref))
    with pytest.raises(InputError, match="no final response, refusal or outcome letter") as e:
        C.record_event(ws, ref, "responded", D(2026, 6, 20))
    assert e.value.code == "case.cannot_respond"
    assert C.get_case(ws, ref).status == CaseStatus.OPEN
    assert len(C.audit_trail(ws, ref)) == seq


def test_a_response_made_outside_the_app_records_responded_with_method_and_date(ws):
    ref = new_case(ws)
    snap = closing.record_response_outside(ws, ref, "handed over at reception",
                                           D(2026, 6, 18), "signed receipt kept")
    assert snap.status == CaseStatus.RESPONDED
    assert [(e.kind, e.date) for e in snap.events] == [(EventKind.RESPONDED, D(2026, 6, 18))]
    made = outside_response(snap)
    assert (made.method, made.on, made.note) == ("handed over at reception", D(2026, 6, 18),
                                                 "signed receipt kept")
    with pytest.raises(InputError, match="how the response was made"):
        closing.record_response_outside(ws, new_case(ws), "  ", D(2026, 6, 18))


def test_dispatching_an_approved_final_letter_records_responded_on_the_dispatch_day(ws):
    from sar_desk.services import signoff

    ref = new_case(ws)
    letter = C.store_letter(ws, ref, "final-response", "pdf", b"%PDF final", actor="bob").id
    signoff.approve_letter(ws, ref, letter)  # the current officer did not write it
    snap = C.record_dispatch(ws, ref, letter, D(2026, 6, 22), "email")
    assert snap.status == CaseStatus.RESPONDED
    assert (snap.events[-1].kind, snap.events[-1].date) == (EventKind.RESPONDED, D(2026, 6, 22))
    assert C.deadline_for(snap, as_of=D(2026, 6, 30)).state_text != "Clock running"


def test_closing_with_an_open_checklist_line_is_refused_and_changes_nothing(ws, tmp_path):
    ref = new_case(ws)
    given = tmp_path / "notes.txt"
    given.write_text("call notes", encoding="utf-8")
    doc = C.attach_document(ws, ref, given)
    closing.record_response_outside(ws, ref, "post", D(2026, 6, 18))
    before = C.get_case(ws, ref)
    seq = len(C.audit_trail(ws, ref))
    with pytest.raises(InputError, match="no search is logged") as caught:
        C.record_event(ws, ref, "closed", D(2026, 6, 25))
    assert caught.value.code == "case.cannot_close"
    assert C.get_case(ws, ref) == before and len(C.audit_trail(ws, ref)) == seq
    C.add_search_log(ws, ref, "CRM", "Chidi Okafor")
    with pytest.raises(InputError, match="document #1 'notes.txt' has no disclosure decision"):
        C.record_event(ws, ref, "closed", D(2026, 6, 25))
    # the response was recorded, so the disclosure can no longer change: override it
    assert doc.status == DisclosureStatus.UNDECIDED
    with pytest.raises(InputError, match="at least"):
        C.record_event(ws, ref, "closed", D(2026, 6, 25), override="ok")
    snap = C.record_event(ws, ref, "closed", D(2026, 6, 25),
                          override="The file was disclosed in full by hand at reception")
    assert snap.status == CaseStatus.CLOSED
    made = override_for(snap, EventKind.CLOSED)
    assert made.reason == "The file was disclosed in full by hand at reception"
    assert "no disclosure decision" in made.refused
    assert "ending_overridden" in [e.action for e in C.audit_trail(ws, ref)]
    assert closing.overridden_closures(ws) == [(ref, D(2026, 6, 25))]


def test_a_complete_case_closes_and_the_report_counts_overridden_closures_apart(ws):
    done = new_case(ws)
    closing.record_response_outside(ws, done, "email", D(2026, 6, 10))
    C.add_search_log(ws, done, "CRM", "Chidi Okafor")
    assert C.record_event(ws, done, "closed", D(2026, 6, 12)).status == CaseStatus.CLOSED
    forced = new_case(ws)
    C.record_event(ws, forced, "closed", D(2026, 6, 15),
                   override="Requester confirmed by phone nothing further is wanted")
    report = compliance_report(ws, (2026, 6), (2026, 6))
    assert report.total.closed == 2
    assert report.overridden_closures == 1
    assert ["Closed by override", 1] in report.summary_table()
    # The override's closure taken back: the case is open again and no longer counted.
    from sar_desk.services import corrections

    snap = C.get_case(ws, forced)
    (closure,) = [e for e in snap.events if e.kind == EventKind.CLOSED]
    corrections.void_event(ws, forced, closure.id, "closed on the wrong case")
    report = compliance_report(ws, (2026, 6), (2026, 6))
    assert report.total.closed == 1 and report.overridden_closures == 0

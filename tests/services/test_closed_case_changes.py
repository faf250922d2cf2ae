"""Changes an ended case refuses: the services say what the window says and change nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sar_desk.cli import main
from sar_desk.core.case_actions import decision_reason, why_not, why_not_event
from sar_desk.core.entities import (
    CaseStatus,
    Decision,
    DecisionGround,
    DecisionKind,
    DisclosureStatus,
    EventKind,
    Person,
)
from sar_desk.errors import InputError
from sar_desk.services import access
from sar_desk.services import cases as C

D = dt.date
K = EventKind


def ended_case(ws, tmp_path, *endings: tuple[EventKind, dt.date]) -> str:
    """A case received 2 March 2026 with one undecided document, then ``endings``."""
    ref = C.create_case(ws, C.NewCase(requester=Person("عائشة الحسن", "a@example.org"),
                                      received=D(2026, 3, 2))).reference
    doc = tmp_path / "emails.txt"
    doc.write_text("three emails")
    C.attach_document(ws, ref, doc)
    for kind, on in endings:
        C.record_event(ws, ref, kind, on, override="ended for this test's set-up")
    return ref


def refused(ws, ref, change, expected: str) -> None:
    """``change`` raises exactly ``expected`` and leaves the case and its audit trail as is."""
    before, trail = C.get_case(ws, ref), len(C.audit_trail(ws, ref))
    with pytest.raises(InputError) as caught:
        change()
    assert str(caught.value) == expected
    assert C.get_case(ws, ref) == before
    assert len(C.audit_trail(ws, ref)) == trail


def test_a_responded_case_refuses_clock_events_exemptions_and_disclosure_changes(ws, tmp_path):
    ref = ended_case(ws, tmp_path, (K.RESPONDED, D(2026, 3, 20)))
    case = C.get_case(ws, ref)
    assert case.status == CaseStatus.RESPONDED
    # An extension dated before the response would pass the deadline engine: refused too.
    for kind, on in ((K.EXTENDED, D(2026, 3, 10)), (K.EXTENDED, D(2026, 3, 25)),
                     (K.CLARIFICATION_REQUESTED, D(2026, 3, 25)), (K.WITHDRAWN, D(2026, 3, 25))):
        refused(ws, ref, lambda k=kind, o=on: C.record_event(ws, ref, k, o, "complex"),
                why_not_event(kind, case))
    assert why_not_event(K.EXTENDED, case).startswith("The response was sent on 20 March 2026")
    refused(ws, ref, lambda: C.apply_exemption(ws, ref, "third-party", "names a colleague"),
            why_not("apply_exemption", case))
    doc_id = case.documents[0].id
    refused(ws, ref, lambda: C.set_document_status(ws, ref, doc_id, DisclosureStatus.WITHHOLD,
                                                   "third-party"),
            why_not("set_document_status", case))
    extra = tmp_path / "late.txt"
    extra.write_text("found later")
    refused(ws, ref, lambda: C.attach_document(ws, ref, extra), why_not("attach_document", case))
    refusal = Decision(DecisionKind.REFUSE, DecisionGround.EXCESSIVE, "fifth request this year",
                       decided_on=D(2026, 3, 25))
    refused(ws, ref, lambda: C.record_decision(ws, ref, refusal),
            decision_reason(case, DecisionKind.REFUSE, DecisionGround.EXCESSIVE))


def test_a_responded_case_keeps_its_record_open(ws, tmp_path):
    ref = ended_case(ws, tmp_path, (K.RESPONDED, D(2026, 3, 20)))
    C.add_note(ws, ref, "Requester phoned: letter arrived.")
    C.add_search_log(ws, ref, "HR archive", "Ayesha, A. Hassan", on=D(2026, 3, 18))
    access.add_colleagues(ws, [("eleni", "Ελένη", "privacy_officer")])
    C.assign_case(ws, ref, "Ελένη")
    fee = Decision(DecisionKind.FEE, DecisionGround.FURTHER_COPIES, "second paper copy asked",
                   amount=Decimal("12.50"), working="printing and postage",
                   decided_on=D(2026, 4, 2))
    C.record_decision(ws, ref, fee)
    snap = C.record_event(ws, ref, K.CLOSED, D(2026, 4, 20),
        override="ended for this test's set-up")
    assert snap.status == CaseStatus.CLOSED
    assert snap.decisions[-1].ground == DecisionGround.FURTHER_COPIES
    assert snap.assignee == "Ελένη" and len(snap.notes) == 1 and len(snap.search_log) == 1


@pytest.mark.parametrize("kind", [K.CLOSED, K.RESPONDED, K.WITHDRAWN, K.ID_REQUESTED])
def test_a_closed_case_takes_no_further_event_and_a_withdrawn_one_only_its_closure(
        ws, tmp_path, kind):
    closed = ended_case(ws, tmp_path, (K.RESPONDED, D(2026, 3, 20)), (K.CLOSED, D(2026, 3, 27)))
    case = C.get_case(ws, closed)
    refused(ws, closed, lambda: C.record_event(ws, closed, kind, D(2026, 4, 1)),
            why_not_event(kind, case))
    assert "closed on 27 March 2026" in why_not_event(kind, case)
    withdrawn = ended_case(ws, tmp_path, (K.WITHDRAWN, D(2026, 3, 12)))
    if kind == K.CLOSED:
        assert C.record_event(ws, withdrawn, kind, D(2026, 4, 1)).status == CaseStatus.CLOSED
        return
    case = C.get_case(ws, withdrawn)
    refused(ws, withdrawn, lambda: C.record_event(ws, withdrawn, kind, D(2026, 4, 1)),
            why_not_event(kind, case))


def test_a_second_extension_is_refused_like_the_window_refuses_it(ws, tmp_path):
    ref = ended_case(ws, tmp_path)
    C.record_event(ws, ref, K.EXTENDED, D(2026, 3, 10), "records in 14 systems")
    case = C.get_case(ws, ref)
    refused(ws, ref, lambda: C.record_event(ws, ref, K.EXTENDED, D(2026, 3, 12), "again"),
            "The extension notice was already recorded on 10 March 2026: a case can be "
            "extended only once.")
    assert why_not_event(K.EXTENDED, case) is not None


def test_the_cli_gives_the_same_sentence(ws, tmp_path, capsys):
    ref = ended_case(ws, tmp_path, (K.RESPONDED, D(2026, 3, 20)))
    case = C.get_case(ws, ref)
    ws_path = str(tmp_path / "ws")
    capsys.readouterr()
    code = main(["case", "event", ref, "extended", "--date", "2026-03-25", "--note", "late",
                 "--workspace", ws_path])
    err = capsys.readouterr().err
    assert code == 2
    assert why_not_event(K.EXTENDED, case) in " ".join(err.split())


def test_further_copies_never_justify_a_refusal_even_on_an_open_case(ws, tmp_path):
    ref = ended_case(ws, tmp_path)  # still open
    why = decision_reason(C.get_case(ws, ref), DecisionKind.REFUSE,
                          DecisionGround.FURTHER_COPIES)
    assert why is not None and "not a refusal" in why and "Article 15(3)" in why
    refused(ws, ref, lambda: C.record_decision(ws, ref, Decision(
        DecisionKind.REFUSE, DecisionGround.FURTHER_COPIES, "third copy asked for")), why)
    fee = Decision(DecisionKind.FEE, DecisionGround.FURTHER_COPIES, "third copy asked for",
                   amount=Decimal("10.00"), working="copying and postage")
    assert C.record_decision(ws, ref, fee).decisions[-1].kind == DecisionKind.FEE


def test_an_ended_request_takes_no_further_right(ws, tmp_path):
    from sar_desk.services import rights

    ref = ended_case(ws, tmp_path, (K.RESPONDED, D(2026, 3, 20)))
    why = "The response was sent on 20 March 2026: another right cannot be added to this "\
          "request. If the person asks again, log the new request as a new case."
    refused(ws, ref, lambda: rights.add_right(ws, ref, "erasure"), why)
    open_ref = ended_case(ws, tmp_path)
    assert "erasure" in [t.value for t in rights.add_right(ws, open_ref, "erasure").request_types]

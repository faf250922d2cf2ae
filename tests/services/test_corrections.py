"""Correcting the record: voided events, edited details, withdrawn exemptions, discarded
letters and removed documents. Each keeps who, when and why, and the audit still verifies."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.entities import CaseStatus, EventKind, Person, RequestType
from sar_desk.errors import InputError
from sar_desk.services import cases as C
from sar_desk.services import corrections as X
from sar_desk.services.workspace import verify_workspace

D = dt.date


def _case(ws, received: dt.date | None = None, **kw) -> str:
    return C.create_case(ws, C.NewCase(requester=Person("Zoë Brontë", "zoe@example.org"),
                                       received=received or D(2026, 3, 2), **kw),
                         actor="ann").reference


def test_a_voided_id_request_gives_the_deadline_of_never_recording_it(ws, today):
    plain = _case(ws)
    ref = _case(ws)
    snap = C.record_event(ws, ref, EventKind.ID_REQUESTED, D(2026, 3, 3), "passport copy")
    assert C.list_cases(ws, status="all")[1].paused
    event_no = snap.events[0].id
    snap = X.void_event(ws, ref, event_no, "asked the wrong person", actor="bob")

    never = C.deadline_for(C.get_case(ws, plain), as_of=today)
    voided = C.deadline_for(snap, as_of=today)
    assert (voided.due, voided.state, voided.days_left) == (never.due, never.state,
                                                            never.days_left)
    rows = {r.reference: r for r in C.list_cases(ws, status="all")}
    assert rows[ref].due == rows[plain].due and not rows[ref].paused
    assert rows[ref].events == ()
    # Still on the record, struck: who, when and why.
    assert snap.events == () and [e.kind for e in snap.timeline] == [EventKind.ID_REQUESTED]
    gone = snap.voided_events[0]
    assert (gone.voided.by, gone.voided.reason) == ("bob", "asked the wrong person")
    assert any("voided" in line and "asked the wrong person" in line
               for line in voided.explanation)
    trail = C.audit_trail(ws, ref)
    assert trail[-1].action == "event_voided" and trail[-1].details["event"] == event_no
    assert verify_workspace(ws) == []


def test_an_event_is_voided_once_and_only_with_a_reason(ws):
    ref = _case(ws)
    n = C.record_event(ws, ref, "id_requested", D(2026, 3, 3), "passport").events[0].id
    before = len(C.audit_trail(ws, ref))
    with pytest.raises(InputError, match="Say why"):
        X.void_event(ws, ref, n, "   ")
    X.void_event(ws, ref, n, "typed on the wrong case")
    with pytest.raises(InputError, match="already voided"):
        X.void_event(ws, ref, n, "again")
    with pytest.raises(InputError, match="no event 99"):
        X.void_event(ws, ref, 99, "no such")
    assert len(C.audit_trail(ws, ref)) == before + 1


def test_voiding_the_response_reopens_the_case_and_only_the_ending_can_be_voided(ws):
    ref = _case(ws)
    asked = C.record_event(ws, ref, "id_requested", D(2026, 3, 3), "passport").events[0].id
    C.record_event(ws, ref, "id_received", D(2026, 3, 5))
    snap = C.record_event(ws, ref, "responded", D(2026, 3, 20),
                          override="Answered by hand at the front desk")
    assert snap.status == CaseStatus.RESPONDED
    with pytest.raises(InputError, match="only the response can be voided"):
        X.void_event(ws, ref, asked, "wrong date")
    responded = snap.events[-1].id
    snap = X.void_event(ws, ref, responded, "the response went to a different case")
    assert snap.status == CaseStatus.OPEN
    assert C.list_cases(ws)[0].status == CaseStatus.OPEN
    # Correcting a date: void, then record it anew.
    with pytest.raises(InputError, match="Void the later event first"):
        X.void_event(ws, ref, asked, "wrong date")


def test_voiding_a_closing_leaves_the_case_responded(ws):
    ref = _case(ws)
    C.record_event(ws, ref, "responded", D(2026, 3, 20),
                   override="Answered by hand at the front desk")
    snap = C.record_event(ws, ref, "closed", D(2026, 3, 21),
                          override="Nothing further to do on this request")
    snap = X.void_event(ws, ref, snap.events[-1].id, "closed too early")
    assert snap.status == CaseStatus.RESPONDED


def test_edits_keep_before_and_after_and_a_new_received_date_moves_the_deadline(ws, today):
    ref = _case(ws, received=D(2026, 3, 2))
    assert C.list_cases(ws)[0].due == D(2026, 4, 2)
    snap = X.edit_case(ws, ref, {"received": D(2026, 3, 9), "requester_name": "Zoe Bronte",
                                 "requester_email": "zb@example.org",
                                 "request_types": ["access", "erasure"]},
                       "typed from the wrong letter", actor="bob")
    assert snap.received == D(2026, 3, 9) and snap.requester.name == "Zoe Bronte"
    assert snap.request_types == (RequestType.ACCESS, RequestType.ERASURE)
    row = C.list_cases(ws)[0]
    assert row.due == D(2026, 4, 9) and row.requester_name == "Zoe Bronte"
    explanation = C.deadline_for(snap, as_of=today).explanation
    assert any(line.startswith("The received date was corrected from 2026-03-02 to "
                               "2026-03-09") and line.endswith("by bob: typed from the wrong "
                                                               "letter")
               for line in explanation)
    entry = C.audit_trail(ws, ref)[-1]
    assert entry.action == "details_corrected"
    assert {"field": "requester_name", "before": "Zoë Brontë", "after": "Zoe Bronte"} in \
        entry.details["changes"]
    assert verify_workspace(ws) == []


def test_edits_are_checked_like_a_new_case(ws):
    ref = _case(ws)
    C.record_event(ws, ref, "id_requested", D(2026, 3, 3), "passport")
    before = len(C.audit_trail(ws, ref))
    cases = [({"requester_email": "not an address"}, "email"),
             ({"requester_name": " "}, "requester's name"),
             ({"request_types": []}, "at least one right"),
             ({"jurisdiction": "mars"}, "unknown jurisdiction"),
             ({"received": D(2026, 7, 1)}, "after today"),
             ({"received": D(2026, 3, 5)}, "before 5 March 2026"),
             ({"subject_email": "s@example.org"}, "give the data subject's name"),
             ({"requester_name": "Zoë Brontë"}, "already on the record"),
             ({"colour": "red"}, "Cannot edit colour")]
    for changes, message in cases:
        with pytest.raises(InputError, match=message):
            X.edit_case(ws, ref, changes, "a reason")
    with pytest.raises(InputError, match="Say why"):
        X.edit_case(ws, ref, {"requester_name": "Other"}, "")
    assert len(C.audit_trail(ws, ref)) == before


def test_a_changed_jurisdiction_recomputes_the_deadline_and_says_so(ws, today):
    ref = _case(ws, received=D(2026, 3, 2))
    snap = X.edit_case(ws, ref, {"jurisdiction": "eu-ie", "subject_name": "李娜"},
                       "the request came to the Dublin office")
    assert snap.jurisdiction == "eu-ie" and snap.subject.name == "李娜"
    assert any(line.startswith("The jurisdiction was corrected from uk-ew to eu-ie")
               for line in C.deadline_for(snap, as_of=today).explanation)
    assert C.list_cases(ws)[0].jurisdiction == "eu-ie"


def test_a_withdrawn_exemption_stays_on_record_but_no_longer_counts(ws):
    ref = _case(ws)
    snap = C.apply_exemption(ws, ref, "legal-privilege", "Advice from counsel")
    n = snap.exemptions[0].id
    snap = X.withdraw_exemption(ws, ref, n, "the advice was disclosed already", actor="bob")
    assert snap.exemptions == ()
    assert snap.withdrawn_exemptions[0].withdrawn.reason == "the advice was disclosed already"
    assert C.list_cases(ws)[0].exemptions == ()
    with pytest.raises(InputError, match="already withdrawn"):
        X.withdraw_exemption(ws, ref, n, "again")


def test_a_discarded_letter_is_superseded_and_a_dispatched_one_cannot_be(ws):
    ref = _case(ws)
    first = C.store_letter(ws, ref, "acknowledgement", "pdf", b"%PDF-1.4 one")
    second = C.store_letter(ws, ref, "acknowledgement", "pdf", b"%PDF-1.4 two")
    C.record_dispatch(ws, ref, second.id, D(2026, 3, 3), "post")
    snap = X.discard_letter(ws, ref, first.id, "wrong address")
    letter = next(x for x in snap.letters if x.id == first.id)
    assert letter.superseded and letter.discarded.reason == "wrong address"
    with pytest.raises(InputError, match="already discarded"):
        X.discard_letter(ws, ref, first.id, "again")
    with pytest.raises(InputError, match="was dispatched on 3 March 2026"):
        X.discard_letter(ws, ref, second.id, "oops")
    assert verify_workspace(ws) == []


def test_a_removed_document_loses_its_bytes_but_keeps_its_name_and_hash(ws, tmp_path):
    ref = _case(ws)
    secret = "Someone else's medical note: DISTINCTIVE-MARKER-7731"
    path = tmp_path / "wrong.txt"
    path.write_text(secret, encoding="utf-8")
    info = C.attach_document(ws, ref, path)
    snap = X.remove_document(ws, ref, info.id, "another person's data", actor="bob")
    assert snap.documents == ()
    gone = snap.removed_documents[0]
    assert (gone.filename, gone.sha256, gone.removed.by) == ("wrong.txt", info.sha256, "bob")
    with pytest.raises(InputError, match="no document"):
        C.get_document_bytes(ws, ref, info.id)
    entry = C.audit_trail(ws, ref)[-1]
    assert entry.action == "document_removed"
    assert (entry.details["filename"], entry.details["sha256"]) == ("wrong.txt", info.sha256)
    # The bytes are gone from the file itself, not just hidden: read it with its key.
    from sar_desk.services.case_base import open_case_file

    with open_case_file(ws, ref) as case, case.reading() as session:
        from sqlalchemy import text

        assert session.execute(text("PRAGMA secure_delete")).scalar() == 1
        pages = session.execute(text("SELECT count(*) FROM document WHERE length(data) > 0"))
        assert pages.scalar() == 0
    assert not list(ws.case_path(ref).parent.glob(f"{ref}.sarcase-wal")) or \
        ws.case_path(ref).with_name(f"{ref}.sarcase-wal").stat().st_size == 0
    with pytest.raises(InputError, match="already removed"):
        X.remove_document(ws, ref, info.id, "again")
    assert verify_workspace(ws) == []


def test_a_discarded_letter_drops_out_of_print_ready_letters_and_cannot_be_sent(ws):
    from sar_desk.services.letters import find_ready_letters

    ref = _case(ws)
    letter = C.store_letter(ws, ref, "acknowledgement", "pdf", b"%PDF-1.4 ack")
    assert [r.letter_id for r in find_ready_letters(ws)] == [letter.id]
    X.discard_letter(ws, ref, letter.id, "addressed to the wrong person")
    assert find_ready_letters(ws) == []
    with pytest.raises(InputError, match="was discarded"):
        C.record_dispatch(ws, ref, letter.id, D(2026, 3, 3), "post")
    assert C.get_case(ws, ref).dispatches == ()


def test_the_demo_workspace_shows_corrections(ws):
    from sar_desk.services.demo import build_demo

    refs = build_demo(ws, cases=30, seed=3, as_of=D(2026, 6, 20))
    snaps = [C.get_case(ws, ref) for ref in refs]
    assert any(s.voided_events for s in snaps)
    assert any(c.field == "received" for s in snaps for c in s.corrections)
    assert any(x.superseded for s in snaps for x in s.letters)
    assert verify_workspace(ws) == []


def test_a_case_file_upgraded_from_schema_v3_can_be_corrected(tmp_path):
    import json
    import shutil
    from pathlib import Path

    from sar_desk.core.clock import FixedClock
    from sar_desk.services.workspace import open_workspace

    fixture = Path(__file__).resolve().parents[1] / "data" / "schema_v3"
    expected = json.loads((fixture / "expected.json").read_text(encoding="utf-8"))
    shutil.copytree(fixture / "workspace", tmp_path / "ws")
    passphrase = (fixture / "passphrase.txt").read_text(encoding="utf-8").splitlines()[0]
    clock = FixedClock(dt.date.fromisoformat(expected["today"]))
    with open_workspace(tmp_path / "ws", passphrase=passphrase, clock=clock) as ws:
        ref = next(iter(expected["cases"]))  # ID asked for and received, a letter, a document
        snap = C.get_case(ws, ref)
        assert snap.voided_events == () and snap.corrections == ()
        received = next(e for e in snap.events if e.kind == EventKind.ID_RECEIVED)
        snap = X.void_event(ws, ref, received.id, "the passport was for someone else")
        assert received.id in {e.id for e in snap.voided_events}
        snap = X.remove_document(ws, ref, snap.documents[0].id, "not the requester's")
        assert snap.documents == () and len(snap.removed_documents) == 1
        assert verify_workspace(ws) == []


def test_a_right_with_work_recorded_stays_on_the_request(ws):
    from sar_desk.services import rights as R

    ref = _case(ws, request_types=(RequestType.ACCESS, RequestType.ERASURE))
    R.record_action(ws, ref, "erasure", "erased", system="CRM")
    with pytest.raises(InputError, match="erasure right, so it stays"):
        X.edit_case(ws, ref, {"request_types": ["access"]}, "asked for access only")
    snap = X.edit_case(ws, ref, {"request_types": ["access", "erasure", "objection"]},
                       "the letter also objects to marketing")
    assert RequestType.OBJECTION in snap.request_types


def test_an_override_goes_with_the_ending_it_let_through_when_that_is_voided(ws):
    from sar_desk.core.closing_rules import overrides

    ref = _case(ws)
    snap = C.record_event(ws, ref, "responded", D(2026, 3, 20),
                          override="Answered by hand at the front desk")
    assert [o.kind.value for o in overrides(snap)] == ["responded"]
    snap = X.void_event(ws, ref, snap.events[-1].id, "the response went to a different case")
    assert overrides(snap) == []


def test_removing_an_e_mail_removes_its_attachments_their_pages_and_redacted_copies(ws):
    from pathlib import Path

    from sqlalchemy import text

    from sar_desk.services import redaction
    from sar_desk.services.case_base import open_case_file

    mail = Path(__file__).parents[1] / "data" / "mail" / "with-attachments.eml"
    ref = _case(ws)
    keep = C.attach_document(ws, ref, Path(__file__).parents[1] / "data" / "mail" / "reply.eml")
    message = C.attach_document(ws, ref, mail)
    children = [d.id for d in C.get_case(ws, ref).documents if d.parent_id == message.id]
    assert children
    redaction.draw(ws, ref, children[0], 1, (10, 10, 100, 40), "third-party")
    redaction.decide(ws, ref, children[0], None, "accepted")
    redaction.apply(ws, ref, children[0])
    snap = X.remove_document(ws, ref, message.id, "sent to the wrong case")
    assert [d.id for d in snap.documents] == [keep.id]  # the other e-mail stays
    assert sorted(d.id for d in snap.removed_documents) == [message.id, *children]
    removed = [e for e in C.audit_trail(ws, ref) if e.action == "document_removed"]
    assert [(e.details["document_id"], e.details["reason"]) for e in removed] == [
        (i, "sent to the wrong case") for i in (message.id, *children)]
    with open_case_file(ws, ref) as case, case.reading() as session:
        left = {t: session.execute(text(
            f"SELECT count(*) FROM {t} WHERE document_id IN ({message.id}, "
            f"{', '.join(map(str, children))})")).scalar()
            for t in ("document_chunk", "rendition_chunk", "redacted_copy")}
    assert left == {"document_chunk": 0, "rendition_chunk": 0, "redacted_copy": 0}
    with pytest.raises(InputError, match="already removed"):  # a child went with it
        X.remove_document(ws, ref, children[0], "again")
    assert verify_workspace(ws) == []


def test_the_command_names_the_attachments_removed_with_an_e_mail(ws, capsys):
    from pathlib import Path

    from sar_desk.cli import main

    ref = _case(ws)
    message = C.attach_document(ws, ref, Path(__file__).parents[1] / "data" / "mail"
                                / "with-attachments.eml")
    children = [d.id for d in C.get_case(ws, ref).documents if d.parent_id == message.id]
    code = main(["case", "detach", ref, str(message.id), "--reason", "wrong case",
                 "--workspace", str(ws.path)])
    assert code == 0
    out = capsys.readouterr().out
    assert f"document {message.id} removed with its attached item" in out
    assert ", ".join(map(str, children)) in out

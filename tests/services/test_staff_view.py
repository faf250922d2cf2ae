"""Staff see only their job: the reference, the requester's name and address and the
letters. The request, notes, documents, exemption reasoning and audit trail are refused by
the services themselves, and each refusal is recorded in the workspace audit."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sar_desk.core.entities import Person
from sar_desk.errors import PermissionDenied
from sar_desk.services import cases as C
from sar_desk.services import letters, signoff
from sar_desk.store import users as store
from tests.services.team import team_workspace

BOSS, STAFF = "boss passphrase 1", "staff passphrase 9"


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    root = tmp_path_factory.mktemp("staffview") / "ws"
    with team_workspace(root, "boss", BOSS, [("stf", "staff", STAFF)], "2026-06-30") as h:
        yield h


@pytest.fixture
def ready_case(team, tmp_path):
    boss = team["boss"]
    snap = C.create_case(boss, C.NewCase(
        requester=Person("Ottoline Pemberton", "op@example.org", "4 Mill Lane\nYork YO1 7HH"),
        received=dt.date(2026, 6, 1), request_text="All my appraisal records please"),
        actor="boss")
    ref = snap.reference
    C.add_note(boss, ref, "Manager suspects a grievance", actor="boss")
    doc = tmp_path / "appraisal.txt"
    doc.write_text("appraisal 2025: meets expectations")
    C.attach_document(boss, ref, doc, actor="boss")
    C.apply_exemption(boss, ref, "legal-privilege", "advice from counsel on the grievance",
                      actor="boss")
    letters.generate_letter(boss, ref, "acknowledgement", "pdf", actor="boss")
    signoff.mark_ready(boss, ref, actor="boss")
    return ref


def test_staff_get_the_letter_printing_view_only(team, ready_case):
    full = C.get_case(team["boss"], ready_case)
    seen = C.get_case(team["stf"], ready_case)
    assert not full.redacted and full.notes and full.documents and full.exemptions
    assert seen.redacted and seen.reference == ready_case
    assert seen.requester.name == "Ottoline Pemberton"
    assert seen.requester.address_lines == ["4 Mill Lane", "York YO1 7HH"]
    assert [x.id for x in seen.letters] == [x.id for x in full.letters]
    assert seen.request_text == "" and seen.notes == () and seen.documents == ()
    assert seen.exemptions == () and seen.decisions == () and seen.search_log == ()
    assert C.deadline_for(seen, as_of=dt.date(2026, 6, 30)).due == \
        C.deadline_for(full, as_of=dt.date(2026, 6, 30)).due


@pytest.mark.parametrize("call", ["notes", "documents", "document_bytes", "audit"])
def test_staff_calls_for_notes_documents_and_audit_are_refused_and_audited(
        team, ready_case, call):
    boss, staff = team["boss"], team["stf"]
    before = len(store.read_audit(boss.registry))
    trail_before = len(C.audit_trail(boss, ready_case))
    calls = {"notes": lambda: C.case_notes(staff, ready_case),
             "documents": lambda: C.case_documents(staff, ready_case),
             "document_bytes": lambda: C.get_document_bytes(staff, ready_case, 1),
             "audit": lambda: C.audit_trail(staff, ready_case)}
    with pytest.raises(PermissionDenied, match="stf may not read a case's request, notes"):
        calls[call]()
    entries = store.read_audit(boss.registry)
    assert len(entries) == before + 1
    last = entries[-1]
    assert (last.actor, last.action, last.reference) == ("stf", "refused", ready_case)
    assert json.loads(last.details)["action"] == "read_case_details"
    assert len(C.audit_trail(boss, ready_case)) == trail_before  # the case is untouched
    # an officer still reads them
    assert C.case_notes(boss, ready_case)[0].text == "Manager suspects a grievance"
    assert C.case_documents(boss, ready_case)[0].filename == "appraisal.txt"


def test_staff_still_generate_and_print_ready_letters(team, ready_case):
    staff = team["stf"]
    info, data = letters.generate_letter(staff, ready_case, "acknowledgement", "pdf")
    assert data.startswith(b"%PDF")
    ready = [r for r in letters.find_ready_letters(staff) if r.reference == ready_case]
    assert ready and ready[0].requester == "Ottoline Pemberton"
    assert C.get_letter_bytes(staff, ready_case, info.id) == data
    snap = C.record_dispatch(staff, ready_case, info.id, dt.date(2026, 6, 30), "post")
    assert snap.redacted and any(d.letter_id == info.id for d in snap.dispatches)

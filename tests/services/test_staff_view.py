"""Staff see only their job: the reference, the requester's name and address and the
letters of cases marked ready, read from the ready letters store (the staff key opens it).
Every case service refuses them (they hold no key to the cases), and each refusal is
recorded in the ready letters audit."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.entities import Person
from sar_desk.errors import PermissionDenied
from sar_desk.services import cases as C
from sar_desk.services import letters, signoff, staff_desk
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


def test_staff_get_the_addressee_and_letters_only(team, ready_case):
    full = C.get_case(team["boss"], ready_case)
    [seen] = [c for c in staff_desk.ready_cases(team["stf"]) if c.reference == ready_case]
    assert not full.redacted and full.notes and full.documents and full.exemptions
    assert seen.name == "Ottoline Pemberton"
    assert seen.address_lines == ("4 Mill Lane", "York YO1 7HH")
    assert [x.letter_id for x in seen.letters] == [x.id for x in full.letters]
    assert "appraisal" not in repr(seen) and "grievance" not in repr(seen)
    # the store is encrypted: no addressee in the clear on disk
    assert b"Ottoline" not in (team["stf"].path / "ready.db").read_bytes()


@pytest.mark.parametrize("call", ["case", "notes", "documents", "document_bytes", "audit"])
def test_staff_calls_for_the_case_are_refused_and_recorded(team, ready_case, call):
    boss, staff = team["boss"], team["stf"]
    before = len(store.read_audit(boss.registry))
    ready_before = len(staff_desk.ready_audit(boss))
    trail_before = len(C.audit_trail(boss, ready_case))
    calls = {"case": lambda: C.get_case(staff, ready_case),
             "notes": lambda: C.case_notes(staff, ready_case),
             "documents": lambda: C.case_documents(staff, ready_case),
             "document_bytes": lambda: C.get_document_bytes(staff, ready_case, 1),
             "audit": lambda: C.audit_trail(staff, ready_case)}
    with pytest.raises(PermissionDenied, match="stf may not read a case.*only the staff key"):
        calls[call]()
    entries = staff_desk.ready_audit(boss)
    assert len(entries) == ready_before + 1
    assert (entries[-1]["actor"], entries[-1]["action"]) == ("stf", "refused")
    assert entries[-1]["details"]["reference"] == ready_case
    assert len(store.read_audit(boss.registry)) == before  # staff cannot write there
    assert len(C.audit_trail(boss, ready_case)) == trail_before  # the case is untouched
    # an officer still reads them
    assert C.case_notes(boss, ready_case)[0].text == "Manager suspects a grievance"
    assert C.case_documents(boss, ready_case)[0].filename == "appraisal.txt"


def test_staff_print_ready_letters_but_do_not_generate_them(team, ready_case):
    boss, staff = team["boss"], team["stf"]
    with pytest.raises(PermissionDenied, match="only the staff key"):
        letters.generate_letter(staff, ready_case, "acknowledgement", "pdf")
    ready = [(c, x) for c, x in staff_desk.letters_to_print(staff)
             if c.reference == ready_case]
    assert ready and ready[0][0].name == "Ottoline Pemberton"
    letter_id = ready[0][1].letter_id
    data = staff_desk.letter_bytes(staff, ready_case, letter_id)
    assert data == C.get_letter_bytes(boss, ready_case, letter_id)
    staff_desk.record_dispatch(staff, [(ready_case, letter_id)], "2026-06-30", "post")
    assert not [x for c, x in staff_desk.letters_to_print(staff) if c.reference == ready_case]

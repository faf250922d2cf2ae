"""The ready letters store: kept in step with the cases a privacy officer marked ready, and
read by staff with the staff key only."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.entities import Person
from sar_desk.errors import InputError, PermissionDenied
from sar_desk.services import cases as C
from sar_desk.services import ready_letters, signoff, staff_desk
from sar_desk.services import workspace as W
from sar_desk.services.corrections import discard_letter
from sar_desk.store import ready_store
from tests.services.team import as_alice, signoff_team

D = dt.date
PASS = "ready letters passphrase"


@pytest.fixture(scope="module")
def handles(tmp_path_factory):
    with signoff_team(tmp_path_factory.mktemp("ready") / "ws", PASS) as opened:
        yield opened


@pytest.fixture
def team(handles, monkeypatch):
    return as_alice(handles, monkeypatch)


def _case(ws, name="Grace Hopper", address="1 Harbour Row\nPortsmouth\nPO1 1AA"):
    return C.create_case(ws, C.NewCase(requester=Person(name, address=address),
                                       received=D(2026, 6, 1))).reference


def _listed(ws) -> dict:
    return {c.reference: c for c in staff_desk.ready_cases(ws)}


def test_marking_ready_copies_the_addressee_and_letters_and_withdrawing_removes_them(team):
    alice, sam = team["alice"], team["sam"]
    ref = _case(alice)
    ack = C.store_letter(alice, ref, "acknowledgement", "pdf", b"%PDF ack").id
    assert ref not in _listed(sam)
    signoff.mark_ready(alice, ref)
    entry = _listed(sam)[ref]
    assert entry.name == "Grace Hopper"
    assert entry.address_lines == ("1 Harbour Row", "Portsmouth", "PO1 1AA")
    assert [(x.letter_id, x.kind, x.format) for x in entry.letters] == [
        (ack, "acknowledgement", "pdf")]
    assert staff_desk.letter_bytes(sam, ref, ack) == b"%PDF ack"

    later = C.store_letter(alice, ref, "clarification", "pdf", b"%PDF clarify").id
    assert {x.letter_id for x in _listed(sam)[ref].letters} == {ack, later}
    discard_letter(alice, ref, later, "wrong address")
    assert {x.letter_id for x in _listed(sam)[ref].letters} == {ack}
    with pytest.raises(InputError, match="among the letters marked ready"):
        staff_desk.letter_bytes(sam, ref, later)

    signoff.mark_ready(alice, ref, False)
    assert ref not in _listed(sam)
    with pytest.raises(InputError, match="among the letters marked ready"):
        staff_desk.letter_bytes(sam, ref, ack)
    refused = [e for e in staff_desk.ready_audit(sam) if e["action"] == "refused"]
    assert refused[-1]["actor"] == "sam" and refused[-1]["details"]["reference"] == ref


def test_a_final_letter_reaches_staff_only_once_approved_and_a_dispatch_is_marked(team):
    alice, bob, sam = team["alice"], team["bob"], team["sam"]
    ref = _case(alice, "Alan Turing")
    signoff.mark_ready(alice, ref)
    final = C.store_letter(alice, ref, "final-response", "pdf", b"%PDF final").id
    assert _listed(sam)[ref].letters == ()
    signoff.approve_letter(bob, ref, final)
    assert [x.letter_id for x in _listed(sam)[ref].letters] == [final]
    assert (ref, final) in {(c.reference, x.letter_id)
                            for c, x in staff_desk.letters_to_print(sam)}
    C.record_dispatch(alice, ref, final, D(2026, 6, 20), "post")
    assert _listed(sam)[ref].letters[0].dispatched
    assert (ref, final) not in {(c.reference, x.letter_id)
                                for c, x in staff_desk.letters_to_print(sam)}


def test_printing_is_recorded_in_the_ready_audit_which_is_chained(team):
    alice, sam = team["alice"], team["sam"]
    ref = _case(alice, "Ada Byron")
    letter = C.store_letter(alice, ref, "acknowledgement", "pdf", b"%PDF a").id
    signoff.mark_ready(alice, ref)
    staff_desk.record_printed(sam, [(ref, letter)])
    last = staff_desk.ready_audit(sam)[-1]
    assert (last["actor"], last["action"]) == ("sam", "letters_printed")
    with ready_store.opened(sam.path, sam.staff_key, sam.id) as conn:
        assert ready_store.audit_problems(conn) == []


def test_a_manager_may_not_print_and_the_refusal_is_recorded(team):
    with pytest.raises(PermissionDenied, match="may not print or dispatch"):
        staff_desk.letter_bytes(team["meg"], "SAR-2026-0001", 1)
    assert staff_desk.ready_audit(team["alice"])[-1]["actor"] == "meg"


def test_reindex_rebuilds_the_store_from_the_case_files(team):
    alice, sam = team["alice"], team["sam"]
    ref = _case(alice, "Katherine Johnson")
    C.store_letter(alice, ref, "acknowledgement", "pdf", b"%PDF kj")
    signoff.mark_ready(alice, ref)
    ready_store.discard(alice.path)
    W.reindex(alice)
    assert _listed(sam)[ref].name == "Katherine Johnson"
    assert ready_letters.rebuild(alice) == len(_listed(sam))


def test_verify_names_a_broken_ready_audit_chain(team):
    from sar_desk.services.workspace import verify_workspace
    from sar_desk.store.engine import connect

    alice, sam = team["alice"], team["sam"]
    staff_desk.record_printed(sam, [])
    assert not [p for p in verify_workspace(alice) if "ready" in p]
    conn = connect(ready_store.ready_path(alice.path),
                   ready_store.ready_key(alice.staff_key, alice.id))
    try:  # a staff user rewriting what they did, with the staff key
        ready_store.remove_cases(conn, [])
        conn.execute("UPDATE ready_audit SET actor = 'nobody' WHERE seq = 1")  # noqa: S608
    finally:
        conn.close()
    assert any("ready letters audit entry 1 does not chain" in p
               for p in verify_workspace(alice))

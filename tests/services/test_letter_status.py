"""Sign-off you can see: each letter's status, the "awaiting my approval" queue, and
printing a final letter only once it is approved."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sar_desk.core.entities import CaseStatus, Person
from sar_desk.core.letter_status import LetterStatus, letter_status
from sar_desk.errors import InputError, PermissionDenied
from sar_desk.services import cases as C
from sar_desk.services import signoff
from tests.services.team import as_alice, signoff_team

D = dt.date
PASS = "status passphrase"
S = LetterStatus


@pytest.fixture(scope="module")
def handles(tmp_path_factory):
    with signoff_team(tmp_path_factory.mktemp("status") / "ws", PASS) as opened:
        yield opened


@pytest.fixture
def team(handles, monkeypatch):
    return as_alice(handles, monkeypatch)


def case_with_letters(ws):
    ref = C.create_case(ws, C.NewCase(requester=Person("Siobhán Ní Bhriain"),
                                      received=D(2026, 6, 2))).reference
    final = C.store_letter(ws, ref, "final-response", "pdf", b"%PDF final", actor="alice").id
    ack = C.store_letter(ws, ref, "acknowledgement", "pdf", b"%PDF ack", actor="alice").id
    return ref, final, ack


@pytest.mark.parametrize(("facts", "expected"), [
    ({"needs_signoff": True, "dispatched": False}, S.DRAFT),
    ({"needs_signoff": True, "dispatched": False, "requested": True}, S.AWAITING_APPROVAL),
    ({"needs_signoff": True, "dispatched": False, "requested": True, "approved": True},
     S.APPROVED),
    ({"needs_signoff": True, "dispatched": True, "approved": True}, S.DISPATCHED),
    ({"needs_signoff": True, "dispatched": False, "requested": True, "superseded": True},
     S.SUPERSEDED),
    ({"needs_signoff": False, "dispatched": False, "requested": True}, S.DRAFT),
    ({"needs_signoff": False, "dispatched": True}, S.DISPATCHED),
])
def test_the_status_follows_sign_off_and_dispatch(facts, expected):
    assert letter_status(**facts) == expected


def test_each_letter_moves_from_draft_to_dispatched_and_the_queue_shows_what_waits(team):
    alice, bob, meg = team["alice"], team["bob"], team["meg"]
    ref, final, ack = case_with_letters(alice)
    assert signoff.letter_statuses(alice, ref) == {final: S.DRAFT, ack: S.DRAFT}
    assert not [p for p in signoff.awaiting_my_approval(meg) if p.reference == ref]
    signoff.request_approval(alice, ref, final)
    assert signoff.letter_statuses(alice, ref)[final] == S.AWAITING_APPROVAL
    # alice wrote it and asked: it is not in her queue; bob and the manager see it
    assert not [p for p in signoff.awaiting_my_approval(alice) if p.reference == ref]
    waiting = [p for p in signoff.awaiting_my_approval(meg) if p.reference == ref]
    assert [(p.letter_id, p.kind, p.asked_by) for p in waiting] == [
        (final, "final-response", "alice")]
    assert [p.letter_id for p in signoff.awaiting_my_approval(bob) if p.reference == ref] == [
        final]
    with pytest.raises(PermissionDenied):
        signoff.awaiting_my_approval(team["sam"])
    assert signoff.pending_count(team["sam"]) is None
    signoff.approve_letter(bob, ref, final)
    assert signoff.letter_statuses(alice, ref)[final] == S.APPROVED
    assert not [p for p in signoff.awaiting_my_approval(meg) if p.reference == ref]
    snap = C.record_dispatch(alice, ref, final, D(2026, 6, 20), "email")
    assert snap.status == CaseStatus.RESPONDED  # the dispatch recorded the response
    assert signoff.letter_statuses(alice, ref) == {final: S.DISPATCHED, ack: S.DRAFT}


def test_printing_a_final_letter_needs_its_approval_as_dispatch_does(team):
    alice, bob = team["alice"], team["bob"]
    ref, final, ack = case_with_letters(alice)
    assert signoff.letter_for_printing(alice, ref, ack) == b"%PDF ack"
    with pytest.raises(InputError, match="before it is printed") as caught:
        signoff.letter_for_printing(alice, ref, final)
    assert caught.value.code == "letter.not_approved"
    signoff.approve_letter(bob, ref, final)
    assert signoff.letter_for_printing(alice, ref, final) == b"%PDF final"


def test_approvals_cli_lists_the_queue_as_text_and_json(team, tmp_path, capsys, monkeypatch):
    from sar_desk.cli import main

    ref, final, _ack = case_with_letters(team["alice"])
    signoff.request_approval(team["alice"], ref, final)
    secret = tmp_path / "p.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")
    args = ["--workspace", str(team["alice"].path), "--passphrase-file", str(secret)]
    monkeypatch.setenv("LOGNAME", "meg")
    capsys.readouterr()
    assert main(["approvals", "--json", *args]) == 0
    listed = [p for p in json.loads(capsys.readouterr().out) if p["reference"] == ref]
    assert [(p["letter_id"], p["kind"], p["asked_by"]) for p in listed] == [
        (final, "final-response", "alice")]
    assert main(["approvals", *args]) == 0
    assert f"{ref}  letter {final}  final-response" in capsys.readouterr().out
    assert main(["case", "show", ref, *args]) == 0
    out = capsys.readouterr().out
    assert f"#{final} final-response (pdf)" in out and "Awaiting approval" in out
    monkeypatch.setenv("LOGNAME", "sam")
    assert main(["approvals", *args]) == PermissionDenied.exit_code


def test_the_queue_opens_only_the_cases_the_registry_lists_as_waiting(team, monkeypatch):
    """At 100,000 cases the queue cannot open every case file: it reads the cases the
    registry lists, and takes a case off the list once nothing in it waits."""
    from sar_desk.store import case_flags

    alice, meg = team["alice"], team["meg"]
    quiet = [case_with_letters(alice)[0] for _ in range(3)]
    ref, final, _ack = case_with_letters(alice)
    signoff.request_approval(alice, ref, final)
    assert ref in case_flags.approval_waits(meg.registry)
    opened = []
    real = signoff.open_case_file
    monkeypatch.setattr(signoff, "open_case_file",
                        lambda ws, r, **kw: opened.append(r) or real(ws, r, **kw))
    assert [p.letter_id for p in signoff.awaiting_my_approval(meg) if p.reference == ref] == [
        final]
    assert not set(quiet) & set(opened)
    signoff.approve_letter(team["bob"], ref, final)
    assert not [p for p in signoff.awaiting_my_approval(meg) if p.reference == ref]
    assert ref not in case_flags.approval_waits(meg.registry)


def test_an_upgraded_registry_is_looked_through_once_for_letters_awaiting_approval(team):
    """A registry upgraded to v5 starts with no list: the first queue read looks through
    every open case, finds what waits and records it, then reads the list only."""
    from sar_desk.store import case_flags

    alice, meg = team["alice"], team["meg"]
    ref, final, _ack = case_with_letters(alice)
    signoff.request_approval(alice, ref, final)
    with meg.registry.writing() as conn:  # as the v4 -> v5 upgrade leaves it
        conn.exec_driver_sql("DELETE FROM approval_waits")
        conn.exec_driver_sql("INSERT INTO meta (key, value) VALUES ('approvals_unscanned', '1')")
    assert case_flags.approval_waits(meg.registry) is None
    assert [p.letter_id for p in signoff.awaiting_my_approval(meg) if p.reference == ref] == [
        final]
    assert ref in case_flags.approval_waits(meg.registry)

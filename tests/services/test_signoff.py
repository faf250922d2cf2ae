"""Sign-off before disclosure: a final letter is issued only after a second officer or a
manager approves exactly its bytes; the approval is in the case's audit chain."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sar_desk.core.entities import Person
from sar_desk.errors import InputError, PermissionDenied
from sar_desk.services import cases as C
from sar_desk.services import signoff
from sar_desk.store import keys
from tests.services.team import as_alice, signoff_team

D = dt.date
PASS = "signoff passphrase"


@pytest.fixture(scope="module")
def handles(tmp_path_factory):
    """One workspace (alice: administrator and officer; bob: officer; meg: manager; sam:
    staff), each user's handle opened once with their own passphrase."""
    with signoff_team(tmp_path_factory.mktemp("signoff") / "ws", PASS) as opened:
        yield opened


@pytest.fixture
def team(handles, monkeypatch):
    return as_alice(handles, monkeypatch)


def final_letter(ws, kind="final-response", data=b"%PDF final response v1"):
    ref = C.create_case(ws, C.NewCase(requester=Person("Anaïs Dubois"),
                                      received=D(2026, 5, 2))).reference
    return ref, C.store_letter(ws, ref, kind, "pdf", data, actor="alice").id


def test_a_final_letter_is_issued_only_after_a_second_officer_approves_it(team):
    alice, bob = team["alice"], team["bob"]
    ref, letter = final_letter(alice)
    with pytest.raises(InputError, match="has not been approved"):
        C.record_dispatch(alice, ref, letter, D(2026, 6, 1), "post")
    assert C.get_case(alice, ref).dispatches == ()
    info = C.get_case(alice, ref).letters[0]
    assert not signoff.issuable(alice, ref, info)  # kept out of the batch print list
    signoff.request_approval(alice, ref, letter)
    with pytest.raises(PermissionDenied, match="second privacy officer or a manager"):
        signoff.approve_letter(alice, ref, letter)
    with pytest.raises(PermissionDenied, match="may not approve a letter"):
        signoff.approve_letter(team["sam"], ref, letter)
    approval = signoff.approve_letter(bob, ref, letter)
    data = C.get_letter_bytes(alice, ref, letter)
    assert (approval.by, approval.sha256) == ("bob", keys.sha256_hex(data))
    entry = [e for e in C.audit_trail(alice, ref) if e.action == "letter_approved"][-1]
    assert (entry.actor, entry.details["sha256"], entry.details["letter_id"]) == (
        "bob", keys.sha256_hex(data), letter)
    assert C.check_case(alice, ref) == []  # chained like every other entry
    assert signoff.issuable(alice, ref, info)
    snap = C.record_dispatch(alice, ref, letter, D(2026, 6, 1), "post")
    assert snap.dispatches[0].letter_id == letter


def test_a_manager_may_approve_and_a_refusal_needs_sign_off_too(team):
    ref, letter = final_letter(team["alice"], kind="refusal", data=b"%PDF refusal")
    with pytest.raises(InputError, match="not been approved"):
        C.record_dispatch(team["alice"], ref, letter, D(2026, 6, 1), "email")
    signoff.approve_letter(team["meg"], ref, letter)
    C.record_dispatch(team["alice"], ref, letter, D(2026, 6, 1), "email")
    # an acknowledgement is not a final response: no sign-off needed
    ack = C.store_letter(team["alice"], ref, "acknowledgement", "pdf", b"%PDF ack").id
    C.record_dispatch(team["alice"], ref, ack, D(2026, 6, 2), "post")


def test_a_letter_changed_after_approval_needs_approving_again(team):
    alice, bob = team["alice"], team["bob"]
    ref, letter = final_letter(alice)
    signoff.approve_letter(bob, ref, letter)
    from sar_desk.store.case_schema import LetterRow

    with C.open_case_file(alice, ref) as case, case.transaction() as session:
        session.get(LetterRow, letter).data = b"%PDF final response v2, edited"
    with pytest.raises(InputError, match="changed after it was approved"):
        C.record_dispatch(alice, ref, letter, D(2026, 6, 1), "post")
    assert signoff.letter_approval(alice, ref, letter) is None
    signoff.approve_letter(bob, ref, letter)
    assert signoff.letter_approval(alice, ref, letter).sha256 == keys.sha256_hex(
        b"%PDF final response v2, edited")
    C.record_dispatch(alice, ref, letter, D(2026, 6, 1), "post")
    # a regenerated letter is a new letter: its own approval is needed
    again = C.store_letter(alice, ref, "final-response", "pdf", b"%PDF final v3").id
    with pytest.raises(InputError, match="not been approved"):
        C.record_dispatch(alice, ref, again, D(2026, 6, 2), "post")


def test_approve_cli(team, tmp_path, capsys, monkeypatch):
    ref, letter = final_letter(team["alice"])
    secret = tmp_path / "p.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")
    from sar_desk.cli import main

    args = ["--workspace", str(team["alice"].path), "--passphrase-file", str(secret)]
    assert main(["approve", ref, str(letter), "--request", *args]) == 0
    assert main(["approve", ref, str(letter), *args]) == PermissionDenied.exit_code
    monkeypatch.setenv("LOGNAME", "bob")
    capsys.readouterr()
    assert main(["approve", ref, str(letter), *args]) == 0
    assert "approved by bob" in capsys.readouterr().out
    monkeypatch.setenv("LOGNAME", "alice")
    assert main(["case", "show", ref, "--json", *args]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert "letter_approved" in json.dumps(shown)


def test_an_asking_and_an_approval_are_shown_on_the_workspaces_day(team, monkeypatch):
    from sar_desk.core import clock

    assert clock.now().date().isoformat() != "2026-06-30"  # the team's pinned day
    alice, bob = team["alice"], team["bob"]
    ref, letter = final_letter(alice)
    signoff.request_approval(alice, ref, letter)
    monkeypatch.setenv("LOGNAME", "bob")
    asked = [p for p in signoff.awaiting_my_approval(bob) if (p.reference, p.letter_id) == (
        ref, letter)]
    assert [p.asked_at[:10] for p in asked] == ["2026-06-30"]
    assert signoff.approve_letter(bob, ref, letter).at[:10] == "2026-06-30"
    assert signoff.letter_approval(alice, ref, letter).at[:10] == "2026-06-30"
    # the audit chain keeps the real time
    entry = [e for e in C.audit_trail(alice, ref) if e.action == "letter_approved"][-1]
    assert entry.at.date() == clock.now().date()

"""My work: my cases due soon, letters awaiting my approval, requests unanswered for 14 days
(each with a chaser letter) and complaints to acknowledge, on the workspace clock."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.entities import EventKind, Person
from sar_desk.core.reminders import unanswered
from sar_desk.services import cases as C
from sar_desk.services import complaints, my_work, signoff
from sar_desk.services.complaints import NewComplaint
from tests.services.team import signoff_team

D = dt.date
PASS = "my work passphrase"
TODAY = D(2026, 6, 30)  # the team's clock


@pytest.fixture
def team(tmp_path):
    """Each login's own handle on a fresh sign-off team (its clock pinned to TODAY)."""
    with signoff_team(tmp_path / "ws", PASS) as opened:
        yield opened


def _case(ws, name, received, assignee="bob"):
    return C.create_case(ws, C.NewCase(requester=Person(name), received=received,
                                       assignee=assignee)).reference


def test_my_cases_due_within_n_days_overdue_first_and_only_mine(team):
    alice, bob = team["alice"], team["bob"]
    late = _case(alice, "Ola Late", D(2026, 5, 1))  # due 1 June: overdue
    soon = _case(alice, "Sam Soon", D(2026, 6, 2))  # due 2 July
    later = _case(alice, "Lou Later", D(2026, 6, 20))  # due 20 July
    _case(alice, "Not Mine", D(2026, 5, 1), assignee="alice")
    work = my_work.my_work(bob, days=7)
    assert [(d.reference, d.days_left) for d in work.due] == [(late, -29), (soon, 2)]
    assert later in {d.reference for d in my_work.my_work(bob, days=30).due}
    assert "2 cases due within 7 days (1 overdue)" in work.summary()


def test_unanswered_for_14_days_asks_for_a_chaser(team):
    alice, bob = team["alice"], team["bob"]
    ref = _case(alice, "Kim Quiet", D(2026, 6, 1))
    C.record_event(alice, ref, "id_requested", D(2026, 6, 16))  # 14 days by 30 June
    other = _case(alice, "Ann Recent", D(2026, 6, 1))
    C.record_event(alice, other, "clarification_requested", D(2026, 6, 17), note="which year")
    answered = _case(alice, "Raj Replied", D(2026, 6, 1))
    C.record_event(alice, answered, "clarification_requested", D(2026, 6, 2), note="which")
    C.record_event(alice, answered, "clarification_received", D(2026, 6, 10))
    chasers = my_work.my_work(bob).chasers
    assert [(c.reference, c.asked, c.asked_on, c.days, c.letter_kind) for c in chasers] == [
        (ref, "proof of identity", D(2026, 6, 16), 14, "chaser")]


def test_the_14_day_rule_counts_from_the_latest_asking():
    ask, got = EventKind.CLARIFICATION_REQUESTED, EventKind.CLARIFICATION_RECEIVED
    events = [(ask, D(2026, 5, 1)), (got, D(2026, 5, 5)), (ask, D(2026, 6, 1))]
    assert [u.days for u in unanswered(events, D(2026, 6, 15))] == [14]
    assert unanswered(events, D(2026, 6, 14)) == []
    assert unanswered([*events, (got, D(2026, 6, 3))], D(2026, 7, 1)) == []


def test_letters_awaiting_my_approval_and_complaints_to_acknowledge(team):
    alice, meg, bob = team["alice"], team["meg"], team["bob"]
    ref = _case(alice, "Pat Final", D(2026, 6, 2))
    letter = C.store_letter(alice, ref, "final-response", "pdf", b"%PDF final",
                            actor="alice").id
    signoff.request_approval(alice, ref, letter)
    assert [(a.reference, a.letter_id) for a in my_work.my_work(meg).approvals] == [
        (ref, letter)]
    assert my_work.my_work(alice).approvals == []  # she asked: not hers to approve
    new = complaints.create_complaint(alice, NewComplaint(Person("Cy Cross"), D(2026, 6, 25),
                                                          handler="bob"))
    new = new.complaint
    work = my_work.my_work(bob)
    assert [c.reference for c in work.complaints] == [new.reference]
    assert my_work.my_work(alice).complaints == []  # bob handles it
    complaints.record_complaint_event(alice, new.reference, "acknowledged", D(2026, 6, 26))
    assert my_work.my_work(bob).complaints == []
    data = my_work.my_work(meg).to_json()
    assert data["as_of"] == TODAY.isoformat() and data["approvals"][0]["letter"] == letter


def test_my_work_cli_text_and_json(tmp_path, capsys, monkeypatch):
    import json

    from sar_desk.cli import main
    from sar_desk.services.workspace import init_workspace, open_workspace

    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")
    root = tmp_path / "ws"
    init_workspace(root)[0].close()
    with open_workspace(root) as ws:
        from sar_desk.services import access

        me = access.current_user(ws).login
        ref = _case(ws, "Zoë Ünal", D(2026, 6, 1), assignee=me)
        C.record_event(ws, ref, "id_requested", D(2026, 6, 10))
    assert main(["my-work", "--workspace", str(root)]) == 0
    out = capsys.readouterr().out
    assert "Unanswered for 14 days or more" in out and "proof of identity" in out
    assert main(["my-work", "--days", "3", "--workspace", str(root), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["days"] == 3 and data["due"] == []  # ID requested: the clock is paused
    assert [c["reference"] for c in data["chasers"]] == [ref]

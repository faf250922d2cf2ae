"""A complaint has a handler: a privacy officer of the workspace, set when it is raised and
changed by assigning it (recorded with who and when); anyone else is refused by name. The
list can show only mine, and My work lists my complaints and those with no handler."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.clock import now
from sar_desk.core.complaint_handler import handler_reason
from sar_desk.core.entities import Person
from sar_desk.errors import InputError, PermissionDenied
from sar_desk.services import complaints, my_work
from sar_desk.services.complaint_handlers import complaint_handlers
from sar_desk.services.complaints import NewComplaint
from tests.services.team import signoff_team

D = dt.date
PASS = "handler passphrase"
USERS = [("alice", "Alice Ames", ("administrator", "privacy_officer")),
         ("bob", "", ("privacy_officer",)), ("meg", "Meg Manager", ("manager",)),
         ("sam", "", ("staff",))]


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """alice (administrator and officer), bob (officer), meg (manager), sam (staff)."""
    with signoff_team(tmp_path_factory.mktemp("handler") / "ws", PASS) as opened:
        yield opened


def raise_(ws, name: str, **kw) -> str:
    return complaints.create_complaint(ws, NewComplaint(Person(name), D(2026, 6, 25), **kw)
                                       ).complaint.reference


def test_the_rule_names_unknown_logins_and_users_who_may_not_handle_complaints():
    assert handler_reason("bob", USERS) is None
    assert handler_reason(" ALICE  AMES ", USERS) is None  # a display name, in any case
    assert handler_reason("zed", USERS) == (
        "zed is not a user of this workspace. Choose one of: alice, bob.")
    assert handler_reason("Meg Manager", USERS) == (
        "meg may not handle complaints: only a privacy officer may, and meg is a manager. "
        "Choose one of: alice, bob.")
    assert handler_reason("sam", USERS).startswith("sam may not handle complaints")
    assert handler_reason("  ", USERS) == (
        "Enter the login of the privacy officer who will handle the complaint.")
    assert "Nobody here may handle complaints" in handler_reason("meg", USERS[2:])


def test_whoever_raises_a_complaint_handles_it_unless_another_is_named(team):
    alice = team["alice"]
    assert [u[0] for u in complaint_handlers(alice)] == ["alice", "bob"]
    mine = complaints.get_complaint(alice, raise_(alice, "Ann Own")).complaint
    assert mine.handler == "alice"
    bobs = raise_(alice, "Bea Named", handler="bob")
    assert complaints.get_complaint(alice, bobs).to_json()["handler"] == "bob"
    nobody = complaints.get_complaint(alice, raise_(alice, "Nia None", handler=""))
    assert nobody.complaint.handler == "" and nobody.to_json()["handler"] is None
    rows = {r.reference: r.handler for r in complaints.list_complaints(alice)}
    assert rows[mine.reference] == "alice" and rows[bobs] == "bob"
    assert rows[nobody.complaint.reference] == ""


@pytest.mark.parametrize(("who", "code", "says"), [
    ("meg", "complaint.handler_not_allowed", "meg may not handle complaints: only a privacy "
     "officer may, and meg is a manager. Choose one of: alice, bob."),
    ("zed", "complaint.handler_unknown", "zed is not a user of this workspace. Choose one "
     "of: alice, bob."),
])
def test_raising_for_someone_who_may_not_handle_it_logs_nothing(team, who, code, says):
    alice = team["alice"]
    before = len(complaints.list_complaints(alice))
    with pytest.raises(InputError) as refused:
        raise_(alice, "Rae Refused", handler=who)
    assert str(refused.value) == f"{says} No complaint was logged."
    assert refused.value.code == code and refused.value.exit_code == 2
    assert len(complaints.list_complaints(alice)) == before


def test_assigning_records_who_and_when_and_moves_the_registry_row(team):
    alice, meg = team["alice"], team["meg"]
    ref = raise_(alice, "Cy Moved")
    view = complaints.assign_complaint(alice, ref, "bob")
    assert view.complaint.handler == "bob"
    assert {r.reference: r.handler for r in complaints.list_complaints(alice)}[ref] == "bob"
    entry = complaints.complaint_audit(alice, ref)[-1]
    assert (entry.action, entry.actor) == ("complaint_handler_assigned", "alice")
    assert entry.details == {"handler": "bob", "before": "alice"}
    assert abs(now() - entry.at) < dt.timedelta(minutes=5)  # when it was done
    # A manager reassigns, as with cases; the login is found in any case.
    assert complaints.assign_complaint(meg, ref, " ALICE ").complaint.handler == "alice"
    assert complaints.complaint_audit(meg, ref)[-1].actor == "meg"
    # The events and clocks are untouched by who handles it.
    assert complaints.get_complaint(alice, ref).complaint.events == ()


@pytest.mark.parametrize(("who", "code", "says"), [
    ("sam", "complaint.handler_not_allowed", "sam may not handle complaints: only a privacy "
     "officer may, and sam is staff."),
    ("nobody.here", "complaint.handler_unknown", "nobody.here is not a user of this "
     "workspace."),
    ("", "complaint.handler_unknown", "Enter the login of the privacy officer"),
])
def test_assigning_to_anyone_else_is_refused_and_changes_nothing(team, who, code, says):
    alice = team["alice"]
    ref = raise_(alice, "Dee Stays", handler="bob")
    trail = len(complaints.complaint_audit(alice, ref))
    with pytest.raises(InputError) as refused:
        complaints.assign_complaint(alice, ref, who)
    assert str(refused.value).startswith(says) and refused.value.code == code
    assert str(refused.value).endswith("Nothing was changed.")
    assert complaints.get_complaint(alice, ref).complaint.handler == "bob"
    assert len(complaints.complaint_audit(alice, ref)) == trail


def test_staff_may_not_assign_a_complaint(team):
    ref = raise_(team["alice"], "Eve Gated")
    with pytest.raises(PermissionDenied):
        complaints.assign_complaint(team["sam"], ref, "bob")


def test_the_list_shows_only_mine_and_my_work_adds_those_with_no_handler(team):
    alice, bob, meg = team["alice"], team["bob"], team["meg"]
    hers = raise_(alice, "Fay Hers")
    his = raise_(alice, "Gus His", handler="bob")
    loose = raise_(alice, "Hal Loose", handler="")
    done = raise_(alice, "Ida Done", handler="bob")
    complaints.record_complaint_event(alice, done, "acknowledged", D(2026, 6, 26))
    mine = [r.reference for r in complaints.list_complaints(bob, mine=True)]
    assert his in mine and done in mine and hers not in mine and loose not in mine
    assert all(r.handler == "bob" for r in complaints.list_complaints(bob, mine=True))
    listed = {c.reference: c for c in my_work.my_work(bob).complaints}
    assert his in listed and loose in listed  # acknowledged ones are not to do
    assert hers not in listed and done not in listed
    assert (listed[his].handler_text, listed[loose].handler_text) == ("bob", "no handler")
    theirs = {c.reference for c in my_work.my_work(alice).complaints}
    assert hers in theirs and loose in theirs and his not in theirs
    assert his not in {c.reference for c in my_work.my_work(meg).complaints}
    data = my_work.my_work(bob).to_json()["complaints"]
    assert {d["reference"]: d["handler"] for d in data}[loose] is None

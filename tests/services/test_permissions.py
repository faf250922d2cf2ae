"""Every role × action pair of the permission table, through the real service entry points.

The expectation per role is written out here, independently of ``sar_desk.core.roles``; a
test checks the table against it and then runs the action as a user holding only that
role. A refused action raises PermissionDenied, leaves the case file byte for byte as it
was, and is recorded in the workspace audit chain.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from sar_desk.core.clock import FixedClock
from sar_desk.core.entities import Decision, DecisionGround, DecisionKind, Person
from sar_desk.core.roles import PERMISSIONS, Action, Role
from sar_desk.errors import PermissionDenied
from sar_desk.services import access, backup, letters, retention, rights, signoff, staff_desk
from sar_desk.services import cases as C
from sar_desk.services import dashboard as dash
from sar_desk.services.workspace import verify_workspace
from sar_desk.store import users as store
from tests.services.team import team_workspace

D = dt.date
TODAY = "2026-06-30"
PASS = {"boss": "boss passphrase 1", "po2": "second officer pass", "mgr": "manager passphrase",
        "stf": "staff passphrase 9", "adm": "administrator pass"}
LOGIN = {Role.PRIVACY_OFFICER: "po2", Role.MANAGER: "mgr", Role.STAFF: "stf",
         Role.ADMINISTRATOR: "adm"}

# The independent expectation: what each role may do ("ready" = only on cases marked ready).
CASE_WORK = {
    "create_case", "record_event", "apply_exemption", "record_decision", "attach_document",
    "set_document_status", "add_note", "add_search_log", "edit_case", "assign_case",
    "export_case", "read_case", "read_case_details", "list_cases", "read_dashboard",
    "generate_letter", "dispatch_letter", "mark_ready", "request_approval", "approve_letter",
    "legal_hold",
}
EXPECTED: dict[Role, dict[str, str]] = {
    Role.PRIVACY_OFFICER: {**{a: "any" for a in CASE_WORK}, "maintain_workspace": "any"},
    Role.MANAGER: {"read_case": "any", "read_case_details": "any", "list_cases": "any",
                   "read_dashboard": "any", "assign_case": "any", "approve_letter": "any"},
    Role.STAFF: {"list_cases": "ready", "dispatch_letter": "ready"},
    Role.ADMINISTRATOR: {"manage_users": "any", "edit_profile": "any", "view_retention": "any",
                         "purge_case": "any", "legal_hold": "any", "backup": "any",
                         "restore": "any", "maintain_workspace": "any", "unlock_case": "any"},
}


def login_as(login: str):
    os.environ["LOGNAME"] = login


@pytest.fixture(scope="module", autouse=True)
def logname_put_back():
    """The tests here log in as each user in turn: the login is put back afterwards (the
    server run of this module comes before other modules that read it)."""
    before = os.environ.get("LOGNAME")
    yield
    if before is None:
        os.environ.pop("LOGNAME", None)
    else:
        os.environ["LOGNAME"] = before


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """One workspace with a user per role, each opened once with their own passphrase."""
    root = tmp_path_factory.mktemp("team") / "ws"
    members = [(login, role.value, PASS[login]) for role, login in LOGIN.items()]
    with team_workspace(root, "boss", PASS["boss"], members, TODAY) as handles:
        yield root, handles


@pytest.fixture
def env(team, monkeypatch, tmp_path):
    monkeypatch.setenv("LOGNAME", "boss")
    return team


def new_case(boss, tmp_path: Path, *, ready: bool = False, closed: bool = False,
             letter: bool = False) -> str:
    snap = C.create_case(boss, C.NewCase(requester=Person("Zofia Wiśniewska", "zw@example.pl"),
                                         received=D(2026, 3, 2)), actor="boss")
    ref = snap.reference
    doc = tmp_path / "doc.txt"
    doc.write_text("payroll extract for Zofia")
    C.attach_document(boss, ref, doc, actor="boss")
    if letter:
        C.store_letter(boss, ref, "final-response", "pdf", b"%PDF final response", actor="boss")
    if closed:
        C.record_event(boss, ref, "responded", D(2026, 3, 20), actor="boss",
            override="ended for this test's set-up")
        C.record_event(boss, ref, "closed", D(2026, 3, 21), actor="boss",
            override="ended for this test's set-up")
    if ready:
        signoff.mark_ready(boss, ref, actor="boss")
    return ref


def _run(action: str, ws, ref: str, tmp_path: Path, root: Path, login: str):
    letter_id = None
    if action in ("approve_letter", "request_approval"):
        letter_id = next(x.id for x in C.get_case(ws_boss(root), ref).letters)
    runners = {
        "create_case": lambda: C.create_case(ws, C.NewCase(
            requester=Person("Ngozi Okafor"), received=D(2026, 4, 1))),
        "record_event": lambda: C.record_event(ws, ref, "id_requested", D(2026, 3, 3)),
        "apply_exemption": lambda: C.apply_exemption(ws, ref, "legal-privilege",
                                                     "advice from counsel"),
        "record_decision": lambda: C.record_decision(ws, ref, Decision(
            kind=DecisionKind.FEE, ground=DecisionGround.EXCESSIVE, reasons="repeat copies",
            amount=25)),
        "attach_document": lambda: C.attach_document(ws, ref, tmp_path / "doc.txt"),
        "set_document_status": lambda: C.set_document_status(ws, ref, 1, "disclose"),
        "add_note": lambda: C.add_note(ws, ref, "called the requester"),
        "add_search_log": lambda: C.add_search_log(ws, ref, "HR system", "Zofia"),
        "edit_case": lambda: rights.add_right(ws, ref, "erasure"),
        "assign_case": lambda: C.assign_case(ws, ref, "po2"),
        "export_case": lambda: C.export_case(ws, ref, tmp_path / "copy.sarcase",
                                             "hand-over passphrase"),
        "read_case": lambda: C.get_case(ws, ref),
        "read_case_details": lambda: C.audit_trail(ws, ref),
        "list_cases": lambda: C.list_cases(ws, status="all"),
        "read_dashboard": lambda: dash.load_dashboard(ws, D(2026, 6, 30)),
        "generate_letter": lambda: letters.generate_letter(ws, ref, "acknowledgement", "pdf"),
        "dispatch_letter": lambda: C.record_dispatch(ws, ref, None, D(2026, 3, 5), "post"),
        "mark_ready": lambda: signoff.mark_ready(ws, ref),
        "request_approval": lambda: signoff.request_approval(ws, ref, letter_id),
        "approve_letter": lambda: signoff.approve_letter(ws, ref, letter_id),
        "manage_users": lambda: access.list_users(ws),
        "edit_profile": lambda: access.save_profile(
            ws, (Path(__file__).parents[2] / "sar_desk/resources/profiles/default.toml")
            .read_text(encoding="utf-8")),
        "view_retention": lambda: retention.due_for_purge(ws, D(2040, 1, 1)),
        "purge_case": lambda: _purge(ws, ref, tmp_path),
        "legal_hold": lambda: retention.set_hold(ws, ref, "employment tribunal claim"),
        "backup": lambda: backup.backup_workspace(ws, tmp_path / "out.sdbk"),
        "restore": lambda: _restore(root, tmp_path, login),
        "maintain_workspace": lambda: verify_workspace(ws),
        "unlock_case": lambda: _unlock(ws, ref),
    }
    return runners[action]()


def _purge(ws, ref: str, tmp_path: Path):
    ws.clock = FixedClock(D(2040, 1, 1))  # a purge destroys only what is due today
    return retention.purge(ws, references=[ref], confirm=1, certificates_dir=tmp_path / "certs")


def _unlock(ws, ref: str):
    """Release a lock left by a program on another computer."""
    import json

    from sar_desk.services import changes
    from sar_desk.services.case_locks import unlock_case

    if changes.is_team(ws):  # the lock is the server's, held by another computer's connection
        from tests.server.team_helpers import LockedElsewhere

        with LockedElsewhere(ws, ref, "po2"):
            return unlock_case(ws, ref, reason="that computer was switched off", force=True)
    lock = ws.path / "locks" / f"{ref}.lock"  # a staff-only handle has no locks_dir
    lock.parent.mkdir(exist_ok=True)
    lock.write_text(json.dumps({"user": "po2", "host": "another-computer", "pid": 4242,
                                "since": "2026-06-01T09:00:00+00:00"}), encoding="utf-8")
    try:
        return unlock_case(ws, ref, reason="that computer was switched off", force=True)
    finally:
        lock.unlink(missing_ok=True)


_BOSS: dict[Path, object] = {}
_SHARED: dict[tuple, str] = {}


def ws_boss(root: Path):
    return _BOSS[root]


def _restore(root: Path, tmp_path: Path, login: str):
    archive = tmp_path / "for-restore.sdbk"
    backup.backup_workspace(_BOSS[root], archive)
    os.environ["LOGNAME"] = login
    restored = backup.restore_workspace(archive, tmp_path / "restored",
                                        passphrase=PASS[login])
    restored.close()
    return restored


def case_bytes(ws, ref: str) -> bytes:
    path = ws.case_path(ref)
    return b"".join(Path(str(path) + s).read_bytes() for s in ("", "-wal")
                    if Path(str(path) + s).exists())


PAIRS = [(role, action) for role in Role for action in Action]


def test_the_table_covers_every_role_and_action():
    assert set(PERMISSIONS) == set(Role)
    assert {a.value for a in Action} == CASE_WORK | {
        "manage_users", "edit_profile", "view_retention", "purge_case", "backup", "restore",
        "maintain_workspace", "unlock_case"}


@pytest.mark.parametrize(("role", "action"), PAIRS, ids=[f"{r.value}-{a.value}" for r, a in PAIRS])
def test_role_action(role, action, env, tmp_path):
    root, handles = env
    boss = handles["boss"]
    _BOSS[root] = boss
    expected = EXPECTED[role].get(action.value)
    scope = PERMISSIONS[role].get(action)
    assert (scope.value if scope else None) == expected  # the table says what we expect

    login = LOGIN[role]
    ws = handles[login]
    needs = {"closed": action is Action.PURGE_CASE,
             "letter": action in (Action.APPROVE_LETTER, Action.REQUEST_APPROVAL)}
    # Staff hold the staff key only: every case service refuses them (recorded in the ready
    # letters audit); they list and dispatch through the ready letters store.
    staff_only = role is Role.STAFF
    denied = staff_only or expected is None or (
        expected == "ready" and action is not Action.LIST_CASES)
    (tmp_path / "doc.txt").write_text("payroll extract for Zofia")
    # a refused action changes nothing, so those tests share one case of each kind
    key = (root, *needs.values())
    if not denied:
        ref = new_case(boss, tmp_path, **needs)
    elif key in _SHARED:
        ref = _SHARED[key]
    else:
        ref = _SHARED[key] = new_case(boss, tmp_path, **needs)
    ready_ref = new_case(boss, tmp_path, ready=True) if expected == "ready" else None
    before = case_bytes(boss, ref)
    audit_before = len(store.read_audit(boss.registry))
    ready_before = len(staff_desk.ready_audit(boss))

    if denied:
        with pytest.raises(PermissionDenied, match=login):
            _run(action.value, ws, ref, tmp_path, root, login)
        assert case_bytes(boss, ref) == before  # the case file is untouched
        if staff_only and action is not Action.RESTORE:
            entries = staff_desk.ready_audit(boss)
            assert len(entries) == ready_before + 1
            assert (entries[-1]["action"], entries[-1]["actor"]) == ("refused", login)
            assert entries[-1]["details"]["action"] == action.value
        elif action is not Action.RESTORE:  # a refused restore leaves no workspace to audit
            entries = store.read_audit(boss.registry)
            assert len(entries) == audit_before + 1
            last = entries[-1]
            assert (last.action, last.actor) == ("refused", login)
            assert f'"action":"{action.value}"' in last.details
            assert last.reference in (ref, "")
        else:
            assert not (tmp_path / "restored").exists()
    if expected == "ready" and staff_only:
        if action is Action.LIST_CASES:
            listed = {c.reference for c in staff_desk.ready_cases(ws)}
            assert listed == access.ready_references(boss)
        else:
            letter = C.store_letter(boss, ready_ref, "acknowledgement", "pdf", b"%PDF ack").id
            staff_desk.record_dispatch(ws, [(ready_ref, letter)], TODAY, "post")
            [case] = [c for c in staff_desk.ready_cases(ws) if c.reference == ready_ref]
            assert case.letters[0].dispatched
    elif expected == "ready":
        result = _run(action.value, ws, ready_ref, tmp_path, root, login)
        if action is Action.LIST_CASES:
            assert {s.reference for s in result} == access.ready_references(boss)
    elif expected == "any":
        _run(action.value, ws, ref, tmp_path, root, login)
        if action is Action.PURGE_CASE:
            assert not boss.case_path(ref).exists()


def test_staff_see_only_ready_cases_and_manager_cannot_change_content(env, tmp_path):
    _root, handles = env
    boss = handles["boss"]
    plain, ready = new_case(boss, tmp_path), new_case(boss, tmp_path, ready=True)
    listed = {c.reference for c in staff_desk.ready_cases(handles["stf"])}
    assert ready in listed and plain not in listed
    for ref in (ready, plain):  # no case itself: staff hold no key to the cases
        with pytest.raises(PermissionDenied, match="only the staff key"):
            C.get_case(handles["stf"], ref)
    assert C.assign_case(handles["mgr"], plain, "po2").assignee == "po2"
    with pytest.raises(PermissionDenied, match="manager may not add a note"):
        C.add_note(handles["mgr"], plain, "a manager's note")
    from sar_desk.services.demo import build_demo

    with pytest.raises(PermissionDenied, match="may not log a new case"):
        build_demo(handles["mgr"], cases=2, seed=1)


def test_a_refused_open_takes_no_lock(env, tmp_path):
    from sar_desk.store import locks

    _root, handles = env
    ref = new_case(handles["boss"], tmp_path)
    with pytest.raises(PermissionDenied):
        C.open_case(handles["stf"], ref)
    assert locks.holder(handles["boss"], ref) is None
    held = C.open_case(handles["boss"], ref)
    assert not held.read_only
    C.close_case(handles["boss"], ref)

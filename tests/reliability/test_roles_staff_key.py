"""Keys follow roles: a staff user's own credential holds the staff key only. Unsealed with
their own copy of the code, it opens no case file and not the registry; yet they list and
print the letters of ready cases through the services, the command line and the window."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sar_desk.core.entities import Person
from sar_desk.errors import PermissionDenied
from sar_desk.services import access, signed_users, signoff, staff_desk
from sar_desk.services import cases as C
from sar_desk.services import workspace as W
from sar_desk.services.letters import generate_letter
from sar_desk.store import keys, user_keys
from sar_desk.store.errors import KeyProblem
from sar_desk.store.registry import Registry, RegistryDamaged

ADA, SID, OLU = "ada's passphrase, long", "sid's passphrase, long", "olu's passphrase, long"


@pytest.fixture
def root(tmp_path, monkeypatch):
    """ada (administrator, officer) with a ready case and its letter; sid is staff."""
    monkeypatch.setenv("LOGNAME", "ada")
    ws, _recovery = W.init_workspace(tmp_path / "ws", passphrase=ADA)
    with ws:
        access.add_user(ws, "sid", "staff", passphrase=SID)
        for name, ready in (("Rosalind Ready", True), ("Wilhelmina Unready", False)):
            ref = C.create_case(ws, C.NewCase(
                requester=Person(name, address="1 Quay Street\nBristol BS1 4DJ"),
                received=dt.date(2026, 6, 1), request_text="my sick leave records"),
                actor="ada").reference
            generate_letter(ws, ref, "acknowledgement", "pdf")
            if ready:
                signoff.mark_ready(ws, ref)
    return tmp_path / "ws"


def _wrapped_keys(root) -> dict[str, bytes]:
    with W.open_workspace(root, passphrase=ADA) as ws:
        return {ref: ws.registry.key_entry(ref)[0] for ref in ws.registry.references_with_keys()}


def _refused_everywhere(root, ws_id: str, payload, wrapped: dict[str, bytes]) -> None:
    """Every key ``payload`` holds fails on every case key and on the registry."""
    held = [k for k in (payload.content, payload.staff, payload.signing, payload.previous) if k]
    assert held  # the staff key at least
    for key in held:
        for ref, wrap in wrapped.items():
            with pytest.raises(KeyProblem):
                keys.unwrap_case_key(key, ws_id, ref, wrap)
        registry = Registry(root / "registry.db", keys.derive(key, "registry", ws_id))
        with pytest.raises(RegistryDamaged):
            registry.check()
        registry.close()


def test_a_staff_credential_opens_no_case_and_not_the_registry(root, monkeypatch):
    monkeypatch.setenv("LOGNAME", "ada")
    wrapped = _wrapped_keys(root)
    ws_id = json.loads((root / "workspace.json").read_text())["id"]
    document = json.loads((root / "users.json").read_text())
    # sid, with their own copy of the code: their credential, unsealed directly
    payload = user_keys.unlock(root, ws_id, "sid", SID, document, remember=False).payload
    assert payload.content is None and payload.previous is None and payload.signing is None
    _refused_everywhere(root, ws_id, payload, wrapped)


def test_staff_list_and_print_the_ready_letters_through_services_and_cli(
        root, monkeypatch, capsys, tmp_path):
    from sar_desk.cli import main

    monkeypatch.setenv("LOGNAME", "sid")
    with W.open_workspace(root, passphrase=SID) as ws:
        assert staff_desk.is_staff_only(ws)
        [case] = staff_desk.ready_cases(ws)
        assert (case.name, case.address_lines) == ("Rosalind Ready",
                                                   ("1 Quay Street", "Bristol BS1 4DJ"))
        [(_case, letter)] = staff_desk.letters_to_print(ws)
        data = staff_desk.letter_bytes(ws, case.reference, letter.letter_id)
        assert data.startswith(b"%PDF")
        with pytest.raises(PermissionDenied, match="only the staff key"):
            ws.registry  # noqa: B018 - the attribute itself is refused
        with pytest.raises(PermissionDenied, match="only the staff key"):
            C.get_case(ws, case.reference)

    secret = tmp_path / "sid.txt"
    secret.write_text(SID + "\n", encoding="utf-8")
    as_sid = ["--workspace", str(root), "--passphrase-file", str(secret)]
    assert main(["ready-letters", *as_sid]) == 0
    out = capsys.readouterr().out
    assert "Rosalind Ready" in out and "Wilhelmina" not in out and "sick leave" not in out
    saved = tmp_path / "print.pdf"
    assert main(["ready-letters", "save", case.reference, str(letter.letter_id),
                 "--out", str(saved), *as_sid]) == 0
    assert saved.read_bytes() == data


def test_staff_print_the_ready_letters_from_the_window(root, monkeypatch, qtbot, tmp_path):
    from sar_desk.ui import printing
    from sar_desk.ui.app import build_window
    from sar_desk.ui.tasks import TaskRunner
    from tests.ui.test_window_letters import FakePrintDialog

    FakePrintDialog.target, FakePrintDialog.shown = str(tmp_path / "printed.pdf"), 0
    monkeypatch.setattr(printing, "QPrintDialog", FakePrintDialog)
    monkeypatch.setenv("LOGNAME", "sid")
    errors: list[str] = []
    ws = W.open_workspace(root, passphrase=SID)
    runner = TaskRunner(error_presenter=lambda *a: errors.append(str(a)))
    win = build_window(ws, runner=runner, settings_file=tmp_path / "settings.json")
    qtbot.addWidget(win)
    try:
        assert win.staff_only
        win.batch_print()
        dialog = win.active_dialog
        qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=10_000)
        assert [r.requester for r in dialog.ready] == ["Rosalind Ready"]
        dialog.print_button.click()
        qtbot.waitUntil(lambda: FakePrintDialog.shown == 1, timeout=10_000)
        qtbot.waitUntil(lambda: any(e["action"] == "letters_printed"
                                    for e in staff_desk.ready_audit(ws)), timeout=10_000)
        assert errors == []
        assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")
    finally:
        runner.wait_idle()
        ws.close()


def test_staff_credentials_issued_before_lose_the_content_key(tmp_path, monkeypatch):
    """A workspace where staff were still sealed the content key: an administrator's open
    seals them the staff key only; the next key change leaves the old one opening nothing
    made afterwards."""
    monkeypatch.setenv("LOGNAME", "ada")
    with monkeypatch.context() as before:  # as this release's predecessors sealed staff
        before.setattr(signed_users, "CONTENT_ROLES",
                       signed_users.CONTENT_ROLES | {signed_users.Role.STAFF})
        ws, _recovery = W.init_workspace(tmp_path / "ws", passphrase=ADA)
        access.add_user(ws, "sid", "staff", passphrase=SID)
        ws.registry.set_meta_value(signed_users.STAFF_TIER, "")  # not yet resealed
        ws.close()
    root = tmp_path / "ws"
    ws_id = json.loads((root / "workspace.json").read_text())["id"]
    kept = json.loads((root / "users.json").read_text())  # what sid keeps
    old = user_keys.unlock(root, ws_id, "sid", SID, kept, remember=False).payload
    assert old.content is not None  # the old way

    with W.open_workspace(root, passphrase=ADA) as ws:  # an administrator's open
        access.add_user(ws, "olu", "privacy_officer", passphrase=OLU)
    document = json.loads((root / "users.json").read_text())
    assert user_keys.unlock(root, ws_id, "sid", SID, document,
                            remember=False).payload.content is None
    with W.open_workspace(root, passphrase=ADA) as ws:
        access.remove_user(ws, "olu")  # a key change
        after = C.create_case(ws, C.NewCase(requester=Person("After The Change"),
                                            received=dt.date(2026, 7, 1))).reference
        wrapped = ws.registry.key_entry(after)[0]
    with pytest.raises(KeyProblem):
        keys.unwrap_case_key(old.content, ws_id, after, wrapped)

"""Workflow ▸ Audit receipt: saved where the officer chooses, and it checks out."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from sar_desk.services.receipts import receipt_problems
from tests.ui import test_session_lock_and_roles as roles_tests
from tests.ui.window_helpers import idle, make_case

staff_window = roles_tests.staff_window  # a window opened by a staff-only user


def test_an_administrator_saves_an_audit_receipt(qtbot, window, workspace, errors, tmp_path,
                                                 monkeypatch):
    make_case(workspace, name="Rita Receipt")
    out = tmp_path / "receipt.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "")))
    action = window.workflow_actions["receipt"]
    assert action.isVisible()
    action.trigger()
    qtbot.waitUntil(lambda: out.exists() and getattr(window, "active_dialog", None)
                    is not None, timeout=10_000)
    idle(qtbot, window)
    assert errors == []
    assert "1 case holding" in window.active_dialog.text()
    assert receipt_problems(workspace, out) == []


def test_staff_get_no_receipt_entry(staff_window):
    win, _plain, _ready = staff_window
    assert win.staff_only and not hasattr(win, "workflow_actions")  # the staff window

"""The Workflow menu: mark the open case ready for staff, sign-off of the selected letter,
the letters awaiting my approval, the retention view, an audit receipt and "lock now".
Entries the user's roles cannot use are hidden; the services check the roles again."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence

from sar_desk.core.roles import Action, scope_for


def install_workflow_menu(window: Any) -> dict[str, QAction]:
    """Add the Workflow menu to a MainWindow; returns its actions by name."""
    from sar_desk.services.access import current_user

    user = current_user(window.ctx.workspace)
    menu = window.menuBar().addMenu("&Workflow")
    actions: dict[str, QAction] = {}

    def add(name: str, text: str, slot: Any, needs: Action | None, shortcut: str = "") -> None:
        action = QAction(text, window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        action.setVisible(needs is None or scope_for(user.roles, needs) is not None)
        menu.addAction(action)
        window.addAction(action)
        actions[name] = action

    add("ready", "Mark case &ready for staff", lambda: _ready(window, True), Action.MARK_READY)
    add("unready", "&Withdraw ready mark", lambda: _ready(window, False), Action.MARK_READY)
    add("request", "Ask for &approval of the selected letter",
        lambda: _letter_op(window, "request"), Action.REQUEST_APPROVAL)
    add("approve", "A&pprove the selected letter", lambda: _letter_op(window, "approve"),
        Action.APPROVE_LETTER)
    add("approvals", "Awaiting my appro&val…", lambda: open_approvals(window),
        Action.APPROVE_LETTER)
    menu.addSeparator()
    add("retention", "Re&tention…", lambda: open_retention(window), Action.VIEW_RETENTION)
    add("receipt", "Audit re&ceipt…", lambda: save_receipt(window), Action.MAINTAIN_WORKSPACE)
    add("lock", "&Lock now", lambda: window.session_lock.lock(by_hand=True), None, "Ctrl+L")
    window.workflow_actions = actions
    return actions


def _case_ref(window: Any) -> str:
    ref = getattr(window.case_view, "reference", "")
    if not ref or window.current_view() != "case":
        window.statusBar().showMessage("Open a case first.", 5000)
        return ""
    return ref


def _ready(window: Any, ready: bool) -> None:
    from sar_desk.services.signoff import mark_ready

    ref, ws = _case_ref(window), window.ctx.workspace
    if not ref:
        return

    def done(_result: Any) -> None:
        state = "ready for staff" if ready else "no longer ready for staff"
        window.statusBar().showMessage(f"{ref} is {state}", 6000)
        window.ctx.signals.case_changed.emit(ref)

    window.ctx.run(lambda: mark_ready(ws, ref, ready), on_success=done, parent=window,
                   title="Ready for staff")


def _letter_op(window: Any, what: str) -> None:
    from sar_desk.services import signoff

    ref, ws = _case_ref(window), window.ctx.workspace
    letter = window.case_view.letters.selected_letter() if ref else None
    if ref and letter is None:
        window.statusBar().showMessage("Select a letter in the Letters tab first.", 5000)
    if not ref or letter is None:
        return
    op = signoff.request_approval if what == "request" else signoff.approve_letter

    def done(_result: Any) -> None:
        verb = "Asked for approval of" if what == "request" else "Approved"
        window.statusBar().showMessage(f"{verb} letter {letter.id} of {ref}", 6000)
        window.ctx.signals.case_changed.emit(ref)
        window.case_view.letters.load_statuses()  # the letter's new sign-off status

    window.ctx.run(lambda: op(ws, ref, letter.id), on_success=done, parent=window,
                   title="Sign-off")


def open_approvals(window: Any) -> Any:
    """The "Awaiting my approval" queue (from the menu or the dashboard tile)."""
    from sar_desk.ui.dialogs.approvals_dialog import ApprovalsDialog

    dialog = ApprovalsDialog(window.ctx, window, open_case=window.open_case)
    window.active_dialog = dialog
    dialog.open()
    return dialog


def open_retention(window: Any) -> Any:
    from sar_desk.ui.dialogs.retention_dialog import RetentionDialog

    dialog = RetentionDialog(window.ctx, window)
    window.active_dialog = dialog
    dialog.open()
    return dialog


def save_receipt(window: Any) -> None:
    """Ask where to save an audit receipt, write it, and show its summary line."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from sar_desk.services.receipts import write_receipt

    ws = window.ctx.workspace
    path, _ = QFileDialog.getSaveFileName(
        window, "Save audit receipt", f"audit-receipt-{ws.clock.today().isoformat()}.json",
        "Audit receipt (*.json)")
    if not path:
        return

    def done(summary: Any) -> None:
        window.statusBar().showMessage(f"Audit receipt saved: {path}", 8000)
        box = QMessageBox(QMessageBox.Icon.Information, "Audit receipt",
                          f"{summary.text}.\n\nKeep it away from this computer (print it or "
                          "e-mail it). Checking the workspace against it later shows whether "
                          "anything was rolled back to before it.",
                          QMessageBox.StandardButton.Ok, window)
        window.active_dialog = box
        box.open()  # not modal to the application: the window goes on working

    window.ctx.run(lambda: write_receipt(ws, path), on_success=done, parent=window,
                   title="Audit receipt")

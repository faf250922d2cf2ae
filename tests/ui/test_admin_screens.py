"""The Users and roles, Backup and restore, and Reports screens of the window."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from sar_desk.core.roles import Role
from sar_desk.services import access, backup_policy
from sar_desk.ui.long_task import Cancelled
from tests.ui.window_helpers import idle, make_case, window_of_user

PASS = "a long enough passphrase"


def click(box: QMessageBox, text: str) -> None:
    button = next(b for b in box.buttons() if text in b.text().replace("&", ""))
    button.click()


def test_users_add_change_roles_and_remove_with_the_consequences_first(qtbot, window,
                                                                      workspace, errors):
    window.users_action.trigger()
    view = window.page("users")
    assert window.current_view() == "users"
    idle(qtbot, window)
    me = workspace.user.login
    assert [u.login for u in view.users] == [me]
    dialog = view.add_user()
    dialog.login.setText("colin")
    dialog.name.setText("Colin Case")
    dialog.passphrase.setText(PASS)
    assert not dialog.ok_button.isEnabled()  # not typed twice yet
    dialog.repeat.setText(PASS)
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    idle(qtbot, window)
    assert [u.login for u in view.users] == sorted([me, "colin"])
    assert "Added colin" in view.message.text()

    view.select("colin")
    roles = view.change_roles()
    roles.roles.boxes[Role.PRIVACY_OFFICER].setChecked(False)
    roles.roles.boxes[Role.STAFF].setChecked(True)
    roles.ok_button.click()
    idle(qtbot, window)
    box = view.confirm_box
    assert box is not None and "keys are replaced" in box.informativeText()
    click(box, "Cancel")  # nothing changes
    idle(qtbot, window)
    assert access.current_user(workspace) and {
        u.login: u.roles for u in access.list_users(workspace)}["colin"] == (
            Role.PRIVACY_OFFICER,)
    view.select("colin")
    view.remove_user()
    idle(qtbot, window)
    box = view.confirm_box
    assert "colin can no longer open" in box.informativeText()
    assert "keys are replaced" in box.informativeText()
    click(box, "Remove colin")
    qtbot.waitUntil(lambda: "Removed colin" in view.message.text(), timeout=20_000)
    idle(qtbot, window)
    assert [u.login for u in view.users] == [me]
    assert errors == []
    view.select(me)
    view.remove_user()  # the last administrator: refused by name, before any question
    idle(qtbot, window)
    assert errors and "last administrator" in errors[-1]


def test_backup_now_lists_prunes_with_the_count_and_restores(qtbot, window, workspace,
                                                             errors, tmp_path, monkeypatch):
    make_case(workspace, name="Backed Up")
    window.backup_action.trigger()
    view = window.page("backup")
    idle(qtbot, window)
    assert view.archives == []
    view.backup_button.click()
    assert view.progress.isVisible()  # the window stays usable: the work is in the background
    idle(qtbot, window)
    qtbot.waitUntil(lambda: len(view.archives) == 1, timeout=20_000)
    assert not view.progress.isVisible() and "Backed up to" in view.message.text()
    assert view.table.item(0, 4).text() == view.archives[0].path.name
    # Cancel stops the backup: nothing is written.
    view.task.start("test", lambda progress: (progress(0, 2), view.task.cancel(),
                                              progress(1, 2)),
                    on_success=lambda _r: pytest.fail("finished"),
                    on_error=lambda exc: pytest.fail(str(exc)))
    idle(qtbot, window)
    assert "Stopped" in view.message.text()
    # Pruning: nothing is old enough today; later on, the count must be typed.
    view.prune()
    idle(qtbot, window)
    assert "nothing to delete" in view.message.text()
    monkeypatch.setattr(backup_policy, "backup_days", lambda _ws: 1)
    made = view.archives[0].made[:10]
    monkeypatch.setattr(workspace.clock, "today",
                        lambda: dt.date.fromisoformat(made) + dt.timedelta(days=5))
    view.prune()
    idle(qtbot, window)
    dialog = view.active_dialog
    assert dialog.count == 1 and not dialog.ok_button.isEnabled()
    dialog.typed.setText("2")
    assert not dialog.ok_button.isEnabled() and dialog.error.text()
    dialog.typed.setText("1")
    assert dialog.ok_button.isEnabled()
    archive = view.archives[0].path
    copy = tmp_path / "copy.sdbk"
    copy.write_bytes(archive.read_bytes())
    dialog.ok_button.click()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: view.archives == [], timeout=10_000)
    assert not archive.exists() and "Deleted 1 expired backup" in view.message.text()
    monkeypatch.undo()
    # Restore into a new folder, from the copy kept elsewhere.
    restore = view.restore()
    restore.archive.setText(str(copy))
    restore.target.setText(str(workspace.path))
    assert not restore.ok_button.isEnabled() and restore.target_error.text()
    restore.target.setText(str(tmp_path / "restored"))
    assert restore.ok_button.isEnabled()
    restore.ok_button.click()
    qtbot.waitUntil(lambda: view.last_restored is not None, timeout=30_000)
    idle(qtbot, window)
    assert (tmp_path / "restored" / "cases").is_dir() and errors == []


def test_cancel_stops_the_work_where_it_reports_progress(qtbot, window):
    window.show_view("backup")
    view = window.page("backup")
    idle(qtbot, window)
    started, go = threading.Event(), threading.Event()
    seen: list[str] = []

    def op(progress):
        progress(0, 3)
        started.set()
        go.wait(10)
        try:
            progress(1, 3)
        except Cancelled:
            seen.append("stopped inside")
            raise
        seen.append("carried on")

    ended: list[str] = []
    view.task.ended.connect(ended.append)
    view.task.start("Working…", op, on_success=lambda _r: seen.append("success"),
                    on_error=lambda exc: seen.append(f"error {exc!r}"))
    assert started.wait(10)
    assert view.progress.isVisible()
    view.progress.cancel_button.click()
    go.set()
    idle(qtbot, window)
    assert seen == ["stopped inside"] and ended == ["cancelled"]
    assert not view.progress.isVisible()


def test_reports_preview_then_save_the_compliance_report_and_register(qtbot, window,
                                                                      workspace, errors,
                                                                      tmp_path, monkeypatch):
    make_case(workspace, name="In Range", received=dt.date(2026, 2, 10))
    make_case(workspace, name="Too Early", received=dt.date(2025, 1, 10))
    window.reports_action.trigger()
    view = window.page("reports")
    assert window.current_view() == "reports"
    idle(qtbot, window)  # opening it previews the last twelve months and the register
    qtbot.waitUntil(lambda: view.register_range is not None, timeout=10_000)
    idle(qtbot, window)
    assert view.report_table.rowCount() == 13 and view.report_save_button.isEnabled()
    view.first_month.setDate(view.first_month.date().__class__(2026, 1, 1))
    view.last_month.setDate(view.last_month.date().__class__(2026, 2, 1))
    view.report_preview_button.click()
    idle(qtbot, window)
    assert view.report_table.rowCount() == 3  # two months and the total
    assert view.report_table.item(1, 1).text() == "1"  # one received in February
    assert view.report_save_button.isEnabled()
    out = tmp_path / "report.xlsx"
    view.report_format.setCurrentIndex(view.report_format.findData("xlsx"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    view.report_save_button.click()
    idle(qtbot, window)
    assert out.read_bytes()[:2] == b"PK" and errors == []
    view.last_month.setDate(view.last_month.date().addMonths(-3))  # before the first month
    assert view.report_error.isVisible() and not view.report_preview_button.isEnabled()
    assert not view.report_save_button.isEnabled()  # the preview no longer matches

    view.received_from.setDate(view.received_from.date().__class__(2026, 1, 1))
    view.received_to.setDate(view.received_to.date().__class__(2026, 3, 1))
    view.register_preview_button.click()
    idle(qtbot, window)
    names = [view.register_table.item(r, c).text() for r in range(view.register_table.rowCount())
             for c in range(view.register_table.columnCount())]
    assert "In Range" in names and "Too Early" not in names
    assert "1 case received" in view.register_summary.text()
    out = tmp_path / "register.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    view.register_save_button.click()
    idle(qtbot, window)
    text = out.read_text(encoding="utf-8")
    assert "In Range" in text and "Too Early" not in text and errors == []


def test_a_cancelled_report_shows_nothing(qtbot, window):
    window.show_view("reports")
    view = window.page("reports")
    view.report_preview_button.click()
    view.progress.cancel_button.click()
    idle(qtbot, window)
    assert view.report is None and view.report_table.rowCount() == 0
    assert not view.progress.isVisible()


@pytest.fixture
def manager_window(qtbot, tmp_path, monkeypatch, errors):
    yield from (w for w, _ws, _ in window_of_user(
        qtbot, tmp_path, monkeypatch, errors, login="mandy", roles="manager",
        passphrase=PASS))


def test_managers_see_reports_but_not_users_or_backups(qtbot, manager_window):
    win = manager_window
    assert win.reports_action.isVisible() and win.reports_action.isEnabled()
    for action in (win.users_action, win.backup_action):
        assert not action.isVisible() and not action.isEnabled()
    win.show_view("users")
    assert win.current_view() == "cases"
    win.show_view("reports")
    assert win.current_view() == "reports"
    assert win.approvals_queue_action.isVisible()  # managers approve letters
    assert win.complaints_list_action.isVisible()

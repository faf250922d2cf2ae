"""Hostile input in the window. The lock locks: while the window is locked, no dropped file is
attached to the open case, no dropped email opens the New case dialog over the lock screen,
and no shortcut runs. Settings says why a binary or huge profile cannot be shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence, QShortcut, QShortcutEvent
from PySide6.QtWidgets import QApplication

from sar_desk.services.cases import get_case
from sar_desk.ui.dialogs.new_case_dialog import NewCaseDialog
from sar_desk.ui.session_lock import LockScreen
from tests.ui.window_helpers import drop_files, idle, make_case, open_case

DATA = Path(__file__).resolve().parents[1] / "data"


def drop_event(paths) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)


PIN = "2468"


def locked_over_case(qtbot, window, workspace):
    from sar_desk.services.unlock_pin import set_unlock_pin

    ref = make_case(workspace, name="Ottoline Locked").reference
    view = open_case(qtbot, window, ref)
    set_unlock_pin(workspace, PIN, PIN)  # keyring-only: the PIN chosen earlier unlocks
    window.session_lock.lock()
    assert isinstance(window.centralWidget(), LockScreen)
    return ref, view


def test_a_file_dropped_on_the_locked_window_is_not_attached(qtbot, window, workspace, errors,
                                                             tmp_path):
    ref, view = locked_over_case(qtbot, window, workspace)
    file = tmp_path / "payslip.txt"
    file.write_text("salary", encoding="utf-8")
    drop_files(window, [file])  # the window's own handler
    drop_files(view.panels.documents, [file])  # the case's document list, behind the lock
    event = drop_event([file])  # and a drop the application delivers to the lock screen
    QApplication.sendEvent(window.centralWidget(), event)
    idle(qtbot, window)
    assert get_case(workspace, ref).documents == ()
    assert errors == []


def test_a_dropped_email_opens_no_dialog_over_the_lock_screen(qtbot, window, workspace):
    locked_over_case(qtbot, window, workspace)
    drop_files(window, [DATA / "sar_request.eml"])
    QApplication.sendEvent(window.centralWidget(), drop_event([DATA / "sar_request.eml"]))
    idle(qtbot, window)
    qtbot.wait(200)
    assert not isinstance(window.active_dialog, NewCaseDialog)
    assert isinstance(window.centralWidget(), LockScreen)


def test_an_email_read_before_the_lock_waits_for_the_unlock(qtbot, window, workspace):
    locked_over_case(qtbot, window, workspace)
    assert window.new_case() is None  # a late result of a drop made before locking
    assert not isinstance(window.active_dialog, NewCaseDialog)
    with qtbot.waitSignal(window.session_lock.unlocked, timeout=5_000):
        window.centralWidget().passphrase.setText(PIN)
        window.centralWidget().unlock_button.click()
    assert isinstance(window.active_dialog, NewCaseDialog)


def test_shortcuts_do_nothing_while_locked(qtbot, window, workspace):
    locked_over_case(qtbot, window, workspace)
    fired = []
    shortcut = QShortcut(QKeySequence("Ctrl+Shift+F9"), window)
    shortcut.activated.connect(lambda: fired.append(True))

    def press():
        QApplication.sendEvent(shortcut, QShortcutEvent(shortcut.key(), 0, False))

    press()
    assert fired == []
    with qtbot.waitSignal(window.session_lock.unlocked, timeout=5_000):
        window.centralWidget().passphrase.setText(PIN)
        window.centralWidget().unlock_button.click()
    press()
    assert fired == [True]


@pytest.mark.parametrize("content", [bytes(range(256)) * 8, b"name = 'x'\n" * 300_000])
def test_settings_says_why_a_binary_or_huge_profile_cannot_be_shown(qtbot, window, workspace,
                                                                    errors, content):
    from sar_desk.services.settings import profile_path

    profile_path(workspace.path).write_bytes(content)
    window.show_view("settings")
    view = window.settings
    assert not view.profile_error.isHidden()
    assert "profile" in view.profile_error.text()
    assert view.profile.toPlainText() == ""
    assert errors == []

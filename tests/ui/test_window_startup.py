"""Start-up, settings, keyboard, filters and the --screenshot command."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from sar_desk.services import settings as settings_service
from sar_desk.services.workspace import init_workspace
from sar_desk.ui.dialogs.startup_dialogs import StartDialog, UnlockDialog
from sar_desk.ui.tasks import TaskRunner
from tests.ui.window_helpers import TODAY, idle, make_case, open_case


def wait_runner(qtbot, runner):
    qtbot.waitUntil(lambda: runner.busy == 0, timeout=30_000)


def test_unlock_with_passphrase_after_a_wrong_one(qtbot, tmp_path, memory_keyring):
    root = tmp_path / "ws"
    ws, _ = init_workspace(root, passphrase="correct horse battery")
    ws.close()
    memory_keyring.store.clear()  # a new computer: the keyring knows nothing
    runner = TaskRunner()
    dialog = UnlockDialog(root, "No key in the keyring", runner)
    qtbot.addWidget(dialog)
    dialog.ok_button.click()
    assert dialog.error.text() == "Type the passphrase."
    dialog.passphrase.setText("wrong passphrase")
    dialog.ok_button.click()
    wait_runner(qtbot, runner)
    assert "passphrase does not unlock" in dialog.error.text()
    assert dialog.result_value is None
    dialog.passphrase.setText("correct horse battery")
    dialog.ok_button.click()
    wait_runner(qtbot, runner)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.result_value.path == root
    dialog.result_value.close()


def test_unlock_with_the_recovery_key_puts_the_key_in_the_keyring(qtbot, tmp_path, memory_keyring):
    from sar_desk.services.workspace import open_workspace

    root = tmp_path / "ws"
    ws, recovery = init_workspace(root)
    ws.close()
    memory_keyring.store.clear()
    runner = TaskRunner()
    dialog = UnlockDialog(root, "No key", runner)
    qtbot.addWidget(dialog)
    dialog.use_recovery.setChecked(True)
    dialog.recovery.setText(recovery)
    dialog.ok_button.click()
    wait_runner(qtbot, runner)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    dialog.result_value.close()
    open_workspace(root).close()  # the keyring now opens it


def test_first_run_creates_a_demo_workspace(qtbot, tmp_path, monkeypatch):
    from sar_desk.core.clock import FixedClock
    from sar_desk.services.cases import list_cases

    runner = TaskRunner()
    dialog = StartDialog(tmp_path / "new", runner, clock=FixedClock(TODAY))
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("short")
    dialog.repeat.setText("shorter")
    dialog.ok_button.click()
    assert dialog.error.text() == "The two passphrases differ."
    dialog.passphrase.setText("")
    dialog.repeat.setText("")
    dialog.create_demo.setChecked(True)
    dialog.demo_cases.setValue(8)
    dialog.ok_button.click()
    wait_runner(qtbot, runner)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    ws, recovery = dialog.result_value
    assert recovery and len(list_cases(ws, status="all")) == 8
    ws.close()


def test_settings_save_user_and_refuse_a_broken_profile(qtbot, window, workspace):
    view = window.settings
    window.show_view("settings")
    view.name.setText("Ann Lee")
    view.role.setText("Data Protection Officer")
    view.jurisdiction.setCurrentIndex(view.jurisdiction.findData("uk-ni"))
    assert view.save_user()
    assert settings_service.load_user_settings(
        window.ctx.settings_file
    ) == settings_service.UserSettings("Ann Lee", "Data Protection Officer", "uk-ni")
    assert window.ctx.user.jurisdiction == "uk-ni"

    view.profile_tabs.setCurrentWidget(view.profile)  # the Advanced (TOML) tab
    good = view.profile.toPlainText()
    view.profile.setPlainText(good.replace('helpline = "0303 123 1113"\n', ""))
    assert not view.save_profile()
    assert "regulator.helpline" in view.profile_error.text()
    assert not settings_service.profile_path(workspace.path).exists()
    view.profile.setPlainText(good.replace("FluxSys Ltd", "Łódź Widgets"))
    assert view.save_profile()
    saved = settings_service.profile_path(workspace.path).read_text(encoding="utf-8")
    assert "Łódź Widgets" in saved


def test_keyboard_shortcuts_and_filters(qtbot, window, workspace):
    for name, day in (
        ("Ada Lovelace", dt.date(2026, 1, 5)),
        ("王芳", dt.date(2026, 3, 10)),
        ("Bob Stone", dt.date(2026, 2, 20)),
    ):
        make_case(workspace, name=name, received=day)
    window.refresh()
    idle(qtbot, window)
    cases = window.cases
    assert len(cases.visible_references()) == 3
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert cases.search.hasFocus()
    qtbot.keyClicks(cases.search, "bob")
    cases.apply_filters()
    assert cases.visible_references() == ["SAR-2026-0003"]
    qtbot.keyClick(cases.search, Qt.Key.Key_Return)  # one match: open it
    qtbot.waitUntil(lambda: window.current_view() == "case", timeout=5_000)
    idle(qtbot, window)
    assert window.case_view.case.requester.name == "Bob Stone"
    window.activateWindow()  # the offscreen platform drops activation while the case loads
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.current_view() == "cases"
    cases.search.clear()
    cases.overdue.setChecked(True)
    assert cases.visible_references() == ["SAR-2026-0001"]  # due 5 Feb
    cases.overdue.setChecked(False)
    cases.due_within_on.setChecked(True)
    cases.due_within.setValue(7)
    assert cases.visible_references() == ["SAR-2026-0003"]  # due 20 Mar
    cases.due_within.setValue(30)
    assert sorted(cases.visible_references()) == ["SAR-2026-0002", "SAR-2026-0003"]
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.active_dialog.isVisible() and window.active_dialog.windowTitle() == "New case"
    window.active_dialog.reject()


def test_open_a_case_from_the_dashboard_click_through(qtbot, window, workspace):
    ref = make_case(workspace, received=dt.date(2026, 1, 5)).reference
    window.show_view("dashboard")
    idle(qtbot, window)
    window.dashboard.case_requested.emit(ref)
    qtbot.waitUntil(lambda: window.case_view.case is not None, timeout=5_000)
    assert window.current_view() == "case" and window.case_view.reference == ref


def test_gui_screenshot_command(qtbot, tmp_path, workspace, capsys):
    from sar_desk.cli import main

    ref = make_case(workspace, name="Zoë Brontë-Hughes").reference
    out = tmp_path / "shots" / "case.png"
    code = main(
        [
            "gui",
            "--workspace",
            str(workspace.path),
            "--screenshot",
            str(out),
            "--view",
            f"case:{ref}",
            "--size",
            "1000x700",
        ]
    )
    assert code == 0, capsys.readouterr().err
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)
    code = main(
        [
            "gui",
            "--workspace",
            str(workspace.path),
            "--screenshot",
            str(tmp_path / "x.png"),
            "--view",
            "case:SAR-2026-0099",
        ]
    )
    assert code == 2
    assert "no case 'SAR-2026-0099'" in capsys.readouterr().err


def test_case_view_header_shows_overdue_in_words(qtbot, window, workspace):
    ref = make_case(workspace, received=dt.date(2026, 1, 5)).reference
    view = open_case(qtbot, window, ref)
    assert "Overdue" in view.header.badge.text()
    assert view.header.days.text() == "Overdue by 39 days"
    assert view.header.explanation.isVisible()
    assert view.header.explanation.toPlainText().strip()
    view.header.explain_button.click()  # folds away
    assert not view.header.explanation.isVisible()

"""The window's error dialogs: its own remedy, no command-line syntax, the log file named."""

from __future__ import annotations

import re
import sys

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from sar_desk import logfile
from sar_desk.services.workspace import init_workspace
from sar_desk.store.errors import UnknownCase
from sar_desk.ui.tasks import TaskRunner, error_text, show_error_dialog

COMMAND_SYNTAX = re.compile(r"--[a-z]|\bsar-desk [a-z]|`")


@pytest.fixture(autouse=True)
def log_file(tmp_path):
    logfile.uninstall()
    yield logfile.install(tmp_path / "logs")
    logfile.uninstall()


@pytest.fixture
def shown(monkeypatch):
    """The texts of message boxes that would have opened (none blocks the test)."""
    texts: list[str] = []

    def record(self, *_args):  # noqa: ANN001
        texts.append(self.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda _parent, _title, text, *_a: texts.append(text))
    return texts


def test_the_error_dialog_words_the_remedy_for_the_window(qtbot, shown, log_file):
    show_error_dialog(None, "Case not opened", UnknownCase("SAR-2026-0099"))
    assert shown == ["There is no case 'SAR-2026-0099' in this workspace. The case list, "
                     "with all cases shown, gives the references."]
    assert "case.unknown" in log_file.read_text(encoding="utf-8")


def test_a_locked_workspace_asks_for_the_passphrase_in_the_dialog_not_an_option(
        qtbot, tmp_path, memory_keyring, monkeypatch):
    from sar_desk.ui import app
    from sar_desk.ui.dialogs.startup_dialogs import UnlockDialog

    root = tmp_path / "ws"
    ws, _ = init_workspace(root, passphrase="correct horse battery")
    ws.close()
    memory_keyring.store.clear()  # a new computer: the keyring knows nothing
    seen: list[str] = []

    def look(dialog):  # noqa: ANN001, ANN202
        seen.extend(label.text() for label in dialog.findChildren(QLabel) if label.text())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(UnlockDialog, "exec", look)
    assert app.obtain_workspace(root, passphrase=None, runner=TaskRunner()) is None
    intro = seen[0]
    assert intro.startswith(f"No key to open the workspace at {root}.")
    assert "To open it, enter your passphrase in the unlock dialog" in intro
    assert not [text for text in seen if COMMAND_SYNTAX.search(text)]


def test_an_unexpected_error_names_the_log_file_which_holds_no_personal_data(
        qtbot, shown, log_file, monkeypatch):
    from sar_desk.ui.app import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back afterwards
    install_excepthook()
    try:
        raise RuntimeError("cannot file the letter for Zebedee Canaryfield, Łódź")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert len(shown) == 1 and f"The details are in the log file {log_file}." in shown[0]
    assert not COMMAND_SYNTAX.search(shown[0])
    logged = log_file.read_text(encoding="utf-8")
    assert "unexpected error in the window" in logged and "\nRuntimeError" in logged
    assert 'test_error_dialog.py", line' in logged
    assert "Zebedee" not in logged and "Łódź" not in logged


def test_a_failed_background_task_is_logged_without_its_message(qtbot, log_file):
    failures: list[str] = []
    runner = TaskRunner(error_presenter=lambda _p, _t, exc: failures.append(error_text(exc)))

    def op() -> None:
        raise ValueError("王芳 <wang.fang@example.org>")

    runner.run(op)
    assert runner.wait_idle(10_000)
    assert failures and str(log_file) in failures[0]
    logged = log_file.read_text(encoding="utf-8")
    assert "background task failed" in logged and "\nValueError" in logged
    assert "王芳" not in logged and "example.org" not in logged

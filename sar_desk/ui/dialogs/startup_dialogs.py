"""Start-up: unlock a workspace the keyring cannot open (passphrase or recovery key), and the
first run (create an empty workspace or a demo one). The work runs off the UI thread; errors
are shown in the dialog, which stays open for another try."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sar_desk.core.clock import Clock
from sar_desk.core.input_rules import passphrase_reason
from sar_desk.ui.dialogs.base import error_label
from sar_desk.ui.tasks import TaskRunner, error_text


def password_field(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


class _WorkDialog(QDialog):
    """A dialog whose OK runs ``work()`` in the background and closes only when it succeeds.

    Subclasses define ``work() -> Callable[[], Any] | None``: the operation to run, or None
    (after showing why) when the input is not usable.
    """

    work: Callable[[], Callable[[], Any] | None]

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.result_value: Any = None
        self.error = error_label()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()  # room for a workspace path and the placeholder hints
        return QSize(max(hint.width(), 520), hint.height())

    def start(self) -> None:
        op = self.work()
        if op is None:
            return
        self.error.hide()
        self.busy.show()
        self.ok_button.setEnabled(False)
        self.runner.run(op, on_success=self._succeeded, on_error=self._failed, lane=None)

    def _succeeded(self, value: Any) -> None:
        self.busy.hide()
        self.ok_button.setEnabled(True)
        self.result_value = value
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy.hide()
        self.ok_button.setEnabled(True)
        self.show_error(error_text(exc))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class UnlockDialog(_WorkDialog):
    """The keyring has no key: open with the passphrase, or restore with the recovery key."""

    def __init__(
        self, root: Path, message: str, runner: TaskRunner, parent: QWidget | None = None,
        *, clock: Clock | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self.root, self.clock = root, clock
        self.setWindowTitle("Unlock the workspace")
        self.use_passphrase = QRadioButton("Use the workspace &passphrase")
        self.use_recovery = QRadioButton(
            "Use the &recovery key (puts the key in this computer's keyring)"
        )
        group = QButtonGroup(self)
        group.addButton(self.use_passphrase)
        group.addButton(self.use_recovery)
        self.use_passphrase.setChecked(True)
        self.passphrase = password_field()
        self.recovery = QLineEdit()
        self.recovery.setPlaceholderText("the recovery key printed when the workspace was made")
        self.new_passphrase = password_field("optional: also protect the key with a passphrase")
        intro = QLabel(message)
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.use_passphrase)
        form.addRow("Pa&ssphrase:", self.passphrase)
        form.addRow(self.use_recovery)
        form.addRow("Recovery &key:", self.recovery)
        form.addRow("&New passphrase:", self.new_passphrase)
        layout = QVBoxLayout(self)
        for widget in (intro,):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.use_passphrase.toggled.connect(self._mode)
        self._mode()
        self.ok_button.setText("&Unlock")

    def _mode(self, *_args: object) -> None:
        by_pass = self.use_passphrase.isChecked()
        self.passphrase.setEnabled(by_pass)
        self.recovery.setEnabled(not by_pass)
        self.new_passphrase.setEnabled(not by_pass)

    def work(self) -> Callable[[], Any] | None:
        from sar_desk.services.workspace import open_workspace, unlock_with_recovery_key

        root, clock = self.root, self.clock
        if self.use_passphrase.isChecked():
            secret = self.passphrase.text()
            if not secret:
                self.show_error("Type the passphrase.")
                return None
            return lambda: open_workspace(root, passphrase=secret, clock=clock)
        key, new = self.recovery.text().strip(), self.new_passphrase.text() or None
        if not key:
            self.show_error("Type or paste the recovery key.")
            return None

        def op() -> Any:
            unlock_with_recovery_key(root, key, passphrase=new)
            return open_workspace(root, passphrase=new, clock=clock)

        return op


class StartDialog(_WorkDialog):
    """No workspace yet: create an empty one or a demo one full of synthetic cases."""

    def __init__(self, root: Path, runner: TaskRunner, parent: QWidget | None = None, *,
                 clock: Clock | None = None) -> None:
        super().__init__(runner, parent)
        self.root, self.clock = root, clock
        self.setWindowTitle("Welcome to SAR Desk")
        intro = QLabel(f"There is no SAR Desk workspace at {root} yet.")
        intro.setWordWrap(True)
        self.create_empty = QRadioButton("Create an &empty workspace for real requests")
        self.create_demo = QRadioButton("Create a &demo workspace with made-up cases to try things")
        group = QButtonGroup(self)
        group.addButton(self.create_empty)
        group.addButton(self.create_demo)
        self.create_empty.setChecked(True)
        self.demo_cases = QSpinBox()
        self.demo_cases.setRange(1, 10_000)
        self.demo_cases.setValue(60)
        from sar_desk.services.workspace import keyring_refusal

        self.passphrase = password_field("needed when this computer has no keyring")
        self.repeat = password_field()
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        self.keyring_refusal = keyring_refusal()
        if self.keyring_refusal:  # a plain-file keyring: say why a passphrase is needed
            self.passphrase.setPlaceholderText("needed: see above")
            self.keyring_note.setText(f"{self.keyring_refusal} Choose a passphrase to "
                                      "protect it instead.")
        self.keyring_note.setVisible(bool(self.keyring_refusal))
        form = QFormLayout()
        form.addRow(self.create_empty)
        form.addRow(self.create_demo)
        form.addRow("&Number of demo cases:", self.demo_cases)
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow("&Repeat it:", self.repeat)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.keyring_note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.ok_button.setText("&Create")
        self.demo_cases.setEnabled(False)  # only a demo workspace has demo cases
        self.create_demo.toggled.connect(self.demo_cases.setEnabled)

    def work(self) -> Callable[[], Any] | None:
        from sar_desk.services.workspace import init_workspace

        secret = self.passphrase.text()
        if secret != self.repeat.text():
            self.show_error("The two passphrases differ.")
            return None
        if not secret and self.keyring_refusal:
            self.show_error("Choose a passphrase: " + self.keyring_refusal[0].lower()
                            + self.keyring_refusal[1:])
            return None
        if secret and (reason := passphrase_reason(secret)):  # empty: the keyring holds the key
            self.show_error(reason)
            return None
        root, demo, count = self.root, self.create_demo.isChecked(), self.demo_cases.value()
        clock = self.clock

        def op() -> tuple[Any, str]:
            ws, recovery = init_workspace(root, passphrase=secret or None, clock=clock)
            if demo:
                from sar_desk.services.demo import build_demo

                build_demo(ws, cases=count)
            return ws, recovery

        return op


def show_recovery_key(parent: QWidget | None, recovery: str) -> None:
    """Show the recovery key once; the officer must store it safely (it is never shown again)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Your recovery key")
    box.setText(
        "Write this recovery key down and keep it somewhere safe. It is the only way "
        "back in if this computer's keyring is lost, and it is not shown again."
    )
    box.setInformativeText(recovery)
    box.setTextInteractionFlags(box.textInteractionFlags())
    box.exec()

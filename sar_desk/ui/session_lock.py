"""The session lock: after a configurable idle time the window hides every case behind a
lock screen that needs the user's passphrase again, or (for a user whose key is in the OS
keyring alone) the unlock PIN they chose the first time they locked by hand. An empty field
never unlocks.

An application-wide event filter counts keyboard, mouse and wheel input as activity. When
the idle timer fires, the window's central widget (every view, the open case included) is
taken out of the window and replaced by the lock screen, and the window's actions
(menus, toolbar, shortcuts) are disabled; dropped files and shortcut events aimed at the
window are refused while it is locked. Unlocking checks the credential through the
services (:func:`sar_desk.services.access.verify_credential`) and puts everything back.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sar_desk.ui.theme import warn_text

DEFAULT_MINUTES = 10.0
FREE_TRIES = 5  # wrong guesses before each next one must wait
MAX_WAIT = 300  # seconds
ENV = "SAR_DESK_LOCK_MINUTES"
ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin,
}


# What the lock screen refuses for every part of the window but itself.
REFUSED_WHILE_LOCKED = {
    QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop, QEvent.Type.Shortcut,
}


def configured_minutes(default: float = DEFAULT_MINUTES) -> float:
    """Idle minutes before locking: $SAR_DESK_LOCK_MINUTES, else ``default`` (0: never)."""
    try:
        return max(0.0, float(os.environ.get(ENV, default)))
    except ValueError:
        return default


class LockScreen(QWidget):
    """What the window shows while locked: no case content, one field (two while a PIN is
    chosen) and a button. ``ask`` is "passphrase", "pin" or "new_pin"."""

    def __init__(self, login: str, parent: QWidget | None = None, *, ask: str = "passphrase",
                 can_choose: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.ask = ask
        # Locked by hand (Ctrl+L) or after idle time: say neither, just who can unlock.
        who = f" as <b>{html.escape(login)}</b>" if login else ""
        self.title = QLabel(f"<h2>SAR Desk is locked</h2><p>No case is shown while it is "
                            f"locked. Unlock{who} to carry on.</p>")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setPlaceholderText("The same PIN again")
        self.repeat.setAccessibleName("Unlock PIN again")
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setObjectName("lockError")
        warn_text(self.error)
        box = QVBoxLayout(self)
        box.addStretch(1)
        for widget in (self.title, self.passphrase, self.repeat, self.unlock_button,
                       self.error):
            box.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        for field in (self.passphrase, self.repeat, self.error):
            field.setMinimumWidth(360)
        box.addStretch(2)
        self.passphrase.returnPressed.connect(self._enter)
        self.repeat.returnPressed.connect(self.unlock_button.click)
        self.set_ask(ask, can_choose=can_choose)

    def set_ask(self, ask: str, *, can_choose: bool = True) -> None:
        """Ask for the passphrase, the PIN, or (``new_pin``) a PIN to choose."""
        self.ask = ask
        choosing = ask == "new_pin" and can_choose
        self.repeat.setVisible(choosing)
        self.passphrase.clear()
        self.repeat.clear()
        if ask == "passphrase":
            self.passphrase.setPlaceholderText("Your passphrase")
            self.passphrase.setAccessibleName("Passphrase")
            self.unlock_button.setText("&Unlock")
        elif choosing:
            self.passphrase.setPlaceholderText("Choose an unlock PIN (4 characters or more)")
            self.passphrase.setAccessibleName("New unlock PIN")
            self.unlock_button.setText("&Set PIN")
            self.error.setText("Your key is in the OS keyring, so you have no passphrase to "
                               "type here. Choose a PIN: you will need it to unlock.")
        else:
            self.passphrase.setPlaceholderText("Your unlock PIN")
            self.passphrase.setAccessibleName("Unlock PIN")
            self.unlock_button.setText("&Unlock")
        self.passphrase.setFocus()

    def _enter(self) -> None:
        if self.repeat.isVisible() and not self.repeat.text():
            self.repeat.setFocus()
        else:
            self.unlock_button.click()


class SessionLock(QObject):
    """Locks ``window`` after ``minutes`` without input; ``verify(typed)`` unlocks.

    ``ask()`` says what the lock screen asks for ("passphrase", "pin" or "new_pin");
    ``choose_pin(pin, repeated)`` keeps a new PIN, offered only when locked by hand (someone
    who finds the window locked after idle time must not choose one).
    """

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QMainWindow, verify: Callable[[str | None], Any], *,
                 login: str = "", minutes: float | None = None,
                 ask: Callable[[], str] | None = None,
                 choose_pin: Callable[[str, str], Any] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.verify = verify
        self.ask = ask or (lambda: "passphrase")
        self.choose_pin = choose_pin
        self.failures = 0  # wrong guesses since the last unlock (kept across locks)
        self.login = login
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.screen: LockScreen | None = None
        self._content: QWidget | None = None
        self._enabled: dict[QAction, bool] = {}
        self.set_minutes(configured_minutes() if minutes is None else minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        window.destroyed.connect(self._detach)

    # -- idle time ------------------------------------------------------------------------
    def set_minutes(self, minutes: float) -> None:
        self.minutes = minutes
        self.timer.stop()
        if minutes > 0:
            self.timer.setInterval(int(minutes * 60_000))
            if not self.is_locked:
                self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if self.is_locked and event.type() in REFUSED_WHILE_LOCKED and self._owns(watched):
            event.ignore()  # no file dropped, no shortcut run, behind the lock screen
            return True
        if event.type() in ACTIVITY and not self.is_locked and self.minutes > 0:
            self.timer.start()
        return False

    def _owns(self, obj: QObject | None) -> bool:
        """True for an object of the locked window, other than the lock screen's own."""
        while obj is not None:
            if obj is self.screen:
                return False
            if obj is self.window:
                return True
            obj = obj.parent()
        return False

    def _detach(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    # -- locking --------------------------------------------------------------------------
    @property
    def is_locked(self) -> bool:
        return self.screen is not None

    def lock(self, by_hand: bool = False) -> None:
        """Hide every view behind the lock screen and disable the window's actions
        (``by_hand``: the user locked it, so may choose an unlock PIN if they have none)."""
        if self.is_locked:
            return
        self.timer.stop()
        for dialog in self.window.findChildren(QWidget):
            if dialog.isWindow() and dialog is not self.window and dialog.isVisible():
                dialog.hide()  # an open dialog may show case details
        self._enabled = {a: a.isEnabled() for a in self.window.findChildren(QAction)}
        for action in self._enabled:
            action.setEnabled(False)
        self._content = self.window.takeCentralWidget()
        if self._content is not None:
            self._content.hide()
        try:
            ask = self.ask()
        except Exception:  # noqa: BLE001 - the lock must lock whatever the check says
            ask = "passphrase"
        self.screen = LockScreen(self.login, ask=ask,
                                 can_choose=by_hand and self.choose_pin is not None)
        self.window.setCentralWidget(self.screen)
        self.screen.show()
        self.screen.unlock_button.clicked.connect(self._try_unlock)
        self.screen.passphrase.setFocus()
        self.locked.emit()

    def _try_unlock(self) -> None:
        from sar_desk.ui.tasks import error_text

        screen = self.screen
        assert screen is not None
        typed = screen.passphrase.text()
        choosing = screen.repeat.isVisibleTo(screen) and self.choose_pin is not None
        try:
            if choosing:
                self.choose_pin(typed, screen.repeat.text())
                screen.set_ask("pin")
                screen.error.setText("PIN set. Type it to unlock.")
                return
            self.verify(typed)
        except Exception as exc:  # noqa: BLE001 - shown on the lock screen, never a crash
            if typed and not choosing:  # an empty field or a PIN being chosen is no guess
                self.failures += 1
            screen.error.setText(error_text(exc))
            screen.passphrase.clear()
            screen.repeat.clear()
            screen.passphrase.setFocus()
            self._slow_down(screen)
            return
        self.failures = 0
        self.unlock()

    def _slow_down(self, screen: LockScreen) -> None:
        """After FREE_TRIES wrong guesses, each next one waits longer (a PIN is short)."""
        if self.failures < FREE_TRIES:
            return
        seconds = min(MAX_WAIT, 5 * 2 ** (self.failures - FREE_TRIES))
        screen.unlock_button.setEnabled(False)
        screen.passphrase.setEnabled(False)
        screen.error.setText(f"{screen.error.text()} Too many wrong tries: wait {seconds} "
                             "seconds.")

        def again() -> None:
            if self.screen is screen:
                screen.unlock_button.setEnabled(True)
                screen.passphrase.setEnabled(True)
                screen.passphrase.setFocus()

        QTimer.singleShot(seconds * 1000, screen, again)

    def unlock(self) -> None:
        """Put the views and actions back (after a successful credential check)."""
        if not self.is_locked:
            return
        self.window.takeCentralWidget()
        self.screen.deleteLater()
        self.screen = None
        if self._content is not None:
            self.window.setCentralWidget(self._content)
            self._content.show()
        for action, enabled in self._enabled.items():
            action.setEnabled(enabled)
        self._enabled = {}
        if self.minutes > 0:
            self.timer.start()
        self.unlocked.emit()


def install_session_lock(window: QMainWindow, workspace: Any,
                         minutes: float | None = None) -> SessionLock:
    """The lock for a main window over ``workspace`` (what unlocks it is checked by the
    services: the user's passphrase, or a keyring-only user's unlock PIN)."""
    from sar_desk.services import access, unlock_pin

    login = access.current_user(workspace).login
    return SessionLock(
        window, lambda typed: unlock_pin.unlock(workspace, typed), login=login,
        minutes=minutes, ask=lambda: unlock_pin.unlock_kind(workspace).value,
        choose_pin=lambda pin, again: unlock_pin.set_unlock_pin(workspace, pin, again))

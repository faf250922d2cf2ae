"""The lock screen asks for something: never an empty field, a wrong PIN or passphrase."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from sar_desk.services import unlock_pin
from sar_desk.store import unlock_pins
from sar_desk.ui.session_lock import LockScreen
from tests.ui.window_helpers import window_of_user

PIN = "4821"


def lock_by_hand(qtbot, window) -> LockScreen:
    window.activateWindow()
    window.workflow_actions["lock"].trigger()
    screen = window.centralWidget()
    assert isinstance(screen, LockScreen)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.passphrase, timeout=3_000)
    return screen


def attempt(screen: LockScreen, typed: str, again: str | None = None) -> None:
    screen.passphrase.setText(typed)
    if again is not None:
        screen.repeat.setText(again)
    screen.unlock_button.click()


def test_a_keyring_user_chooses_a_pin_and_only_that_pin_unlocks(qtbot, window, workspace):
    lock = window.session_lock
    screen = lock_by_hand(qtbot, window)  # the key is in the (memory) OS keyring: no passphrase
    assert screen.ask == "new_pin" and screen.repeat.isVisible()
    attempt(screen, "", "")
    assert lock.is_locked and "PIN" in screen.error.text()
    attempt(screen, PIN, "4822")
    assert lock.is_locked and "not the same" in screen.error.text()
    assert unlock_pin.unlock_kind(workspace) is unlock_pin.Unlock.NEW_PIN
    attempt(screen, PIN, PIN)
    assert lock.is_locked and screen.ask == "pin" and not screen.repeat.isVisible()
    verifier = unlock_pins.read_verifier(workspace.id, workspace.user.login)
    assert verifier["scheme"] == "scrypt" and PIN not in str(verifier)  # only a verifier
    for typed in ("", "   ", "0000", PIN + "1", PIN[:-1]):
        attempt(screen, typed)
        assert lock.is_locked and screen.error.text(), typed
        assert screen.passphrase.text() == ""
    with qtbot.waitSignal(lock.unlocked, timeout=5_000):
        attempt(screen, PIN)
    assert window.centralWidget() is window.stack
    screen = lock_by_hand(qtbot, window)  # the next lock asks for the PIN straight away
    assert screen.ask == "pin" and not screen.repeat.isVisible()
    attempt(screen, "")
    assert lock.is_locked
    with qtbot.waitSignal(lock.unlocked, timeout=5_000):
        attempt(screen, PIN)


def test_an_idle_lock_without_a_pin_offers_no_way_to_choose_one(qtbot, window):
    lock = window.session_lock
    lock.lock()  # the idle timer: whoever is at the desk must not choose the PIN
    screen = window.centralWidget()
    assert screen.ask == "new_pin" and not screen.repeat.isVisible()
    for typed in ("", PIN, "anything at all"):
        attempt(screen, typed)
        assert lock.is_locked and screen.error.text()


@pytest.fixture
def passphrase_window(qtbot, tmp_path, monkeypatch, errors):
    yield from ((win, ws) for win, ws, _ in window_of_user(
        qtbot, tmp_path, monkeypatch, errors, login="officer", roles="privacy_officer",
        passphrase="a long passphrase"))


def test_a_passphrase_user_unlocks_with_the_passphrase_only(qtbot, passphrase_window):
    window, _ws = passphrase_window
    lock = window.session_lock
    screen = lock_by_hand(qtbot, window)
    assert screen.ask == "passphrase" and not screen.repeat.isVisible()
    for typed in ("", "a long passphras", "4821"):
        attempt(screen, typed)
        assert lock.is_locked and screen.error.text(), typed
    with qtbot.waitSignal(lock.unlocked, timeout=5_000):
        attempt(screen, "a long passphrase")



def test_a_forgotten_pin_can_be_forgotten_and_chosen_again(qtbot, window, workspace, capsys):
    from sar_desk.cli import main

    unlock_pin.set_unlock_pin(workspace, PIN, PIN)
    window.show_view("settings")
    view = window.settings
    qtbot.waitUntil(view.forget_pin_button.isVisible, timeout=5_000)
    view.forget_pin_button.click()
    qtbot.waitUntil(lambda: not view.forget_pin_button.isVisible(), timeout=5_000)
    assert unlock_pin.unlock_kind(workspace) is unlock_pin.Unlock.NEW_PIN
    screen = lock_by_hand(qtbot, window)
    assert screen.ask == "new_pin" and screen.repeat.isVisible()
    attempt(screen, "9753", "9753")
    with qtbot.waitSignal(window.session_lock.unlocked, timeout=5_000):
        attempt(screen, "9753")
    assert main(["unlock-pin", "--forget", "--workspace", str(workspace.path)]) == 0
    assert "forgotten" in capsys.readouterr().out
    assert unlock_pin.unlock_kind(workspace) is unlock_pin.Unlock.NEW_PIN


def test_wrong_guesses_are_slowed_down(qtbot, window, workspace, monkeypatch):
    from sar_desk.ui import session_lock

    monkeypatch.setattr(session_lock, "MAX_WAIT", 1)  # one second, for the test
    unlock_pin.set_unlock_pin(workspace, PIN, PIN)
    lock = window.session_lock
    screen = lock_by_hand(qtbot, window)
    for guess in ("1111", "2222", "3333", "4444"):
        attempt(screen, guess)
        assert screen.unlock_button.isEnabled()
    attempt(screen, "5555")  # the fifth wrong guess
    assert not screen.unlock_button.isEnabled() and not screen.passphrase.isEnabled()
    assert "wait" in screen.error.text()
    attempt(screen, PIN)  # refused while waiting: the button does nothing
    assert lock.is_locked
    qtbot.waitUntil(screen.unlock_button.isEnabled, timeout=3_000)
    with qtbot.waitSignal(lock.unlocked, timeout=5_000):
        attempt(screen, PIN)
    assert lock.failures == 0


def test_the_staff_window_lock_asks_for_the_passphrase(qtbot, tmp_path, monkeypatch, errors):
    for win, _ws, _ in window_of_user(qtbot, tmp_path, monkeypatch, errors, login="stf",
                                      roles="staff", passphrase="a long passphrase"):
        assert win.staff_only
        lock = win.session_lock
        lock.lock()
        screen = win.centralWidget()
        assert screen.ask == "passphrase"
        for typed in ("", "wrong passphrase"):
            attempt(screen, typed)
            assert lock.is_locked and screen.error.text()
        with qtbot.waitSignal(lock.unlocked, timeout=5_000):
            attempt(screen, "a long passphrase")

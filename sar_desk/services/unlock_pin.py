"""Unlocking the window's session lock: the user's passphrase, or a keyring-only user's PIN.

A user who opens the workspace with the OS keyring alone has nothing to type at the lock
screen, and an empty field must never unlock. So such a user chooses an unlock PIN the first
time they lock by hand; its salted scrypt verifier is kept in their own config folder
(:mod:`sar_desk.store.unlock_pins`). Unlocking then needs that PIN, and the keyring must
still hold their key (a user removed meanwhile is refused).
"""

from __future__ import annotations

import os
from enum import Enum
from typing import TYPE_CHECKING

from sar_desk.core.unlock_pin import SALT_BYTES, make_verifier, pin_matches, pin_reason
from sar_desk.errors import InputError
from sar_desk.services import access
from sar_desk.store import unlock_pins
from sar_desk.store import users as user_store
from sar_desk.store.errors import WrongKeyError

if TYPE_CHECKING:
    from sar_desk.store.workspace import Workspace


class Unlock(Enum):
    """What the lock screen asks the current user for."""

    PASSPHRASE = "passphrase"
    PIN = "pin"
    NEW_PIN = "new_pin"  # keyring-only, no PIN chosen yet


def has_passphrase(ws: Workspace) -> bool:
    """Whether the current user has a passphrase of their own for ``ws``."""
    login = access.current_user(ws).login
    document = user_store.read_document(ws.path)
    if document is None:  # a workspace made before users existed: its passphrase
        return bool(ws.manifest.passphrase)
    entry = document.get("users", {}).get(login) or {}
    legacy = entry.get("legacy") if isinstance(entry.get("legacy"), dict) else {}
    return bool(entry.get("passphrase") or legacy.get("passphrase"))


def unlock_kind(ws: Workspace) -> Unlock:
    """What unlocking needs: the passphrase, the PIN, or a PIN still to be chosen."""
    if has_passphrase(ws):
        return Unlock.PASSPHRASE
    login = access.current_user(ws).login
    return Unlock.PIN if unlock_pins.read_verifier(ws.id, login) else Unlock.NEW_PIN


def set_unlock_pin(ws: Workspace, pin: str, repeated: str | None = None) -> None:
    """Choose the current user's unlock PIN (refused by name when it will not do)."""
    reason = pin_reason(pin, repeated)
    if reason:
        raise InputError(f"{reason} No PIN was set.", code="lock.pin_refused")
    login = access.current_user(ws).login
    unlock_pins.write_verifier(ws.id, login, make_verifier(pin, os.urandom(SALT_BYTES)))


def forget_unlock_pin(ws: Workspace) -> bool:
    """Forget the current user's unlock PIN (one they no longer remember): the next lock by
    hand asks for a new one. Opening the workspace proved who they are. True if one was set."""
    login = access.current_user(ws).login
    had = unlock_pins.read_verifier(ws.id, login) is not None
    if had:
        unlock_pins.write_verifier(ws.id, login, None)
    return had


def unlock(ws: Workspace, secret: str | None) -> None:
    """Check what was typed at the lock screen; raises unless it unlocks. Empty never does."""
    kind = unlock_kind(ws)
    what = "passphrase" if kind is Unlock.PASSPHRASE else "unlock PIN"
    if not secret:
        raise InputError(f"Type your {what} to unlock.", code="lock.empty", what=what)
    if kind is Unlock.NEW_PIN:
        raise WrongKeyError("No unlock PIN was chosen, so nothing typed here unlocks. Close "
                            "SAR Desk and open it again: your OS keyring opens it.",
                            code="lock.no_pin")
    if kind is Unlock.PIN:
        verifier = unlock_pins.read_verifier(ws.id, access.current_user(ws).login)
        if not pin_matches(secret, verifier):
            raise WrongKeyError("That PIN does not unlock SAR Desk.", code="lock.wrong_pin")
        access.verify_credential(ws, None)  # still a user, and the keyring still holds the key
        return
    access.verify_credential(ws, secret)

"""Who holds a case open for writing, and an administrator's release of a lock whose
holder is gone (a program on another computer that stopped without closing the case)."""

from __future__ import annotations

from sar_desk.core.roles import Action
from sar_desk.errors import InputError
from sar_desk.services import access
from sar_desk.services.case_base import normalise_reference
from sar_desk.store import locks
from sar_desk.store import users as store
from sar_desk.store.locks import LockInfo
from sar_desk.store.workspace import Workspace


def lock_holder(ws: Workspace, ref: str) -> LockInfo | None:
    """Who holds ``ref`` open for writing (None if nobody; a crashed holder on this computer
    is recovered first)."""
    return locks.holder(ws, normalise_reference(ref))


def unlock_case(ws: Workspace, ref: str, *, reason: str, force: bool) -> LockInfo:
    """Release the write lock on ``ref`` whoever holds it, recorded in the workspace audit
    with its holder and ``reason``; returns what the lock named.

    Administrators only, and only when ``force`` says the holder is known to be gone. A
    holder still running on this computer is never released from under it.
    """
    ref = normalise_reference(ref)
    user = access.require(ws, Action.UNLOCK_CASE, ref)
    if not force:
        raise InputError(f"Releasing the lock on {ref} must be forced: say that you know its "
                         "holder has stopped.", code="lock.not_forced", reference=ref)
    reason = (reason or "").strip()
    if not reason:
        raise InputError(f"Give the reason the lock on {ref} is released (it is recorded).",
                         code="lock.reason_required", reference=ref)
    current = locks.holder(ws, ref)
    if current is None:
        raise InputError(f"{ref} is not locked: nobody holds it open for writing.",
                         code="lock.none", reference=ref)
    if current.here:
        raise InputError(f"{ref} is held by {current.holder}, which is still running on "
                         "this computer; close the case there instead. Nothing was changed.",
                         code="lock.alive_here", reference=ref)
    released = locks.force_release(ws, ref) or current
    with ws.registry.writing() as conn:
        store.append_audit(conn, user.login, "unlock_case",
                           {"holder": released.holder, "since": released.since,
                            "reason": reason}, reference=ref)
    return released

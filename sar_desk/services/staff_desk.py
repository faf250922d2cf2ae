"""The staff path: the ready letters, read with the staff key only.

A user whose credential holds only the staff key opens a :class:`StaffWorkspace`: it has
the workspace's folder, id, clock, the staff key and the signed user list (which names
their roles and is checked without any key), but no master key and no registry. Anything
else a service asks of it is refused with :class:`PermissionDenied`.

:func:`ready_cases`, :func:`letter_bytes` and :func:`record_printed` work on any open
workspace (a privacy officer's too) and read only the ready letters store. Refusals and
printed letters are recorded in that store's own hash-chained audit, since a staff user
cannot write to the registry.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sar_desk.core.clock import Clock, SystemClock
from sar_desk.core.input_rules import future_date_reason
from sar_desk.core.roles import Action, describe, scope_for
from sar_desk.errors import InputError, PermissionDenied
from sar_desk.store import keys, ready_store
from sar_desk.store.audit_chain import now_text
from sar_desk.store.roster import Roster
from sar_desk.store.users import User

# What a full workspace has and a staff-only one refuses (they need the content key).
WITHHELD = frozenset({"registry", "master_key", "use_master", "cases_dir", "case_path",
                      "locks_dir", "backups_dir"})


class StaffWorkspace:
    """A workspace opened with the staff key only (see the module docstring)."""

    staff_only = True

    def __init__(self, path: Path, manifest: Any, staff_key: bytes, roster: Roster,
                 login: str, *, clock: Clock | None = None, read_only: bool = False) -> None:
        member = roster.member(login)
        if member is None:
            raise PermissionDenied(f"The OS login {login!r} is not a user of the workspace at "
                                   f"{path}, so it cannot be opened.", code="user.not_a_user",
                                   login=login, path=path)
        self.path = path
        self.manifest = manifest
        self.id = manifest.id
        self.staff_key: bytes | None = staff_key
        self.roster = roster
        self.signing_key = None
        self.read_only = read_only
        self.clock: Clock = clock or SystemClock()
        self.user = User(member.login, member.roles, member.added, member.added_by,
                         member.name)
        self.held_locks: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        # Only reached for what a staff-only workspace does not have (registry, master key).
        if name not in WITHHELD:
            raise AttributeError(name)
        raise PermissionDenied(
            f"{self.user.login} holds only the staff key of the workspace at {self.path}: "
            "they can list and print the letters of cases marked ready, nothing else.",
            code="user.staff_only", login=self.user.login, path=self.path)

    def close(self) -> None:
        link = self.__dict__.pop("case_store", None)  # a team workspace's private copy
        if link is not None:
            try:
                link.close()  # saves what was recorded in the ready letters store
            finally:
                link.discard()

    def __enter__(self) -> StaffWorkspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"StaffWorkspace({str(self.path)!r}, id={self.id!r})"


def is_staff_only(ws: object) -> bool:
    return bool(getattr(type(ws), "staff_only", False))


def _staff_key(ws: Any) -> bytes:
    key = ws.staff_key
    if key is None:
        raise PermissionDenied(
            f"The workspace at {ws.path} was opened without a staff key (its user list is not "
            "signed yet): an administrator's next open signs it.", code="ready.no_staff_key",
            path=ws.path)
    return key


def _require(ws: Any, action: Action, ref: str = "") -> User:
    user: User = ws.user
    if scope_for(user.roles, action) is not None:
        return user
    _audit(ws, user.login, "refused", {"action": action.value, "reference": ref,
                                       "roles": [r.value for r in user.roles]})
    raise PermissionDenied(f"{user.login} may not {describe(action)}. Nothing was changed; "
                           "the attempt was recorded in the ready letters audit.")


def refuse(ws: StaffWorkspace, action: Action, ref: str | None = None) -> PermissionDenied:
    """The refusal of a case service to a staff-only user (recorded in the ready letters
    audit): everything but the ready letters needs the content key they do not hold."""
    login = ws.user.login
    _audit(ws, login, "refused", {"action": action.value, "reference": ref or "",
                                  "roles": [r.value for r in ws.user.roles]})
    target = f" on {ref}" if ref else ""
    return PermissionDenied(
        f"{login} may not {describe(action)}{target}: they hold only the staff key, which "
        "opens the letters of cases marked ready and nothing else. Nothing was changed; the "
        "attempt was recorded in the ready letters audit.", code="user.staff_only",
        login=login, path=ws.path)


def _audit(ws: Any, actor: str, action: str, details: dict) -> None:
    with ready_store.opened(ws.path, _staff_key(ws), ws.id) as conn:
        ready_store.append_audit(conn, actor, action, details)


def ready_cases(ws: Any) -> list[ready_store.ReadyCase]:
    """The cases marked ready, with their addressee and letters (without the bytes)."""
    _require(ws, Action.LIST_CASES)
    with ready_store.opened(ws.path, _staff_key(ws), ws.id) as conn:
        return ready_store.read_cases(conn)


def letters_to_print(ws: Any) -> list[tuple[ready_store.ReadyCase, ready_store.ReadyLetterRow]]:
    """The PDF letters of ready cases with no dispatch recorded (the latest of each kind)."""
    found = []
    for case in ready_cases(ws):
        latest = {x.kind: x for x in case.letters if x.format == "pdf"}
        found += [(case, x) for x in latest.values() if not x.dispatched]
    return found


def letter_bytes(ws: Any, ref: str, letter_id: int) -> bytes:
    """The bytes of letter ``letter_id`` of ready case ``ref`` (checked against its sha256);
    a case not marked ready, or a letter not there, is refused and recorded."""
    user = _require(ws, Action.DISPATCH_LETTER, ref)
    ref = (ref or "").strip().upper()
    with ready_store.opened(ws.path, _staff_key(ws), ws.id) as conn:
        found = ready_store.letter_bytes(conn, ref, letter_id)
        if found is None:
            ready_store.append_audit(conn, user.login, "refused",
                                     {"action": Action.DISPATCH_LETTER.value,
                                      "reference": ref, "letter_id": letter_id})
    if found is None:
        raise InputError(f"{ref} has no letter {letter_id} among the letters marked ready for "
                         "staff (the case is not marked ready, or the letter was discarded). "
                         "The attempt was recorded in the ready letters audit.",
                         code="ready.no_letter", reference=ref)
    digest, data = found
    if keys.sha256_hex(data) != digest:
        raise InputError(f"Letter {letter_id} of {ref} in the ready letters store does not "
                         "match its recorded checksum; it is not printed.",
                         code="ready.damaged", reference=ref)
    return data


def record_printed(ws: Any, items: list[tuple[str, int]]) -> None:
    """Record in the ready letters audit that ``items`` ((reference, letter id)) were printed."""
    user = _require(ws, Action.DISPATCH_LETTER)
    _audit(ws, user.login, "letters_printed",
           {"letters": [{"reference": r, "letter_id": i} for r, i in items]})


def ready_audit(ws: Any) -> list[dict]:
    """The ready letters audit (who printed what, refusals)."""
    with ready_store.opened(ws.path, _staff_key(ws), ws.id) as conn:
        return ready_store.read_audit(conn)


def record_dispatch(ws: Any, items: list[tuple[str, int]], on: dt.date | str | None = None,
                    method: str = "post") -> None:
    """Record that ``items`` ((reference, letter id), letters of ready cases) were sent on
    ``on`` (a date or ISO date; default: today as the workspace's clock has it, which the
    case shows as the dispatch date) by ``method``. Kept in the ready letters store: the
    next open by a privacy officer carries each into its case file (recorded there as this
    user's, on that open's day). A date after the clock's today is refused here, not when
    carried. The store's own time of the record (the order dispatches are carried in) and
    its audit entry keep the real time."""
    user = _require(ws, Action.DISPATCH_LETTER)
    if not method.strip():
        raise InputError("Say how the letters were sent. Nothing was recorded.")
    day = _dispatch_day(ws, on)
    on = day.isoformat()
    at = now_text()
    with ready_store.opened(ws.path, _staff_key(ws), ws.id) as conn:
        for ref, letter_id in items:
            if ready_store.letter_bytes(conn, ref, letter_id) is None:
                raise InputError(f"{ref} has no letter {letter_id} among the letters marked "
                                 "ready for staff. Nothing was recorded.",
                                 code="ready.no_letter", reference=ref)
            ready_store.add_dispatch(conn, ref, letter_id, on, method.strip(), user.login, at)
        ready_store.append_audit(conn, user.login, "dispatch_recorded",
                                 {"letters": [{"reference": r, "letter_id": i}
                                              for r, i in items], "date": on,
                                  "method": method.strip()})


def _dispatch_day(ws: Any, on: dt.date | str | None) -> dt.date:
    """The day a dispatch is recorded on: ``on``, or the workspace clock's today; a date
    that is not one, or is after that today, is refused."""
    today = ws.clock.today()
    if on is None:
        return today
    if isinstance(on, str):
        try:
            on = dt.date.fromisoformat(on.strip())
        except ValueError:
            raise InputError(f"The dispatch date {on!r} is not a date (YYYY-MM-DD). Nothing "
                             "was recorded.") from None
    reason = future_date_reason(on, today, "dispatch date")
    if reason:
        raise InputError(f"{reason} Nothing was recorded.")
    return on

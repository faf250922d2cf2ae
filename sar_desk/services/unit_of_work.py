"""The unit of work every change to a case goes through.

:func:`change_case` checks the user's permission, takes the case's one-writer lock, runs the
change in one case-file transaction (the change appends its own audit entry there), and then
refreshes the case's registry row, so the list and the dashboard see the change at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from sar_desk.core.entities import CaseSnapshot
from sar_desk.core.roles import Action
from sar_desk.core.staff_view import staff_view
from sar_desk.services import access, case_search, ready_letters
from sar_desk.services.case_base import (
    actor_name,
    normalise_reference,
    open_case_file,
    summary_values,
)
from sar_desk.store import audit, case_text, locks
from sar_desk.store import case_records as records
from sar_desk.store.casefile import CaseFile
from sar_desk.store.errors import ReadOnlyWorkspace, RolledBackCaseFile
from sar_desk.store.row_time import give_day
from sar_desk.store.workspace import Workspace

T = TypeVar("T")

# What a change is given: the open session, the case as it was before, and who is acting.
Change = Callable[[Session, CaseSnapshot, str], T]


def change_case(ws: Workspace, ref: str, actor: str | None, change: Change[T], *,
                action: str = "edit_case") -> tuple[T, CaseSnapshot]:
    """Run ``change(session, before, who)`` on case ``ref`` as one unit of work.

    In order: a read-only workspace is refused; ``action`` (a
    :class:`sar_desk.core.roles.Action` value) is checked against the user's roles, and a
    refusal is recorded in the workspace audit and raised with the case file untouched; the
    case's write lock is taken (kept afterwards if the caller already held it); a file that
does not extend the audit head the registry recorded is refused (rolled back); ``change``
    runs in one case-file transaction, on the day the workspace clock says (the times its rows
    record fall on that day: :mod:`sar_desk.store.row_time`), and must append its audit entry
    there; then the registry row and the case's search text are rewritten from the case as
    stored. An exception from ``change`` rolls the transaction back and leaves the registry
    as it was.

    ``actor`` names who acts (default: the OS login). Returns ``change``'s result and the
    case's snapshot after the change (the staff view for a user who may not read details).
    """
    if ws.read_only:
        raise ReadOnlyWorkspace("The workspace is open read-only; nothing was changed.")
    ref = normalise_reference(ref)
    access.require(ws, action, ref)
    who = actor_name(actor)
    with locks.writing(ws, ref), open_case_file(ws, ref, actor=who) as case:
        recorded = ws.registry.get(ref)
        with case.transaction() as session:
            if recorded is not None:
                refuse_rolled_back(case, session, recorded["audit_seq"], recorded["audit_head"])
            give_day(session, ws.clock.today())  # what it records is done on the clock's day
            before = records.read_snapshot(session)
            result = change(session, before, who)
            session.flush()
            session.expire_all()
            snap = records.read_snapshot(session)
            last = audit.last_entry(session)
            row = summary_values(snap, last.seq, last.hash, ws.clock.today())
            pieces, keep = case_search.pieces_to_index(ws, session, snap)
        with ws.registry.writing() as conn:
            ws.registry.upsert([row], conn)
            case_text.replace(conn, ref, pieces, keep)
    ready_letters.refresh_if_ready(ws, ref)  # staff print from their own copy
    if not access.can(ws, Action.READ_CASE_DETAILS, ref):
        snap = staff_view(snap)
    return result, snap


def refuse_rolled_back(case: CaseFile, session: Session, seq: int, head: str) -> None:
    """Refuse to write to a case file that does not extend the audit head the registry
    recorded (``seq``, ``head``): writing would hide that it was rolled back."""
    reason = audit.departs_from(session, seq, head)
    if reason:
        raise RolledBackCaseFile(
            case.path, f"The case file {case.path} is not the one the registry last recorded "
            f"for {case.reference}: {reason}. It was rolled back or replaced; nothing was "
            "changed. Restore it from the latest backup.", reference=case.reference)

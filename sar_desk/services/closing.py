"""Closing means done: the guards on recording a case as responded or closed, overrides,
responses made outside the app, and the response a dispatched final letter records.

The rules are in :mod:`sar_desk.core.closing_rules`; this module applies them inside a
case's unit of work (:func:`sar_desk.services.unit_of_work.change_case`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from sar_desk.core.closing_rules import (
    OUTSIDE_KEY,
    OVERRIDE_KEYS,
    OutsideResponse,
    Override,
    access_closing_problems,
    override_reason_problem,
    response_reason,
)
from sar_desk.core.entities import CaseSnapshot, CaseStatus, EventKind
from sar_desk.core.input_rules import event_date_reason
from sar_desk.errors import InputError
from sar_desk.services.case_base import normalise_reference, not_after_today
from sar_desk.services.unit_of_work import change_case
from sar_desk.store import audit
from sar_desk.store import case_records as records
from sar_desk.store.workspace import Workspace

OVERRIDDEN = "ending_overridden"  # the audit action of an override (case and workspace)


def is_final(kind: str) -> bool:
    """Whether a letter of ``kind`` is a final response, refusal or outcome letter."""
    from sar_desk.documents.letter_kinds import needs_signoff

    return needs_signoff(kind)


def closing_problems(ws: Workspace, case: CaseSnapshot) -> list[str]:
    """Every open checklist line that stops ``case`` being closed ([] when it can be)."""
    from sar_desk.services.rights import rights_closing_problems

    return access_closing_problems(case) + rights_closing_problems(ws, case)


def ending_problem(ws: Workspace, case: CaseSnapshot, kind: EventKind) -> str | None:
    """Why ``case`` cannot be recorded as ``kind`` (responded, closed) now, or None."""
    if kind == EventKind.RESPONDED:
        return response_reason(case, is_final)
    if kind == EventKind.CLOSED:
        problems = closing_problems(ws, case)
        if problems:
            return (f"{case.reference} cannot be closed yet: {'; '.join(problems)}. Complete "
                    "the checklist, or override with a written reason; nothing was changed.")
    return None


def check_can_close(ws: Workspace, case: CaseSnapshot) -> None:
    """Raise an InputError naming every open checklist line that stops ``case`` closing."""
    problem = ending_problem(ws, case, EventKind.CLOSED)
    if problem:
        raise InputError(problem, code="case.cannot_close", reference=case.reference)


def guard_ending(ws: Workspace, session: Session, before: CaseSnapshot, kind: EventKind,
                 on: dt.date, who: str, override: str = "") -> Override | None:
    """Refuse an ending the rules do not allow (InputError, nothing written), or record the
    officer's ``override`` of it on the case with an audit entry. Returns the override used."""
    if kind not in OVERRIDE_KEYS:
        return None
    problem = ending_problem(ws, before, kind)
    if problem is None:
        return None
    if not override.strip() and kind == EventKind.CLOSED:
        raise InputError(problem, code="case.cannot_close", reference=before.reference)
    if not override.strip():
        raise InputError(problem, code="case.cannot_respond", reference=before.reference)
    weak = override_reason_problem(override)
    if weak:
        raise InputError(f"{weak} Nothing was changed.", code="field.required",
                         fields=("reason",))
    made = Override(kind, override.strip(), who, on, problem)
    records.set_extra(session, OVERRIDE_KEYS[kind], made.to_text())
    audit.append(session, who, OVERRIDDEN, {"kind": kind.value, "date": on.isoformat(),
                                            "reason": made.reason, "refused": problem})
    return made


def note_override(ws: Workspace, ref: str, made: Override | None) -> None:
    """Chain an override in the workspace audit too (the compliance report counts them)."""
    if made is None:
        return
    from sar_desk.store.users import append_audit

    with ws.registry.writing() as conn:
        append_audit(conn, made.by, OVERRIDDEN,
                     {"kind": made.kind.value, "date": made.on.isoformat() if made.on else ""},
                     reference=normalise_reference(ref))


def overridden_closures(ws: Workspace) -> list[tuple[str, dt.date]]:
    """(reference, closing date) of every closure recorded by override, from the workspace
    audit (no personal data)."""
    from sar_desk.core.closing_rules import load_details
    from sar_desk.store.users import read_audit

    found = []
    for entry in read_audit(ws.registry):
        if entry.action != OVERRIDDEN:
            continue
        details = load_details(entry.details)
        if details.get("kind") != EventKind.CLOSED.value:
            continue
        try:
            found.append((entry.reference, dt.date.fromisoformat(details.get("date", ""))))
        except ValueError:
            continue
    return found


def record_response_outside(ws: Workspace, ref: str, method: str, on: dt.date,
                            note: str = "", *, actor: str | None = None) -> CaseSnapshot:
    """Record a response made outside the app (how and when): the case becomes responded."""
    from sar_desk.core.case_actions import why_not_event
    from sar_desk.core.input_rules import required_text_reason

    if required_text_reason("dispatch_method", method):
        raise InputError("Say how the response was made (by hand, by phone, through a "
                         "portal...). Nothing was changed.", code="field.required",
                         fields=("method",))
    if not isinstance(on, dt.date):
        raise InputError(f"The response date {on!r} is not a date.")
    not_after_today(ws, on, "response date")
    reason = event_date_reason(EventKind.RESPONDED, on, ws.clock.today())
    if reason:
        raise InputError(f"{reason} Nothing was changed.")

    def change(session: Session, before: CaseSnapshot, who: str) -> None:
        why = why_not_event(EventKind.RESPONDED, before)
        if why:
            raise InputError(why)
        if on < before.received:
            raise InputError(f"The response date {on.isoformat()} is before the request was "
                             f"received ({before.received.isoformat()}). Nothing was changed.")
        made = OutsideResponse(method.strip(), on, note.strip(), who)
        records.set_extra(session, OUTSIDE_KEY, made.to_text())
        records.add_event(session, EventKind.RESPONDED, on, made.describe(), who)

    return change_case(ws, ref, actor, change, action="record_event")[1]


def respond_on_dispatch(session: Session, before: CaseSnapshot, letter_id: int | None,
                        on: dt.date, who: str) -> None:
    """A final letter dispatched on an open case records ``responded`` on the dispatch day."""
    if letter_id is None or before.status != CaseStatus.OPEN or on < before.received:
        return
    letter = next((x for x in before.letters if x.id == letter_id), None)
    if letter is None or not is_final(letter.kind):
        return
    records.add_event(session, EventKind.RESPONDED, on,
                      f"Letter #{letter_id} ({letter.kind}) dispatched", who)

"""Correcting a case's record: void an event, edit the details typed, withdraw an exemption,
discard a letter, remove a document. Each needs a reason and is audited.

The rules are in :mod:`sar_desk.core.corrections` (and :mod:`sar_desk.core.input_rules` for
the edited values); every change runs through
:func:`sar_desk.services.unit_of_work.change_case`, so the registry row (due dates, status,
name) is recomputed at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from sar_desk.core import corrections as rules
from sar_desk.core.entities import CaseSnapshot, Channel, RequestType
from sar_desk.core.input_rules import (
    address_reason,
    email_reason,
    name_reason,
    request_types_reason,
)
from sar_desk.errors import InputError
from sar_desk.services.case_base import normalise_reference, not_after_today, open_case_file
from sar_desk.services.unit_of_work import change_case
from sar_desk.store import case_records as records
from sar_desk.store import corrections as store
from sar_desk.store.workspace import Workspace

__all__ = ["EDIT_FIELDS", "discard_letter", "edit_case", "remove_document", "void_event",
           "withdraw_exemption"]

# What an edit may change, with the words a person reads for each.
EDIT_FIELDS: dict[str, str] = {
    "requester_name": "requester's name", "requester_email": "requester's email",
    "requester_address": "requester's address", "requester_phone": "requester's phone",
    "subject_name": "data subject's name", "subject_email": "data subject's email",
    "subject_address": "data subject's address", "subject_phone": "data subject's phone",
    "request_text": "request text", "request_types": "rights asked for",
    "channel": "channel", "jurisdiction": "jurisdiction", "received": "received date",
}
_UNCHANGED = "Nothing was changed."


def _refuse(reason: str | None, outcome: str = _UNCHANGED) -> None:
    if reason:
        raise InputError(f"{reason} {outcome}".strip())


def _reason(reason: str) -> str:
    _refuse(rules.taken_back_reason(reason))
    return reason.strip()


def _take_back(ws: Workspace, ref: str, number: int, reason: str, actor: str | None, *,
               rule: Callable[[CaseSnapshot, int], str | None],
               record: Callable[..., object], action: str) -> CaseSnapshot:
    """Check ``rule`` on entry ``number`` and ``record(session, number, why, who)`` it taken
    back, as one audited change needing ``action``."""
    why = _reason(reason)

    def change(session, before: CaseSnapshot, who: str) -> None:
        _refuse(rule(before, number))
        record(session, number, why, who)

    return change_case(ws, ref, actor, change, action=action)[1]


def void_event(ws: Workspace, ref: str, event_no: int, reason: str, *,
               actor: str | None = None) -> CaseSnapshot:
    """Void timeline event ``event_no`` (its number in ``case show``): it stays on the record
    but no longer counts for the deadline, the state or the figures. Voiding the event that
    ended the case reopens it to the state the remaining events give."""
    from sar_desk.core.deadlines import compute_deadline

    why = _reason(reason)

    def change(session, before: CaseSnapshot, who: str) -> None:
        _refuse(rules.void_event_reason(before, event_no))
        rest = [(e.kind, e.date) for e in before.events if e.id != event_no]
        try:
            compute_deadline(before.received, before.jurisdiction, rest,
                             as_of=ws.clock.today())
        except InputError as exc:
            raise InputError(f"Voiding event {event_no} would leave a timeline the deadline "
                             f"cannot be worked out from: {exc.message} Void the later event "
                             f"first. {_UNCHANGED}") from None
        store.void_event(session, event_no, why, who, rules.status_after_void(before, event_no))

    return change_case(ws, ref, actor, change, action="record_event")[1]


def withdraw_exemption(ws: Workspace, ref: str, exemption_no: int, reason: str, *,
                       actor: str | None = None) -> CaseSnapshot:
    """Withdraw exemption ``exemption_no``: kept on the record, no longer relied on."""
    return _take_back(ws, ref, exemption_no, reason, actor,
                      rule=rules.withdraw_exemption_reason, record=store.withdraw_exemption,
                      action="apply_exemption")


def discard_letter(ws: Workspace, ref: str, letter_no: int, reason: str, *,
                   actor: str | None = None) -> CaseSnapshot:
    """Discard a letter never dispatched: it is superseded, kept, and never printed."""
    return _take_back(ws, ref, letter_no, reason, actor, rule=rules.discard_letter_reason,
                      record=store.discard_letter, action="edit_case")


def remove_document(ws: Workspace, ref: str, document_no: int, reason: str, *,
                    actor: str | None = None) -> CaseSnapshot:
    """Remove a document attached by mistake: its bytes, rendition and redacted copies are
    deleted from the case file (and its write-ahead log); the record keeps its file name and
    sha256, who removed it and why. An e-mail's child items (its attachments, and theirs)
    are removed with it, each audited with the same reason
    (:func:`sar_desk.core.corrections.removed_with` names them)."""
    def record(session, number: int, why: str, who: str) -> None:  # noqa: ANN001
        children = rules.removed_with(records.read_snapshot(session).documents, number)
        for doc in (number, *children):
            store.remove_document(session, doc, why, who)

    snap = _take_back(ws, ref, document_no, reason, actor, rule=rules.remove_document_reason,
                      record=record, action="attach_document")
    with open_case_file(ws, normalise_reference(ref)) as case:
        case.checkpoint()  # fold the log in and truncate it: no old copy of the pages stays
    return snap


def _checked(ws: Workspace, changes: Mapping[str, object]) -> dict[str, object]:
    """The edit's values, checked and normalised (the same rules as a new case)."""
    from sar_desk.core.calendars import validate_jurisdiction

    unknown = [f for f in changes if f not in EDIT_FIELDS]
    if unknown:
        raise InputError(f"Cannot edit {', '.join(unknown)}: the details that can be corrected "
                         f"are {', '.join(EDIT_FIELDS.values())}.")
    if not changes:
        raise InputError(f"Say what to correct. {_UNCHANGED}")
    out: dict[str, object] = {}
    for field, value in changes.items():
        if field.endswith("_name"):
            who = "requester" if field.startswith("requester") else "data subject"
            _refuse(name_reason(str(value), who))
            value = str(value).strip()
        elif field.endswith("_email"):
            _refuse(email_reason(str(value)))
            value = str(value).strip()
        elif field.endswith("_address"):
            who = "requester" if field.startswith("requester") else "data subject"
            _refuse(address_reason(str(value), who))
        elif field == "request_types":
            try:
                value = tuple(dict.fromkeys(RequestType(t) for t in value))  # type: ignore[union-attr]
            except ValueError:
                choices = ", ".join(t.value for t in RequestType)
                raise InputError(f"Unknown right in {value!r}: use {choices}.") from None
            _refuse(request_types_reason(value))
        elif field == "channel":
            try:
                value = Channel(value).value
            except ValueError:
                choices = ", ".join(c.value for c in Channel)
                raise InputError(f"Unknown channel {value!r}: use one of {choices}.") from None
        elif field == "jurisdiction":
            value = validate_jurisdiction(str(value))
        elif field == "received":
            if not isinstance(value, dt.date):
                raise InputError(f"The received date {value!r} is not a date.")
            not_after_today(ws, value, "received date")
        else:
            value = str(value)
        out[field] = value
    return out


def edit_case(ws: Workspace, ref: str, changes: Mapping[str, object], reason: str, *,
              actor: str | None = None) -> CaseSnapshot:
    """Correct details typed into the case (fields of :data:`EDIT_FIELDS`), with a reason.

    The audit keeps each value before and after. A corrected received date or jurisdiction
    recomputes the deadline, and its explanation says what was corrected. Giving only values
    already on the record is refused.
    """
    from sar_desk.core.deadlines import compute_deadline

    why = _reason(reason)
    values = _checked(ws, changes)

    def change(session, before: CaseSnapshot, who: str) -> None:
        if "subject_name" not in values and before.subject is None and any(
                f.startswith("subject_") for f in values):
            raise InputError(f"This case names no separate data subject: give the data "
                             f"subject's name too. {_UNCHANGED}")
        if "request_types" in values:
            _refuse(rules.rights_edit_reason(before, values["request_types"]))  # type: ignore[arg-type]
        received = values.get("received", before.received)
        _refuse(rules.received_edit_reason(before, received))  # type: ignore[arg-type]
        compute_deadline(received, values.get("jurisdiction", before.jurisdiction),
                         [(e.kind, e.date) for e in before.events], as_of=ws.clock.today())
        if not store.correct_details(session, values, why, who):
            raise InputError(f"The values given are already on the record. {_UNCHANGED}")

    return change_case(ws, ref, actor, change, action="edit_case")[1]

"""When an entry of the record can be taken back or a detail corrected, and what follows.

Pure (no Qt, no store). A reason is a whole sentence for a person, ``None`` when the thing
is possible now. Nothing is erased: a voided event, a withdrawn exemption, a discarded
letter or a removed document stays on the record with who, when and why.

Once a case has ended, the deadline and the disclosure stand as they were answered
(:mod:`sar_desk.core.case_actions`). So on an ended case only the event that ended it can be
voided, which reopens the case to its state before; a mistaken clock event is then voided or
recorded anew, and the ending recorded again. An exemption can be withdrawn only while the
case is open, for the same reason it can be applied only then. A letter can be discarded
until it is dispatched, and a document attached by mistake can always be removed.
"""

from __future__ import annotations

import datetime as dt

from sar_desk.core.dates import long_date
from sar_desk.core.deadline_events import label
from sar_desk.core.entities import CaseSnapshot, CaseStatus, EventKind, TimelineEvent

__all__ = [
    "ENDINGS",
    "correction_lines",
    "discard_letter_reason",
    "received_edit_reason",
    "remove_document_reason",
    "rights_edit_reason",
    "status_after",
    "status_after_void",
    "superseded_letter_reason",
    "taken_back_reason",
    "void_event_reason",
    "withdraw_exemption_reason",
]

# The status each ending event gives, strongest first (a closed case may also have responded).
ENDINGS: tuple[tuple[EventKind, CaseStatus], ...] = (
    (EventKind.CLOSED, CaseStatus.CLOSED),
    (EventKind.WITHDRAWN, CaseStatus.WITHDRAWN),
    (EventKind.RESPONDED, CaseStatus.RESPONDED),
)
_LABEL = {EventKind.CLOSED: "closing", EventKind.WITHDRAWN: "withdrawal",
          EventKind.RESPONDED: "response"}


def taken_back_reason(reason: str) -> str | None:
    """Why ``reason`` cannot justify taking something back or correcting it (None: it can)."""
    if (reason or "").strip():
        return None
    return "Say why: the record keeps the reason for every correction."


def status_after(events: tuple[TimelineEvent, ...] | list[TimelineEvent]) -> CaseStatus:
    """The status the live (not voided) ``events`` give a case."""
    kinds = {e.kind for e in events}
    return next((status for kind, status in ENDINGS if kind in kinds), CaseStatus.OPEN)


def status_after_void(case: CaseSnapshot, event_id: int) -> CaseStatus:
    """The status of ``case`` once event ``event_id`` is voided."""
    return status_after([e for e in case.events if e.id != event_id])


def _find(items, item_id: int):
    return next((x for x in items if x.id == item_id), None)


def void_event_reason(case: CaseSnapshot, event_id: int) -> str | None:
    """Why event number ``event_id`` of ``case`` cannot be voided now (None: it can)."""
    voided = _find(case.voided_events, event_id)
    if voided is not None:
        return (f"Event {event_id} ({voided.kind.value}) was already voided by "
                f"{voided.voided.by}: it no longer counts.")
    event = _find(case.events, event_id)
    if event is None:
        return f"{case.reference} has no event {event_id}."
    if case.status == CaseStatus.OPEN:
        return None
    ending = next(kind for kind, status in ENDINGS if status == case.status)
    if event.kind == ending:
        return None
    return (f"The case has ended ({case.status.value}): only the {_LABEL[ending]} can be "
            f"voided, which reopens it. Void the {_LABEL[ending]} first, then correct the "
            "earlier events and record the ending again.")


def withdraw_exemption_reason(case: CaseSnapshot, exemption_id: int) -> str | None:
    """Why exemption number ``exemption_id`` cannot be withdrawn now (None: it can)."""
    if _find(case.withdrawn_exemptions, exemption_id) is not None:
        return f"Exemption {exemption_id} was already withdrawn."
    if _find(case.exemptions, exemption_id) is None:
        return f"{case.reference} has no exemption {exemption_id}."
    if case.status != CaseStatus.OPEN:
        return (f"The case has ended ({case.status.value}): the record must show the "
                "exemptions the response relied on. Void the ending first if it was a mistake.")
    return None


def discard_letter_reason(case: CaseSnapshot, letter_id: int) -> str | None:
    """Why letter number ``letter_id`` cannot be discarded (None: it can)."""
    letter = _find(case.letters, letter_id)
    if letter is None:
        return f"{case.reference} has no letter {letter_id}."
    if letter.superseded:
        return f"Letter {letter_id} was already discarded."
    sent = [d for d in case.dispatches if d.letter_id == letter_id]
    if sent:
        return (f"Letter {letter_id} was dispatched on {long_date(sent[0].date)}: a letter "
                "that went out stays on the record.")
    return None


def superseded_letter_reason(case: CaseSnapshot, letter_id: int | None) -> str | None:
    """Why letter ``letter_id`` cannot be dispatched: it was discarded (None: no objection)."""
    letter = _find(case.letters, letter_id) if letter_id is not None else None
    if letter is None or not letter.superseded:
        return None
    return (f"Letter {letter_id} was discarded ({letter.discarded.reason}): it is kept on the "
            "record but never sent. Generate a new letter instead.")


def remove_document_reason(case: CaseSnapshot, document_id: int) -> str | None:
    """Why document number ``document_id`` cannot be removed (None: it can)."""
    if _find(case.removed_documents, document_id) is not None:
        return f"Document {document_id} was already removed."
    if _find(case.documents, document_id) is None:
        return f"{case.reference} has no document {document_id}."
    return None


def removed_with(documents, document_id: int) -> tuple[int, ...]:  # noqa: ANN001
    """The items removed along with ``document_id``: an e-mail's attachments and attached
    messages (child items), and theirs in turn, in order; ``documents`` are the case's."""
    found: list[int] = []
    parents = {document_id}
    for doc in sorted(documents, key=lambda d: d.id):
        if doc.parent_id in parents and doc.id not in parents:
            found.append(doc.id)
            parents.add(doc.id)
    return tuple(found)


def removed_with_text(children: tuple[int, ...]) -> str:
    """How a confirmation names the child items removed with a document ("" for none)."""
    if not children:
        return ""
    items = ", ".join(str(c) for c in children)
    return (f" with its attached item{'s' if len(children) > 1 else ''} {items}")


def received_edit_reason(case: CaseSnapshot, received: dt.date) -> str | None:
    """Why ``received`` cannot become the case's received date (None: it can): an event other
    than the exam results announcement cannot come before the request."""
    early = [e for e in case.events
             if e.kind != EventKind.EXAM_RESULTS_ANNOUNCED and e.date < received]
    if not early:
        return None
    first = min(early, key=lambda e: e.date)
    return (f"The {first.kind.value.replace('_', ' ')} event is dated {long_date(first.date)}, "
            f"before {long_date(received)}: a request cannot be received after what followed "
            "it. Void that event first if it was a mistake.")


def rights_edit_reason(case: CaseSnapshot, rights: tuple | list) -> str | None:
    """Why the rights asked for cannot become ``rights`` (None: they can): a right with work
    or an outcome recorded cannot be taken off the request."""
    record = case.rights
    if record is None:
        return None
    for right in case.request_types:
        if right not in rights and (record.actions_for(right) or record.outcome(right)):
            return (f"Work or an outcome is recorded for the {right.value} right, so it stays "
                    "on the request.")
    return None


_FIELD_WORDS = {"received": "received date", "jurisdiction": "jurisdiction"}


def correction_lines(case: CaseSnapshot) -> list[str]:
    """Lines for the deadline explanation about corrections that change it: a received date
    or a jurisdiction corrected, and the events voided."""
    lines = []
    for c in case.corrections:
        if c.field in _FIELD_WORDS:
            when = f" on {long_date(c.at.date())}" if c.at else ""
            lines.append(f"The {_FIELD_WORDS[c.field]} was corrected from {c.before} to "
                         f"{c.after}{when} by {c.by}: {c.reason}")
    for e in case.voided_events:
        when = f" on {long_date(e.voided.at.date())}" if e.voided.at else ""
        lines.append(f"The event '{label(e.kind)}' of {long_date(e.date)} was voided{when} by "
                     f"{e.voided.by} ({e.voided.reason}); it does not count.")
    return lines

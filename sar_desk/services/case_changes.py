"""The changes to an open case (events, exemptions, decisions, documents, letters...).

Import them from :mod:`sar_desk.services.cases`; creating a case is
:mod:`sar_desk.services.case_creation`. Each checks its input first (a bad value raises
:class:`~sar_desk.errors.InputError` and leaves the case file untouched), then writes the
change with its audit entry and refreshes the registry row.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from sar_desk.core.case_actions import decision_reason, why_not, why_not_event
from sar_desk.core.entities import (
    CaseSnapshot,
    Decision,
    DecisionGround,
    DecisionKind,
    DisclosureStatus,
    DocumentInfo,
    EventKind,
    LetterInfo,
)
from sar_desk.core.input_rules import (
    decision_reasons_reason,
    event_date_reason,
    event_note_reason,
    exemption_choice_reason,
    exemption_reasoning_reason,
    extension_date_reason,
    fee_amount_reason,
    required_text_reason,
)
from sar_desk.errors import InputError
from sar_desk.services import access
from sar_desk.services.case_base import normalise_reference, not_after_today
from sar_desk.services.file_input import LimitedReader, open_limited
from sar_desk.services.renditions import add_item
from sar_desk.services.settings import workspace_limits  # noqa: F401 - re-exported
from sar_desk.services.unit_of_work import change_case
from sar_desk.store import audit
from sar_desk.store import case_records as records
from sar_desk.store.rendition_records import first_with
from sar_desk.store.workspace import Workspace


def enum_choice(cls, value, what: str):
    """``value`` as a member of the enum ``cls``; an unknown value is refused with an
    InputError naming ``what`` and the choices."""
    try:
        return cls(value)
    except ValueError:
        choices = ", ".join(v.value for v in cls)
        raise InputError(f"Unknown {what} {value!r}: use one of {choices}.") from None


def refuse(reason: str | None, outcome: str = "") -> None:
    """Raise ``reason`` (a core rule's, as the window shows it), then ``outcome`` if given."""
    if reason:
        raise InputError(f"{reason} {outcome}" if outcome else reason)


def record_event(ws: Workspace, ref: str, kind: EventKind | str, on: dt.date, note: str = "",
                 *, actor: str | None = None, override: str = "", wording: str = ""
                 ) -> CaseSnapshot:
    """Add a timeline event (checked with the deadline engine before anything is written).

    ``note`` is internal (for colleagues); ``wording`` is what a letter may tell the
    requester about the event (an extension's reasons, what needs clarifying).

    ``responded`` needs a final letter dispatched or a response made outside the app, and
    ``closed`` a complete checklist (:mod:`sar_desk.services.closing`); an officer's written
    ``override`` records either anyway, kept on the case and audited.
    """
    from sar_desk.core.deadlines import compute_deadline

    kind = enum_choice(EventKind, kind, "event kind")
    if not isinstance(on, dt.date):
        raise InputError(f"The event date {on!r} is not a date.")
    refuse(event_date_reason(kind, on, ws.clock.today()), "Nothing was changed.")
    # The exam results day is often known ahead, and may come before the request.
    announced = kind == EventKind.EXAM_RESULTS_ANNOUNCED

    refuse(event_note_reason(kind, note), "Nothing was changed.")

    def change(session, before: CaseSnapshot, who: str):
        refuse(why_not_event(kind, before))
        if not announced and on < before.received:
            raise InputError(f"The {kind.value} date {on.isoformat()} is before the request was "
                             f"received ({before.received.isoformat()}). Nothing was changed.")
        events = [(e.kind, e.date) for e in before.events]
        if kind == EventKind.EXTENDED:
            so_far = compute_deadline(before.received, before.jurisdiction, events,
                                      as_of=ws.clock.today())
            refuse(extension_date_reason(on, so_far.extension_notice_by),
                    "Nothing was changed.")
        compute_deadline(before.received, before.jurisdiction, [*events, (kind, on)],
                         as_of=ws.clock.today())
        from sar_desk.services.closing import guard_ending

        made = guard_ending(ws, session, before, kind, on, who, override)
        records.add_event(session, kind, on, note, who, wording=wording.strip())
        return made

    made, snap = change_case(ws, ref, actor, change, action="record_event")
    from sar_desk.services.closing import note_override

    note_override(ws, ref, made)
    return snap


def record_exam_results(ws: Workspace, ref: str, announced: dt.date, note: str = "", *,
                        actor: str | None = None) -> CaseSnapshot:
    """Record the day the exam results are (or will be) announced on an exam-marks case:
    the deadline becomes the earlier of the five-month date and 40 days from that day."""
    return record_event(ws, ref, EventKind.EXAM_RESULTS_ANNOUNCED, announced, note,
                        actor=actor)


def apply_exemption(ws: Workspace, ref: str, code: str, reasoning: str, scope: str = "", *,
                    actor: str | None = None, wording: str = "") -> CaseSnapshot:
    """Apply an exemption: ``reasoning`` and ``scope`` are internal, ``wording`` is what the
    final response may say about it (else the catalogue's plain description)."""
    from sar_desk.core.exemptions import get_exemption

    exemption = get_exemption(code)
    refuse(exemption_reasoning_reason(reasoning), "Nothing was changed.")
    def change(session, before: CaseSnapshot, who: str) -> None:
        refuse(why_not("apply_exemption", before))
        records.add_exemption(session, exemption.code, reasoning.strip(), scope.strip(), who,
                              wording=wording.strip())

    return change_case(ws, ref, actor, change, action="apply_exemption")[1]


def record_decision(ws: Workspace, ref: str, decision: Decision, *, actor: str | None = None
                    ) -> CaseSnapshot:
    kind = enum_choice(DecisionKind, decision.kind, "decision")
    ground = enum_choice(DecisionGround, decision.ground, "ground")
    refuse(decision_reasons_reason(decision.reasons), "Nothing was changed.")
    amount = decision.amount
    if kind == DecisionKind.FEE or amount is not None:
        refuse(fee_amount_reason(amount), "Nothing was changed.")
        amount = Decimal(str(amount))
    decided_on = decision.decided_on or ws.clock.today()
    not_after_today(ws, decided_on, "decision date")
    fixed = Decision(kind=kind, ground=ground, reasons=decision.reasons.strip(),
                     factors=decision.factors, amount=amount, working=decision.working,
                     decided_on=decided_on, decided_by=decision.decided_by,
                     wording=decision.wording.strip())

    def change(session, before: CaseSnapshot, who: str) -> None:
        refuse(decision_reason(before, kind, ground))
        records.add_decision(session, fixed, who)

    return change_case(ws, ref, actor, change, action="record_decision")[1]


STREAM_ABOVE = 64 * 1024 * 1024  # larger files are streamed in, and converted when needed


def attach_document(ws: Workspace, ref: str, path: Path | str, *,
                    status: DisclosureStatus = DisclosureStatus.UNDECIDED,
                    exemption_code: str = "", actor: str | None = None) -> DocumentInfo:
    """Store a file inside the case file (with its sha256 in the audit chain) as
    :func:`attach_file` does; returns the file's document (its children follow it)."""
    return attach_file(ws, ref, path, status=status, exemption_code=exemption_code,
                       actor=actor)[0]


def attach_file(ws: Workspace, ref: str, path: Path | str, *,
                status: DisclosureStatus = DisclosureStatus.UNDECIDED,
                exemption_code: str = "", actor: str | None = None
                ) -> tuple[DocumentInfo, ...]:
    """Add a file to the case the one way every document is added: converted to its PDF
    rendition, an e-mail's attachments and attached messages added as child items, and
    marked as a duplicate of an earlier item (same sha256, or the same e-mail). A file over
    :data:`STREAM_ABOVE` bytes is streamed in chunk by chunk (its duplicate found by its
    sha256) and converted when its pages are first needed. Returns the documents added,
    the file first."""
    path = Path(path)
    status = enum_choice(DisclosureStatus, status, "disclosure status")
    refuse(exemption_choice_reason(status, exemption_code), "Nothing was attached.")
    with open_limited(path, workspace_limits(ws).attachment_bytes, what="document",
                      outcome="Nothing was attached.") as stream:
        if os.fstat(stream.fd).st_size > STREAM_ABOVE:
            return (_stream_in(ws, ref, path.name, stream, status, exemption_code, actor),)
        data = b"".join(iter(stream.read, b""))
    return add_item(ws, ref, path.name, data, status=status, exemption_code=exemption_code,
                    actor=actor)


def _stream_in(ws: Workspace, ref: str, name: str, stream: LimitedReader,
               status: DisclosureStatus, exemption_code: str, actor: str | None
               ) -> DocumentInfo:
    """A large file streamed into the case file, its sha256 counted first (one read through
    it) so an earlier item with the same bytes is named as what it duplicates."""
    import hashlib

    digest = hashlib.sha256()
    for chunk in iter(stream.read, b""):
        digest.update(chunk)
    os.lseek(stream.fd, 0, os.SEEK_SET)
    stream.size = 0
    code = _exemption_code(exemption_code)

    def change(session: Session, before: CaseSnapshot, who: str) -> DocumentInfo:
        refuse(why_not("attach_document", before))
        facts = {"duplicate_of": first_with(session, sha256=digest.hexdigest())}
        # Streamed into the case file chunk by chunk, in the change's one transaction.
        info = records.add_document_stream(session, name, stream, status, code, who,
                                           facts=facts)
        if info.sha256 != digest.hexdigest():
            raise InputError(f"{name} changed while it was being added. Nothing was "
                             "attached; add it again once it is complete.")
        return info

    return change_case(ws, ref, actor, change, action="attach_document")[0]


def _exemption_code(code: str) -> str:
    if not code:
        return ""
    from sar_desk.core.exemptions import get_exemption

    return get_exemption(code).code


def set_document_status(ws: Workspace, ref: str, document_id: int, status: DisclosureStatus,
                        exemption_code: str = "", *, actor: str | None = None,
                        note: str = "", wording: str = "") -> CaseSnapshot:
    """Decide whether a document is provided, provided in part or withheld (withholding names
    an exemption). ``note`` is internal; ``wording`` is what the final response says."""
    status = enum_choice(DisclosureStatus, status, "disclosure status")
    refuse(exemption_choice_reason(status, exemption_code), "Nothing was changed.")
    code = _exemption_code(exemption_code)

    def change(session, before: CaseSnapshot, who: str) -> None:
        if document_id not in {d.id for d in before.documents}:
            raise InputError(f"{before.reference} has no document {document_id}.")
        refuse(why_not("set_document_status", before))
        records.set_document_status(session, document_id, status, code, who,
                                    note=note.strip(), wording=wording.strip())

    return change_case(ws, ref, actor, change, action="set_document_status")[1]


def add_note(ws: Workspace, ref: str, text: str, *, actor: str | None = None) -> CaseSnapshot:
    refuse(required_text_reason("note", text), "Nothing was added.")
    return change_case(ws, ref, actor, lambda s, _b, who: records.add_note(s, text, who),
                       action="add_note")[1]


def add_search_log(ws: Workspace, ref: str, system: str, terms: str, people: str = "", *,
                   actor: str | None = None, on: dt.date | None = None) -> CaseSnapshot:
    refuse(required_text_reason("search_system", system), "Nothing was changed.")
    refuse(required_text_reason("search_terms", terms), "Nothing was changed.")
    day = on or ws.clock.today()
    not_after_today(ws, day, "search date")
    return change_case(ws, ref, actor, lambda s, _b, who: records.add_search(
        s, system.strip(), terms.strip(), people.strip(), day, who), action="add_search_log")[1]


def assign_case(ws: Workspace, ref: str, assignee: str, *, actor: str | None = None
                ) -> CaseSnapshot:
    """Give the case to a user who may work cases (by login or display name); anyone else
    is refused by name and nothing is changed."""
    refuse(required_text_reason("assignee", assignee), "Nothing was changed.")

    def change(session, _before: CaseSnapshot, who: str) -> None:
        records.set_assignee(session, access.resolve_assignee(ws, assignee), who)

    return change_case(ws, ref, actor, change, action="assign_case")[1]


def store_letter(ws: Workspace, ref: str, kind: str, fmt: str, data: bytes, *,
                 actor: str | None = None) -> LetterInfo:
    if not data:
        raise InputError("The letter is empty; nothing was stored.")
    return change_case(ws, ref, actor,
                       lambda s, _b, who: records.add_letter(s, kind, fmt, data, who),
                       action="generate_letter")[0]


def record_dispatch(ws: Workspace, ref: str, letter_id: int | None, on: dt.date, method: str,
                    tracking: str = "", *, actor: str | None = None,
                    bundle_id: int | None = None) -> CaseSnapshot:
    """Record that a letter (and/or the disclosure bundle ``bundle_id``) was sent: final
    letters and bundles must be approved as they stand."""
    not_after_today(ws, on, "dispatch date")
    refuse(required_text_reason("dispatch_method", method), "Nothing was changed.")

    def change(session, before: CaseSnapshot, who: str) -> None:
        if letter_id is not None and letter_id not in {x.id for x in before.letters}:
            raise InputError(f"{before.reference} has no letter {letter_id}.")
        from sar_desk.core.corrections import superseded_letter_reason
        from sar_desk.services.signoff import guard_dispatch

        refuse(superseded_letter_reason(before, letter_id), "Nothing was changed.")

        guard_dispatch(session, before, letter_id)  # final letters need sign-off first
        bundle_sha = ""
        if bundle_id is not None:
            from sar_desk.services.bundle import guard_dispatch as guard_bundle

            bundle_sha = guard_bundle(session, before, bundle_id, letter_id)
        records.add_dispatch(session, letter_id, on, method.strip(), tracking.strip(), who,
                             bundle=(bundle_id, bundle_sha) if bundle_id is not None else None)
        from sar_desk.services.closing import respond_on_dispatch

        respond_on_dispatch(session, before, letter_id, on, who)

    return change_case(ws, ref, actor, change, action="dispatch_letter")[1]


def export_case(ws: Workspace, ref: str, out: Path | str, passphrase: str, *,
                actor: str | None = None) -> Path:
    """Write a hand-over copy of one case keyed by ``passphrase`` (audited in the case)."""
    from sar_desk.services.case_base import open_case_file
    from sar_desk.store.export import check_target, export_copy

    ref = normalise_reference(ref)
    check_target(out, passphrase, ws.path)
    change_case(ws, ref, actor, lambda s, _b, who: audit.append(
        s, who, "exported", {"to": Path(out).name}), action="export_case")
    with open_case_file(ws, ref, read_only=True) as case:
        return export_copy(case, Path(out), passphrase, ws.path)

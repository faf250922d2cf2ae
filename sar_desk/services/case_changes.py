"""The changes to a case (create, events, exemptions, decisions, documents, letters...).

Import them from :mod:`sar_desk.services.cases`. Each checks its input first (a bad value
raises :class:`~sar_desk.errors.InputError` and leaves the case file untouched), then
writes the change with its audit entry and refreshes the registry row.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from sar_desk.core.case_actions import decision_reason, why_not, why_not_event
from sar_desk.core.entities import (
    CaseSnapshot,
    Channel,
    Decision,
    DecisionGround,
    DecisionKind,
    DisclosureStatus,
    DocumentInfo,
    EventKind,
    LetterInfo,
    RequestType,
)
from sar_desk.core.input_rules import (
    address_reason,
    decision_reasons_reason,
    email_reason,
    event_date_reason,
    event_note_reason,
    exam_results_reason,
    exemption_choice_reason,
    exemption_reasoning_reason,
    extension_date_reason,
    fee_amount_reason,
    name_reason,
    request_types_reason,
    required_text_reason,
)
from sar_desk.core.names import normalise_email, normalise_name
from sar_desk.errors import InputError
from sar_desk.services import access, case_search
from sar_desk.services.case_base import (
    NewCase,
    actor_name,
    normalise_reference,
    not_after_today,
    summary_values,
)
from sar_desk.services.file_input import LimitedReader, open_limited
from sar_desk.services.item_store import source_items, store_prepared
from sar_desk.services.renditions import add_item
from sar_desk.services.settings import workspace_limits  # noqa: F401 - re-exported
from sar_desk.services.unit_of_work import change_case
from sar_desk.store import audit, keys, locks
from sar_desk.store import case_records as records
from sar_desk.store.casefile import CaseFile
from sar_desk.store.errors import ReadOnlyWorkspace, StoreError
from sar_desk.store.rendition_records import first_with
from sar_desk.store.workspace import Workspace


def _enum(cls, value, what: str):
    try:
        return cls(value)
    except ValueError:
        choices = ", ".join(v.value for v in cls)
        raise InputError(f"Unknown {what} {value!r}: use one of {choices}.") from None


def check_new_case(ws: Workspace, new: NewCase) -> tuple[str, Channel]:
    from sar_desk.core.calendars import validate_jurisdiction
    from sar_desk.core.deadlines import compute_deadline

    people = [("requester", new.requester)]
    if new.subject is not None:
        people.append(("data subject", new.subject))
    for who, person in people:
        _refuse(name_reason(person.name if person else "", who), "No case was created.")
        _refuse(email_reason(person.email if person else ""), "No case was created.")
        _refuse(address_reason(person.address if person else "", who), "No case was created.")
    _refuse(request_types_reason(tuple(new.request_types)), "No case was created.")
    if not isinstance(new.received, dt.date):
        raise InputError(f"The received date {new.received!r} is not a date.")
    not_after_today(ws, new.received, "received date")
    jurisdiction = validate_jurisdiction(new.jurisdiction)
    channel = _enum(Channel, new.channel, "channel")
    for t in new.request_types:
        _enum(RequestType, t, "request type")
    if new.exam_results is not None and not isinstance(new.exam_results, dt.date):
        raise InputError(f"The exam results announcement date {new.exam_results!r} is not a "
                         "date.")
    _refuse(exam_results_reason(new.received, new.exam_results), "No case was created.")
    compute_deadline(new.received, jurisdiction, exam_events(new), as_of=new.received)
    return jurisdiction, channel


def exam_events(new: NewCase) -> list[tuple[EventKind, dt.date]]:
    """The timeline events that mark a new case as a request for exam marks."""
    events = []
    if new.exam_marks or new.exam_results is not None:
        events.append((EventKind.EXAM_MARKS_REQUESTED, new.received))
    if new.exam_results is not None:
        events.append((EventKind.EXAM_RESULTS_ANNOUNCED, new.exam_results))
    return events


def workspace_deadline_policy(ws: Workspace) -> str:
    """The deadline policy the organisation profile sets, as a new case records it."""
    from sar_desk.documents.profile import load_deadline_policy
    from sar_desk.services.settings import profile_path

    return load_deadline_policy(profile_path(ws.path)).to_text()


def create_case(ws: Workspace, new: NewCase, *, actor: str | None = None,
                reference: str = "",
                finish: Callable[[Session, str], object] | None = None) -> CaseSnapshot:
    """Open a new case file for a request; returns its snapshot (with its new reference).

    ``reference`` keeps a reference the case already has (an imported register's; refused
    when it is taken); ``finish(session, who)`` adds to the new case in the same transaction
    (an imported case's later events)."""
    if ws.read_only:
        raise ReadOnlyWorkspace("The workspace is open read-only; no case was created.")
    access.require(ws, "create_case")
    jurisdiction, channel = check_new_case(ws, new)
    assignee = access.resolve_assignee(ws, new.assignee) if new.assignee.strip() else ""
    policy = workspace_deadline_policy(ws)
    who = actor_name(actor)
    # The message that started the case is a document too, with its attachments as items.
    message = source_items(new.source_filename, new.source_message)
    requester = new.requester
    repeat = ws.registry.find_repeat(normalise_name(requester.name),
                                     normalise_email(requester.email), new.received)
    key = keys.new_key()
    if reference:
        ref = normalise_reference(reference)
        if ws.case_path(ref).exists() or not ws.registry.reserve_exact(
                ref, wrap=lambda r: keys.wrap_case_key(ws.master_key, ws.id, r, key),
                on_reserved=lambda r: locks.acquire(ws, r)):
            raise InputError(f"The reference {ref} is already used by another case; no case "
                             "was created.", code="case.reference_taken", reference=ref)
    else:
        ref = ws.registry.reserve(
            new.received.year,
            wrap=lambda r: keys.wrap_case_key(ws.master_key, ws.id, r, key),
            taken=lambda r: ws.case_path(r).exists(),
            # Locked before the key is committed: reindex never mistakes this creation,
            # still in progress, for one abandoned by a crash.
            on_reserved=lambda r: locks.acquire(ws, r),
        )
    path = ws.case_path(ref)
    try:
        with locks.writing(ws, ref):
            def fill(session):
                records.write_new_case(
                    session, reference=ref, jurisdiction=jurisdiction, channel=channel,
                    received=new.received, logged=ws.clock.today(), requester=requester,
                    subject=new.subject, actor=who, assignee=assignee,
                    request_text=new.request_text, request_types=tuple(new.request_types),
                    authority_evidence=new.authority_evidence, possible_repeat_of=repeat,
                    source_message=new.source_message, source_filename=new.source_filename,
                    deadline_policy=policy)
                for kind, day in exam_events(new):
                    records.add_event(session, kind, day, "", who)
                if message is not None:
                    store_prepared(session, message, DisclosureStatus.UNDECIDED, "", who)
                if finish is not None:
                    session.flush()
                    finish(session, who)
                session.flush()
                return records.read_snapshot(session), audit.last_entry(session)

            case = CaseFile.create(path, key, workspace_id=ws.id, reference=ref, fill=fill)
            try:
                snap, last = case.fill_result
                salt = case.salt()
            finally:
                case.close()
            ws.registry.set_salt(ref, salt)
            ws.registry.upsert([summary_values(snap, last.seq, last.hash, ws.clock.today())])
            case_search.index_case(ws, ref)
    except BaseException:
        # Nothing half-made survives: the file is removed, then the reference released (in
        # that order, so a crash in between never leaves a file without its key).
        from sar_desk.services.creation_repair import remove_case_files

        remove_case_files(path)
        try:
            ws.registry.destroy_key(ref)
        except StoreError:  # a full disk: the next verify or reindex releases it
            pass
        raise
    finally:
        locks.release(ws, ref)
    return snap


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

    kind = _enum(EventKind, kind, "event kind")
    if not isinstance(on, dt.date):
        raise InputError(f"The event date {on!r} is not a date.")
    _refuse(event_date_reason(kind, on, ws.clock.today()), "Nothing was changed.")
    # The exam results day is often known ahead, and may come before the request.
    announced = kind == EventKind.EXAM_RESULTS_ANNOUNCED

    _refuse(event_note_reason(kind, note), "Nothing was changed.")

    def change(session, before: CaseSnapshot, who: str):
        _refuse(why_not_event(kind, before))
        if not announced and on < before.received:
            raise InputError(f"The {kind.value} date {on.isoformat()} is before the request was "
                             f"received ({before.received.isoformat()}). Nothing was changed.")
        events = [(e.kind, e.date) for e in before.events]
        if kind == EventKind.EXTENDED:
            so_far = compute_deadline(before.received, before.jurisdiction, events,
                                      as_of=ws.clock.today())
            _refuse(extension_date_reason(on, so_far.extension_notice_by),
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
    _refuse(exemption_reasoning_reason(reasoning), "Nothing was changed.")
    def change(session, before: CaseSnapshot, who: str) -> None:
        _refuse(why_not("apply_exemption", before))
        records.add_exemption(session, exemption.code, reasoning.strip(), scope.strip(), who,
                              wording=wording.strip())

    return change_case(ws, ref, actor, change, action="apply_exemption")[1]


def record_decision(ws: Workspace, ref: str, decision: Decision, *, actor: str | None = None
                    ) -> CaseSnapshot:
    kind = _enum(DecisionKind, decision.kind, "decision")
    ground = _enum(DecisionGround, decision.ground, "ground")
    _refuse(decision_reasons_reason(decision.reasons), "Nothing was changed.")
    amount = decision.amount
    if kind == DecisionKind.FEE or amount is not None:
        _refuse(fee_amount_reason(amount), "Nothing was changed.")
        amount = Decimal(str(amount))
    decided_on = decision.decided_on or ws.clock.today()
    not_after_today(ws, decided_on, "decision date")
    fixed = Decision(kind=kind, ground=ground, reasons=decision.reasons.strip(),
                     factors=decision.factors, amount=amount, working=decision.working,
                     decided_on=decided_on, decided_by=decision.decided_by,
                     wording=decision.wording.strip())

    def change(session, before: CaseSnapshot, who: str) -> None:
        _refuse(decision_reason(before, kind, ground))
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
    status = _enum(DisclosureStatus, status, "disclosure status")
    _refuse(exemption_choice_reason(status, exemption_code), "Nothing was attached.")
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
        _refuse(why_not("attach_document", before))
        facts = {"duplicate_of": first_with(session, sha256=digest.hexdigest())}
        # Streamed into the case file chunk by chunk, in the change's one transaction.
        info = records.add_document_stream(session, name, stream, status, code, who,
                                           facts=facts)
        if info.sha256 != digest.hexdigest():
            raise InputError(f"{name} changed while it was being added. Nothing was "
                             "attached; add it again once it is complete.")
        return info

    return change_case(ws, ref, actor, change, action="attach_document")[0]


def _refuse(reason: str | None, outcome: str = "") -> None:
    """Raise ``reason`` (a core rule's, as the window shows it), then ``outcome`` if given."""
    if reason:
        raise InputError(f"{reason} {outcome}" if outcome else reason)


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
    status = _enum(DisclosureStatus, status, "disclosure status")
    _refuse(exemption_choice_reason(status, exemption_code), "Nothing was changed.")
    code = _exemption_code(exemption_code)

    def change(session, before: CaseSnapshot, who: str) -> None:
        if document_id not in {d.id for d in before.documents}:
            raise InputError(f"{before.reference} has no document {document_id}.")
        _refuse(why_not("set_document_status", before))
        records.set_document_status(session, document_id, status, code, who,
                                    note=note.strip(), wording=wording.strip())

    return change_case(ws, ref, actor, change, action="set_document_status")[1]


def add_note(ws: Workspace, ref: str, text: str, *, actor: str | None = None) -> CaseSnapshot:
    _refuse(required_text_reason("note", text), "Nothing was added.")
    return change_case(ws, ref, actor, lambda s, _b, who: records.add_note(s, text, who),
                       action="add_note")[1]


def add_search_log(ws: Workspace, ref: str, system: str, terms: str, people: str = "", *,
                   actor: str | None = None, on: dt.date | None = None) -> CaseSnapshot:
    _refuse(required_text_reason("search_system", system), "Nothing was changed.")
    _refuse(required_text_reason("search_terms", terms), "Nothing was changed.")
    day = on or ws.clock.today()
    not_after_today(ws, day, "search date")
    return change_case(ws, ref, actor, lambda s, _b, who: records.add_search(
        s, system.strip(), terms.strip(), people.strip(), day, who), action="add_search_log")[1]


def assign_case(ws: Workspace, ref: str, assignee: str, *, actor: str | None = None
                ) -> CaseSnapshot:
    """Give the case to a user who may work cases (by login or display name); anyone else
    is refused by name and nothing is changed."""
    _refuse(required_text_reason("assignee", assignee), "Nothing was changed.")

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
    _refuse(required_text_reason("dispatch_method", method), "Nothing was changed.")

    def change(session, before: CaseSnapshot, who: str) -> None:
        if letter_id is not None and letter_id not in {x.id for x in before.letters}:
            raise InputError(f"{before.reference} has no letter {letter_id}.")
        from sar_desk.core.corrections import superseded_letter_reason
        from sar_desk.services.signoff import guard_dispatch

        _refuse(superseded_letter_reason(before, letter_id), "Nothing was changed.")

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

"""Reading and changing the rows of one case file, each change with its audit entry.

These functions work inside a caller's transaction (a :class:`~sqlalchemy.orm.Session`) and
return plain values from :mod:`sar_desk.core.entities`, never ORM rows.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from sar_desk.core.entities import (
    AppliedExemption,
    CaseSnapshot,
    CaseStatus,
    Channel,
    Correction,
    Decision,
    DecisionGround,
    DecisionKind,
    DisclosureStatus,
    DispatchRecord,
    DocumentInfo,
    EventKind,
    LetterInfo,
    Note,
    Person,
    RenditionState,
    RequestType,
    SearchLogEntry,
    Taken,
    TimelineEvent,
)
from sar_desk.store import audit
from sar_desk.store.bundle_store import latest as latest_bundle
from sar_desk.store.bundle_store import stored_bundles
from sar_desk.store.case_schema import (
    CorrectionRow,
    DecisionRow,
    DispatchRow,
    DocumentRow,
    EventRow,
    ExemptionRow,
    ExtraRow,
    LetterRow,
    NoteRow,
    PersonRow,
    Request,
    SearchRow,
)
from sar_desk.store.document_bytes import (
    RENDITIONS,
    Readable,
    check_document,
    chunk_count,
    iter_bytes,
    write_chunks,
)
from sar_desk.store.keys import sha256_hex
from sar_desk.store.redaction_store import stored_copies
from sar_desk.store.rights_schema import read_record as read_rights
from sar_desk.store.rights_schema import stored_exports
from sar_desk.store.row_time import give_day, row_and_audit_times

STATUS_AFTER = {
    EventKind.RESPONDED: CaseStatus.RESPONDED,
    EventKind.WITHDRAWN: CaseStatus.WITHDRAWN,
    EventKind.CLOSED: CaseStatus.CLOSED,
}


def _person_details(p: Person) -> dict:
    return {"name": p.name, "email": p.email, "address": p.address, "phone": p.phone}


def write_new_case(session: Session, *, reference: str, jurisdiction: str, channel: Channel,
                   received: dt.date, logged: dt.date, requester: Person,
                   subject: Person | None, actor: str, assignee: str = "",
                   request_text: str = "", request_types: tuple[RequestType, ...] = (),
                   authority_evidence: str = "", possible_repeat_of: str = "",
                   source_message: bytes | None = None, source_filename: str = "",
                   deadline_policy: str = "", at: str | None = None) -> None:
    """Write a new case; what else its first transaction records is done on ``logged``
    (the workspace's day)."""
    give_day(session, logged)
    session.add(Request(
        id=1, reference=reference, status=CaseStatus.OPEN.value, jurisdiction=jurisdiction,
        channel=Channel(channel).value, received=received.isoformat(),
        logged=logged.isoformat(), assignee=assignee, request_text=request_text,
        request_types=",".join(RequestType(t).value for t in request_types) or "access",
        authority_evidence=authority_evidence, possible_repeat_of=possible_repeat_of,
        source_message=source_message, source_filename=source_filename,
        deadline_policy=deadline_policy,
    ))
    session.add(PersonRow(role="requester", **_person_details(requester)))
    if subject is not None:
        session.add(PersonRow(role="subject", **_person_details(subject)))
    details = {
        "reference": reference, "received": received.isoformat(), "logged": logged.isoformat(),
        "jurisdiction": jurisdiction, "channel": Channel(channel).value,
        "requester": requester.name, "subject": subject.name if subject else "",
        "assignee": assignee,
    }
    if source_message is not None:
        details["source_sha256"] = sha256_hex(source_message)
    if possible_repeat_of:
        details["possible_repeat_of"] = possible_repeat_of
    if deadline_policy:
        details["deadline_policy"] = deadline_policy
    audit.append(session, actor, "case_created", details, at=at)


def request_row(session: Session) -> Request:
    return session.get(Request, 1)  # type: ignore[return-value]


def _with_wording(details: dict, wording: str) -> dict:
    """Audit details with the wording for the requester, when there is one."""
    return {**details, "wording": wording} if wording else details


def add_event(session: Session, kind: EventKind, on: dt.date, note: str, actor: str,
              at: str | None = None, wording: str = "") -> None:
    shown, at = row_and_audit_times(session, at)
    session.add(EventRow(kind=kind.value, date=on.isoformat(), note=note, recorded_at=shown,
                         recorded_by=actor, wording=wording))
    audit.append(session, actor, "event_recorded", _with_wording(
        {"kind": kind.value, "date": on.isoformat(), "note": note}, wording), at=at)
    if kind in STATUS_AFTER:
        set_status(session, STATUS_AFTER[kind], actor, at=at)


def set_extra(session: Session, key: str, value: str) -> None:
    """Set one of the case's free key/value facts (shown as ``CaseSnapshot.extra``)."""
    row = session.get(ExtraRow, key)
    if row is None:
        session.add(ExtraRow(key=key, value=value))
    else:
        row.value = value


def set_status(session: Session, status: CaseStatus, actor: str, at: str | None = None) -> None:
    req = request_row(session)
    if req.status != status.value:
        audit.append(session, actor, "status_changed",
                     {"from": req.status, "to": status.value}, at=at)
        req.status = status.value


def set_assignee(session: Session, assignee: str, actor: str) -> None:
    req = request_row(session)
    audit.append(session, actor, "assigned", {"from": req.assignee, "to": assignee})
    req.assignee = assignee


def add_exemption(session: Session, code: str, reasoning: str, scope: str, actor: str,
                  at: str | None = None, wording: str = "") -> None:
    shown, at = row_and_audit_times(session, at)
    session.add(ExemptionRow(code=code, reasoning=reasoning, scope=scope, recorded_at=shown,
                             recorded_by=actor, wording=wording))
    audit.append(session, actor, "exemption_applied", _with_wording(
        {"code": code, "scope": scope, "reasoning": reasoning}, wording), at=at)


def add_decision(session: Session, d: Decision, actor: str, at: str | None = None) -> None:
    if d.decided_on is None:  # the service dates it (its clock says what day it is)
        raise ValueError("a decision is stored with the day it was made")
    decided_on = d.decided_on.isoformat()
    amount = "" if d.amount is None else str(d.amount)
    session.add(DecisionRow(kind=DecisionKind(d.kind).value, ground=DecisionGround(d.ground).value,
                            factors=d.factors, reasons=d.reasons, amount=amount,
                            working=d.working, decided_on=decided_on,
                            decided_by=d.decided_by or actor, wording=d.wording))
    audit.append(session, actor, "decision_recorded", _with_wording({
        "kind": DecisionKind(d.kind).value, "ground": DecisionGround(d.ground).value,
        "reasons": d.reasons, "factors": d.factors, "amount": amount, "working": d.working,
        "decided_on": decided_on}, d.wording), at=at)


def add_document(session: Session, filename: str, data: bytes, status: DisclosureStatus,
                 exemption_code: str, actor: str, at: str | None = None) -> DocumentInfo:
    """Attach ``data`` (bytes already in memory) as :func:`add_document_stream` does."""
    return add_document_stream(session, filename, io.BytesIO(data), status, exemption_code,
                               actor, at=at)


ITEM_FACTS = ("parent_id", "duplicate_of", "email_key", "body_hash", "thread_key", "dated")


def add_document_stream(session: Session, filename: str, stream: Readable,
                        status: DisclosureStatus, exemption_code: str, actor: str,
                        at: str | None = None, facts: dict | None = None) -> DocumentInfo:
    """Attach what ``stream`` gives, written into the case file chunk by chunk while its
    sha256 and size are counted, so memory stays bounded whatever its size. Inside the
    caller's transaction: an error from ``stream`` leaves nothing once rolled back.
    ``facts`` sets the :data:`ITEM_FACTS` found when it was read (its parent, the item it
    duplicates, an e-mail's keys), recorded in the same audit entry."""
    shown, at = row_and_audit_times(session, at)
    facts = {k: v for k, v in (facts or {}).items() if v not in (None, "")}
    if set(facts) - set(ITEM_FACTS):
        raise ValueError(f"unknown document facts {sorted(set(facts) - set(ITEM_FACTS))}")
    row = DocumentRow(filename=filename, sha256="", size=0,
                      status=DisclosureStatus(status).value, exemption_code=exemption_code,
                      added_at=shown, added_by=actor, data=b"", **facts)
    session.add(row)
    session.flush()
    digest, size = write_chunks(session, row.id, stream)
    row.sha256, row.size = digest, size
    session.flush()
    audit.append(session, actor, "document_attached", {
        "document_id": row.id, "filename": filename, "sha256": digest, "size": size,
        "status": row.status, "exemption_code": exemption_code, **facts}, at=at)
    return _document(row)


def set_document_status(session: Session, document_id: int, status: DisclosureStatus,
                        exemption_code: str, actor: str, note: str = "",
                        wording: str = "") -> None:
    row = session.get(DocumentRow, document_id)
    details = {"document_id": document_id, "sha256": row.sha256, "from": row.status,
               "to": DisclosureStatus(status).value, "exemption_code": exemption_code}
    if note:
        details["note"] = note
    audit.append(session, actor, "document_status_changed", _with_wording(details, wording))
    row.status = DisclosureStatus(status).value
    row.exemption_code = exemption_code
    row.note = note
    row.wording = wording


def add_letter(session: Session, kind: str, fmt: str, data: bytes, actor: str,
               at: str | None = None) -> LetterInfo:
    shown, at = row_and_audit_times(session, at)
    digest = sha256_hex(data)
    row = LetterRow(kind=kind, format=fmt, sha256=digest, generated_at=shown, generated_by=actor,
                    data=data)
    session.add(row)
    session.flush()
    audit.append(session, actor, "letter_stored", {
        "letter_id": row.id, "kind": kind, "format": fmt, "sha256": digest,
        "size": len(data)}, at=at)
    return _letter(row)


def add_dispatch(session: Session, letter_id: int | None, on: dt.date, method: str,
                 tracking: str, actor: str, at: str | None = None,
                 bundle: tuple[int, str] | None = None) -> None:
    """Record a dispatch; ``bundle`` (id, sha256) names the disclosure bundle sent with it."""
    shown, at = row_and_audit_times(session, at)
    details: dict = {"letter_id": letter_id, "date": on.isoformat(), "method": method,
                     "tracking": tracking}
    if letter_id is not None:
        details["letter_sha256"] = session.get(LetterRow, letter_id).sha256
    if bundle is not None:
        details["bundle_id"], details["bundle_sha256"] = bundle
    session.add(DispatchRow(letter_id=letter_id, date=on.isoformat(), method=method,
                            tracking=tracking, recorded_at=shown, recorded_by=actor))
    audit.append(session, actor, "dispatch_recorded", details, at=at)


def add_note(session: Session, text: str, actor: str, at: str | None = None) -> None:
    shown, at = row_and_audit_times(session, at)
    session.add(NoteRow(text=text, recorded_at=shown, recorded_by=actor))
    audit.append(session, actor, "note_added", {"text": text}, at=at)


def add_search(session: Session, system: str, terms: str, people: str, on: dt.date,
               actor: str, at: str | None = None) -> None:
    session.add(SearchRow(system=system, terms=terms, people=people,
                          searched_on=on.isoformat(), recorded_by=actor))
    audit.append(session, actor, "search_logged",
                 {"system": system, "terms": terms, "people": people,
                  "searched_on": on.isoformat()}, at=at)


# --- reading ----------------------------------------------------------------------------


def _ts(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _taken(at: str, by: str, reason: str) -> Taken | None:
    return Taken(by=by, at=_ts(at), reason=reason) if at else None


def _document(r: DocumentRow) -> DocumentInfo:
    return DocumentInfo(id=r.id, filename=r.filename, sha256=r.sha256, size=r.size,
                        status=DisclosureStatus(r.status), exemption_code=r.exemption_code,
                        added_at=_ts(r.added_at),
                        removed=_taken(r.removed_at, r.removed_by, r.remove_reason),
                        note=r.note, wording=r.wording, parent_id=r.parent_id,
                        rendition=RenditionState(r.rendition_state or ""),
                        rendition_note=r.rendition_note or "",
                        rendition_sha256=r.rendition_sha256 or "", page_count=r.page_count or 0,
                        duplicate_of=r.duplicate_of, email_key=r.email_key or "",
                        body_hash=r.body_hash or "", thread_key=r.thread_key or "",
                        dated=dt.date.fromisoformat(r.dated) if r.dated else None)


def _letter(r: LetterRow) -> LetterInfo:
    return LetterInfo(id=r.id, kind=r.kind, format=r.format, sha256=r.sha256,
                      generated_at=_ts(r.generated_at), generated_by=r.generated_by,
                      discarded=_taken(r.superseded_at, r.superseded_by, r.supersede_reason))


def _person(r: PersonRow) -> Person:
    return Person(name=r.name, email=r.email, address=r.address, phone=r.phone)


def read_snapshot(session: Session) -> CaseSnapshot:
    req = request_row(session)
    people = {p.role: _person(p) for p in session.scalars(select(PersonRow))}
    timeline = [
        TimelineEvent(kind=EventKind(e.kind), date=dt.date.fromisoformat(e.date), note=e.note,
                      recorded_at=_ts(e.recorded_at), recorded_by=e.recorded_by, id=e.id,
                      voided=_taken(e.voided_at, e.voided_by, e.void_reason),
                      wording=e.wording)
        for e in session.scalars(select(EventRow).order_by(EventRow.id))]
    all_exemptions = [
        AppliedExemption(code=x.code, reasoning=x.reasoning, scope=x.scope,
                         recorded_at=_ts(x.recorded_at), recorded_by=x.recorded_by, id=x.id,
                         withdrawn=_taken(x.withdrawn_at, x.withdrawn_by, x.withdraw_reason),
                         wording=x.wording)
        for x in session.scalars(select(ExemptionRow).order_by(ExemptionRow.id))]
    decisions = tuple(
        Decision(kind=DecisionKind(d.kind), ground=DecisionGround(d.ground), reasons=d.reasons,
                 factors=d.factors, amount=Decimal(d.amount) if d.amount else None,
                 working=d.working, decided_on=dt.date.fromisoformat(d.decided_on),
                 decided_by=d.decided_by, wording=d.wording)
        for d in session.scalars(select(DecisionRow).order_by(DecisionRow.id)))
    all_documents = [_document(d) for d in
                     session.scalars(select(DocumentRow).order_by(DocumentRow.id))]
    letters = tuple(_letter(x) for x in session.scalars(select(LetterRow).order_by(LetterRow.id)))
    dispatches = tuple(
        DispatchRecord(letter_id=x.letter_id, date=dt.date.fromisoformat(x.date),
                       method=x.method, tracking=x.tracking)
        for x in session.scalars(select(DispatchRow).order_by(DispatchRow.id)))
    searches = tuple(
        SearchLogEntry(system=s.system, terms=s.terms, people=s.people,
                       searched_on=dt.date.fromisoformat(s.searched_on),
                       recorded_by=s.recorded_by)
        for s in session.scalars(select(SearchRow).order_by(SearchRow.id)))
    notes = tuple(Note(text=n.text, recorded_at=_ts(n.recorded_at), recorded_by=n.recorded_by)
                  for n in session.scalars(select(NoteRow).order_by(NoteRow.id)))
    extra = {x.key: x.value for x in session.scalars(select(ExtraRow))}
    if req.possible_repeat_of:
        extra.setdefault("possible_repeat_of", req.possible_repeat_of)
    if req.deadline_policy:
        extra.setdefault("deadline_policy", req.deadline_policy)
    return CaseSnapshot(
        reference=req.reference, status=CaseStatus(req.status), jurisdiction=req.jurisdiction,
        channel=Channel(req.channel), received=dt.date.fromisoformat(req.received),
        logged=dt.date.fromisoformat(req.logged), requester=people["requester"],
        subject=people.get("subject"), authority_evidence=req.authority_evidence,
        assignee=req.assignee, request_text=req.request_text,
        request_types=tuple(RequestType(t) for t in req.request_types.split(",") if t),
        events=tuple(e for e in timeline if not e.voided),
        exemptions=tuple(x for x in all_exemptions if not x.withdrawn), decisions=decisions,
        documents=tuple(d for d in all_documents if not d.removed),
        letters=letters, dispatches=dispatches, search_log=searches, notes=notes, extra=extra,
        rights=read_rights(session), bundle=latest_bundle(session),
        voided_events=tuple(e for e in timeline if e.voided),
        withdrawn_exemptions=tuple(x for x in all_exemptions if x.withdrawn),
        removed_documents=tuple(d for d in all_documents if d.removed),
        corrections=tuple(
            Correction(field=c.field, before=c.before, after=c.after, reason=c.reason,
                       at=_ts(c.corrected_at), by=c.corrected_by)
            for c in session.scalars(select(CorrectionRow).order_by(CorrectionRow.id))),
    )


def document_bytes(session: Session, document_id: int) -> bytes | None:
    """The whole document (for a letter or an export); None when missing or removed."""
    row = session.get(DocumentRow, document_id)
    if row is None or row.removed_at:
        return None
    return b"".join(iter_bytes(session, document_id))


def letter_bytes(session: Session, letter_id: int) -> bytes | None:
    row = session.get(LetterRow, letter_id)
    return None if row is None else row.data


def stored_blobs(session: Session) -> list[tuple[str, int, str, str, tuple[str, ...]]]:
    """(table, id, recorded sha256, sha256 as stored now, damaged chunks) for every document,
    letter, portability export and redacted copy, for verify; documents are hashed chunk by
    chunk."""
    out = []
    for r in session.scalars(select(DocumentRow).order_by(DocumentRow.id)):
        if r.removed_at:  # a removed document's bytes are gone on purpose
            left = chunk_count(session, r.id)
            if left:
                out.append(("document", r.id, r.sha256, r.sha256,
                            (f"{left} of its chunks are still stored after its removal",)))
            continue
        check = check_document(session, r.id, r.sha256)
        out.append(("document", r.id, check.recorded, check.actual, check.damage))
        if r.rendition_sha256:
            check = check_document(session, r.id, r.rendition_sha256, RENDITIONS)
            out.append(("rendition", r.id, check.recorded, check.actual, check.damage))
    out += [("letter", r.id, r.sha256, sha256_hex(r.data), ())
            for r in session.scalars(select(LetterRow).order_by(LetterRow.id))]
    return out + [(table, ident, recorded, sha256_hex(data), ())
                  for table, ident, recorded, data in
                  (*stored_exports(session), *stored_bundles(session))
                  ] + stored_copies(session)


def printable_letters(session: Session) -> list[tuple[LetterInfo, bool, bytes]]:
    """(letter, dispatched, bytes) for every stored letter not discarded, oldest first (what
    the ready letters store copies for staff)."""
    sent = {r.letter_id for r in session.scalars(select(DispatchRow))}
    return [(_letter(r), r.id in sent, r.data)
            for r in session.scalars(select(LetterRow).order_by(LetterRow.id))
            if not r.superseded_at]

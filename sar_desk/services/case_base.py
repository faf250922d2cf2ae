"""What the case services share: opening a case file, registry rows, references, dates and
the queries. Changes go through :mod:`sar_desk.services.unit_of_work`; import the services
themselves from :mod:`sar_desk.services.cases`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from sar_desk.core.clock import stamp
from sar_desk.core.entities import (
    CaseSnapshot,
    Channel,
    DecisionKind,
    DocumentInfo,
    Note,
    Person,
    RequestType,
)
from sar_desk.core.names import normalise_email, normalise_name
from sar_desk.core.references import REFERENCE, normal_reference  # noqa: F401 - re-exported
from sar_desk.core.roles import Action
from sar_desk.core.staff_view import staff_view
from sar_desk.errors import InputError
from sar_desk.services import access, case_search
from sar_desk.services.case_files import actor_name, open_case_file  # noqa: F401 - re-exported
from sar_desk.store import audit, case_text, locks
from sar_desk.store import case_records as records
from sar_desk.store.audit import AuditEntry
from sar_desk.store.casefile import CaseFile
from sar_desk.store.content_digest import content_digest
from sar_desk.store.errors import StoreError, UnknownCase
from sar_desk.store.registry_rows import encode_events, encode_pairs
from sar_desk.store.workspace import Workspace

PAUSING = {"paused", "awaiting_id", "awaiting_fee"}


@dataclass
class NewCase:
    requester: Person
    received: dt.date
    subject: Person | None = None
    channel: Channel = Channel.EMAIL
    jurisdiction: str = "uk-ew"
    request_text: str = ""
    assignee: str = ""
    request_types: tuple[RequestType, ...] = (RequestType.ACCESS,)
    authority_evidence: str = ""
    source_message: bytes | None = None
    source_filename: str = ""
    # A request for exam marks made before the results are announced (DPA 2018 Sch. 2
    # para 25), and the announcement day if it is known (it may be ahead).
    exam_marks: bool = False
    exam_results: dt.date | None = None


@dataclass(frozen=True)
class OpenCase:
    """A case held open by a window: read-only when someone else holds the write lock."""

    snapshot: CaseSnapshot
    read_only: bool
    held_by: locks.LockInfo | None


def normalise_reference(ref: str) -> str:
    normal = normal_reference(ref)
    if normal is None:
        raise UnknownCase(ref)
    return normal


def not_after_today(ws: Workspace, day: dt.date, what: str) -> None:
    """Refuse a ``day`` after today as the workspace's clock has it (the core rule's reason),
    naming it as ``what``."""
    from sar_desk.core.input_rules import future_date_reason

    reason = future_date_reason(day, ws.clock.today(), what)
    if reason:
        raise InputError(f"{reason} Nothing was changed.")


def deadline_for(case: CaseSnapshot, *, as_of: dt.date):
    """The deadline and state of a case (a ``DeadlineResult``) on the day ``as_of``, under the
    deadline policy the case recorded when it was created. Voided events do not count; the
    explanation ends with the corrections that changed the dates."""
    from dataclasses import replace

    from sar_desk.core.corrections import correction_lines
    from sar_desk.core.deadlines import compute_deadline
    from sar_desk.core.policy import Policy

    result = compute_deadline(case.received, case.jurisdiction,
                              [(e.kind, e.date) for e in case.events], as_of=as_of,
                              policy=Policy.from_text(case.extra.get("deadline_policy", "")))
    notes = correction_lines(case)
    return replace(result, record_notes=tuple(notes)) if notes else result


def summary_values(snap: CaseSnapshot, audit_seq: int, audit_head: str,
                   today: dt.date) -> dict:
    """The registry row for a snapshot on the day ``today`` (no personal data beyond the
    requester's name)."""
    try:
        dl = deadline_for(snap, as_of=today)
        due, ext, paused = dl.due, dl.extended_due, str(dl.state) in PAUSING
    except InputError:
        due, ext, paused = None, None, False
    refusals = [d.decided_on for d in snap.decisions
                if d.kind == DecisionKind.REFUSE and d.decided_on]
    exemptions = [(x.code, x.recorded_at.date() if x.recorded_at else today)
                  for x in snap.exemptions]
    return {
        "reference": snap.reference, "requester_name": snap.requester.name,
        "status": snap.status.value, "jurisdiction": snap.jurisdiction,
        "received": snap.received.isoformat(), "due": due.isoformat() if due else None,
        "extended_due": ext.isoformat() if ext else None, "paused": int(paused),
        "assignee": snap.assignee, "updated": stamp(today).isoformat(),
        "request_types": ",".join(t.value for t in snap.request_types),
        "events": encode_events((e.kind, e.date) for e in snap.events),
        "possible_repeat_of": snap.extra.get("possible_repeat_of", ""),
        "refusals": ";".join(d.isoformat() for d in refusals),
        "exemptions": encode_pairs(exemptions),
        "deadline_policy": snap.extra.get("deadline_policy", ""),
        "name_key": normalise_name(snap.requester.name),
        "email_key": normalise_email(snap.requester.email),
        "email": snap.requester.email, "audit_seq": audit_seq, "audit_head": audit_head,
    }


def summary_row(ws: Workspace, case: CaseFile) -> dict:
    with case.reading() as session:
        snap = records.read_snapshot(session)
        last = audit.last_entry(session)
    return summary_values(snap, last.seq if last else 0, last.hash if last else "",
                          ws.clock.today())


# --- queries --------------------------------------------------------------------------


def get_case(ws: Workspace, ref: str) -> CaseSnapshot:
    """The case as the current user may read it: whole, or (staff) the letter-printing view
    of :mod:`sar_desk.core.staff_view`, marked ``redacted``."""
    ref = normalise_reference(ref)
    access.require(ws, Action.READ_CASE, ref)
    snap = load_case(ws, ref)
    return snap if access.can(ws, Action.READ_CASE_DETAILS, ref) else staff_view(snap)


def possible_repeat(ws: Workspace, name: str, email: str, received: dt.date) -> str:
    """The latest earlier case from a requester with this name or e-mail (normalised)
    received within the 12 months before ``received``, or "" (the new-case notice)."""
    access.require(ws, Action.CREATE_CASE)
    name_key, email_key = normalise_name(name or ""), normalise_email(email or "")
    if not name_key and not email_key:
        return ""
    return ws.registry.find_repeat(name_key, email_key, received)


def load_case(ws: Workspace, ref: str) -> CaseSnapshot:
    """The whole case, for a service that has already checked the caller may use it."""
    ref = normalise_reference(ref)
    row = ws.registry.get(ref)
    with open_case_file(ws, ref, read_only=False) as case:
        with case.reading() as session:
            snap = records.read_snapshot(session)
            last = audit.last_entry(session)
            behind = row is not None and audit.departs_from(session, row["audit_seq"],
                                                            row["audit_head"])
            stale = not ws.read_only and not behind and (
                row is None or row["audit_seq"] != (last.seq if last else 0))
            # A change whose registry write was cut off (crash): its search text is too
            pieces = case_search.pieces_to_index(ws, session, snap) if stale else None
    if pieces is not None:
        # Bring the row and the search text up to date; on a full disk the reading goes on,
        # and a later read brings them up to date. A file behind the registry's record
        # (rolled back) is left for verify to name.
        try:
            with ws.registry.writing() as conn:
                ws.registry.upsert([summary_values(snap, last.seq if last else 0,
                                                   last.hash if last else "",
                                                   ws.clock.today())], conn)
                case_text.replace(conn, ref, *pieces)
        except StoreError as exc:
            if exc.code != "registry.disk_full":
                raise
    return snap


def audit_trail(ws: Workspace, ref: str) -> list[AuditEntry]:
    ref = normalise_reference(ref)
    access.require(ws, Action.READ_CASE_DETAILS, ref)
    with open_case_file(ws, ref) as case:
        return [audit.to_entry(r) for r in case.audit_rows()]


def open_case(ws: Workspace, ref: str) -> OpenCase:
    """Hold a case open for writing (a window); read-only if someone else holds it."""
    ref = normalise_reference(ref)
    access.require(ws, "read_case", ref)  # before taking the lock: a refusal holds nothing
    try:
        locks.acquire(ws, ref)
        held_by = None
    except locks.CaseLocked:
        held_by = locks.holder(ws, ref)
    return OpenCase(get_case(ws, ref), read_only=held_by is not None, held_by=held_by)


def close_case(ws: Workspace, ref: str) -> None:
    locks.release(ws, normalise_reference(ref))


def case_notes(ws: Workspace, ref: str) -> tuple[Note, ...]:
    """The case's notes (not for staff: refused and audited)."""
    ref = normalise_reference(ref)
    access.require(ws, Action.READ_CASE_DETAILS, ref)
    return load_case(ws, ref).notes


def case_documents(ws: Workspace, ref: str) -> tuple[DocumentInfo, ...]:
    """The documents attached to the case (not for staff: refused and audited)."""
    ref = normalise_reference(ref)
    access.require(ws, Action.READ_CASE_DETAILS, ref)
    return load_case(ws, ref).documents


def _stored_bytes(ws: Workspace, ref: str, what: str, item_id: int,
                  read: Callable[[Session, int], bytes | None],
                  action: Action = Action.READ_CASE) -> bytes:
    """The bytes ``read`` finds for ``what`` ``item_id`` in the case, or an InputError."""
    ref = normalise_reference(ref)
    access.require(ws, action, ref)
    with open_case_file(ws, ref) as case, case.reading() as session:
        data = read(session, item_id)
    if data is None:
        raise InputError(f"{ref} has no {what} {item_id}.")
    return data


def get_document_bytes(ws: Workspace, ref: str, document_id: int) -> bytes:
    return _stored_bytes(ws, ref, "document", document_id, records.document_bytes,
                         Action.READ_CASE_DETAILS)


def get_letter_bytes(ws: Workspace, ref: str, letter_id: int) -> bytes:
    return _stored_bytes(ws, ref, "letter", letter_id, records.letter_bytes)


def check_case(ws: Workspace, ref: str) -> list[str]:
    """What is wrong with one case file (key, integrity, audit chain, content against the
    newest entry's digest, stored bytes)."""
    from sar_desk.errors import SarDeskError

    try:
        with open_case_file(ws, ref) as case:
            problems = case.integrity_problems()
            with case.reading() as session:
                rows = audit.read_all(session)
                blobs = records.stored_blobs(session)
                digest = content_digest(session)
    except SarDeskError as exc:
        return [str(exc)]
    row = ws.registry.get(ref)
    if row is None:  # a complaint's file: its position is on its complaint row
        from sar_desk.store.complaint_index import audit_position

        position = audit_position(ws.registry, ref)
        row = {"audit_seq": position[0], "audit_head": position[1]} if position else None
    chain = audit.verify_chain(rows, expected_seq=row["audit_seq"] if row else None,
                               expected_head=row["audit_head"] if row else None)
    # Content is compared with the newest entry only when the chain itself holds.
    problems += chain or audit.content_problems(rows, digest)
    chained = audit.hashes_in(rows)
    for table, ident, recorded, actual, damage in blobs:
        if actual != recorded:
            where = f" ({'; '.join(damage)})" if damage else ""
            problems.append(f"{table} {ident} was altered: its bytes no longer match its "
                            f"sha256{where}")
        elif damage:
            problems.append(f"{table} {ident} is damaged: {'; '.join(damage)}")
        elif recorded not in chained:
            problems.append(f"{table} {ident} is not in the audit chain")
    return problems


def document_numbered(case: CaseSnapshot, number: int) -> DocumentInfo:
    """The document with ``number`` on ``case``; InputError naming the numbers there are."""
    numbered = dict(case.numbered_documents)
    if number in numbered:
        return numbered[number]
    if not numbered:
        raise InputError(f"Case {case.reference} has no documents. Nothing was changed.",
                         code="document.none", reference=case.reference)
    listed = ", ".join(str(n) for n in numbered)
    raise InputError(f"Case {case.reference} has no document {number}: its documents are "
                     f"numbered {listed}. Nothing was changed.",
                     code="document.number", reference=case.reference, number=number)

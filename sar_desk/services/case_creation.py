"""Creating a case: a new request checked, its reference reserved and its case file made.

:func:`create_case` checks the request first (a bad value raises
:class:`~sar_desk.errors.InputError` and nothing is written), then writes the new case file
with its audit entry and the registry row; if anything fails on the way, nothing half-made
survives. Import it from :mod:`sar_desk.services.cases`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

from sar_desk.core.entities import CaseSnapshot, Channel, DisclosureStatus, EventKind, RequestType
from sar_desk.core.input_rules import (
    address_reason,
    email_reason,
    exam_results_reason,
    name_reason,
    request_types_reason,
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
from sar_desk.services.case_changes import enum_choice, refuse
from sar_desk.services.item_store import source_items, store_prepared
from sar_desk.store import audit, keys, locks
from sar_desk.store import case_records as records
from sar_desk.store.casefile import CaseFile
from sar_desk.store.errors import ReadOnlyWorkspace, StoreError
from sar_desk.store.workspace import Workspace


def check_new_case(ws: Workspace, new: NewCase) -> tuple[str, Channel]:
    """Check a new case's request before anything is written: its jurisdiction and channel,
    or an InputError naming what is wrong (no case was created)."""
    from sar_desk.core.calendars import validate_jurisdiction
    from sar_desk.core.deadlines import compute_deadline

    people = [("requester", new.requester)]
    if new.subject is not None:
        people.append(("data subject", new.subject))
    for who, person in people:
        refuse(name_reason(person.name if person else "", who), "No case was created.")
        refuse(email_reason(person.email if person else ""), "No case was created.")
        refuse(address_reason(person.address if person else "", who), "No case was created.")
    refuse(request_types_reason(tuple(new.request_types)), "No case was created.")
    if not isinstance(new.received, dt.date):
        raise InputError(f"The received date {new.received!r} is not a date.")
    not_after_today(ws, new.received, "received date")
    jurisdiction = validate_jurisdiction(new.jurisdiction)
    channel = enum_choice(Channel, new.channel, "channel")
    for t in new.request_types:
        enum_choice(RequestType, t, "request type")
    if new.exam_results is not None and not isinstance(new.exam_results, dt.date):
        raise InputError(f"The exam results announcement date {new.exam_results!r} is not a "
                         "date.")
    refuse(exam_results_reason(new.received, new.exam_results), "No case was created.")
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

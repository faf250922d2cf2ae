"""Data protection complaints (DPA 2018 s.164A): log, work, close and list them.

Each complaint has its own encrypted file, made and opened by the case-file machinery
(per-file key wrapped in the registry, audit chain, migrations, one-writer lock) and a
summary row in the registry's ``complaints`` table. Roles are those of cases: privacy
officers work complaints, managers read them, staff see only the complaints marked ready
(and never the internal notes).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from sar_desk.core.calendars import validate_jurisdiction
from sar_desk.core.clock import stamp
from sar_desk.core.complaint_clock import (
    DEFAULT_TARGET_WEEKS,
    ComplaintClock,
    complaint_clock,
    target_weeks_reason,
)
from sar_desk.core.complaint_metrics import ComplaintTiles
from sar_desk.core.complaint_metrics import complaint_tiles as tiles_of
from sar_desk.core.complaints import (
    PREFIX,
    Complaint,
    ComplaintEventKind,
    ComplaintStatus,
    ComplaintSummary,
    close_reason,
    event_reason,
    issue_text_reason,
    normalise_reference,
    outcome_reason,
    parse_event_kind,
    parse_outcome,
)
from sar_desk.core.entities import Channel, Person
from sar_desk.core.input_rules import name_reason
from sar_desk.core.roles import Action
from sar_desk.errors import InputError
from sar_desk.services import access, ready_letters
from sar_desk.services.case_base import actor_name, not_after_today, open_case_file
from sar_desk.services.complaint_handlers import default_handler, resolve_handler
from sar_desk.store import audit, case_flags, complaint_index, keys, locks
from sar_desk.store import complaint_schema as records
from sar_desk.store.casefile import CaseFile
from sar_desk.store.errors import ReadOnlyWorkspace
from sar_desk.store.row_time import give_day
from sar_desk.store.workspace import Workspace

T = TypeVar("T")


class UnknownComplaint(InputError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"There is no complaint {reference!r} in this workspace.",
                         code="complaint.unknown", reference=reference)


@dataclass
class NewComplaint:
    complainant: Person
    received: dt.date
    case_ref: str = ""
    channel: Channel | str = Channel.EMAIL
    summary: str = ""
    jurisdiction: str = ""  # "" = the linked case's calendar, else England and Wales
    handler: str | None = None  # login or display name; None = whoever raises it, "" = nobody


@dataclass(frozen=True)
class ComplaintView:
    """A complaint with its clock on the day it was read (what the window and CLI show)."""

    complaint: Complaint
    clock: ComplaintClock
    redacted: bool = False

    def to_json(self) -> dict:
        c = self.complaint
        return {
            "reference": c.reference, "complainant": c.complainant.name,
            "email": c.complainant.email, "address": c.complainant.address_lines,
            "received": c.received.isoformat(), "channel": c.channel.value,
            "jurisdiction": c.jurisdiction, "case": c.case_ref, "summary": c.summary,
            "status": c.status.value, "handler": c.handler or None,
            "issues": [{"number": i.number, "text": i.text, "enquiries": i.enquiries,
                        "outcome": i.outcome.value if i.outcome else None,
                        "reason": i.reason, "remedy": i.remedy} for i in c.issues],
            "events": [{"kind": e.kind.value, "date": e.date.isoformat(), "note": e.note}
                       for e in c.events],
            "updates_sent": [d.isoformat() for d in c.dates_of(ComplaintEventKind.UPDATE_SENT)],
            "ico_contacted": [d.isoformat()
                              for d in c.dates_of(ComplaintEventKind.ICO_CONTACTED)],
            "ico_rights_stated": c.ico_rights_stated,
            "court_rights_stated": c.court_rights_stated,
            **({} if self.redacted else {"notes": list(c.notes)}),
            **self.clock.to_json(),
        }


def complaint_reference(text: str) -> str:
    """The canonical ``CMP-YYYY-NNNN`` for ``text``; UnknownComplaint when it is not one."""
    ref = normalise_reference(text)
    if ref is None:
        raise UnknownComplaint(text)
    return ref


def any_reference(text: str) -> str:
    """The canonical reference of a complaint (``CMP-``) or a case (``SAR-``)."""
    from sar_desk.services.case_base import normalise_reference as case_reference

    ref = normalise_reference(text)
    return ref if ref is not None else case_reference(text)


def target_weeks(ws: Workspace) -> int:
    """The profile's internal outcome target (``[complaints] outcome_target_weeks``)."""
    from sar_desk.services.settings import workspace_profile

    value = workspace_profile(ws).get("complaints.outcome_target_weeks", DEFAULT_TARGET_WEEKS)
    reason = target_weeks_reason(value)
    if reason:
        raise InputError(reason, code="profile.invalid")
    return value


def clock_for(ws: Workspace, complaint: Complaint, weeks: int | None = None) -> ComplaintClock:
    return complaint_clock(complaint, as_of=ws.clock.today(),
                           target_weeks=weeks if weeks is not None else target_weeks(ws))


def summary_row(complaint: Complaint, clock: ComplaintClock, seq: int, head: str) -> dict:
    """The registry row of a complaint (the name is the only personal data in it)."""
    return {
        "reference": complaint.reference, "complainant": complaint.complainant.name,
        "status": complaint.status.value, "jurisdiction": complaint.jurisdiction,
        "channel": complaint.channel.value, "received": complaint.received.isoformat(),
        "ack_due": clock.ack_due.isoformat(),
        "acknowledged": clock.acknowledged.isoformat() if clock.acknowledged else None,
        "target": clock.target.isoformat(),
        "closed": complaint.closed_on.isoformat() if complaint.closed_on else None,
        "case_ref": complaint.case_ref,
        "outcomes": ";".join(i.outcome.value for i in complaint.issues if i.outcome),
        "updated": stamp(clock.as_of).isoformat(), "audit_seq": seq, "audit_head": head,
        "handler": complaint.handler,
    }


def _linked_case(ws: Workspace, case_ref: str) -> tuple[str, str]:
    """(canonical reference, jurisdiction) of the case a complaint is about ("" if none)."""
    if not (case_ref or "").strip():
        return "", ""
    from sar_desk.services.case_base import normalise_reference as case_reference

    ref = case_reference(case_ref)
    row = ws.registry.get(ref)
    if row is None:
        from sar_desk.store.errors import UnknownCase

        raise UnknownCase(ref)
    return ref, row["jurisdiction"]


# --- creating -----------------------------------------------------------------------------


def create_complaint(ws: Workspace, new: NewComplaint, *, actor: str | None = None
                     ) -> ComplaintView:
    """Log a complaint in a new encrypted file; returns it with its clock."""
    if ws.read_only:
        raise ReadOnlyWorkspace("The workspace is open read-only; no complaint was logged.")
    user = access.require(ws, Action.CREATE_CASE)
    reason = name_reason(new.complainant.name if new.complainant else "", "complainant")
    if reason:
        raise InputError(f"{reason} No complaint was logged.")
    if not isinstance(new.received, dt.date):
        raise InputError(f"The received date {new.received!r} is not a date.")
    not_after_today(ws, new.received, "received date")
    try:
        channel = Channel(str(new.channel).strip().lower().replace("_", "-"))
    except ValueError:
        choices = ", ".join(c.value for c in Channel)
        raise InputError(f"Unknown channel {new.channel!r}: use one of {choices} (social "
                         "covers complaints made on social media).") from None
    case_ref, case_jurisdiction = _linked_case(ws, new.case_ref)
    jurisdiction = validate_jurisdiction(new.jurisdiction or case_jurisdiction or "uk-ew")
    handler = (default_handler(user) if new.handler is None
               else resolve_handler(ws, new.handler, unchanged="No complaint was logged.")
               if new.handler.strip() else "")
    weeks = target_weeks(ws)
    who = actor_name(actor)
    key = keys.new_key()
    ref = ws.registry.reserve(
        new.received.year, prefix=PREFIX,
        wrap=lambda r: keys.wrap_case_key(ws.master_key, ws.id, r, key),
        taken=lambda r: ws.case_path(r).exists(), on_reserved=lambda r: locks.acquire(ws, r))
    complaint = Complaint(reference=ref, complainant=new.complainant, received=new.received,
                          channel=channel, jurisdiction=jurisdiction, case_ref=case_ref,
                          summary=new.summary.strip(), logged=ws.clock.today(),
                          handler=handler)
    path = ws.case_path(ref)
    try:
        with locks.writing(ws, ref):
            def fill(session):
                records.write_new(session, complaint, who)
                session.flush()
                return audit.last_entry(session)

            file = CaseFile.create(path, key, workspace_id=ws.id, reference=ref, fill=fill)
            try:
                last = file.fill_result
                salt = file.salt()
            finally:
                file.close()
            ws.registry.set_salt(ref, salt)
            clock = clock_for(ws, complaint, weeks)
            with ws.registry.writing() as conn:
                complaint_index.upsert(conn, summary_row(complaint, clock, last.seq, last.hash))
    except BaseException:
        ws.registry.destroy_key(ref)
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(str(path) + suffix).unlink()
        raise
    finally:
        locks.release(ws, ref)
    return ComplaintView(complaint, clock)


# --- changing -----------------------------------------------------------------------------


def change_complaint(ws: Workspace, ref: str, actor: str | None,
                     change: Callable[..., T], *, action: str = Action.EDIT_CASE
                     ) -> tuple[T, ComplaintView]:
    """Run ``change(session, before, who)`` on complaint ``ref`` as one unit of work (as
    :func:`sar_desk.services.unit_of_work.change_case` does for cases), on the day the
    workspace clock says (:mod:`sar_desk.store.row_time`)."""
    if ws.read_only:
        raise ReadOnlyWorkspace("The workspace is open read-only; nothing was changed.")
    ref = complaint_reference(ref)
    access.require(ws, action, ref)
    who = actor_name(actor)
    weeks = target_weeks(ws)
    with locks.writing(ws, ref), _open(ws, ref, who) as file:
        with file.transaction() as session:
            give_day(session, ws.clock.today())  # what it records is done on the clock's day
            before = records.read(session)
            result = change(session, before, who)
            session.flush()
            session.expire_all()
            after = records.read(session)
            last = audit.last_entry(session)
        clock = clock_for(ws, after, weeks)
        with ws.registry.writing() as conn:
            complaint_index.upsert(conn, summary_row(after, clock, last.seq, last.hash))
    ready_letters.refresh_if_ready(ws, ref)  # staff print from their own copy
    return result, _view(ws, after, clock)


@contextlib.contextmanager
def _open(ws: Workspace, ref: str, actor: str | None = None):
    from sar_desk.store.errors import UnknownCase

    try:
        with open_case_file(ws, ref, actor=actor) as file:
            yield file
    except UnknownCase:
        raise UnknownComplaint(ref) from None


def _view(ws: Workspace, complaint: Complaint, clock: ComplaintClock) -> ComplaintView:
    if access.can(ws, Action.READ_CASE_DETAILS, complaint.reference):
        return ComplaintView(complaint, clock)
    return ComplaintView(replace(complaint, notes=(), summary=""), clock, redacted=True)


def _refuse(reason: str | None) -> None:
    if reason:
        raise InputError(f"{reason} Nothing was changed.")


def record_complaint_event(ws: Workspace, ref: str, kind: ComplaintEventKind | str,
                           on: dt.date, note: str = "", *, actor: str | None = None
                           ) -> ComplaintView:
    """Record that the complaint was acknowledged, an update sent, or the ICO got in touch."""
    parsed = parse_event_kind(kind)
    if parsed is None or parsed is ComplaintEventKind.CLOSED:
        raise InputError(f"Unknown complaint event {kind!r}: use acknowledged, update_sent, "
                         "outcome_sent or ico_contacted.")
    not_after_today(ws, on, "event date")

    def change(session, before, who):
        _refuse(event_reason(before, parsed, on))
        records.add_event(session, parsed, on, note.strip(), who)

    return change_complaint(ws, ref, actor, change)[1]


def add_issue(ws: Workspace, ref: str, text: str, *, actor: str | None = None
              ) -> tuple[int, ComplaintView]:
    """Record an issue the complainant raised; returns its number."""
    _refuse(issue_text_reason(text))

    def change(session, before, who):
        if not before.is_open:
            _refuse(f"{before.reference} is closed.")
        return records.add_issue(session, text.strip(), who)

    return change_complaint(ws, ref, actor, change)


def record_enquiries(ws: Workspace, ref: str, number: int, enquiries: str, *,
                     actor: str | None = None) -> ComplaintView:
    """Record the enquiries made into issue ``number``."""
    def change(session, before, who):
        _refuse(outcome_reason(before, number, "-"))
        records.set_enquiries(session, number, enquiries.strip(), who)

    return change_complaint(ws, ref, actor, change)[1]


def record_outcome(ws: Workspace, ref: str, number: int, outcome: str, reason: str, *,
                   remedy: str = "", enquiries: str = "", actor: str | None = None
                   ) -> ComplaintView:
    """Record the outcome of issue ``number`` (upheld, partly, not-upheld) with the reason
    worded for the complainant and any remedy."""
    parsed = parse_outcome(outcome)
    if parsed is None:
        raise InputError(f"Unknown outcome {outcome!r}: use upheld, partly or not-upheld.")

    def change(session, before, who):
        _refuse(outcome_reason(before, number, reason))
        records.set_outcome(session, number, parsed, reason.strip(), remedy.strip(),
                            enquiries.strip(), who)

    return change_complaint(ws, ref, actor, change)[1]


def add_complaint_note(ws: Workspace, ref: str, text: str, *, actor: str | None = None
                       ) -> ComplaintView:
    """An internal note: kept in the complaint, never printed in a letter."""
    if not text.strip():
        raise InputError("The note is empty; nothing was changed.")
    return change_complaint(ws, ref, actor, lambda s, _b, who: records.add_note(
        s, text.strip(), who), action=Action.ADD_NOTE)[1]


def close_complaint(ws: Workspace, ref: str, *, on: dt.date | None = None,
                    actor: str | None = None) -> ComplaintView:
    """Close the complaint; refused, naming the issue, while any issue has no outcome."""
    day = on or ws.clock.today()
    not_after_today(ws, day, "closing date")

    def change(session, before, who):
        _refuse(close_reason(before))
        records.add_event(session, ComplaintEventKind.CLOSED, max(day, before.received), "",
                          who)
        records.set_status(session, ComplaintStatus.CLOSED, who)

    return change_complaint(ws, ref, actor, change)[1]


def assign_complaint(ws: Workspace, ref: str, handler: str, *, actor: str | None = None
                     ) -> ComplaintView:
    """Give the complaint to ``handler`` (the login or display name of a user who may handle
    complaints), recorded with who and when; anyone else is refused by name. Those who may
    assign a case may assign a complaint."""
    def change(session, before, who):
        login = resolve_handler(ws, handler)
        if before.handler != login:
            records.set_handler(session, login, ws.clock.today(), who)

    who = actor or access.current_user(ws).login  # the user who opened the workspace
    return change_complaint(ws, ref, who, change, action=Action.ASSIGN_CASE)[1]


def mark_complaint_ready(ws: Workspace, ref: str, ready: bool = True, *,
                         actor: str | None = None) -> None:
    """Mark a complaint ready (or not) for staff to print its letters."""
    ref = complaint_reference(ref)
    user = access.require(ws, Action.MARK_READY, ref)
    who = actor or user.login
    change_complaint(ws, ref, who, lambda s, _b, w: audit.append(
        s, w, "marked_ready" if ready else "ready_withdrawn", {"ready": ready}),
        action=Action.MARK_READY)
    with ws.registry.writing() as conn:
        case_flags.set_ready(conn, ref, ready, who)
    ready_letters.refresh(ws, ref)


# --- reading ------------------------------------------------------------------------------


def load_complaint(ws: Workspace, ref: str) -> Complaint:
    """The whole complaint, for a service that has already checked the caller may read it."""
    with _open(ws, ref) as file, file.reading() as session:
        try:
            return records.read(session)
        except LookupError:
            raise UnknownComplaint(ref) from None


def get_complaint(ws: Workspace, ref: str) -> ComplaintView:
    """The complaint and its clock today (staff: without notes or summary)."""
    ref = complaint_reference(ref)
    access.require(ws, Action.READ_CASE, ref)
    complaint = load_complaint(ws, ref)
    return _view(ws, complaint, clock_for(ws, complaint))


def list_complaints(ws: Workspace, *, status: str = "all", case_ref: str = "",
                    mine: bool = False) -> list[ComplaintSummary]:
    """The complaints the current user may see (staff: those marked ready); ``mine``: only
    those the current user handles."""
    user = access.require(ws, Action.LIST_CASES)
    return access.visible(ws, complaint_index.listing(
        ws.registry, status=status, case_ref=case_ref, handler=user.login if mine else None))


def complaints_about(ws: Workspace, case_ref: str) -> list[ComplaintSummary]:
    """The complaints linked to case ``case_ref`` (shown on the case)."""
    from sar_desk.services.case_base import normalise_reference as case_reference

    return list_complaints(ws, case_ref=case_reference(case_ref))


def closed_complaints(ws: Workspace) -> list[tuple[str, dt.date, dt.date]]:
    """(reference, received, closed) of every closed complaint (registry only), for the
    retention list: a complaint's file is kept and purged like a case's."""
    return [(r.reference, r.received, r.closed or r.received)
            for r in complaint_index.listing(ws.registry, status="closed")]


def complaint_report_table(ws: Workspace, first: tuple[int, int], last: tuple[int, int]
                           ) -> tuple[tuple[object, ...], ...]:
    """The monthly report's complaints table (empty when the workspace has none)."""
    from sar_desk.core.complaint_metrics import complaint_month_table

    rows = complaint_index.listing(ws.registry)
    if not rows:
        return ()
    return tuple(tuple(r) for r in complaint_month_table(rows, first, last))


def complaint_tiles(ws: Workspace) -> ComplaintTiles:
    """The dashboard's complaint figures today (to acknowledge, overdue, past target)."""
    access.require(ws, Action.READ_DASHBOARD)
    return tiles_of(complaint_index.listing(ws.registry), ws.clock.today())


def complaint_audit(ws: Workspace, ref: str) -> list[audit.AuditEntry]:
    ref = complaint_reference(ref)
    access.require(ws, Action.READ_CASE_DETAILS, ref)
    with _open(ws, ref) as file:
        return [audit.to_entry(r) for r in file.audit_rows()]


def reindex_complaints(ws: Workspace) -> int:
    """Rebuild every complaint's registry row from its file; returns how many."""
    access.require(ws, Action.MAINTAIN_WORKSPACE)
    weeks = target_weeks(ws)
    rows = []
    for ref in ws.registry.references_with_keys(PREFIX):
        try:
            with _open(ws, ref) as file, file.reading() as session:
                complaint = records.read(session)
                last = audit.last_entry(session)
        except (LookupError, InputError):
            continue
        rows.append(summary_row(complaint, clock_for(ws, complaint, weeks),
                                last.seq if last else 0, last.hash if last else ""))
    with ws.registry.writing() as conn:
        complaint_index.clear(conn)
        for row in rows:
            complaint_index.upsert(conn, row)
    return len(rows)

"""Case-file tables of a complaint (schema v5), and reading and writing them.

A complaint lives in its own encrypted file made by the same machinery as a case
(:class:`sar_desk.store.casefile.CaseFile`: per-file key, audit chain, migrations); these
tables join the case-file schema, so every file has them and a complaint file simply has
no request. Internal notes have their own table and never reach a letter. Every change
appends an audit entry in the caller's transaction.

Who handles the complaint is kept in ``complaint_event`` as a row of kind
:data:`HANDLER_EVENT` (the day, the handler's login as its note, who gave it and when): the
latest such row names the handler, the earlier ones are its history. These rows are not
among the complaint's events (nothing is dated by them) and a file made before handlers has
none: it has no handler, with no migration step.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from sar_desk.core.complaints import (
    Complaint,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintStatus,
    Issue,
    IssueOutcome,
)
from sar_desk.core.entities import Channel, Person
from sar_desk.store import audit
from sar_desk.store.case_schema import Base
from sar_desk.store.row_time import give_day, row_and_audit_times


class ComplaintRow(Base):
    """The complaint itself; exactly one row (id = 1) in a complaint file."""

    __tablename__ = "complaint"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String, unique=True)
    status: Mapped[str] = mapped_column(String)
    jurisdiction: Mapped[str] = mapped_column(String)
    channel: Mapped[str] = mapped_column(String)
    received: Mapped[str] = mapped_column(String)
    logged: Mapped[str] = mapped_column(String)
    case_ref: Mapped[str] = mapped_column(String, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    name: Mapped[str] = mapped_column(Text)
    email: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(Text, default="")
    ico_rights_stated: Mapped[int] = mapped_column(Integer, default=0)
    court_rights_stated: Mapped[int] = mapped_column(Integer, default=0)


class ComplaintIssueRow(Base):
    __tablename__ = "complaint_issue"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # the issue number
    text: Mapped[str] = mapped_column(Text)
    enquiries: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    remedy: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[str] = mapped_column(String)
    recorded_by: Mapped[str] = mapped_column(String)


HANDLER_EVENT = "handler"  # a complaint_event kind that is not a ComplaintEventKind


class ComplaintEventRow(Base):
    __tablename__ = "complaint_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String)
    date: Mapped[str] = mapped_column(String)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[str] = mapped_column(String)
    recorded_by: Mapped[str] = mapped_column(String)


class ComplaintNoteRow(Base):
    """An internal note: for the people working the complaint, never printed."""

    __tablename__ = "complaint_note"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[str] = mapped_column(String)
    recorded_by: Mapped[str] = mapped_column(String)


TABLES = (ComplaintRow, ComplaintIssueRow, ComplaintEventRow, ComplaintNoteRow)


def v4_to_v5(session: Session) -> None:
    """Migration step: add the complaint tables to a case file made before them."""
    from sqlalchemy.schema import CreateTable

    conn = session.connection()
    for table in TABLES:
        conn.execute(CreateTable(table.__table__, if_not_exists=True))  # type: ignore[attr-defined]


# --- writing (inside the caller's transaction) --------------------------------------------


def write_new(session: Session, complaint: Complaint, actor: str) -> None:
    """Write a new complaint; what its first transaction records is done on the day it
    was logged (the workspace's day)."""
    who = complaint.complainant
    give_day(session, complaint.logged or complaint.received)
    session.add(ComplaintRow(
        id=1, reference=complaint.reference, status=complaint.status.value,
        jurisdiction=complaint.jurisdiction, channel=Channel(complaint.channel).value,
        received=complaint.received.isoformat(),
        logged=(complaint.logged or complaint.received).isoformat(),
        case_ref=complaint.case_ref, summary=complaint.summary, name=who.name,
        email=who.email, address=who.address))
    audit.append(session, actor, "complaint_created", {
        "reference": complaint.reference, "received": complaint.received.isoformat(),
        "channel": Channel(complaint.channel).value, "case": complaint.case_ref,
        "complainant": who.name, "jurisdiction": complaint.jurisdiction})
    if complaint.handler:
        set_handler(session, complaint.handler, complaint.logged or complaint.received, actor)


def set_handler(session: Session, login: str, on: dt.date, actor: str) -> str:
    """Make ``login`` the complaint's handler (recorded with who and when, in the audit
    trail too); returns the handler before ("" for none)."""
    before = _handler(session)
    shown, at = row_and_audit_times(session)
    session.add(ComplaintEventRow(kind=HANDLER_EVENT, date=on.isoformat(), note=login,
                                  recorded_at=shown, recorded_by=actor))
    audit.append(session, actor, "complaint_handler_assigned",
                 {"handler": login, "before": before}, at=at)
    return before


def _handler(session: Session) -> str:
    latest = session.scalars(select(ComplaintEventRow.note).where(
        ComplaintEventRow.kind == HANDLER_EVENT).order_by(ComplaintEventRow.id.desc())).first()
    return latest or ""


def add_issue(session: Session, text: str, actor: str) -> int:
    shown, at = row_and_audit_times(session)
    row = ComplaintIssueRow(text=text, recorded_at=shown, recorded_by=actor)
    session.add(row)
    session.flush()
    audit.append(session, actor, "complaint_issue_added", {"issue": row.id, "text": text}, at=at)
    return row.id


def set_outcome(session: Session, number: int, outcome: IssueOutcome, reason: str,
                remedy: str, enquiries: str, actor: str) -> None:
    row = session.get(ComplaintIssueRow, number)
    if row is None:  # checked by the core rule before; kept for safety
        raise LookupError(number)
    row.outcome, row.reason = outcome.value, reason
    if remedy:
        row.remedy = remedy
    if enquiries:
        row.enquiries = enquiries
    audit.append(session, actor, "complaint_outcome", {
        "issue": number, "outcome": outcome.value, "reason": reason, "remedy": row.remedy,
        "enquiries": row.enquiries})


def set_enquiries(session: Session, number: int, enquiries: str, actor: str) -> None:
    row = session.get(ComplaintIssueRow, number)
    if row is None:
        raise LookupError(number)
    row.enquiries = enquiries
    audit.append(session, actor, "complaint_enquiries", {"issue": number,
                                                          "enquiries": enquiries})


def add_event(session: Session, kind: ComplaintEventKind, on: dt.date, note: str,
              actor: str) -> None:
    shown, at = row_and_audit_times(session)
    session.add(ComplaintEventRow(kind=kind.value, date=on.isoformat(), note=note,
                                  recorded_at=shown, recorded_by=actor))
    audit.append(session, actor, "complaint_event",
                 {"kind": kind.value, "date": on.isoformat(), "note": note}, at=at)


def set_status(session: Session, status: ComplaintStatus, actor: str) -> None:
    row = session.get(ComplaintRow, 1)
    row.status = status.value  # type: ignore[union-attr]
    audit.append(session, actor, "complaint_status", {"status": status.value})


def set_rights_stated(session: Session, actor: str, *, ico: bool, court: bool) -> None:
    row = session.get(ComplaintRow, 1)
    row.ico_rights_stated = int(ico)  # type: ignore[union-attr]
    row.court_rights_stated = int(court)  # type: ignore[union-attr]
    audit.append(session, actor, "complaint_rights_stated", {"ico": ico, "court": court})


def add_note(session: Session, text: str, actor: str) -> None:
    shown, at = row_and_audit_times(session)
    session.add(ComplaintNoteRow(text=text, recorded_at=shown, recorded_by=actor))
    audit.append(session, actor, "complaint_note_added", {"text": text}, at=at)


# --- reading ----------------------------------------------------------------------------


def is_complaint_file(session: Session) -> bool:
    return session.get(ComplaintRow, 1) is not None


def read(session: Session) -> Complaint:
    """The complaint in an open complaint file (LookupError when the file holds none)."""
    row = session.get(ComplaintRow, 1)
    if row is None:
        raise LookupError("not a complaint file")
    issues = tuple(
        Issue(number=r.id, text=r.text, enquiries=r.enquiries,
              outcome=IssueOutcome(r.outcome) if r.outcome else None, reason=r.reason,
              remedy=r.remedy)
        for r in session.scalars(select(ComplaintIssueRow).order_by(ComplaintIssueRow.id)))
    events = tuple(
        ComplaintEvent(ComplaintEventKind(r.kind), dt.date.fromisoformat(r.date), r.note)
        for r in session.scalars(select(ComplaintEventRow).where(
            ComplaintEventRow.kind != HANDLER_EVENT).order_by(ComplaintEventRow.date,
                                                              ComplaintEventRow.id)))
    notes = tuple(r.text for r in session.scalars(
        select(ComplaintNoteRow).order_by(ComplaintNoteRow.id)))
    return Complaint(
        reference=row.reference,
        complainant=Person(row.name, row.email, row.address),
        received=dt.date.fromisoformat(row.received), channel=Channel(row.channel),
        jurisdiction=row.jurisdiction, case_ref=row.case_ref, summary=row.summary,
        status=ComplaintStatus(row.status), issues=issues, events=events,
        ico_rights_stated=bool(row.ico_rights_stated),
        court_rights_stated=bool(row.court_rights_stated), notes=notes,
        logged=dt.date.fromisoformat(row.logged), handler=_handler(session))

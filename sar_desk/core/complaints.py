"""Data protection complaints (DPA 2018 s.164A, in force since 19 June 2026): the record.

A complaint lists the issues the complainant raised; each issue gets its enquiries, an
outcome (upheld, partly upheld, not upheld) and any remedy. Internal notes are kept apart
from the wording meant for the complainant: letters read the wording, never the notes.
The rules here are pure: they return the reason they refuse, or None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

from sar_desk.core.entities import Channel, Person

REFERENCE = re.compile(r"^\s*CMP[-\s]?(\d{4})[-\s]?(\d{1,6})\s*$", re.IGNORECASE)
PREFIX = "CMP"


class ComplaintStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class IssueOutcome(StrEnum):
    UPHELD = "upheld"
    PARTLY = "partly"
    NOT_UPHELD = "not-upheld"


OUTCOME_WORDS = {
    IssueOutcome.UPHELD: "upheld",
    IssueOutcome.PARTLY: "partly upheld",
    IssueOutcome.NOT_UPHELD: "not upheld",
}


class ComplaintEventKind(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    UPDATE_SENT = "update_sent"
    OUTCOME_SENT = "outcome_sent"
    ICO_CONTACTED = "ico_contacted"
    CLOSED = "closed"


EVENT_WORDS = {
    ComplaintEventKind.ACKNOWLEDGED: "acknowledged",
    ComplaintEventKind.UPDATE_SENT: "progress update sent",
    ComplaintEventKind.OUTCOME_SENT: "outcome sent",
    ComplaintEventKind.ICO_CONTACTED: "the ICO got in touch about it",
    ComplaintEventKind.CLOSED: "closed",
}


def parse_outcome(text: str | IssueOutcome) -> IssueOutcome | None:
    """'upheld', 'partly', 'partly upheld', 'not-upheld', 'not_upheld' -> the outcome."""
    key = str(text or "").strip().lower().replace("_", "-").replace(" ", "-")
    key = {"partly-upheld": "partly", "partially": "partly", "not": "not-upheld"}.get(key, key)
    try:
        return IssueOutcome(key)
    except ValueError:
        return None


def parse_event_kind(text: str | ComplaintEventKind) -> ComplaintEventKind | None:
    key = str(text or "").strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return ComplaintEventKind(key)
    except ValueError:
        return None


def normalise_reference(text: str) -> str | None:
    """'cmp 2026 7' -> 'CMP-2026-0007'; None when ``text`` is not a complaint reference."""
    match = REFERENCE.match(text or "")
    if not match:
        return None
    return f"{PREFIX}-{match.group(1)}-{int(match.group(2)):04d}"


@dataclass(frozen=True)
class Issue:
    """One issue the complainant raised, numbered from 1 in the order it was recorded."""

    number: int
    text: str
    enquiries: str = ""
    outcome: IssueOutcome | None = None
    reason: str = ""  # the wording for the complainant
    remedy: str = ""

    @property
    def decided(self) -> bool:
        return self.outcome is not None

    def label(self) -> str:
        text = " ".join(self.text.split())
        short = text if len(text) <= 60 else text[:57] + "..."
        return f"issue {self.number} ({short})"


@dataclass(frozen=True)
class ComplaintEvent:
    kind: ComplaintEventKind
    date: dt.date
    note: str = ""


@dataclass(frozen=True)
class Complaint:
    """A complaint as stored; ``notes`` are internal and never printed in a letter."""

    reference: str
    complainant: Person
    received: dt.date
    channel: Channel = Channel.EMAIL
    jurisdiction: str = "uk-ew"
    case_ref: str = ""
    summary: str = ""
    status: ComplaintStatus = ComplaintStatus.OPEN
    issues: tuple[Issue, ...] = ()
    events: tuple[ComplaintEvent, ...] = ()
    ico_rights_stated: bool = False
    court_rights_stated: bool = False
    notes: tuple[str, ...] = ()
    logged: dt.date | None = None
    handler: str = ""  # the login of who handles it ("" = no handler yet)

    def first(self, kind: ComplaintEventKind) -> dt.date | None:
        days = [e.date for e in self.events if e.kind == kind]
        return min(days) if days else None

    def dates_of(self, kind: ComplaintEventKind) -> list[dt.date]:
        return sorted(e.date for e in self.events if e.kind == kind)

    @property
    def acknowledged(self) -> dt.date | None:
        return self.first(ComplaintEventKind.ACKNOWLEDGED)

    @property
    def closed_on(self) -> dt.date | None:
        return self.first(ComplaintEventKind.CLOSED)

    @property
    def is_open(self) -> bool:
        return self.status is ComplaintStatus.OPEN


@dataclass(frozen=True)
class ComplaintSummary:
    """The registry's row of a complaint (no more personal data than the name)."""

    reference: str
    complainant: str
    status: ComplaintStatus
    received: dt.date
    ack_due: dt.date | None
    acknowledged: dt.date | None
    target: dt.date | None
    closed: dt.date | None
    case_ref: str = ""
    channel: str = ""
    jurisdiction: str = "uk-ew"
    outcomes: tuple[str, ...] = field(default=())
    handler: str = ""  # login; "" = no handler

    def to_json(self) -> dict:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {"reference": self.reference, "complainant": self.complainant,
                "status": self.status.value, "received": self.received.isoformat(),
                "ack_due": iso(self.ack_due), "acknowledged": iso(self.acknowledged),
                "target": iso(self.target), "closed": iso(self.closed),
                "case": self.case_ref, "channel": self.channel,
                "jurisdiction": self.jurisdiction, "outcomes": list(self.outcomes),
                "handler": self.handler or None}


# --- rules ------------------------------------------------------------------------------


def close_reason(complaint: Complaint) -> str | None:
    """Why ``complaint`` cannot be closed yet (None: it can): it must be open, have at
    least one issue, and every issue needs an outcome."""
    if not complaint.is_open:
        return f"{complaint.reference} is already closed."
    if not complaint.issues:
        return (f"{complaint.reference} has no issues recorded: record each issue the "
                "complainant raised and its outcome before closing.")
    missing = [i for i in complaint.issues if not i.decided]
    if missing:
        names = "; ".join(i.label() for i in missing)
        word = "has" if len(missing) == 1 else "have"
        return (f"{complaint.reference} cannot be closed: {names} {word} no outcome yet. "
                "Every issue raised gets an answer.")
    return None


def issue_text_reason(text: str) -> str | None:
    """Why ``text`` cannot be recorded as an issue (None: it can)."""
    if not (text or "").strip():
        return "Describe the issue the complainant raised."
    return None


def outcome_reason(complaint: Complaint, number: int, reason: str) -> str | None:
    """Why an outcome cannot be recorded for issue ``number`` (None: it can)."""
    if not complaint.is_open:
        return f"{complaint.reference} is closed; its outcomes can no longer change."
    if not any(i.number == number for i in complaint.issues):
        have = ", ".join(str(i.number) for i in complaint.issues) or "none yet"
        return f"{complaint.reference} has no issue {number} (issues: {have})."
    if not (reason or "").strip():
        return "Give the reason for the outcome, in words for the complainant."
    return None


def event_reason(complaint: Complaint, kind: ComplaintEventKind, day: dt.date) -> str | None:
    """Why an event cannot be recorded (None: it can): not before the complaint arrived,
    and nothing but ICO contact after it closed."""
    if day < complaint.received:
        return (f"{day.isoformat()} is before the complaint was received "
                f"({complaint.received.isoformat()}).")
    if not complaint.is_open and kind is not ComplaintEventKind.ICO_CONTACTED:
        return f"{complaint.reference} is closed; only later contact from the ICO is recorded."
    return None


def outcome_letter_reason(complaint: Complaint) -> str | None:
    """Why the outcome letter cannot be written yet (None: it can)."""
    if not complaint.issues:
        return f"{complaint.reference} has no issues recorded, so there is no outcome to send."
    missing = [i for i in complaint.issues if not i.decided]
    if missing:
        names = "; ".join(i.label() for i in missing)
        return f"The outcome letter answers every issue: {names} has no outcome yet."
    return None


def outcome_counts(complaints: list[ComplaintSummary]) -> dict[str, int]:
    """How many issues ended each way (upheld, partly upheld, not upheld)."""
    counts = {OUTCOME_WORDS[o]: 0 for o in IssueOutcome}
    for c in complaints:
        for text in c.outcomes:
            outcome = parse_outcome(text)
            if outcome is not None:
                counts[OUTCOME_WORDS[outcome]] += 1
    return counts

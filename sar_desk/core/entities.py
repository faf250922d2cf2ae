"""Plain values shared by the store, the services, the letters and the window.

The store turns a case file into a :class:`CaseSnapshot`; letters and views read
snapshots, never ORM rows. Everything here is immutable and Qt/SQLAlchemy-free.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from sar_desk.core.request_types import RequestType

if TYPE_CHECKING:
    from sar_desk.core.rights import RightsRecord


class EventKind(StrEnum):
    """Timeline events. The first seven and the two exam-marks events drive the deadline."""

    ID_REQUESTED = "id_requested"
    ID_RECEIVED = "id_received"
    FEE_REQUESTED = "fee_requested"
    FEE_RECEIVED = "fee_received"
    CLARIFICATION_REQUESTED = "clarification_requested"
    CLARIFICATION_RECEIVED = "clarification_received"
    EXTENDED = "extended"
    RESPONDED = "responded"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"
    # A request for exam marks made before the results are announced (DPA 2018 Sch. 2
    # para 25): dated the day it is known to be one. The announcement day may be ahead.
    EXAM_MARKS_REQUESTED = "exam_marks_requested"
    EXAM_RESULTS_ANNOUNCED = "exam_results_announced"


CLOCK_EVENT_KINDS: tuple[EventKind, ...] = (
    EventKind.ID_REQUESTED,
    EventKind.ID_RECEIVED,
    EventKind.FEE_REQUESTED,
    EventKind.FEE_RECEIVED,
    EventKind.CLARIFICATION_REQUESTED,
    EventKind.CLARIFICATION_RECEIVED,
    EventKind.EXTENDED,
    EventKind.EXAM_MARKS_REQUESTED,
    EventKind.EXAM_RESULTS_ANNOUNCED,
)


class CaseStatus(StrEnum):
    OPEN = "open"
    RESPONDED = "responded"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


class Channel(StrEnum):
    EMAIL = "email"
    POST = "post"
    WEB = "web"
    PHONE = "phone"
    IN_PERSON = "in-person"
    SOCIAL = "social"


class DisclosureStatus(StrEnum):
    UNDECIDED = "undecided"
    DISCLOSE = "disclose"
    WITHHOLD = "withhold"
    PARTLY = "partly"


class RenditionState(StrEnum):
    """Whether a document has its PDF rendition (the pages the bundle takes)."""

    PENDING = ""  # not made yet: made when first needed
    CONVERTED = "converted"
    NEEDS_CONVERSION = "needs_conversion"  # no converter here: the officer supplies a PDF
    UNREADABLE = "unreadable"  # the file cannot be read (the note says why)


class DecisionKind(StrEnum):
    FEE = "fee"
    REFUSE = "refuse"


class DecisionGround(StrEnum):
    UNFOUNDED = "unfounded"  # manifestly unfounded
    EXCESSIVE = "excessive"  # manifestly excessive
    FURTHER_COPIES = "further_copies"  # fee for further copies only


@dataclass(frozen=True)
class Person:
    """A requester or data subject. ``address`` keeps the lines as typed (newline-separated)."""

    name: str
    email: str = ""
    address: str = ""
    phone: str = ""

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]


@dataclass(frozen=True)
class Taken:
    """Who took an entry back (voided, withdrew, discarded, removed it), when and why."""

    by: str
    at: dt.datetime | None
    reason: str


@dataclass(frozen=True)
class TimelineEvent:
    """An event of the timeline; ``id`` is its number in the case (1, 2, ...).

    A voided event (``voided`` set) stays on the record but counts for nothing: it is in
    :attr:`CaseSnapshot.voided_events`, never in :attr:`CaseSnapshot.events`.
    """

    kind: EventKind
    date: dt.date
    note: str = ""  # internal: for colleagues, never printed in a letter
    recorded_at: dt.datetime | None = None
    recorded_by: str = ""
    id: int = 0
    voided: Taken | None = None
    wording: str = ""  # what a letter may tell the requester about it ("" = nothing)


@dataclass(frozen=True)
class AppliedExemption:
    code: str
    reasoning: str
    scope: str = ""
    recorded_at: dt.datetime | None = None
    recorded_by: str = ""
    id: int = 0
    withdrawn: Taken | None = None  # then in CaseSnapshot.withdrawn_exemptions only
    wording: str = ""  # what a letter may tell the requester ("" = the catalogue's words)


@dataclass(frozen=True)
class Decision:
    """A fee or refusal decision for a manifestly unfounded or excessive request."""

    kind: DecisionKind
    ground: DecisionGround
    reasons: str
    factors: str = ""
    amount: Decimal | None = None
    working: str = ""
    decided_on: dt.date | None = None
    decided_by: str = ""
    wording: str = ""  # the reasons as the requester is told them (reasons stay internal)


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    filename: str
    sha256: str
    size: int
    status: DisclosureStatus = DisclosureStatus.UNDECIDED
    exemption_code: str = ""
    added_at: dt.datetime | None = None
    removed: Taken | None = None  # then in CaseSnapshot.removed_documents only (no bytes)
    note: str = ""  # internal: why it is provided, withheld or redacted
    wording: str = ""  # what the final response says about it ("" = the exemption's words)
    parent_id: int | None = None  # the e-mail it is an attachment of (a child item)
    rendition: RenditionState = RenditionState.PENDING
    rendition_note: str = ""  # why it needs conversion or cannot be read
    rendition_sha256: str = ""
    page_count: int = 0  # pages of its rendition (0 until converted)
    duplicate_of: int | None = None  # the earlier item it duplicates (left out of a bundle)
    email_key: str = ""  # an e-mail's normalised headers (Message-ID, date, sender, subject)
    body_hash: str = ""  # sha256 of an e-mail's normalised body
    thread_key: str = ""  # the e-mail thread it belongs to
    dated: dt.date | None = None  # the date it bears (an e-mail's Date)


@dataclass(frozen=True)
class LetterInfo:
    id: int
    kind: str
    format: str
    sha256: str
    generated_at: dt.datetime | None = None
    generated_by: str = ""
    discarded: Taken | None = None  # discarded before dispatch: superseded

    @property
    def superseded(self) -> bool:
        """Whether the letter was discarded (it is kept, but never printed or sent)."""
        return self.discarded is not None


@dataclass(frozen=True)
class Correction:
    """A detail of the request corrected after it was typed (``field`` as the edit names it)."""

    field: str
    before: str
    after: str
    reason: str
    at: dt.datetime | None = None
    by: str = ""


@dataclass(frozen=True)
class DispatchRecord:
    letter_id: int | None
    date: dt.date
    method: str
    tracking: str = ""


@dataclass(frozen=True)
class SearchLogEntry:
    system: str
    terms: str
    people: str = ""
    searched_on: dt.date | None = None
    recorded_by: str = ""


@dataclass(frozen=True)
class BundleInfo:
    """The latest disclosure bundle built for a case (its bytes stay in the case file)."""

    id: int
    sha256: str
    pages: int
    items: int  # items whose pages are in the bundle
    built_at: dt.datetime | None = None
    built_by: str = ""
    approved_by: str = ""  # "" = not approved as it stands
    approved_at: dt.datetime | None = None

    @property
    def approved(self) -> bool:
        return bool(self.approved_by)


@dataclass(frozen=True)
class Note:
    text: str
    recorded_at: dt.datetime | None = None
    recorded_by: str = ""


@dataclass(frozen=True)
class CaseSnapshot:
    """Everything known about one request, read from its case file."""

    reference: str
    status: CaseStatus
    jurisdiction: str
    channel: Channel
    received: dt.date
    logged: dt.date
    requester: Person
    subject: Person | None = None  # set when someone asks on another's behalf
    authority_evidence: str = ""
    assignee: str = ""
    request_text: str = ""
    request_types: tuple[RequestType, ...] = (RequestType.ACCESS,)
    events: tuple[TimelineEvent, ...] = ()
    exemptions: tuple[AppliedExemption, ...] = ()
    decisions: tuple[Decision, ...] = ()
    documents: tuple[DocumentInfo, ...] = ()
    letters: tuple[LetterInfo, ...] = ()
    dispatches: tuple[DispatchRecord, ...] = ()
    search_log: tuple[SearchLogEntry, ...] = ()
    notes: tuple[Note, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)
    # Checklists, outcomes, recipients told and exports of the rights beyond access.
    rights: RightsRecord | None = None
    # What was taken back or corrected: kept on the record, counted for nothing.
    voided_events: tuple[TimelineEvent, ...] = ()
    withdrawn_exemptions: tuple[AppliedExemption, ...] = ()
    removed_documents: tuple[DocumentInfo, ...] = ()
    corrections: tuple[Correction, ...] = ()
    bundle: BundleInfo | None = None  # the latest disclosure bundle built, if any

    @property
    def timeline(self) -> tuple[TimelineEvent, ...]:
        """Every event recorded, voided ones included, in the order recorded."""
        return tuple(sorted((*self.events, *self.voided_events), key=lambda e: e.id))
    # True when the reader's roles leave out the case's content (staff: see core.staff_view).
    redacted: bool = False

    @property
    def data_subject(self) -> Person:
        """The person the data is about: the subject if named, else the requester."""
        return self.subject or self.requester

    @property
    def clock_events(self) -> tuple[TimelineEvent, ...]:
        return tuple(e for e in self.events if e.kind in CLOCK_EVENT_KINDS)

    @property
    def numbered_documents(self) -> tuple[tuple[int, DocumentInfo], ...]:
        """The documents (removed ones left out) with their numbers, in the order added: the
        number is the one the case display and the command line use (a removed document's
        number is not given again)."""
        return tuple((d.id, d) for d in sorted(self.documents, key=lambda d: d.id))

    def latest_decision(self, kind: DecisionKind) -> Decision | None:
        found = [d for d in self.decisions if d.kind == kind]
        return found[-1] if found else None


@dataclass(frozen=True)
class CaseSummary:
    """One registry row: what lists, search and the dashboard need, without opening the case.

    ``events`` holds the clock and closing events (kind and date only, no personal data)
    so due dates and states can be recomputed for any ``as_of`` day.
    """

    reference: str
    requester_name: str
    status: CaseStatus
    jurisdiction: str
    received: dt.date
    due: dt.date | None
    extended_due: dt.date | None
    paused: bool
    assignee: str
    updated: dt.datetime | None
    request_types: tuple[RequestType, ...] = (RequestType.ACCESS,)
    events: tuple[tuple[EventKind, dt.date], ...] = ()
    possible_repeat_of: str = ""
    # For the compliance report (no personal data): the date of each refusal decision,
    # and the code and date of each exemption applied.
    refusals: tuple[dt.date, ...] = ()
    exemptions: tuple[tuple[str, dt.date], ...] = ()
    # The deadline policy the case was created under (``Policy.to_text``; "" the defaults).
    deadline_policy: str = ""
    # The case file could not be read when the index was last rebuilt: the row is the last
    # one known, kept so the case stays listed and counted until the file is restored.
    damaged: bool = False

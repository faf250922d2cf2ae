"""Generate a letter for a case (a response letter, or the Art. 19 notice to a recipient)
and keep it in the case file.

The letter is rendered from the case as it is stored (the due dates come from the deadline
engine), then stored in the case file with its sha256, kind, format, date and an audit
entry. The bytes are also returned so the caller can save or show them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sar_desk.core.entities import CaseSnapshot, LetterInfo, RequestType
from sar_desk.core.rights import parse_right
from sar_desk.services.settings import signing_sender, workspace_profile

if TYPE_CHECKING:
    from sar_desk.documents import Profile, Sender
    from sar_desk.documents.letter_kinds import LetterKind
    from sar_desk.store.workspace import Workspace


def generate_letter(
    ws: Workspace,
    ref: str,
    kind: str,
    fmt: str,
    *,
    sender: Sender | None = None,
    as_of: dt.date | None = None,
    actor: str | None = None,
) -> tuple[LetterInfo, bytes]:
    """Render a ``kind`` letter for case ``ref`` as ``fmt`` (pdf/docx) and store it.

    A stored letter always carries the workspace's organisation profile, which only an
    administrator may change; another profile is for :func:`preview_letter` only.
    Raises an InputError (nothing stored) when the kind or format is unknown, the case is
    not ready for that letter, the profile lacks a field or a character cannot be drawn.
    """
    from sar_desk.services import cases

    case, data = _render(ws, ref, kind, fmt, workspace_profile(ws), sender, as_of)
    info = cases.store_letter(ws, case.reference, kind, fmt, data, actor=actor)
    return info, data


def preview_letter(
    ws: Workspace,
    ref: str,
    kind: str,
    fmt: str,
    *,
    profile: Profile,
    sender: Sender | None = None,
    as_of: dt.date | None = None,
) -> bytes:
    """The letter as it would look with another organisation ``profile`` (one being drafted):
    rendered only, never stored in the case, so no stored letter can carry a profile the
    administrator did not set."""
    return _render(ws, ref, kind, fmt, profile, sender, as_of)[1]


def _render(ws: Workspace, ref: str, kind: str, fmt: str, profile: Profile,
            sender: Sender | None, as_of: dt.date | None) -> tuple[CaseSnapshot, bytes]:
    from sar_desk.documents import FORMATS, letter_kind, render_letter
    from sar_desk.errors import InputError
    from sar_desk.services import cases
    from sar_desk.services.access import require

    require(ws, "generate_letter", cases.normalise_reference(ref))  # before any reading
    record = letter_kind(kind)  # an unknown kind is refused before the case is read
    if fmt not in FORMATS:
        raise InputError(f"unknown letter format {fmt!r}: choose pdf or docx")
    case = cases.load_case(ws, ref)  # the whole case: the letter quotes the request
    day = as_of or ws.clock.today()
    deadline = cases.deadline_for(case, as_of=day)
    record.check(case, deadline, day)  # the case first: what it lacks comes before the profile
    from sar_desk.documents import LetterNotAllowed

    reason = first_letter_refusal(ws, profile)
    if reason:
        raise LetterNotAllowed(reason, code="letter.profile_unconfirmed")
    reason = profile_refusal(record, profile)
    if reason:
        raise LetterNotAllowed(reason, code="letter.payment_details")
    sender = sender or signing_sender(profile)
    data = render_letter(
        kind, case, fmt=fmt, profile=profile, sender=sender, as_of=day, deadline=deadline
    )
    return case, data


def profile_refusal(record: LetterKind, profile: Profile) -> str | None:
    """Why the profile is not ready for a letter of kind ``record`` (None: it is): a letter
    asking for a fee needs the payment details present and confirmed."""
    from sar_desk.core.letter_rules import payment_details_reason
    from sar_desk.documents.profile import PAYMENT_FIELDS

    if not record.needs_payment_details:
        return None
    missing = [f for f in PAYMENT_FIELDS if not str(profile.get(f) or "").strip()]
    return payment_details_reason(missing, unconfirmed_in(profile, PAYMENT_FIELDS))


def first_letter_refusal(ws: Workspace, profile: Profile) -> str | None:
    """Why a real (not demo) workspace may not send letters yet: its profile still flags
    the organisation's identity, contact or payment details as not confirmed."""
    from sar_desk.core.letter_rules import profile_confirmation_reason
    from sar_desk.services.profile_confirm import FIRST_LETTER_SECTIONS

    if is_demo_workspace(ws):
        return None
    return profile_confirmation_reason(unconfirmed_in(profile, sections=FIRST_LETTER_SECTIONS))


def is_demo_workspace(ws: Workspace) -> bool:
    """Whether ``ws`` was filled with demo cases (its letters go to made-up people)."""
    return ws.registry.meta_value(DEMO_KEY) == "yes"


DEMO_KEY = "demo_workspace"


def unconfirmed_in(profile: Profile, fields: tuple[str, ...] = (),
                   sections: tuple[str, ...] = ()) -> list[str]:
    """Which of ``fields`` (or of the fields of ``sections``) the profile's file still flags
    as not confirmed."""
    from pathlib import Path

    from sar_desk.services.profile_form import unconfirmed_fields

    source = Path(profile.source)
    if not source.is_file():
        return []  # a profile built in memory has no comments to flag anything
    flagged = unconfirmed_fields(source.read_text(encoding="utf-8"))
    return [f for f in flagged if f in fields or f.split(".", 1)[0] in sections]


@dataclass(frozen=True)
class ReadyLetter:
    """A stored PDF letter of an open case that is ready to go out and not sent yet."""

    reference: str
    requester: str
    letter_id: int
    kind: str
    generated: dt.datetime | None


def find_ready_letters(ws: Workspace) -> list[ReadyLetter]:
    """PDF letters of open cases with no dispatch recorded (the latest of each kind, unless
    it was discarded).

    A final response or refusal waits for its sign-off before it can go out.
    """
    from sar_desk.services.cases import get_case, list_cases
    from sar_desk.services.signoff import issuable

    ready = []
    for row in list_cases(ws, status="open"):
        case = get_case(ws, row.reference)
        sent = {d.letter_id for d in case.dispatches}
        latest: dict[str, LetterInfo] = {}
        for letter in case.letters:
            if letter.format == "pdf":
                latest[letter.kind] = letter
        for letter in latest.values():  # a discarded (superseded) letter is never printed
            if letter.id not in sent and not letter.superseded and issuable(
                    ws, case.reference, letter):
                ready.append(ReadyLetter(case.reference, case.requester.name, letter.id,
                                         letter.kind, letter.generated_at))
    return ready
def generate_recipient_notice(ws: Workspace, ref: str, right: RequestType | str,
                              recipient: str, fmt: str, *, address: tuple[str, ...] = (),
                              as_of: dt.date | None = None, actor: str | None = None,
                              ) -> tuple[LetterInfo, bytes]:
    """Render the Art. 19 notice to one recipient (PDF or DOCX) and store it in the case."""
    from sar_desk.documents import FORMATS, render_document
    from sar_desk.documents.notice import NOTICE_KIND, build_notice_document
    from sar_desk.errors import InputError
    from sar_desk.services import cases
    from sar_desk.services.rights import recipients_for, resolve_recipient

    if fmt not in FORMATS:
        raise InputError(f"unknown letter format {fmt!r}: choose pdf or docx")
    from sar_desk.services.access import require

    require(ws, "generate_letter", cases.normalise_reference(ref))  # before any reading
    right = parse_right(right)
    name = resolve_recipient(recipients_for(ws), recipient)
    case = cases.load_case(ws, ref)  # the whole case: the notice names the data subject
    day = as_of or ws.clock.today()
    profile = workspace_profile(ws)
    document = build_notice_document(
        case, right, name, profile=profile, sender=signing_sender(profile), as_of=day,
        deadline=cases.deadline_for(case, as_of=day),
        address=tuple(line.strip() for line in address if line.strip()))
    data = render_document(document, fmt)
    info = cases.store_letter(ws, case.reference, NOTICE_KIND, fmt, data, actor=actor)
    return info, data

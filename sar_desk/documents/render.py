"""Build a letter's document model from a case and render it to PDF or DOCX bytes.

Pure: no store, no workspace. The due and extended dates always come from the deadline
engine. Kinds that need a decision or an event first are refused with a
:class:`LetterNotAllowed` message saying what is missing.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sar_desk.core.entities import (
    CaseSnapshot,
    CaseStatus,
    DecisionKind,
    DisclosureStatus,
    EventKind,
)
from sar_desk.documents.context import Sender, build_context
from sar_desk.documents.dates import long_date
from sar_desk.documents.errors import LetterNotAllowed
from sar_desk.documents.markup import parse_markup
from sar_desk.documents.model import AddressBlock, Document, Heading, Letterhead, SignatureBlock
from sar_desk.documents.profile import Profile
from sar_desk.documents.templates import LETTER_KINDS, render_template, require_kind
from sar_desk.errors import InputError

if TYPE_CHECKING:
    from sar_desk.core.deadline_result import DeadlineResult

FORMATS = ("pdf", "docx")


def check_allowed(kind: str, case: CaseSnapshot, deadline: DeadlineResult, as_of: dt.date) -> None:
    """Refuse a letter the case is not ready for, saying what must be recorded first."""
    ref = case.reference
    if kind == "fee-request":
        decision = case.latest_decision(DecisionKind.FEE)
        if decision is None:
            raise LetterNotAllowed(
                f"case {ref} has no fee decision: record the decision to charge a fee "
                "(ground, reasons, amount and how it was worked out) before writing a fee request"
            )
        if decision.amount is None or decision.amount <= 0:
            raise LetterNotAllowed(
                f"the fee decision on case {ref} has no amount: record the amount to charge"
            )
    elif kind == "refusal":
        if case.latest_decision(DecisionKind.REFUSE) is None:
            raise LetterNotAllowed(
                f"case {ref} has no refusal decision: record the decision to refuse "
                "(ground and reasons) before writing a refusal"
            )
    elif kind == "extension-notice":
        if not any(e.kind == EventKind.EXTENDED for e in case.events):
            raise LetterNotAllowed(
                f"case {ref} has no extension recorded: record the extension (with its "
                "reasons) before writing an extension notice"
            )
        if not deadline.extension_valid or deadline.extended_due is None:
            raise LetterNotAllowed(
                f"the extension on case {ref} is not valid: an extension notice can only be "
                f"sent while the first month runs (until {long_date(deadline.due)}), and this "
                "one was recorded after that"
            )
        if as_of > deadline.due:
            raise LetterNotAllowed(
                f"an extension notice for case {ref} can only be sent while the first month "
                f"runs, which ended on {long_date(deadline.due)}; today is {long_date(as_of)}"
            )
    elif kind == "no-data-held":
        provided = [d for d in case.documents
                    if d.status in (DisclosureStatus.DISCLOSE, DisclosureStatus.PARTLY)]
        if provided:
            raise LetterNotAllowed(
                f"case {ref} has {len(provided)} document(s) marked to be provided, so a "
                "no-data-held letter would be wrong: send a final response instead, or "
                "change the documents' status"
            )
    elif kind == "withdrawal-confirmation":
        withdrawn = case.status == CaseStatus.WITHDRAWN or any(
            e.kind == EventKind.WITHDRAWN for e in case.events
        )
        if not withdrawn:
            raise LetterNotAllowed(
                f"case {ref} is not recorded as withdrawn: record the withdrawal first"
            )


def _letterhead(profile: Profile) -> Letterhead:
    p = profile.get
    contact = [
        *p("organisation.address"),
        f"Telephone {p('organisation.phone')}",
        p("organisation.email"),
        p("organisation.website"),
    ]
    where = p("organisation.registered_in", "")
    legal = f"{p('organisation.name')} · Registered"
    legal += f" in {where}" if where else ""
    legal += f", company number {p('organisation.company_number')}"
    return Letterhead(name=p("organisation.name"), lines=tuple(contact), legal_line=legal)


def build_document(
    kind: str,
    case: CaseSnapshot,
    *,
    profile: Profile,
    sender: Sender,
    as_of: dt.date,
    deadline: DeadlineResult,
) -> Document:
    """The document model of one letter (checks first that the case is ready for it)."""
    require_kind(kind)
    check_allowed(kind, case, deadline, as_of)
    title = LETTER_KINDS[kind][1]
    context = build_context(kind, title, case, deadline, profile, sender, as_of)
    body = parse_markup(render_template(kind, context, profile.templates_dir))
    subject = next((b.text for b in body if isinstance(b, Heading) and b.level == 1), title)
    lines = case.requester.address_lines
    if not lines and case.requester.email:
        lines = [case.requester.email]  # a request by email is answered by email
    recipient = (case.requester.name, *lines)
    details = [("Date", long_date(as_of)), ("Our reference", case.reference)]
    if case.received:
        details.append(("Your request of", long_date(case.received)))
    org = profile.get("organisation.name")
    return Document(
        title=subject,
        reference=case.reference,
        letterhead=_letterhead(profile),
        recipient=AddressBlock(tuple(recipient)),
        details=tuple(details),
        body=body,
        signature=SignatureBlock("Yours sincerely,", sender.name, sender.role, org),
        author=org,
        keywords=(kind, case.reference),
    )


def default_sender(profile: Profile) -> Sender:
    """The signatory named in the profile, else the privacy contact."""
    return Sender(
        name=profile.get("signatory.name") or profile.get("privacy_contact.name"),
        role=profile.get("signatory.role") or "Data protection",
    )


def render_document(document: Document, fmt: str) -> bytes:
    """Render a built document model to ``fmt`` ("pdf" or "docx")."""
    from sar_desk.documents.fonts import check_coverage

    check_coverage(document.texts_with_place())
    if fmt == "pdf":
        from sar_desk.documents.pdf_renderer import render_pdf

        return render_pdf(document)
    if fmt == "docx":
        from sar_desk.documents.docx_renderer import render_docx

        return render_docx(document)
    raise InputError(f"unknown letter format {fmt!r}: choose pdf or docx")


def render_letter(
    kind: str,
    case: CaseSnapshot,
    *,
    fmt: str,
    profile: Profile,
    sender: Sender,
    as_of: dt.date,
    deadline: DeadlineResult | None = None,
) -> bytes:
    """Render one letter of ``kind`` for ``case`` as PDF or DOCX bytes.

    ``deadline`` defaults to the deadline engine's result for the case on ``as_of``.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown letter format {fmt!r}: choose pdf or docx")
    if deadline is None:
        from sar_desk.core.deadlines import compute_deadline
        from sar_desk.core.policy import Policy

        policy = Policy.from_text(case.extra.get("deadline_policy", ""))
        deadline = compute_deadline(
            case.received, case.jurisdiction, case.events, as_of=as_of, policy=policy
        )
    document = build_document(
        kind, case, profile=profile, sender=sender, as_of=as_of, deadline=deadline
    )
    return render_document(document, fmt)

"""Build a letter's document model from a case and render it to PDF or DOCX bytes.

Pure: no store, no workspace. The due and extended dates always come from the deadline
engine. A kind whose precondition (its record in :mod:`~sar_desk.documents.letter_kinds`)
refuses the case is refused with a :class:`LetterNotAllowed` message saying what is missing.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sar_desk.core.entities import CaseSnapshot
from sar_desk.core.input_rules import address_reason
from sar_desk.core.letter_rules import payment_details_reason
from sar_desk.documents.context import Sender
from sar_desk.documents.dates import long_date
from sar_desk.documents.errors import LetterNotAllowed
from sar_desk.documents.letter_kinds import letter_kind
from sar_desk.documents.letterhead import letterhead
from sar_desk.documents.markup import parse_markup
from sar_desk.documents.model import AddressBlock, Document, Heading, SignatureBlock
from sar_desk.documents.profile import PAYMENT_FIELDS, Profile
from sar_desk.documents.templates import render_template
from sar_desk.errors import InputError

if TYPE_CHECKING:
    from sar_desk.core.deadline_result import DeadlineResult

FORMATS = ("pdf", "docx")


def build_document(
    kind: str,
    case: CaseSnapshot,
    *,
    profile: Profile,
    sender: Sender,
    as_of: dt.date,
    deadline: DeadlineResult,
    check: bool = True,
) -> Document:
    """The document model of one letter (checks first that the case is ready for it, unless
    ``check`` is False: rebuilding a letter already made, to preview it)."""
    record = letter_kind(kind)
    if check:
        record.check(case, deadline, as_of)
    if check and record.needs_payment_details:
        missing = [f for f in PAYMENT_FIELDS if not str(profile.get(f) or "").strip()]
        reason = payment_details_reason(missing, [])
        if reason:
            raise LetterNotAllowed(reason)
    title = record.title
    context = record.context_for(case, deadline, profile, sender, as_of)
    body = parse_markup(render_template(kind, context, profile.templates_dir, profile.limits))
    subject = next((b.text for b in body if isinstance(b, Heading) and b.level == 1), title)
    reason = address_reason(case.requester.address)
    if reason:
        raise LetterNotAllowed(reason)
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
        letterhead=letterhead(profile),
        recipient=AddressBlock(tuple(recipient)),
        details=tuple(details),
        body=body,
        signature=SignatureBlock("Yours sincerely,", sender.name, sender.role, org),
        author=org,
        keywords=(kind, case.reference),
        dated=as_of,
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

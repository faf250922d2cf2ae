"""The notice to a recipient (Art. 19) of a rectification, erasure or restriction.

It is addressed to the recipient, not the requester, and is not one of the letter kinds
(:mod:`sar_desk.documents.letter_kinds`); it uses the same template machinery, document
model and renderers.
"""

from __future__ import annotations

import datetime as dt

from sar_desk.core.deadline_result import DeadlineResult
from sar_desk.core.entities import CaseSnapshot, RequestType
from sar_desk.core.rights import ART19_RIGHTS
from sar_desk.documents.context import Sender, build_context
from sar_desk.documents.dates import long_date
from sar_desk.documents.errors import LetterNotAllowed
from sar_desk.documents.letterhead import letterhead
from sar_desk.documents.markup import parse_markup
from sar_desk.documents.model import AddressBlock, Document, Heading, SignatureBlock
from sar_desk.documents.profile import Profile
from sar_desk.documents.rights_letters import rights_fields
from sar_desk.documents.templates import render_named

NOTICE_KIND = "recipient-notice"
NOTICE_TITLE = "Notice of a change to personal data (Article 19 UK GDPR)"


def build_notice_document(
    case: CaseSnapshot, right: RequestType, recipient: str, *, profile: Profile,
    sender: Sender, as_of: dt.date, deadline: DeadlineResult,
    address: tuple[str, ...] = (),
) -> Document:
    """The Art. 19 notice to one recipient of a rectification, erasure or restriction."""
    if right not in ART19_RIGHTS:
        raise LetterNotAllowed("recipients are told of rectification, erasure and "
                               f"restriction (Art. 19), not of {right.value}")
    if right not in case.request_types:
        raise LetterNotAllowed(f"case {case.reference} does not ask for {right.value}")
    context = build_context(NOTICE_KIND, NOTICE_TITLE, case, deadline, profile, sender, as_of)
    rights = rights_fields(right, case)
    if not rights["actions"]:
        raise LetterNotAllowed(f"case {case.reference} has nothing recorded as done for "
                               f"{right.value}: there is no change to tell recipients about")
    rights["notice"] = {"recipient": recipient,
                        "changes": [a["text"] for a in rights["actions"]]}
    context["rights"] = rights
    body = parse_markup(render_named(NOTICE_KIND, context, profile.templates_dir, profile.limits))
    subject = next((b.text for b in body if isinstance(b, Heading) and b.level == 1),
                   NOTICE_TITLE)
    org = profile.get("organisation.name")
    return Document(
        title=subject, reference=case.reference, letterhead=letterhead(profile),
        recipient=AddressBlock((recipient, *address)),
        details=(("Date", long_date(as_of)), ("Our reference", case.reference)),
        body=body, signature=SignatureBlock("Yours faithfully,", sender.name, sender.role, org),
        author=org, keywords=(NOTICE_KIND, case.reference), dated=as_of,
    )

"""Shared test helpers: sample cases and text extraction from PDF and DOCX."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace
from decimal import Decimal

from sar_desk.core.entities import (
    AppliedExemption,
    CaseSnapshot,
    CaseStatus,
    Channel,
    Decision,
    DecisionGround,
    DecisionKind,
    DisclosureStatus,
    DocumentInfo,
    EventKind,
    Person,
    TimelineEvent,
)
from sar_desk.documents.docx_text import docx_paragraphs  # noqa: F401 - for the tests

MULTISCRIPT = "Zoë Łukasiewicz-王芳 Ελένη Жанна"
RECEIVED = dt.date(2025, 9, 3)
AS_OF = dt.date(2025, 9, 25)  # within the first month
# Independently worked out from the rules: 3 Sep -> 3 Oct 2025 (a Friday);
# extension: 3 Sep + 3 months = 3 Dec 2025 (a Wednesday).
DUE_TEXT = "3 October 2025"
EXTENDED_TEXT = "3 December 2025"
RECEIVED_TEXT = "3 September 2025"
AS_OF_TEXT = "25 September 2025"


def base_case(name: str = MULTISCRIPT, **changes: object) -> CaseSnapshot:
    case = CaseSnapshot(
        reference="SAR-2025-0042",
        status=CaseStatus.OPEN,
        jurisdiction="uk-ew",
        channel=Channel.EMAIL,
        received=RECEIVED,
        logged=RECEIVED,
        requester=Person(
            name=name,
            email="requester@example.org",
            address="Flat 2, 14 Ulica Długa\nGdańsk Road\nLeamington Spa\nCV32 4AB",
        ),
        documents=(
            DocumentInfo(1, "Support emails 2024.pdf", "a" * 64, 10, DisclosureStatus.DISCLOSE),
            DocumentInfo(2, "CRM account record.pdf", "b" * 64, 10, DisclosureStatus.PARTLY,
                         "third-party"),
            DocumentInfo(3, "Board minutes about a dispute.pdf", "c" * 64, 10,
                         DisclosureStatus.WITHHOLD, "legal-privilege"),
        ),
        exemptions=(AppliedExemption("third-party", "Names a colleague who did not consent",
                                     "Board minutes about a dispute.pdf"),),
    )
    return replace(case, **changes)


FEE = Decision(DecisionKind.FEE, DecisionGround.EXCESSIVE,
               "Third identical request in two months; see the log.",
               amount=Decimal("45.00"), working="Three hours of staff time at £15 an hour.",
               decided_on=dt.date(2025, 9, 10),
               wording="You have asked for the same records three times in the last two months.")
REFUSE = Decision(DecisionKind.REFUSE, DecisionGround.UNFOUNDED,
                  "Offered to withdraw for money (call with K., 9 Sept).",
                  wording="You offered to withdraw the request in return for a payment.")
EXTENDED = TimelineEvent(EventKind.EXTENDED, dt.date(2025, 9, 20),
                         "Twelve systems; IT slow to export.",
                         wording="Your records are spread over twelve separate systems.")
WITHDRAWN = TimelineEvent(EventKind.WITHDRAWN, dt.date(2025, 9, 24), "By email")
ID_ASKED = TimelineEvent(EventKind.ID_REQUESTED, dt.date(2025, 9, 4), "Asked by phone",
                         wording="Please send a copy of your passport.")
CLARIFY = TimelineEvent(EventKind.CLARIFICATION_REQUESTED, dt.date(2025, 9, 5),
                        "Large volume of HR email",
                        wording="Which years does your request cover?")


def case_for(kind: str, name: str = MULTISCRIPT) -> CaseSnapshot:
    """A case ready for a letter of ``kind``."""
    case = base_case(name)
    if kind.endswith(("-outcome", "-acknowledgement")) and kind != "acknowledgement":
        from tests.documents.rights_samples import case_for_rights_kind

        return case_for_rights_kind(case, kind)
    if kind == "fee-request":
        return replace(case, decisions=(FEE,))
    if kind == "refusal":
        return replace(case, decisions=(REFUSE,))
    if kind == "extension-notice":
        return replace(case, events=(EXTENDED,))
    if kind == "identity-request":
        return replace(case, events=(ID_ASKED,))
    if kind in ("clarification-request", "chaser"):  # chaser: 20 days unanswered by AS_OF
        return replace(case, events=(CLARIFY,))
    if kind == "withdrawal-confirmation":
        return replace(case, status=CaseStatus.WITHDRAWN, events=(WITHDRAWN,))
    if kind == "no-data-held":
        return replace(case, documents=(), exemptions=())
    return case


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdf_body_text(data: bytes, footer_prefix: str) -> str:
    """All page text without whitespace, bullets and the page footers (checked separately)."""
    pages = pdf_pages(data)
    total = len(pages)
    out = []
    for number, text in enumerate(pages, start=1):
        footer = squash(f"{footer_prefix} · Page {number} of {total}")
        flat = squash(text)
        assert footer in flat, f"page {number} lacks its footer {footer!r}"
        out.append(flat.replace(footer, "", 1).replace("•", ""))
    return "".join(out)

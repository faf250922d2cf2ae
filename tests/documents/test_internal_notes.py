"""Internal notes never reach the requester: every letter kind, PDF and DOCX, for a case whose
every internal note is a canary, and the allow-list that keeps them out of the context."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sar_desk.core.entities import (
    AppliedExemption,
    Decision,
    DocumentInfo,
    Note,
    SearchLogEntry,
    TimelineEvent,
)
from sar_desk.documents import LETTER_KINDS, build_document, render_document
from sar_desk.documents.context import OUTGOING, outgoing
from tests.documents.helpers import AS_OF, case_for, docx_paragraphs, pdf_pages, squash

CANARIES = {
    "event": "Canaryeventnotezebra",
    "reasoning": "Canaryexemptionreasoningokapi",
    "scope": "Canaryexemptionscopequokka",
    "reasons": "Canarydecisionreasonsnarwhal",
    "factors": "Canarydecisionfactorsaxolotl",
    "document": "Canarydocumentnotepangolin",
    "case-note": "Canarycasenotetapir",
    "search": "Canarysearchloggeribex",  # who logged a search (its terms do go out)
}


def canary_case(kind: str):
    """The sample case ready for ``kind``, with a canary in every internal note."""
    case = case_for(kind)
    c = CANARIES
    return replace(
        case,
        events=tuple(replace(e, note=c["event"]) for e in case.events),
        exemptions=(*(replace(x, reasoning=c["reasoning"], scope=c["scope"])
                      for x in case.exemptions),
                    AppliedExemption("negotiations", c["reasoning"], c["scope"])),
        decisions=tuple(replace(d, reasons=c["reasons"], factors=c["factors"])
                        for d in case.decisions),
        documents=tuple(replace(d, note=c["document"]) for d in case.documents),
        notes=(Note(c["case-note"]),),
        search_log=(SearchLogEntry("Exchange", "Dubois", recorded_by=c["search"]),),
    )


@pytest.mark.parametrize("kind", list(LETTER_KINDS))
def test_no_internal_note_reaches_any_letter(profile, sender, kind):
    from sar_desk.core.deadlines import compute_deadline

    case = canary_case(kind)
    deadline = compute_deadline(case.received, case.jurisdiction, case.events, as_of=AS_OF)
    document = build_document(kind, case, profile=profile, sender=sender, as_of=AS_OF,
                              deadline=deadline)
    docx_text = squash("".join(docx_paragraphs(render_document(document, "docx")))).lower()
    pdf_text = squash("".join(pdf_pages(render_document(document, "pdf")))).lower()
    assert docx_text and pdf_text
    for what, canary in CANARIES.items():
        assert canary.lower() not in docx_text, f"{kind} DOCX shows the {what}"
        assert canary.lower() not in pdf_text, f"{kind} PDF shows the {what}"


def test_the_canary_case_carries_the_wording_meant_for_the_requester(profile, sender):
    """The letters above are not empty of case text: the wording does go out."""
    from sar_desk.core.deadlines import compute_deadline

    case = canary_case("extension-notice")
    deadline = compute_deadline(case.received, case.jurisdiction, case.events, as_of=AS_OF)
    document = build_document("extension-notice", case, profile=profile, sender=sender,
                              as_of=AS_OF, deadline=deadline)
    assert "Your records are spread over twelve separate systems." in document.paragraphs()


def test_internal_fields_are_not_on_the_allow_list():
    internal = {TimelineEvent: "note", AppliedExemption: "reasoning", Decision: "reasons",
                DocumentInfo: "note"}
    for record_type, name in internal.items():
        assert name not in OUTGOING[record_type]
    assert "scope" not in OUTGOING[AppliedExemption]
    assert "factors" not in OUTGOING[Decision]
    assert "recorded_by" not in OUTGOING[SearchLogEntry]
    event = case_for("extension-notice").events[0]
    with pytest.raises(KeyError, match="internal"):
        outgoing(event, "note")
    assert outgoing(event, "wording") == event.wording

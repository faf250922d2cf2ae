"""The final response accounts for every document: provided, provided in part or withheld,
citing the exemption by name and provision, and an undecided document blocks it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sar_desk.core.deadlines import compute_deadline
from sar_desk.core.entities import DisclosureStatus, DocumentInfo
from sar_desk.documents import LetterNotAllowed, build_document, render_document
from sar_desk.documents.model import Table
from tests.documents.helpers import AS_OF, case_for, docx_paragraphs, pdf_body_text, squash


def _build(case, profile, sender):
    deadline = compute_deadline(case.received, case.jurisdiction, case.events, as_of=AS_OF)
    return build_document("final-response", case, profile=profile, sender=sender, as_of=AS_OF,
                          deadline=deadline)


def test_schedule_lists_each_document_with_its_outcome_and_citation(profile, sender):
    case = replace(case_for("final-response"), exemptions=())
    document = _build(case, profile, sender)
    table = next(b for b in document.body if isinstance(b, Table))
    assert table.header == ("No.", "Document", "Outcome", "Exemption relied on")
    assert table.rows == (
        ("1", "Support emails 2024.pdf", "Provided", "—"),
        ("2", "CRM account record.pdf", "Provided in part",
         "protection of the rights of others, DPA 2018 Sch. 2 para 16"),
        ("3", "Board minutes about a dispute.pdf", "Withheld",
         "legal professional privilege, DPA 2018 Sch. 2 para 19"),
    )
    text = "\n".join(document.paragraphs())
    assert "We have withheld some information." in text
    # the plain-words reason for each document withheld in whole or part
    assert ("No. 3, Board minutes about a dispute.pdf (withheld): legal professional "
            "privilege, DPA 2018 Sch. 2 para 19. Information covered by legal professional "
            "privilege") in text
    assert "No. 2, CRM account record.pdf (provided in part): protection of the rights" in text


def test_pdf_and_docx_extract_the_same_words(profile, sender):
    document = _build(case_for("final-response"), profile, sender)
    pdf = render_document(document, "pdf")
    docx_text = "".join(docx_paragraphs(render_document(document, "docx")))
    footer = f"{document.letterhead.legal_line} · Our reference {document.reference}"
    assert pdf_body_text(pdf, footer) == squash(docx_text)
    for words in ("legal professional privilege, DPA 2018 Sch. 2 para 19", "Withheld",
                  "Provided in part", "Board minutes about a dispute.pdf"):
        assert words in docx_text
        assert squash(words) in pdf_body_text(pdf, footer)


def test_the_wording_for_the_requester_replaces_the_catalogue_words(profile, sender):
    case = case_for("final-response")
    documents = list(case.documents)
    documents[2] = replace(documents[2], wording="It is advice from our solicitors.",
                           note="Counsel's opinion on the tribunal claim")
    document = _build(replace(case, documents=tuple(documents)), profile, sender)
    text = "\n".join(document.paragraphs())
    assert "It is advice from our solicitors." in text
    assert "Counsel" not in text


def test_an_undecided_document_blocks_the_letter_and_is_named(profile, sender):
    case = case_for("final-response")
    case = replace(case, documents=(*case.documents, DocumentInfo(
        4, "Payroll export.xlsx", "e" * 64, 10, DisclosureStatus.UNDECIDED)))
    with pytest.raises(LetterNotAllowed, match=r"document 4 \(Payroll export.xlsx\)"):
        _build(case, profile, sender)

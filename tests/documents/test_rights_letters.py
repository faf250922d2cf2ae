"""Letters for the rights beyond access: acknowledgement, outcome (done or refused), Art. 19."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sar_desk.core.deadlines import compute_deadline
from sar_desk.core.entities import RequestType
from sar_desk.core.rights import ActionKind, RightAction
from sar_desk.documents import LetterNotAllowed, build_document, render_document
from sar_desk.documents.letter_kinds import LETTER_KINDS
from sar_desk.documents.notice import build_notice_document
from sar_desk.documents.templates import check_template, environment
from tests.documents.helpers import (
    AS_OF,
    MULTISCRIPT,
    base_case,
    docx_paragraphs,
    pdf_body_text,
    pdf_pages,
    squash,
)
from tests.documents.rights_samples import ACTIONS, DONE, REFUSAL_REASONS, rights_case

OTHER = [t for t in RequestType if t != RequestType.ACCESS]
COMPLAIN = "right to complain to the Information Commissioner's Office"
COURT = "right to seek a judicial remedy"


def render(kind, case, profile, sender):
    deadline = compute_deadline(case.received, case.jurisdiction, case.events, as_of=AS_OF)
    document = build_document(kind, case, profile=profile, sender=sender, as_of=AS_OF,
                              deadline=deadline)
    pdf, docx = render_document(document, "pdf"), render_document(document, "docx")
    paragraphs = docx_paragraphs(docx)
    assert paragraphs == document.paragraphs()
    footer = f"{document.letterhead.legal_line} · Our reference {document.reference}"
    pdf_text = pdf_body_text(pdf, footer)
    assert pdf_text == squash("".join(paragraphs))  # same text, same order
    return "\n".join(paragraphs), pdf_text


RIGHTS_LETTER_KINDS = {code: kind for code, kind in LETTER_KINDS.items()
                       if code.startswith(tuple(t.value for t in OTHER))}


def test_every_right_has_an_acknowledgement_and_an_outcome_kind():
    assert sorted(RIGHTS_LETTER_KINDS) == sorted(
        f"{t.value}-{k}" for t in OTHER for k in ("acknowledgement", "outcome"))


def test_letter_kind_descriptions_read_as_english():
    assert "confirms an erasure request" in (
        RIGHTS_LETTER_KINDS["erasure-acknowledgement"].description)
    assert "of an objection request" in RIGHTS_LETTER_KINDS["objection-outcome"].description
    assert "confirms a rectification request" in (
        RIGHTS_LETTER_KINDS["rectification-acknowledgement"].description)


@pytest.mark.parametrize("right", OTHER, ids=lambda t: t.value)
def test_outcome_letter_lists_the_actions_in_both_formats(profile, sender, right):
    case = rights_case(base_case(), right)
    text, pdf_text = render(f"{right.value}-outcome", case, profile, sender)
    listed = [a.text() for a in ACTIONS[right] if a.kind != ActionKind.EXCEPTION]
    if right == RequestType.PORTABILITY:  # the export files are listed with fingerprints
        listed += ["portability-export-1.json", "portability-export-1.csv", "d" * 64]
    for line in listed:
        assert line in text, f"DOCX lacks {line!r}"
        assert squash(line) in pdf_text, f"PDF lacks {line!r}"
    assert f"Dear {MULTISCRIPT}," in text and "22 September 2025" in text
    assert COMPLAIN in text and COURT not in text  # nothing was refused


@pytest.mark.parametrize("right", OTHER, ids=lambda t: t.value)
def test_refusal_gives_reasons_and_both_rights(profile, sender, right):
    case = rights_case(base_case(), right, refused=True)
    text, pdf_text = render(f"{right.value}-outcome", case, profile, sender)
    for needle in (REFUSAL_REASONS, COMPLAIN, COURT, "Wycliffe House", "0303 123 1113",
                   "Article 79 of the UK GDPR"):
        assert needle in text
        assert squash(needle) in pdf_text
    assert "What we have done" not in text


def test_erasure_outcome_names_the_exception_and_its_reason(profile, sender):
    case = rights_case(base_case(), RequestType.ERASURE)
    text, _pdf = render("erasure-outcome", case, profile, sender)
    assert ("Legal obligation or public task (Article 17(3)(b)), for Sales ledger: Invoices "
            "must be kept for six years under the Companies Act") in text
    assert "our legal advisers: told on 23 September 2025 by email" in text


def test_objection_to_direct_marketing_says_it_is_absolute(profile, sender):
    case = rights_case(base_case(), RequestType.OBJECTION)
    text, _pdf = render("objection-outcome", case, profile, sender)
    assert "stopped using your information for direct marketing" in text
    assert "absolute (Article 21(3)" in text


@pytest.mark.parametrize("right", OTHER, ids=lambda t: t.value)
def test_acknowledgement_gives_the_article_and_due_date(profile, sender, right):
    case = replace(base_case(), request_types=(right,))
    text, _pdf = render(f"{right.value}-acknowledgement", case, profile, sender)
    article = {"rectification": "16", "erasure": "17", "restriction": "18",
               "portability": "20", "objection": "21"}[right.value]
    assert f"Article {article} of the UK General Data Protection Regulation" in text
    assert "3 October 2025" in text


def test_rights_letters_need_the_right_and_its_outcome(profile, sender):
    case = base_case()  # asks for access only
    deadline = compute_deadline(case.received, "uk-ew", (), as_of=AS_OF)
    with pytest.raises(LetterNotAllowed, match="does not ask for erasure"):
        build_document("erasure-acknowledgement", case, profile=profile, sender=sender,
                       as_of=AS_OF, deadline=deadline)
    asked = replace(case, request_types=(RequestType.ERASURE,))
    with pytest.raises(LetterNotAllowed, match="no outcome recorded for erasure"):
        build_document("erasure-outcome", asked, profile=profile, sender=sender, as_of=AS_OF,
                       deadline=deadline)


def test_user_text_in_actions_stays_literal(profile, sender):
    hostile = RightAction(9, RequestType.RECTIFICATION, ActionKind.CORRECTED,
                          system="CRM | Sales # 2", detail="- was <b>Ann</b> & \"Bob\"",
                          done_on=DONE)
    case = rights_case(base_case(), RequestType.RECTIFICATION)
    case = replace(case, rights=replace(case.rights, actions=(hostile,)))
    text, _pdf = render("rectification-outcome", case, profile, sender)
    assert "System corrected CRM | Sales # 2 – - was <b>Ann</b> & \"Bob\" (22 September " \
        "2025)" in text.splitlines()


@pytest.mark.parametrize("right", [RequestType.RECTIFICATION, RequestType.ERASURE,
                                   RequestType.RESTRICTION], ids=lambda t: t.value)
def test_art19_notice_goes_to_the_recipient_with_the_changes(profile, sender, right):
    case = rights_case(base_case(), right)
    deadline = compute_deadline(case.received, "uk-ew", (), as_of=AS_OF)
    document = build_notice_document(case, right, "Acme Payroll Ltd", profile=profile,
                                     sender=sender, as_of=AS_OF, deadline=deadline,
                                     address=("1 Ledger Row", "Leeds LS1 4AB"))
    assert document.recipient.lines == ("Acme Payroll Ltd", "1 Ledger Row", "Leeds LS1 4AB")
    docx = render_document(document, "docx")
    paragraphs = docx_paragraphs(docx)
    assert paragraphs == document.paragraphs()
    text = "\n".join(paragraphs)
    assert "Dear Sir or Madam," in text and "Article 19 of the UK GDPR" in text
    assert f"personal data about {MULTISCRIPT} with Acme Payroll Ltd" in text
    for action in ACTIONS[right]:
        if action.kind != ActionKind.EXCEPTION:
            assert action.text() in text
    pdf_text = squash("".join(pdf_pages(render_document(document, "pdf"))))
    assert squash("Acme Payroll Ltd") in pdf_text


def test_no_notice_for_rights_outside_art19(profile, sender):
    case = rights_case(base_case(), RequestType.OBJECTION)
    deadline = compute_deadline(case.received, "uk-ew", (), as_of=AS_OF)
    with pytest.raises(LetterNotAllowed, match="Art. 19"):
        build_notice_document(case, RequestType.OBJECTION, "X", profile=profile,
                              sender=sender, as_of=AS_OF, deadline=deadline)


def test_notice_template_uses_only_known_fields():
    env = environment(None)
    source, _name, _ = env.loader.get_source(env, "recipient-notice.j2")
    check_template(source, "recipient-notice.j2")

"""The final response refers to the bundle enclosed and lists the searches made (the
"reasonable and proportionate search" record), from the search log."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from sar_desk.core.deadlines import compute_deadline
from sar_desk.core.entities import BundleInfo, SearchLogEntry
from sar_desk.documents import build_document
from tests.documents.helpers import AS_OF, case_for


def _text(case, profile, sender) -> str:
    deadline = compute_deadline(case.received, case.jurisdiction, case.events, as_of=AS_OF)
    return "\n".join(build_document("final-response", case, profile=profile, sender=sender,
                                    as_of=AS_OF, deadline=deadline).paragraphs())


SEARCHES = (
    SearchLogEntry("HR system", "Łucja Wójcik, employee 4411", "HR team",
                   dt.date(2025, 9, 12), recorded_by="internal.login"),
    SearchLogEntry("Exchange mailboxes", "Wójcik OR 4411", "", dt.date(2025, 9, 10)),
)


def test_the_letter_refers_to_the_bundle_and_lists_the_searches(profile, sender):
    case = replace(case_for("final-response"), search_log=SEARCHES,
                   bundle=BundleInfo(id=1, sha256="ab", pages=37, items=2, built_by="x"))
    text = _text(case, profile, sender)
    assert "enclosed as one bundle of 37 pages (2 documents)" in text
    assert "opens with the same schedule of documents" in text
    assert "How we searched for your information" in text
    # oldest first: the date, the system, the terms and whose records
    first = text.index("10 September 2025: Exchange mailboxes, searching for Wójcik OR 4411")
    second = text.index("12 September 2025: HR system, searching for Łucja Wójcik, employee "
                        "4411, in the records of HR team")
    assert first < second
    assert "internal.login" not in text  # who logged the search stays internal


def test_without_a_bundle_or_searches_the_letter_says_neither(profile, sender):
    text = _text(replace(case_for("final-response"), search_log=(), bundle=None), profile,
                 sender)
    assert "bundle" not in text and "How we searched" not in text


def test_the_schedule_lists_a_duplicate_once_and_an_attachment_under_its_message(profile,
                                                                               sender):
    from sar_desk.core.entities import DisclosureStatus, DocumentInfo
    from sar_desk.documents.context import document_rows

    d = DisclosureStatus
    documents = (
        DocumentInfo(1, "Support emails 2024.pdf", "a" * 64, 10, d.DISCLOSE),
        DocumentInfo(3, "Complaint.eml", "b" * 64, 10, d.DISCLOSE),
        DocumentInfo(4, "Photo.jpg", "c" * 64, 10, d.DISCLOSE, parent_id=3),
        DocumentInfo(5, "Complaint (forwarded).eml", "b" * 64, 10, d.DISCLOSE,
                     duplicate_of=3),
        DocumentInfo(6, "Photo.jpg", "c" * 64, 10, d.DISCLOSE, parent_id=5, duplicate_of=4),
        DocumentInfo(7, "Old copy.pdf", "e" * 64, 10, d.DISCLOSE, duplicate_of=2),  # gone
    )
    case = replace(case_for("final-response"), documents=documents, exemptions=())
    rows = document_rows(case)
    # numbered as the case (and the bundle's schedule) number them; 5 and 6 are copies
    assert [(r["number"], r["attachment_of"], r["copies"]) for r in rows] == [
        ("1", "", ""), ("3", "", "5"), ("4", "3", "6"), ("7", "", "")]
    text = " ".join(_text(case, profile, sender).split())
    assert "Photo.jpg (attachment of item 3)" in text
    assert "Complaint.eml (also found as item 5: the same document, listed once)" in text
    assert "Complaint (forwarded).eml" not in text


def test_the_bundle_schedule_titles_an_attachment_after_its_message():
    from sar_desk.core.bundle_rules import plan_items
    from sar_desk.core.entities import DisclosureStatus, DocumentInfo

    d = DisclosureStatus
    message = DocumentInfo(3, "Complaint.eml", "b" * 64, 10, d.DISCLOSE)
    photo = DocumentInfo(4, "Photo.jpg", "c" * 64, 10, d.DISCLOSE, parent_id=3)
    plan = plan_items([(3, message), (4, photo)])
    assert [p.attachment_of for p in plan] == [None, 3]


def test_a_narrow_column_beside_long_ones_keeps_its_words_whole():
    from sar_desk.documents.model import LINE_CHARS, Table

    table = Table(("No.", "Document", "Outcome", "Exemption relied on"),
                  (("4", "Photo.jpg (attachment of item 3) (also found as item 6: the same "
                         "document, listed once)", "Withheld",
                    "protection of the rights of others, DPA 2018 Sch. 2 para 16"),))
    weights = table.column_weights()
    assert sum(weights) == pytest.approx(1)
    assert weights[2] >= (len("Withheld") + 2) / LINE_CHARS  # "Withheld" on one line
    assert weights[1] > weights[2] and weights[3] > weights[2]

"""The final response refers to the bundle enclosed and lists the searches made (the
"reasonable and proportionate search" record), from the search log."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

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

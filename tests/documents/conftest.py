"""Fixtures for the letter tests: the default profile, a sender and every letter rendered once."""

from __future__ import annotations

import pytest

from sar_desk.documents import LETTER_KINDS, Sender, build_document, load_profile, render_document
from tests.documents.helpers import AS_OF, case_for


@pytest.fixture(scope="session")
def profile():
    return load_profile()


@pytest.fixture(scope="session")
def sender():
    return Sender("Priya Shah", "Data Protection Lead")


@pytest.fixture(scope="session")
def rendered(profile, sender):
    """kind -> (document model, pdf bytes, docx bytes) for the multi-script sample case."""
    from sar_desk.core.deadlines import compute_deadline

    out = {}
    for kind in LETTER_KINDS:
        case = case_for(kind)
        deadline = compute_deadline(case.received, case.jurisdiction, case.events, as_of=AS_OF)
        document = build_document(kind, case, profile=profile, sender=sender, as_of=AS_OF,
                                  deadline=deadline)
        out[kind] = (document, render_document(document, "pdf"), render_document(document, "docx"))
    return out

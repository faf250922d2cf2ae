"""Complaint letters in PDF and DOCX: issue by issue, remedy, ICO and court; no notes."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pypdf
import pytest

from sar_desk.core.entities import Person
from sar_desk.documents.errors import LetterNotAllowed
from sar_desk.services import complaints
from sar_desk.services.complaint_letters import generate_complaint_letter
from sar_desk.services.complaints import NewComplaint

CANARY = "CANARY-7f3e internal note"


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split())
                    for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


@pytest.fixture
def ref(ws):
    view = complaints.create_complaint(ws, NewComplaint(
        complainant=Person("Zoë Brontë-Hughes", "zoe@example.org", "1 Mill Road\nYork YO1 7LM"),
        received=dt.date(2026, 6, 19), channel="social"), actor="po")
    ref = view.complaint.reference
    complaints.add_complaint_note(ws, ref, CANARY)
    complaints.add_issue(ws, ref, "My subject access reply was late")
    complaints.add_issue(ws, ref, "Emails about me were left out")
    return ref


def test_acknowledgement_and_update_letters(ws, ref):
    for kind, fmt, read in (("acknowledgement", "pdf", pdf_text),
                            ("acknowledgement", "docx", docx_text),
                            ("update", "pdf", pdf_text), ("update", "docx", docx_text)):
        text = read(generate_complaint_letter(ws, ref, kind, fmt))
        assert ref in text
        assert "Zoë Brontë-Hughes" in text
        assert "14 August 2026" in text  # the outcome target
        assert "Emails about me were left out" in text
        assert "CANARY" not in text, (kind, fmt)


def test_the_outcome_letter_answers_every_issue_and_states_the_rights(ws, ref):
    with pytest.raises(LetterNotAllowed, match="issue 1"):
        generate_complaint_letter(ws, ref, "outcome", "pdf")
    complaints.record_outcome(ws, ref, 1, "upheld", "Our reply was sent 12 days late.",
                              remedy="We apologise and have retrained the team.",
                              enquiries="We checked the case timeline.")
    complaints.record_outcome(ws, ref, 2, "not-upheld", "Every email was in the copy.")
    assert complaints.get_complaint(ws, ref).complaint.ico_rights_stated is False
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        text = read(generate_complaint_letter(ws, ref, "outcome", fmt))
        for expected in ("1. My subject access reply was late", "Our finding: upheld.",
                         "Our reply was sent 12 days late.",
                         "We apologise and have retrained the team.",
                         "We checked the case timeline.",
                         "2. Emails about me were left out", "Our finding: not upheld.",
                         "Information Commissioner's Office", "0303 123 1113", "ico.org.uk",
                         "Wycliffe House", "right to go to court"):
            assert expected in text, (fmt, expected)
        assert "CANARY" not in text
    view = complaints.get_complaint(ws, ref)
    assert view.complaint.ico_rights_stated and view.complaint.court_rights_stated
    trail = [e.action for e in complaints.complaint_audit(ws, ref)]
    assert trail.count("letter_stored") == 2


def test_staff_print_complaint_letters_only_when_marked_ready(ws, ref):
    from sar_desk.core.roles import Role
    from sar_desk.errors import PermissionDenied
    from sar_desk.services import access, staff_desk
    from sar_desk.store.users import User

    officer = access.current_user(ws)
    ws.user = User("sam", (Role.STAFF,))
    try:
        with pytest.raises(PermissionDenied, match="a staff may not generate a letter"):
            generate_complaint_letter(ws, ref, "acknowledgement", "pdf")
        assert ref not in {c.reference for c in staff_desk.ready_cases(ws)}
        ws.user = officer
        generate_complaint_letter(ws, ref, "acknowledgement", "pdf")
        complaints.mark_complaint_ready(ws, ref)
        ws.user = User("sam", (Role.STAFF,))
        [(case, letter)] = [(c, x) for c, x in staff_desk.letters_to_print(ws)
                            if c.reference == ref]
        text = pdf_text(staff_desk.letter_bytes(ws, ref, letter.letter_id))
        assert ref in text and "CANARY" not in text
    finally:
        ws.user = officer

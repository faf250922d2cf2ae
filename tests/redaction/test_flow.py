"""Propose, accept, apply and verify: the original stays, the copy proves itself."""

from __future__ import annotations

import pymupdf
import pytest

from sar_desk.errors import InputError
from sar_desk.services import cases, redaction
from tests.redaction import pdfs

NAME = pdfs.NAME


def test_marks_are_proposed_then_accepted_applied_and_verified(ws, attach):
    original = pdfs.plain()
    ref, doc = attach(original)
    done = redaction.propose(ws, ref, doc, term=NAME.lower(), reason="third-party")
    assert (done.found, done.added) == (1, 1)
    again = redaction.propose(ws, ref, doc, term=NAME, reason="third-party")
    assert again.added == 0  # the same place is not proposed twice
    [mark] = redaction.marks_of(ws, ref, doc)
    assert (mark.number, mark.state, mark.text, mark.reason) == (1, "proposed", NAME,
                                                                  "third-party")
    with pytest.raises(InputError, match="no accepted marks"):
        redaction.apply(ws, ref, doc)
    assert redaction.decide(ws, ref, doc, None, "accepted") == 1
    copy = redaction.apply(ws, ref, doc)
    assert copy.verified == ""
    assert redaction.verified_redacted_pdf(ws, ref, doc) is None  # not verified yet
    copy = redaction.verify(ws, ref, doc)
    assert (copy.verified, copy.problems) == ("passed", ())
    assert cases.get_document_bytes(ws, ref, doc) == original  # the original is untouched
    _document, data = redaction.redacted_for_export(ws, ref, doc)
    text = pymupdf.open(stream=data)[0].get_text()
    assert NAME not in text and "third-party" in text and "rota" in text
    assert cases.check_case(ws, ref) == []  # the copy's sha256 is in the audit chain
    trail = [e for e in cases.audit_trail(ws, ref) if e.action == "redaction_verified"]
    assert trail[-1].details["sha256"] == copy.sha256 and trail[-1].details["passed"]


def test_a_change_to_the_marks_makes_the_copy_out_of_date(ws, attach):
    ref, doc = attach(pdfs.plain())
    redaction.propose(ws, ref, doc, term=NAME, reason="third-party")
    redaction.propose(ws, ref, doc, term="rota", reason="third-party")
    redaction.decide(ws, ref, doc, [1], "accepted")
    redaction.apply(ws, ref, doc)
    assert redaction.verify(ws, ref, doc).verified == "passed"
    redaction.decide(ws, ref, doc, [2], "accepted")
    with pytest.raises(InputError, match="out of date"):
        redaction.redacted_for_export(ws, ref, doc)
    assert redaction.verify(ws, ref, doc).verified == "failed"


def test_a_mark_number_that_does_not_exist_changes_nothing(ws, attach):
    ref, doc = attach(pdfs.plain())
    redaction.propose(ws, ref, doc, term=NAME, reason="third-party")
    with pytest.raises(InputError, match="no mark 7"):
        redaction.decide(ws, ref, doc, [1, 7], "accepted")
    assert [m.state for m in redaction.marks_of(ws, ref, doc)] == ["proposed"]


def test_a_text_document_is_redacted_through_its_pdf_rendition(ws, attach):
    ref, doc = attach(f"Call {NAME} about the rota".encode(), name="letter.txt")
    assert redaction.propose(ws, ref, doc, term=NAME, reason="third-party").added == 1
    redaction.decide(ws, ref, doc, None, "accepted")
    redaction.apply(ws, ref, doc)
    assert redaction.verify(ws, ref, doc).verified == "passed"
    _document, data = redaction.redacted_for_export(ws, ref, doc)
    text = pymupdf.open(stream=data)[0].get_text()
    assert NAME not in text and "rota" in text


def test_a_document_that_cannot_be_read_is_named(ws, attach):
    ref, doc = attach(b"\x89PNG\r\n\x1a\n and nothing after", name="scan.png")
    with pytest.raises(Exception, match="scan.png"):
        redaction.propose(ws, ref, doc, term=NAME, reason="third-party")


def test_removing_a_document_deletes_its_redacted_copy(ws, attach):
    from sar_desk.services.corrections import remove_document

    ref, doc = attach(pdfs.plain())
    redaction.propose(ws, ref, doc, term=NAME, reason="third-party")
    redaction.decide(ws, ref, doc, None, "accepted")
    redaction.apply(ws, ref, doc)
    assert redaction.copy_of(ws, ref, doc) is not None
    remove_document(ws, ref, doc, "attached to the wrong case")
    assert redaction.verified_redacted_pdf(ws, ref, doc) is None
    assert cases.check_case(ws, ref) == []


def test_a_rotated_page_is_redacted_where_the_text_is(ws, attach):
    source = pymupdf.open(stream=pdfs.plain())
    source[0].set_rotation(90)
    ref, doc = attach(source.tobytes())
    redaction.propose(ws, ref, doc, term=NAME, reason="third-party")
    redaction.decide(ws, ref, doc, None, "accepted")
    redaction.apply(ws, ref, doc)
    assert redaction.verify(ws, ref, doc).verified == "passed"
    text = pymupdf.open(stream=redaction.redacted_for_export(ws, ref, doc)[1])[0].get_text()
    assert "Smithers" not in text and "rota" in text
    pages = redaction.page_source(ws, ref, doc)
    [mark] = redaction.marks_of(ws, ref, doc)
    shown = pages.to_view(1, mark.rects[0])
    assert shown[0] > 595 / 2 and pages.from_view(1, shown) == pytest.approx(mark.rects[0])
    pages.close()


def test_a_drawn_box_must_lie_on_the_page(ws, attach):
    ref, doc = attach(pdfs.plain())
    with pytest.raises(InputError, match="no page 2"):
        redaction.draw(ws, ref, doc, 2, (10, 10, 50, 50), "third-party")
    with pytest.raises(InputError, match="outside the page"):
        redaction.draw(ws, ref, doc, 1, (900, 10, 950, 50), "third-party")
    with pytest.raises(InputError, match="empty"):
        redaction.draw(ws, ref, doc, 1, (50, 50, 10, 10), "third-party")
    with pytest.raises(InputError, match="Unknown exemption"):
        redaction.draw(ws, ref, doc, 1, (10, 10, 50, 50), "no-such")
    assert redaction.marks_of(ws, ref, doc) == []


def test_a_copy_that_cannot_be_read_fails_verification():
    from sar_desk.documents.redaction_verify import Expect, verify

    [problem] = verify(b"%PDF-1.7\n garbage", [Expect(1, ((0, 0, 10, 10),), NAME, "x")])
    assert "cannot be read" in problem

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


def test_a_document_that_is_not_a_pdf_is_named(ws, attach):
    ref, doc = attach(b"just some text", name="letter.txt")
    with pytest.raises(Exception, match="letter.txt"):
        redaction.propose(ws, ref, doc, term=NAME, reason="third-party")

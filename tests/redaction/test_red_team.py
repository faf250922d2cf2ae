"""Red-team PDFs: each tries a trick that has let "redacted" data survive elsewhere.

For each, the marks found are applied and verification passes, with the name gone from
every extractor; then the protection the trick defeats is weakened (the apply step is
swapped for a flawed one) and verification of that copy fails, naming what is left.
"""

from __future__ import annotations

import io
import subprocess

import pymupdf
import pypdf
import pytest

from sar_desk.documents import redaction_apply
from sar_desk.documents.redaction_find import tessdata
from sar_desk.services import redaction
from tests.redaction import pdfs

NAME = pdfs.NAME


def _texts(data: bytes) -> str:
    mu = "".join(p.get_text() for p in pymupdf.open(stream=data))
    py = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    pop = subprocess.run(["pdftotext", "fd://0", "-"], input=data, capture_output=True,
                         check=True).stdout.decode()
    return " ".join(f"{mu}\n{py}\n{pop}".split())


def _redact(ws, ref, doc, *, term=NAME):
    done = redaction.propose(ws, ref, doc, term=term, reason="third-party")
    assert done.found >= 1
    redaction.decide(ws, ref, doc, None, "accepted")
    redaction.apply(ws, ref, doc)
    return redaction.verify(ws, ref, doc)


def _passes(ws, ref, doc, **kw):
    copy = _redact(ws, ref, doc, **kw)
    assert (copy.verified, copy.problems) == ("passed", ())
    data = redaction.redacted_for_export(ws, ref, doc)[1]
    assert NAME.split()[0] not in _texts(data) and NAME.split()[1] not in _texts(data)
    return data


def _fails(ws, ref, doc, *problem_words):
    redaction.decide(ws, ref, doc, None, "accepted")
    redaction.apply(ws, ref, doc)
    copy = redaction.verify(ws, ref, doc)
    assert copy.verified == "failed"
    assert redaction.verified_redacted_pdf(ws, ref, doc) is None
    joined = " ".join(copy.problems)
    for word in problem_words:
        assert word in joined, joined
    return copy


def _overlay_only(page, cuts):
    """The classic fake: a black rectangle drawn over the text, nothing removed."""
    for cut in cuts:
        for r in cut.rects:
            page.draw_rect(pymupdf.Rect(r), color=(0, 0, 0), fill=(0, 0, 0))


def _left_half(page, cuts):
    """A box that covers only the start of the marked text (e.g. one text run of two)."""
    halves = [redaction_apply.Cut(c.page, tuple((r[0], r[1], (r[0] + r[2]) / 2, r[3])
                                                for r in c.rects), c.label) for c in cuts]
    _real_redact_page(page, halves)


_real_redact_page = redaction_apply.redact_page


@pytest.mark.parametrize("font", ["helv", "tiro"])
def test_a_name_split_across_two_text_runs_and_fonts(ws, attach, monkeypatch, font):
    ref, doc = attach(pdfs.split_runs(font))
    _passes(ws, ref, doc)
    ref, doc = attach(pdfs.split_runs(font))
    redaction.propose(ws, ref, doc, term=NAME, reason="third-party")
    monkeypatch.setattr(redaction_apply, "redact_page", _left_half)
    _fails(ws, ref, doc, "still")


def test_text_under_an_image(ws, attach, monkeypatch):
    ref, doc = attach(pdfs.under_image())
    _passes(ws, ref, doc)
    ref, doc = attach(pdfs.under_image())
    redaction.propose(ws, ref, doc, term=NAME, reason="third-party")
    monkeypatch.setattr(redaction_apply, "redact_page", _overlay_only)
    _fails(ws, ref, doc, "marked text", "inside a mark")


def test_white_text_on_white(ws, attach, monkeypatch):
    ref, doc = attach(pdfs.white_on_white())
    _passes(ws, ref, doc)
    ref, doc = attach(pdfs.white_on_white())
    redaction.propose(ws, ref, doc, term=NAME, reason="third-party")
    monkeypatch.setattr(redaction_apply, "redact_page", _overlay_only)
    _fails(ws, ref, doc, "marked text")


def test_a_name_in_the_metadata_an_annotation_and_an_attachment(ws, attach, monkeypatch):
    ref, doc = attach(pdfs.metadata_and_annotation())
    data = _passes(ws, ref, doc)
    assert NAME.encode() not in data
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert not reader.metadata and reader.xmp_metadata is None
    assert not reader.pages[0].get("/Annots") and not reader.attachments
    ref, doc = attach(pdfs.metadata_and_annotation())
    redaction.propose(ws, ref, doc, term=NAME, reason="third-party")
    monkeypatch.setattr(redaction_apply, "strip", lambda doc: None)
    _fails(ws, ref, doc, "metadata", "XMP", "annotations", "embedded files")


@pytest.mark.slow
@pytest.mark.skipif(tessdata() is None, reason="Tesseract's English data is not installed")
def test_a_scanned_page_is_read_by_ocr_and_checked_again(ws, attach, monkeypatch):
    ref, doc = attach(pdfs.scanned())
    data = _passes(ws, ref, doc)
    page = pymupdf.open(stream=data)[0]
    ocr = page.get_text(textpage=page.get_textpage_ocr(tessdata=tessdata(), full=True))
    assert "Smithers" not in ocr and "signed" in ocr
    ref, doc = attach(pdfs.scanned())
    redaction.propose(ws, ref, doc, term=NAME, reason="third-party")

    def keep_pixels(page, cuts):
        for cut in cuts:
            for r in cut.rects:
                page.add_redact_annot(pymupdf.Rect(r), fill=False)
        page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE)

    monkeypatch.setattr(redaction_apply, "redact_page", keep_pixels)
    _fails(ws, ref, doc, "OCR")


def test_a_scan_without_ocr_is_named_and_can_be_marked_by_hand(ws, attach, monkeypatch):
    from sar_desk.documents import redaction_find

    monkeypatch.setattr(redaction_find, "tessdata", lambda: None)
    ref, doc = attach(pdfs.scanned())
    done = redaction.propose(ws, ref, doc, term=NAME, reason="third-party")
    assert (done.found, done.unread_pages) == (0, (1,))
    mark = redaction.draw(ws, ref, doc, 1, (60, 90, 400, 130), "third-party")
    assert mark.source == "drawn"
    redaction.decide(ws, ref, doc, [mark.number], "accepted")
    redaction.apply(ws, ref, doc)
    assert redaction.verify(ws, ref, doc).verified == "passed"


def test_two_boxes_touching_on_one_line(ws, attach, monkeypatch):
    ref, doc = attach(pdfs.touching())
    first, last = NAME.split()
    for word in (first, last):
        redaction.propose(ws, ref, doc, term=word, reason="third-party")
    marks = redaction.marks_of(ws, ref, doc)
    a, b = marks[0].rects[0], marks[1].rects[0]
    redaction.draw(ws, ref, doc, 1, (a[2] - 0.5, a[1], b[0] + 0.5, a[3]), "third-party")
    redaction.decide(ws, ref, doc, None, "accepted")
    redaction.apply(ws, ref, doc)
    copy = redaction.verify(ws, ref, doc)
    assert (copy.verified, copy.problems) == ("passed", ())
    text = _texts(redaction.redacted_for_export(ws, ref, doc)[1])
    assert first not in text and last not in text and "Seen by" in text and "today" in text

    ref, doc = attach(pdfs.touching())
    for word in (first, last):
        redaction.propose(ws, ref, doc, term=word, reason="third-party")
    monkeypatch.setattr(redaction_apply, "redact_page",
                        lambda page, cuts: _real_redact_page(page, list(cuts)[:1]))
    _fails(ws, ref, doc, "Smithers")


def test_an_input_with_an_incremental_update(ws, attach, monkeypatch):
    source = pdfs.incremental()
    assert source.count(b"%%EOF") == 2
    ref, doc = attach(source)
    data = _passes(ws, ref, doc)
    assert data.count(b"%%EOF") == 1 and "/Prev" not in pypdf.PdfReader(io.BytesIO(data)).trailer
    assert "Draft" not in _texts(data)

    def save_incrementally(doc):
        """Write the redacted page as an update appended to the original file."""
        redacted = pypdf.PdfReader(io.BytesIO(doc.tobytes(garbage=4)))
        writer = pypdf.PdfWriter(io.BytesIO(source), incremental=True)
        writer.add_page(redacted.pages[0])
        writer.remove_page(0)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    ref, doc = attach(source)
    redaction.propose(ws, ref, doc, term=NAME, reason="third-party")
    monkeypatch.setattr(redaction_apply, "save_whole", save_incrementally)
    _fails(ws, ref, doc, "revisions")


def test_a_name_in_a_hidden_layer_is_found_and_removed(ws, attach, monkeypatch):
    from sar_desk.documents import redaction_find

    ref, doc = attach(pdfs.hidden_layer())
    data = _passes(ws, ref, doc)
    assert b"OCProperties" not in data
    assert "Visible summary" in _texts(data)
    ref, doc = attach(pdfs.hidden_layer())
    monkeypatch.setattr(redaction_find, "reveal_layers", lambda doc: None)
    done = redaction.propose(ws, ref, doc, term=NAME, reason="third-party")
    assert done.found == 0  # a hidden layer is not searched without switching it on


def test_text_placed_outside_the_page(ws, attach, monkeypatch):
    ref, doc = attach(pdfs.off_page())
    data = _passes(ws, ref, doc)
    assert "Margin note" not in _texts(data) and "Minutes naming" in _texts(data)
    ref, doc = attach(pdfs.off_page())
    redaction.propose(ws, ref, doc, term=NAME, reason="third-party")
    monkeypatch.setattr(redaction_apply, "clear_outside", lambda page: None)
    _fails(ws, ref, doc, "outside the page", "pypdf finds it")

"""Names in any script: Arabic shaped right to left in the PDF and exact in the DOCX;
hostile text stays literal; characters no font covers are reported, never dropped."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest

from sar_desk.documents import UncoveredCharacters, build_document, render_document
from sar_desk.documents.fonts import runs, visual
from tests.documents.helpers import AS_OF, case_for, docx_paragraphs, pdf_pages, squash

ARABIC = "عائشة الحربي"


def _document(profile, sender, name, kind="acknowledgement"):
    from sar_desk.core.deadlines import compute_deadline

    case = case_for(kind, name)
    deadline = compute_deadline(case.received, case.jurisdiction, case.events, as_of=AS_OF)
    return build_document(kind, case, profile=profile, sender=sender, as_of=AS_OF,
                          deadline=deadline)


@pytest.fixture(scope="module")
def arabic_letter(profile, sender):
    document = _document(profile, sender, ARABIC)
    return render_document(document, "pdf"), render_document(document, "docx")


def test_arabic_is_exact_and_marked_rtl_in_docx(arabic_letter):
    import docx

    _, data = arabic_letter
    assert ARABIC in docx_paragraphs(data)
    assert f"Dear {ARABIC}," in docx_paragraphs(data)
    body = docx.Document(io.BytesIO(data)).element.body
    arabic_runs = [r for r in body.iter() if r.tag.endswith("}r")
                   and "عائشة" in "".join(t.text or "" for t in r.iter() if t.tag.endswith("}t"))]
    assert arabic_runs, "no run holds the Arabic name"
    for run in arabic_runs:
        xml = run.xml if hasattr(run, "xml") else ""
        assert "<w:rtl/>" in xml and "<w:cs/>" in xml


def test_arabic_is_shaped_and_right_to_left_on_the_pdf_page(arabic_letter, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    import arabic_reshaper

    data, _ = arabic_letter
    path = tmp_path / "arabic.pdf"
    path.write_bytes(data)
    xml = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    words = [(float(x), w) for x, w in re.findall(r'xMin="([\d.]+)"[^>]*>([^<]+)</word>', xml)]
    first, second = (arabic_reshaper.reshape(w)[::-1] for w in ARABIC.split())
    # each word is drawn with joined (presentation) forms in visual order...
    assert all(0xFE70 <= ord(ch) <= 0xFEFF for ch in first + second)
    first_x = [x for x, w in words if w.rstrip(",") == first]
    second_x = [x for x, w in words if w.rstrip(",") == second]
    assert first_x and second_x, "the shaped Arabic words are not on the page"
    # ...and the first word of the name sits to the right of the second (right to left)
    assert first_x[0] > second_x[0]


def test_visual_keeps_ltr_text_and_reorders_only_rtl():
    assert visual("Dear Zoë,") == "Dear Zoë,"
    shown = visual(f"Dear {ARABIC},")
    assert shown.startswith("Dear ")
    assert "عائشة" not in shown  # replaced by joined forms


def test_cjk_runs_use_the_fallback_font():
    names = [name for name, _ in runs("Łukasiewicz-王芳 Ελένη")]
    assert names == ["SarDesk-Sans", "SarDesk-Fallback", "SarDesk-Sans"]


def test_uncovered_character_is_reported_with_place(profile, sender):
    document = _document(profile, sender, "Ann \U00013000 Egypt\ue000")
    for fmt in ("pdf", "docx"):
        with pytest.raises(UncoveredCharacters) as err:
            render_document(document, fmt)
        message = str(err.value)
        assert "U+13000" in message and "U+E000" in message
        assert "recipient's address" in message
        assert err.value.exit_code == 2


HOSTILE = '<b>Ann & "Bob"</b>'


@pytest.mark.parametrize("name", [HOSTILE, "# Not a heading", "- not a list", "a | b",
                                  "line one\nline two", "! not bold", "{{ requester.name }}"])
def test_user_text_is_literal_in_both_formats(profile, sender, name):
    document = _document(profile, sender, name)
    pdf, data = render_document(document, "pdf"), render_document(document, "docx")
    paragraphs = docx_paragraphs(data)
    expected = name.replace("\n", " ")
    assert f"Dear {name}," in paragraphs or f"Dear {expected}," in " ".join(paragraphs)
    flat = squash("".join(pdf_pages(pdf)))
    assert squash(f"Dear {name},") in flat
    headings = [b for b in document.body if type(b).__name__ == "Heading"]
    assert len(headings) == 1  # the user's text made no extra heading


def test_hostile_name_in_final_response_schedule(profile, sender):
    from dataclasses import replace

    from sar_desk.core.entities import DisclosureStatus, DocumentInfo

    case = case_for("final-response")
    case = replace(case, documents=(DocumentInfo(1, HOSTILE + " | x.pdf", "d" * 64, 1,
                                                 DisclosureStatus.DISCLOSE),))
    from sar_desk.core.deadlines import compute_deadline

    deadline = compute_deadline(case.received, "uk-ew", (), as_of=AS_OF)
    document = build_document("final-response", case, profile=profile, sender=sender,
                              as_of=AS_OF, deadline=deadline)
    table = next(b for b in document.body if type(b).__name__ == "Table")
    assert table.rows == (("1", HOSTILE + " | x.pdf", "Provided", "—"),)
    assert HOSTILE + " | x.pdf" in docx_paragraphs(render_document(document, "docx"))

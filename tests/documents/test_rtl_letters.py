"""A long right-to-left paragraph in a letter reads in order across its lines, in PDF and DOCX,
is aligned right, and leaves the left-to-right paragraphs around it exactly as reportlab lays
them out."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace

import pytest

from sar_desk.documents import build_document, render_document
from tests.documents.helpers import AS_OF, REFUSE, case_for

NAME = "عائشة بنت عبد الرحمن الحربي"
# Long enough to wrap onto several lines; a reference and digits in the middle; no run of
# several left-to-right words (the test reads each line word by word, right to left).
REASONS = ("لقد طلبت نفس السجلات ثلاث مرات خلال الشهرين الماضيين، وقد أرسلنا إليك نسخة كاملة "
           "منها في كل مرة. نحن نعتبر هذا الطلب متكررا ومفرطا، ولذلك قررنا عدم الاستجابة له "
           "هذه المرة. يرجى ذكر المرجع SAR-2026-0001 في أي مراسلة معنا، وسنرد خلال 30 يوما. "
           "إذا كانت لديك أسئلة أخرى فنحن سعداء بالإجابة عنها في أي وقت خلال ساعات العمل.")
ENGLISH = ("We did not reach this decision lightly. We considered your request on its own "
           "merits and not under any general policy.")
MM = 72 / 25.4
LEFT, RIGHT = 20 * MM, 190 * MM  # the body frame's edges on an A4 page


@pytest.fixture(scope="module")
def letter(profile, sender):
    from sar_desk.core.deadlines import compute_deadline

    case = case_for("refusal", NAME)
    case = replace(case, decisions=(replace(REFUSE, wording=REASONS),))
    deadline = compute_deadline(case.received, case.jurisdiction, case.events, as_of=AS_OF)
    document = build_document("refusal", case, profile=profile, sender=sender, as_of=AS_OF,
                              deadline=deadline)
    return render_document(document, "pdf"), render_document(document, "docx")


def _has_rtl(word: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in word)


def _pdf_lines(path) -> list[tuple[float, float, list[str]]]:
    """(xMin, xMax, words left to right) for every text line of page 1, top to bottom."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    out = []
    for x0, x1, body in re.findall(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"'
                                   r'[^>]*>(.*?)</line>', xml, re.S):
        words = re.findall(r"<word [^>]*>([^<]*)</word>", body)
        out.append((float(x0), float(x1), [w.replace("&amp;", "&") for w in words]))
    return out


def _read_rtl(words: list[str]) -> list[str]:
    """A right-to-left line's words in reading order: right to left, each word un-reversed
    and its joined letter forms normalised back to plain letters."""
    return [unicodedata.normalize("NFKC", w[::-1] if _has_rtl(w) else w)
            for w in reversed(words)]


def _paragraph_lines(lines, first_words: list[str], count: int, read):
    """The consecutive lines holding a paragraph of ``count`` words that starts with
    ``first_words`` (each line read with ``read``)."""
    for start in range(len(lines)):
        if read(lines[start][2])[:len(first_words)] == first_words:
            taken, total = [], 0
            for line in lines[start:]:
                taken.append(line)
                total += len(line[2])
                if total >= count:
                    return taken
    raise AssertionError(f"no line starts with {first_words}")


@pytest.fixture(scope="module")
def pdf_lines(letter, tmp_path_factory):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path_factory.mktemp("rtl") / "refusal.pdf"
    path.write_bytes(letter[0])
    return _pdf_lines(path)


def test_long_arabic_paragraph_reads_in_order_across_lines(pdf_lines):
    words = REASONS.split()
    lines = _paragraph_lines(pdf_lines, words[:3], len(words), _read_rtl)
    assert len(lines) >= 3, "the sample must wrap onto several lines"
    read = [_read_rtl(line[2]) for line in lines]
    assert read[0][:4] == words[:4]  # the first logical words are on the first line
    assert [w for line in read for w in line] == words  # and every word follows in order
    assert any("SAR-2026-0001" in line for line in read)  # the reference in one piece


def test_long_arabic_paragraph_is_aligned_right(pdf_lines):
    words = REASONS.split()
    lines = _paragraph_lines(pdf_lines, words[:3], len(words), _read_rtl)
    for x0, x1, _ in lines:
        assert abs(x1 - RIGHT) < 1.5, f"line ends at {x1 / MM:.1f} mm, not the right margin"
        assert x0 >= LEFT - 1
    assert lines[-1][0] > LEFT + 20 * MM  # the short last line hangs from the right


def test_english_paragraphs_wrap_as_reportlab_wraps_them(pdf_lines):
    from reportlab.platypus import Paragraph

    from sar_desk.documents import fonts, pdf_renderer

    words = ENGLISH.split()
    lines = _paragraph_lines(pdf_lines, words[:3], len(words), lambda ws: ws)
    assert all(abs(x0 - LEFT) < 0.5 for x0, _, _ in lines)  # flush left, as before
    native = Paragraph(fonts.paragraph_markup(ENGLISH), pdf_renderer._styles()["body"])
    native.wrap(pdf_renderer.CONTENT_W, 10_000)
    expected = [" ".join(line[1]) for line in native.blPara.lines]
    assert [" ".join(line[2]) for line in lines] == expected
    assert len(expected) >= 2


def test_name_in_an_english_greeting_keeps_the_english_order(pdf_lines):
    greeting = next(line for line in pdf_lines if line[2][:1] == ["Dear"])
    x0, _, words = greeting
    assert abs(x0 - LEFT) < 0.5
    name = [unicodedata.normalize("NFKC", w.rstrip(",")[::-1]) for w in reversed(words[1:])]
    assert name == NAME.split()
    assert words[-1].endswith(",")  # the comma stays at the end of the English sentence


def test_docx_keeps_logical_text_and_marks_only_rtl_paragraphs(letter):
    import docx

    paragraphs = {p.text: p for p in docx.Document(io.BytesIO(letter[1])).paragraphs}
    assert REASONS in paragraphs
    assert paragraphs[REASONS]._p.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi") is not None
    for text in (ENGLISH, f"Dear {NAME},"):
        p_pr = paragraphs[text]._p.pPr
        assert p_pr is None or "bidi" not in p_pr.xml


@pytest.mark.slow
def test_libreoffice_lays_out_the_docx_paragraph_like_the_pdf(letter, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or pdftotext is not installed")
    source = tmp_path / "refusal.docx"
    source.write_bytes(letter[1])
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   capture_output=True, timeout=240, check=True)
    lines = _pdf_lines(tmp_path / "refusal.pdf")
    words = REASONS.split()
    found = _paragraph_lines(lines, words[:3], len(words), _read_rtl)
    assert len(found) >= 3
    assert max(x1 for _, x1, _ in found) - min(x1 for _, x1, _ in found) < 2  # right-aligned


def _model(body: tuple) -> object:
    from sar_desk.documents.model import AddressBlock, Document, Letterhead, SignatureBlock

    return Document("Test", "SAR-2026-0001", Letterhead("FluxSys Ltd", ("Wellesbourne",)),
                    AddressBlock(("Flat 2", "CV32 4AB")), (("Date", "1 May 2026"),), body,
                    SignatureBlock("Yours sincerely,", "Priya Shah", "Lead", "FluxSys Ltd"))


def _all_lines(data: bytes, tmp_path) -> list[tuple[float, float, list[str]]]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(x0), float(x1), re.findall(r"<word [^>]*>([^<]*)</word>", body))
            for x0, x1, body in re.findall(r'<line xMin="([\d.]+)" yMin="[\d.]+" '
                                           r'xMax="([\d.]+)"[^>]*>(.*?)</line>', xml, re.S)]


def test_paragraph_broken_over_a_page_keeps_its_order(tmp_path):
    from pypdf import PdfReader

    from sar_desk.documents.model import Paragraph
    from sar_desk.documents.pdf_renderer import render_pdf

    text = " ".join([REASONS] * 9)
    data = render_pdf(_model((Paragraph(text),)))
    assert len(PdfReader(io.BytesIO(data)).pages) == 2
    arabic = [line for line in _all_lines(data, tmp_path) if any(map(_has_rtl, line[2]))]
    assert [w for line in arabic for w in _read_rtl(line[2])] == text.split()
    assert all(abs(x1 - RIGHT) < 1.5 for _, x1, _ in arabic)


def test_arabic_bullet_sits_on_the_right_and_english_one_on_the_left(tmp_path):
    from sar_desk.documents.model import BulletList
    from sar_desk.documents.pdf_renderer import render_pdf

    item = " ".join(REASONS.split()[:30])
    data = render_pdf(_model((BulletList((item, ENGLISH * 2)),)))
    lines = _all_lines(data, tmp_path)
    bullet_line = next(ln for ln in lines if "•" in ln[2] and any(map(_has_rtl, ln[2])))
    assert bullet_line[2][-1] == "•"  # rightmost on the first line of the Arabic item
    assert abs(bullet_line[1] - (RIGHT - 4)) < 1.5
    plain = [(x0, x1, [w for w in ws if w != "•"]) for x0, x1, ws in lines]
    words = item.split()
    arabic = _paragraph_lines(plain, words[:3], len(words), _read_rtl)
    assert len(arabic) >= 2
    assert [w for line in arabic for w in _read_rtl(line[2])] == words
    assert abs(arabic[1][1] - (RIGHT - 14)) < 1.5  # the text is indented from the right
    english = next(ln for ln in lines if ln[2][:2] == ["•", "We"])
    assert abs(english[0] - (LEFT + 4)) < 1.5

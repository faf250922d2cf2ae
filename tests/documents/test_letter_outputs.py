"""Every letter kind renders to PDF and DOCX with the same text, names, reference and dates."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest

from sar_desk.documents import LETTER_KINDS
from sar_desk.documents.profile import ARTICLE15_ITEMS
from tests.documents.helpers import (
    AS_OF_TEXT,
    DUE_TEXT,
    EXTENDED_TEXT,
    MULTISCRIPT,
    RECEIVED_TEXT,
    docx_paragraphs,
    pdf_body_text,
    squash,
)

REF = "SAR-2025-0042"
KIND_DATES = {
    "acknowledgement": [DUE_TEXT],
    "extension-notice": [DUE_TEXT, EXTENDED_TEXT],
}


def _footer_prefix(document) -> str:
    return f"{document.letterhead.legal_line} · Our reference {document.reference}"


@pytest.mark.parametrize("kind", list(LETTER_KINDS))
def test_pdf_and_docx_hold_the_same_paragraphs(rendered, kind):
    document, pdf, docx_bytes = rendered[kind]
    paragraphs = docx_paragraphs(docx_bytes)
    assert paragraphs == document.paragraphs()
    assert pdf_body_text(pdf, _footer_prefix(document)) == squash("".join(paragraphs))


@pytest.mark.parametrize("kind", list(LETTER_KINDS))
def test_letter_names_requester_reference_and_dates(rendered, kind):
    document, pdf, docx_bytes = rendered[kind]
    text = "\n".join(docx_paragraphs(docx_bytes))
    pdf_text = pdf_body_text(pdf, _footer_prefix(document))
    for expected in [MULTISCRIPT, REF, AS_OF_TEXT, RECEIVED_TEXT, *KIND_DATES.get(kind, [])]:
        assert expected in text, f"{kind} DOCX lacks {expected!r}"
        assert squash(expected) in pdf_text, f"{kind} PDF lacks {expected!r}"
    assert f"Dear {MULTISCRIPT}," in text
    # the signature block carries the sender from settings
    assert text.rstrip().endswith("Priya Shah\nData Protection Lead\nFluxSys Ltd")


def test_final_response_states_every_article15_item(rendered, profile):
    document, pdf, docx_bytes = rendered["final-response"]
    text = "\n".join(docx_paragraphs(docx_bytes))
    pdf_text = pdf_body_text(pdf, _footer_prefix(document))
    for key, heading in ARTICLE15_ITEMS:
        value = profile.get(f"article15.{key}")
        for item in value if isinstance(value, list) else [value]:
            assert item in text, f"final response lacks {key}: {item!r}"
            assert squash(item) in pdf_text
        assert heading in text or key == "safeguards"
    for right in ("correct", "erase", "restrict", "object to"):
        assert right in text
    assert "complain to the Information Commissioner's Office (ICO)" in text
    assert "Wycliffe House, Water Lane, Wilmslow, Cheshire, SK9 5AF" in text


def test_refusal_gives_both_rights(rendered):
    document, pdf, docx_bytes = rendered["refusal"]
    text = "\n".join(docx_paragraphs(docx_bytes))
    pdf_text = pdf_body_text(pdf, _footer_prefix(document))
    for phrase in ("right to complain to the Information Commissioner's Office",
                   "0303 123 1113", "right to seek a judicial remedy",
                   "offered to withdraw the request in return for a payment",
                   "manifestly unfounded"):
        assert phrase in text
        assert squash(phrase) in pdf_text


def test_fee_request_gives_amount_working_and_clock(rendered):
    document, pdf, docx_bytes = rendered["fee-request"]
    text = "\n".join(docx_paragraphs(docx_bytes))
    pdf_text = pdf_body_text(pdf, _footer_prefix(document))
    for phrase in ("The fee is £45.00.", "Three hours of staff time at £15 an hour.",
                   "runs from the day the payment reaches us", "manifestly excessive"):
        assert phrase in text
        assert squash(phrase) in pdf_text


def test_multiscript_name_survives_pdftotext(rendered, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    _, pdf, _ = rendered["acknowledgement"]
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert MULTISCRIPT in text
    assert f"Dear {MULTISCRIPT}," in text


def test_every_page_has_reference_and_page_n_of_m(rendered):
    import docx

    document, pdf, docx_bytes = rendered["final-response"]
    from tests.documents.helpers import pdf_pages

    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert squash(f"Our reference {REF} · Page {number} of {len(pages)}") in squash(page)
    footer = docx.Document(io.BytesIO(docx_bytes)).sections[0].footer
    xml = footer._element.xml
    assert "PAGE" in xml and "NUMPAGES" in xml and REF in xml


def test_pages_are_a4(rendered):
    import docx
    from pypdf import PdfReader

    _, pdf, docx_bytes = rendered["acknowledgement"]
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
        210, 297)
    section = docx.Document(io.BytesIO(docx_bytes)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_recipient_address_sits_in_the_dl_window(rendered):
    """Every address line starts 20-30 mm from the left and lies 45-90 mm from the top."""
    from pypdf import PdfReader

    document, pdf, _ = rendered["acknowledgement"]
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    height = float(page.mediabox.height)
    seen: dict[str, tuple[float, float]] = {}

    def visit(text, cm, tm, font, size):  # noqa: ANN001
        x, y = cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]
        if text.strip():
            seen.setdefault(text.strip(), (x, y))

    page.extract_text(visitor_text=visit)
    mm = 72 / 25.4
    for line in document.recipient.lines[1:]:  # one-font lines come out whole
        x, y = seen[line]
        assert 20 * mm <= x <= 30 * mm, (line, x / mm)
        assert 45 * mm <= height - y <= 90 * mm, (line, (height - y) / mm)


@pytest.fixture(scope="module")
def soffice():
    import os

    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI to check the DOCX letters")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


@pytest.mark.slow
def test_libreoffice_converts_every_docx_kind(rendered, soffice, tmp_path):
    from pypdf import PdfReader

    sources = []
    for kind in LETTER_KINDS:
        path = tmp_path / f"{kind}.docx"
        path.write_bytes(rendered[kind][2])
        sources.append(str(path))
    out = tmp_path / "out"
    profile_dir = tmp_path / "lo-profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile_dir}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), *sources],
        capture_output=True, text=True, timeout=240,
    )
    assert result.returncode == 0, result.stderr
    for kind in LETTER_KINDS:
        converted = out / f"{kind}.pdf"
        assert converted.is_file(), f"LibreOffice did not convert {kind}: {result.stderr}"
        text = "".join(p.extract_text() for p in PdfReader(converted).pages)
        assert REF in text and "Page 1 of" in text
    if shutil.which("pdftotext"):  # the DOCX puts the address in the DL window too
        xml = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1",
                              str(out / "acknowledgement.pdf"), "-"],
                             capture_output=True, text=True, check=True).stdout
        import re

        boxes = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">'
                           r"(Gdańsk|CV32)<", xml)
        assert len(boxes) == 2
        mm = 72 / 25.4
        for x, top, bottom, _word in boxes:
            assert 20 * mm <= float(x) <= 30 * mm
            assert 45 * mm <= float(top) and float(bottom) <= 90 * mm


SCHEMA_ORDER = {  # child order Word requires (ECMA-376 CT_TblPr, CT_TcPr, CT_TblCellMar)
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
              "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
              "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"],
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
             "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"],
    "tblCellMar": ["top", "left", "start", "bottom", "right", "end"],
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
            "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
            "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
            "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
            "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
            "sectPr", "pPrChange"],
}


def test_docx_properties_follow_the_schema_order(rendered):
    """Word rejects a file whose property elements are out of order (LibreOffice does not)."""
    import zipfile

    from lxml import etree

    _, _, data = rendered["final-response"]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = [package.read(n) for n in package.namelist()
                 if n in ("word/document.xml", "word/footer1.xml")]
    checked = 0
    for part in parts:
        root = etree.fromstring(part)
        for element in root.iter():
            tag = etree.QName(element).localname
            if tag not in SCHEMA_ORDER:
                continue
            order = SCHEMA_ORDER[tag]
            names = [etree.QName(child).localname for child in element]
            positions = [order.index(n) for n in names]
            assert positions == sorted(positions), f"{tag}: {names}"
            checked += 1
    assert checked > 10

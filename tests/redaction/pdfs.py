"""PDFs that try to defeat redaction, built in memory with PyMuPDF."""

from __future__ import annotations

import pymupdf

NAME = "Johanna Smithers"


def _doc_page() -> tuple[pymupdf.Document, pymupdf.Page]:
    doc = pymupdf.open()
    return doc, doc.new_page(width=595, height=842)


def plain(text: str = f"Meeting notes. {NAME} asked about the rota.") -> bytes:
    doc, page = _doc_page()
    page.insert_text((72, 100), text, fontname="helv", fontsize=12)
    page.insert_text((72, 140), "The requester attended.", fontname="helv", fontsize=12)
    return doc.tobytes()


def split_runs(second_font: str = "helv") -> bytes:
    """The name written as two text runs ("Johan" + "na Smithers"), the second in
    ``second_font``: a search run by run finds neither half."""
    doc, page = _doc_page()
    first = f"Present: {NAME[:5]}"
    page.insert_text((72, 100), first, fontname="helv", fontsize=12)
    x = 72 + pymupdf.get_text_length(first, fontname="helv", fontsize=12)
    page.insert_text((x, 100), f"{NAME[5:]} and the requester.", fontname=second_font,
                     fontsize=12)
    return doc.tobytes()


def under_image() -> bytes:
    """The name as text, hidden under an opaque image drawn over it."""
    doc, page = _doc_page()
    page.insert_text((72, 100), f"Witness: {NAME} (hidden)", fontname="helv", fontsize=12)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 10), False)
    pix.set_rect(pix.irect, (200, 200, 200))
    page.insert_image(pymupdf.Rect(60, 80, 360, 110), pixmap=pix)
    return doc.tobytes()


def white_on_white() -> bytes:
    doc, page = _doc_page()
    page.insert_text((72, 100), "Visible line about the requester.", fontname="helv",
                     fontsize=12)
    page.insert_text((72, 140), f"Invisible: {NAME}", fontname="helv", fontsize=12,
                     color=(1, 1, 1))
    return doc.tobytes()


def metadata_and_annotation() -> bytes:
    doc, page = _doc_page()
    page.insert_text((72, 100), f"Complaint by {NAME} about noise.", fontname="helv",
                     fontsize=12)
    doc.set_metadata({"title": f"Complaint {NAME}", "author": NAME, "subject": "noise"})
    doc.set_xml_metadata(f"<x:xmpmeta xmlns:x='adobe:ns:meta/'><dc>{NAME}</dc></x:xmpmeta>")
    annot = page.add_text_annot((400, 300), f"Call {NAME} back")
    annot.set_info(title=NAME)
    annot.update()
    doc.embfile_add("notes.txt", f"{NAME} notes".encode())
    return doc.tobytes()


def scanned(text: str = f"Statement of {NAME}") -> bytes:
    """A text page rasterised into an image-only PDF (no text layer)."""
    source, page = _doc_page()
    page.insert_text((72, 120), text, fontname="helv", fontsize=20)
    page.insert_text((72, 170), "signed and dated", fontname="helv", fontsize=20)
    pix = page.get_pixmap(dpi=200)
    doc, out = _doc_page()
    out.insert_image(out.rect, pixmap=pix)
    return doc.tobytes()


def touching() -> bytes:
    """One line whose name is covered by two boxes that touch: "Johanna" and "Smithers"."""
    doc, page = _doc_page()
    page.insert_text((72, 100), f"Seen by {NAME} today.", fontname="helv", fontsize=12)
    return doc.tobytes()


def incremental() -> bytes:
    """A PDF with an incremental update: the first revision drafts a note naming the
    person; the update (appended after it, as editors save) replaces the page's text."""
    import io

    import pypdf
    from pypdf.generic import DecodedStreamObject, NameObject

    first = plain(f"Draft naming {NAME} only.")
    writer = pypdf.PdfWriter(io.BytesIO(first), incremental=True)
    stream = DecodedStreamObject()
    stream.set_data(f"BT /helv 12 Tf 72 742 Td (Final note on {NAME} and the requester.) Tj "
                    "ET".encode("latin-1"))
    writer.pages[0][NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def hidden_layer() -> bytes:
    """The name in an optional-content layer that is switched off (not shown, not read by
    PyMuPDF's default extraction, but in the file)."""
    doc, page = _doc_page()
    layer = doc.add_ocg("Draft notes", on=False)
    page.insert_text((72, 100), "Visible summary for the requester.", fontname="helv",
                     fontsize=12)
    page.insert_text((72, 140), f"Draft: {NAME} complained.", fontname="helv", fontsize=12,
                     oc=layer)
    return doc.tobytes()


def off_page() -> bytes:
    """The name on the page, and again placed outside the page (above it and to its right),
    where no one sees it but some readers still extract it."""
    doc, page = _doc_page()
    page.insert_text((72, 100), f"Minutes naming {NAME} once.", fontname="helv", fontsize=12)
    page.insert_text((72, -40), f"Off the page: {NAME} (telephone notes)", fontname="helv",
                     fontsize=12)
    page.insert_text((700, 300), "Margin note: call back Tuesday", fontname="helv",
                     fontsize=12)
    return doc.tobytes()

"""Renditions of text and CSV files, whatever their encoding (the one used is noted)."""

from __future__ import annotations

import codecs

from sar_desk.documents.html_clean import clean_html
from sar_desk.documents.rendition_result import Conversion, converted, unreadable
from sar_desk.documents.story_pdf import escape, html_to_pdf, text_block

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) of bytes that are text, or None when they are not (binary)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    if b"\x00" in data[:65536]:
        return None
    # 7-bit Japanese mail text switches character sets with escape sequences.
    candidates = ("iso-2022-jp", "utf-8", "cp1252") if b"\x1b$" in data[:65536] \
        else ("utf-8", "cp1252")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def text_to_pdf(filename: str, data: bytes) -> Conversion:
    found = decode_text(data)
    if found is None:
        return unreadable(f"{filename} is not text in any encoding SAR Desk can read "
                          "(it holds binary data).")
    text, encoding = found
    controls = sum(1 for c in text[:65536] if ord(c) < 32 and c not in "\r\n\t\f")
    if controls > max(8, len(text[:65536]) // 20):
        return unreadable(f"{filename} is not text: it is mostly control characters.")
    note = f'<p class="note">{escape(filename)} · read as {escape(encoding)}</p>'
    pdf, pages = html_to_pdf(note + text_block(text.replace("\r\n", "\n")))
    return converted(pdf, pages)


def html_page_to_pdf(filename: str, data: bytes) -> Conversion:
    """A saved web page (an e-mail's HTML attachment): its text and tables, with anything
    active or remote taken out (nothing is fetched)."""
    found = decode_text(data)
    if found is None:
        return unreadable(f"{filename} is not a web page SAR Desk can read (binary data).")
    note = f'<p class="note">{escape(filename)} · read as {escape(found[1])}</p>'
    pdf, pages = html_to_pdf(note + f"<div>{clean_html(found[0])}</div>")
    return converted(pdf, pages)

"""HTML laid out into A4 PDF pages with PyMuPDF's Story, in the fonts SAR Desk ships.

Used for the renditions of e-mails and text files. The HTML given here is built by SAR
Desk itself (escaped text, or a message's HTML already cleaned by
:mod:`sar_desk.documents.html_clean`); MuPDF reads nothing but the bundled fonts.
"""

from __future__ import annotations

import html
import io
import re

import pymupdf

from sar_desk.documents.fonts import font_dir

MARGIN = 50
_CSS = """
@font-face {font-family: sans; src: url(DejaVuSans.ttf);}
@font-face {font-family: sans; font-weight: bold; src: url(DejaVuSans-Bold.ttf);}
@font-face {font-family: fallback; src: url(DroidSansFallbackFull.ttf);}
* {font-family: sans, fallback;}
body {font-size: 10pt;}
pre {white-space: pre-wrap; font-size: 9pt; font-family: sans, fallback;}
table.headers td {vertical-align: top; padding: 1pt 6pt 1pt 0;}
table.headers {margin-bottom: 8pt; border-bottom: 1px solid #888;}
p.note {color: #555; font-size: 8pt;}
"""


# A zero-width non-joiner after an "f" keeps the font from forming ligatures ("ﬁ"), so
# the text copied or extracted from the pages is the text that was written.
_LIGATURE = re.compile(r"f(?=[fijlt])")


def no_ligatures(text: str) -> str:
    return _LIGATURE.sub("f\u200c", text)


def escape(text: str) -> str:
    return no_ligatures(html.escape(text, quote=True))


def text_block(text: str) -> str:
    """Plain text as preformatted HTML (spacing and line breaks kept)."""
    return f"<pre>{escape(text)}</pre>"


def story_pages(markup: str, css: str, margin: float) -> bytes:
    """``markup`` laid out with ``css`` on as many A4 pages as it needs, ``margin`` points
    from each edge, in the bundled fonts; the PDF as written (fonts not yet subset)."""
    story = pymupdf.Story(html=markup, user_css=css, archive=pymupdf.Archive(str(font_dir())))
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    page = pymupdf.paper_rect("a4")
    where = page + (margin, margin, -margin, -margin)
    more = True
    while more:
        device = writer.begin_page(page)
        more, _filled = story.place(where)
        story.draw(device)
        writer.end_page()
    writer.close()
    return buffer.getvalue()


def html_to_pdf(markup: str) -> tuple[bytes, int]:
    """The PDF of ``markup`` on A4 pages, fonts subset; returns (bytes, page count)."""
    with pymupdf.open(stream=story_pages(markup, _CSS, MARGIN), filetype="pdf") as doc:
        doc.subset_fonts()
        return doc.tobytes(garbage=3, deflate=True), doc.page_count

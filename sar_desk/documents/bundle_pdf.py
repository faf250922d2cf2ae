"""The disclosure bundle as one PDF: cover, schedule of documents, then the items provided.

Pure: items (with their PDF bytes) in, the bundle's bytes out. Every page carries the stamp
"REF · page n of N" in its bottom margin (N counts the cover and the schedule), and each
item has a bookmark. The cover and the schedule are laid out with PyMuPDF's HTML engine and
the fonts shipped with SAR Desk (so any script renders: Łódź, 王芳, عائشة, Ελένη). The file is
saved in full, garbage-collected, with a neutral title and no other metadata.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field

import pymupdf

from sar_desk.documents.errors import BundleItemUnreadable
from sar_desk.documents.fonts import font_dir
from sar_desk.documents.story_pdf import story_pages

PAGE = pymupdf.paper_rect("a4")
MARGIN = 54  # points around the cover and schedule text
STAMP_SIZE = 8
TITLE = "Disclosure bundle"
_CSS = """
@font-face {font-family: sans; src: url(DejaVuSans.ttf);}
@font-face {font-family: sans; src: url(DejaVuSans-Bold.ttf); font-weight: bold;}
@font-face {font-family: fallback; src: url(DroidSansFallbackFull.ttf);}
body {font-family: sans, fallback; font-size: 10pt; line-height: 1.3;}
h1 {font-size: 20pt; margin-bottom: 14pt;}
h2 {font-size: 14pt;}
table {border-collapse: collapse; width: 100%;}
th, td {border: 0.5pt solid #777; padding: 3pt; text-align: left; vertical-align: top;
        font-size: 9pt;}
th {background-color: #e8edf5;}
p.small {font-size: 9pt; color: #333;}
"""


@dataclass(frozen=True)
class BundleCover:
    reference: str
    subject: str
    organisation: str
    date: str  # as the letter writes it
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BundleItem:
    """One row of the schedule; ``pdf`` holds the pages of an item that is provided."""

    number: int
    title: str
    date: str
    status: str
    exemption: str = ""
    pdf: bytes | None = None


@dataclass(frozen=True)
class BuiltBundle:
    data: bytes
    pages: int
    ranges: dict[int, tuple[int, int]] = field(default_factory=dict)  # item -> first, last


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _html_pages(body: str) -> pymupdf.Document:
    """``body`` laid out on as many A4 pages as it needs."""
    return pymupdf.open("pdf", story_pages(body, _CSS, MARGIN))


def _cover_html(cover: BundleCover, items: Sequence[BundleItem], pages: int) -> str:
    provided = sum(1 for i in items if i.pdf is not None)
    lines = [f"<h1>{_esc(TITLE)}</h1>",
             f"<p><b>Reference:</b> {_esc(cover.reference)}</p>",
             f"<p><b>Data subject:</b> {_esc(cover.subject)}</p>",
             f"<p><b>From:</b> {_esc(cover.organisation)}</p>",
             f"<p><b>Date:</b> {_esc(cover.date)}</p>",
             f"<p>This bundle has {pages} pages. The schedule of documents that follows lists "
             f"all {len(items)} items found and what was done with each; the {provided} "
             "items provided follow it, in the order of the schedule. Every page is numbered "
             "with the reference above.</p>"]
    lines += [f"<p class='small'>{_esc(n)}</p>" for n in cover.notes]
    return "\n".join(lines)


def _schedule_rows(items: Sequence[BundleItem], ranges: dict[int, tuple[int, int]]
                   ) -> list[str]:
    rows = []
    for item in items:
        span = ranges.get(item.number)
        pages = "—" if span is None else (
            str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}")
        rows.append(f"<tr><td>{item.number}</td><td>{_esc(item.title)}</td>"
                    f"<td>{_esc(item.date)}</td><td>{pages}</td><td>{_esc(item.status)}</td>"
                    f"<td>{_esc(item.exemption or '—')}</td></tr>")
    return rows


SCHEDULE_HEADER = ("<tr><th style='width:7%'>Item</th><th style='width:33%'>Title</th>"
                   "<th style='width:13%'>Date</th><th style='width:9%'>Pages</th>"
                   "<th style='width:15%'>Status</th><th style='width:23%'>Exemption</th></tr>")


def _schedule_page(rows: Sequence[str], first: bool) -> str:
    """One page of the schedule: its heading, the column header, then ``rows``."""
    heading = "Schedule of documents" if first else "Schedule of documents (continued)"
    return f"<h2>{heading}</h2><table>{SCHEDULE_HEADER}{''.join(rows)}</table>"


def _fits(body: str) -> bool:
    """Whether ``body`` fits on one page."""
    story = pymupdf.Story(html=body, user_css=_CSS, archive=pymupdf.Archive(str(font_dir())))
    more, _filled = story.place(PAGE + (MARGIN, MARGIN, -MARGIN, -MARGIN))
    return not more


def _rows_that_fit(rows: Sequence[str], first: bool, guess: int) -> int:
    """How many of ``rows`` fit on one schedule page under its header (at least 1: a row
    too tall for a page runs on over the next)."""
    def fits(n: int) -> bool:
        return _fits(_schedule_page(rows[:n], first))

    if guess >= len(rows) and fits(len(rows)):
        return len(rows)  # the last page: the rest fit
    if 1 < guess < len(rows) and fits(guess) and not fits(guess + 1):
        return guess  # as many as the page before: the usual case, two layouts
    if not fits(1):
        return 1
    lo, hi = 1, len(rows) + 1  # fits(lo); hi is the first count known not to, or beyond
    probe = max(1, min(guess, len(rows)))
    while probe < hi and fits(probe):
        lo, probe = probe, probe * 2
    hi = min(hi, probe)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return lo


def _schedule_pages(items: Sequence[BundleItem], ranges: dict[int, tuple[int, int]]
                    ) -> pymupdf.Document:
    """The schedule laid out page by page, its column header repeated on every page."""
    rows = _schedule_rows(items, ranges)
    out = pymupdf.open()
    first, guess = True, 30
    while first or rows:
        count = _rows_that_fit(rows, first, guess) if rows else 0
        out.insert_pdf(_html_pages(_schedule_page(rows[:count], first)))
        rows, first, guess = rows[count:], False, max(count, 1)
    return out


def _open_item(item: BundleItem) -> pymupdf.Document:
    try:
        doc = pymupdf.open("pdf", item.pdf)
    except (RuntimeError, ValueError) as exc:  # pymupdf's FileDataError is a RuntimeError
        raise BundleItemUnreadable(item.number, item.title, str(exc)) from None
    if doc.needs_pass or doc.page_count == 0:
        why = "it is password-protected" if doc.needs_pass else "it has no pages"
        raise BundleItemUnreadable(item.number, item.title, why)
    return doc


def stamp_text(reference: str, page: int, total: int) -> str:
    return f"{reference} · page {page} of {total}"


def stamp_pages(doc: pymupdf.Document, reference: str) -> None:
    """Write "REF · page n of N" in the bottom margin of every page of ``doc``."""
    total = doc.page_count
    for index, page in enumerate(doc):
        text = stamp_text(reference, index + 1, total)
        width = pymupdf.get_text_length(text, fontname="helv", fontsize=STAMP_SIZE)
        visible = page.rect
        x, y = visible.width - 24 - width, visible.height - 12
        box = pymupdf.Rect(x - 3, y - STAMP_SIZE - 1, x + width + 3, y + 3)
        turn = page.derotation_matrix
        page.wrap_contents()
        page.draw_rect(box * turn, color=None, fill=(1, 1, 1), overlay=True)
        page.insert_text(pymupdf.Point(x, y) * turn, text, fontname="helv",
                         fontsize=STAMP_SIZE, rotate=page.rotation, color=(0.15, 0.15, 0.15))


def build_bundle(cover: BundleCover, items: Sequence[BundleItem]) -> BuiltBundle:
    """The bundle's bytes, its page count and each included item's pages (see module notes)."""
    sources = {i.number: _open_item(i) for i in items if i.pdf is not None}
    cover_doc: pymupdf.Document | None = None
    schedule: pymupdf.Document | None = None
    ranges: dict[int, tuple[int, int]] = {}
    for _attempt in range(4):  # the schedule's length moves the page numbers it prints
        front = (cover_doc.page_count if cover_doc else 1) + (
            schedule.page_count if schedule else 1)
        ranges, at = {}, front + 1
        for item in items:
            if item.number in sources:
                count = sources[item.number].page_count
                ranges[item.number] = (at, at + count - 1)
                at += count
        total = at - 1
        new_cover = _html_pages(_cover_html(cover, items, total))
        new_schedule = _schedule_pages(items, ranges)
        stable = (cover_doc is not None and schedule is not None
                  and new_cover.page_count == cover_doc.page_count
                  and new_schedule.page_count == schedule.page_count)
        cover_doc, schedule = new_cover, new_schedule
        if stable:
            break
    assert cover_doc is not None and schedule is not None
    out = pymupdf.open()
    out.insert_pdf(cover_doc)
    out.insert_pdf(schedule)
    toc = [[1, "Cover", 1], [1, "Schedule of documents", cover_doc.page_count + 1]]
    for item in items:
        if item.number in sources:
            out.insert_pdf(sources[item.number], annots=False, links=False)
            toc.append([1, f"Item {item.number}: {item.title}", ranges[item.number][0]])
    stamp_pages(out, cover.reference)
    out.set_toc(toc)
    out.set_metadata({"title": f"{TITLE} {cover.reference}", "author": "", "subject": "",
                      "keywords": "", "creator": "", "producer": "", "creationDate": "",
                      "modDate": ""})
    out.del_xml_metadata()
    out.subset_fonts()
    data = out.tobytes(garbage=4, deflate=True, clean=False, no_new_id=True)
    return BuiltBundle(data, out.page_count, ranges)

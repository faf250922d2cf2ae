"""The bundle PDF itself: stamped pages, schedule, bookmarks, names in any script, no
metadata beyond a neutral title, and an unreadable item named."""

from __future__ import annotations

import subprocess

import pymupdf
import pytest

from sar_desk.documents.bundle_pdf import BundleCover, BundleItem, build_bundle
from sar_desk.documents.errors import BundleItemUnreadable

NAMES = ("Łódź", "王芳", "عائشة", "Ελένη")


def pdf(*texts: str, rotation: int = 0) -> bytes:
    doc = pymupdf.open()
    for text in texts:
        page = doc.new_page()
        page.insert_text((72, 100), text)
        page.set_rotation(rotation)
    doc.set_metadata({"author": "Original Author", "title": "Original title"})
    return doc.tobytes()


def text_of(data: bytes, tmp_path, page: int | None = None) -> str:
    path = tmp_path / "b.pdf"
    path.write_bytes(data)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


COVER = BundleCover("SAR-2026-0007", " ".join(NAMES), "Acme Ltd", "1 July 2026")


def test_every_page_is_stamped_and_items_follow_the_schedule(tmp_path):
    items = [BundleItem(1, "Minutes", "1 May 2026", "provided",
                        pdf=pdf("Alpha one", "Alpha two")),
             BundleItem(2, "Advice", "2 May 2026", "withheld",
                        "Legal professional privilege (Data Protection Act 2018)"),
             BundleItem(3, "Scan", "3 May 2026", "provided", pdf=pdf("Gamma", rotation=90))]
    built = build_bundle(COVER, items)
    assert built.pages == 5 and built.ranges == {1: (3, 4), 3: (5, 5)}
    for n in range(1, 6):
        assert f"SAR-2026-0007 · page {n} of 5" in text_of(built.data, tmp_path, n)
    schedule = " ".join(text_of(built.data, tmp_path, 2).split())
    assert "1 Minutes 1 May 2026 3–4 provided" in schedule
    assert "2 Advice 2 May 2026 — withheld Legal professional privilege" in schedule
    doc = pymupdf.open("pdf", built.data)
    assert doc.get_toc() == [[1, "Cover", 1], [1, "Schedule of documents", 2],
                             [1, "Item 1: Minutes", 3], [1, "Item 3: Scan", 5]]
    # the rotated page's stamp sits upright in its visible bottom margin
    page = doc[4]
    stamp = page.search_for("page 5 of 5")[0] * page.rotation_matrix  # as shown
    assert stamp.y0 > page.rect.height - 30 and stamp.width > stamp.height


def test_names_in_any_script_render_with_embedded_fonts(tmp_path):
    items = [BundleItem(1, f"Letter to {name}", "", "provided", pdf=pdf("x"))
             for name in NAMES]
    built = build_bundle(COVER, items)
    text = text_of(built.data, tmp_path)
    for name in ("Łódź", "王芳", "Ελένη"):
        assert name in text
    assert "عائشة" in text or "ﻋﺎﺋﺸﺔ" in text  # Arabic comes out shaped
    fonts = subprocess.run(["pdffonts", str(tmp_path / "b.pdf")], capture_output=True,
                           text=True, check=True).stdout
    assert "DejaVu" in fonts and "Droid Sans Fallback" in fonts
    assert len(built.data) < 400_000  # the fonts are subset, not embedded whole


def test_the_bundle_carries_no_metadata_beyond_a_neutral_title():
    built = build_bundle(COVER, [BundleItem(1, "Minutes", "", "provided", pdf=pdf("x"))])
    doc = pymupdf.open("pdf", built.data)
    assert doc.metadata["title"] == "Disclosure bundle SAR-2026-0007"
    assert not any(doc.metadata[k] for k in ("author", "subject", "keywords", "creator",
                                              "producer", "creationDate", "modDate"))
    assert doc.get_xml_metadata() == ""
    assert b"Original Author" not in built.data


def test_an_unreadable_item_is_named():
    with pytest.raises(BundleItemUnreadable, match=r"Item 4 \(broken.pdf\) cannot be put"):
        build_bundle(COVER, [BundleItem(4, "broken.pdf", "", "provided",
                                        pdf=b"%PDF-1.4 junk")])


def test_a_long_schedule_repeats_its_column_header_on_every_page(tmp_path):
    one = pdf("Page of an item")
    items = [BundleItem(n, f"Item {n} " + "with a long title " * (n % 5 * 3), "4 May 2026",
                        "provided" if n % 3 else "withheld",
                        "" if n % 3 else "Third-party data", pdf=one if n % 3 else None)
             for n in range(1, 151)]
    built = build_bundle(COVER, items)
    doc = pymupdf.open("pdf", built.data)
    first_item = min(start for start, _end in built.ranges.values())
    schedule = range(2, first_item)  # the pages between the cover and the first item
    assert len(schedule) > 3, "the test needs a schedule of several pages"
    seen: list[int] = []
    for number in schedule:
        page = doc[number - 1]
        [header] = page.search_for("Exemption")  # the column header, once on every page
        assert page.search_for("Status")[0].y0 == pytest.approx(header.y0, abs=1)
        if number > 2:
            assert page.search_for("Schedule of documents (continued)")
        rows = [(w[1], int(w[4])) for w in page.get_text("words")
                if w[0] < 90 and w[4].isdigit()]  # the Item column's numbers
        assert all(y > header.y1 for y, _n in rows), number
        seen += [n for _y, n in sorted(rows)]
    # every item is listed once, in order
    assert seen == list(range(1, 151))

"""Rendition speed: one ``.eml`` with one attachment (a text file) turned into pages, the
message and its attachment each a PDF (target < 300 ms), beside the floor: the same pages
made with PyMuPDF and the standard library alone (no cleaning, no keys, no fallback font).

    python benchmarks/bench_renditions.py [--runs 15]

The first conversion (fonts loaded) is reported separately; the medians are over the warm
runs. Exits with status 1 if the median misses its target.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import html
import io
import statistics
import sys
import time
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET_MS = 300.0


def sample_message() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Zoë Brontë-Hughes <zoe@example.org>"
    msg["To"] = "HR Team <hr@example.com>"
    msg["Date"] = "Mon, 03 Mar 2025 10:15:00 +0000"
    msg["Subject"] = "Grievance outcome"
    msg["Message-ID"] = "<bench-1@example.org>"
    msg.set_content("Dear Zoë,\n\n" + "Please find the outcome attached. " * 40 + "\n")
    notes = "".join(f"{n}. The panel discussed item {n} of the grievance.\n" for n in range(80))
    msg.add_attachment(notes.encode("utf-8"), maintype="text", subtype="plain",
                       filename="meeting notes.txt")
    return bytes(msg)


def sar_desk_pages(raw: bytes) -> int:
    """What SAR Desk does when the message is added: the message and its attachment."""
    from sar_desk.services.item_store import prepare

    item = prepare("message.eml", raw)
    return item.conversion.pages + sum(c.conversion.pages for c in item.children)


def floor_pages(raw: bytes) -> int:
    """The same pages with PyMuPDF alone: header block and body, then the attachment."""
    import pymupdf

    msg = email.message_from_bytes(raw, policy=email.policy.default)
    head = "".join(f"<p><b>{k}:</b> {html.escape(str(msg[k]))}</p>"
                   for k in ("From", "To", "Date", "Subject"))
    body = msg.get_body(preferencelist=("plain",)).get_content()
    documents = [head + f"<pre>{html.escape(body)}</pre>"]
    for part in msg.iter_attachments():
        text = part.get_payload(decode=True).decode("utf-8")
        documents.append(f"<pre>{html.escape(text)}</pre>")
    pages = 0
    for markup in documents:
        out = io.BytesIO()
        writer = pymupdf.DocumentWriter(out)
        story = pymupdf.Story(html=markup)
        more = True
        while more:
            device = writer.begin_page(pymupdf.paper_rect("a4"))
            more, _ = story.place(pymupdf.paper_rect("a4") + (50, 50, -50, -50))
            story.draw(device)
            writer.end_page()
            pages += 1
        writer.close()
    return pages


def _timed(work, raw: bytes, runs: int) -> tuple[float, list[float], int]:
    start = time.perf_counter()
    pages = work(raw)
    first = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work(raw)
        times.append((time.perf_counter() - start) * 1000)
    return first, times, pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    from _common import report  # the RESULT lines benchmarks/run.py gathers

    raw = sample_message()
    print(f"One .eml ({len(raw):,} bytes) with one text attachment, {args.runs} warm runs:")
    first, times, pages = _timed(sar_desk_pages, raw, args.runs)
    floor_first, floor_times, floor_pages_made = _timed(floor_pages, raw, args.runs)
    median = statistics.median(times)
    report("eml with one attachment to PDF pages, SAR Desk (first run, fonts loaded)",
           first, "ms")
    report(f"eml with one attachment to PDF pages, SAR Desk (median of {args.runs})",
           median, "ms", f"< {TARGET_MS:.0f} ms", median < TARGET_MS)
    report(f"same pages with bare PyMuPDF, floor (median of {args.runs})",
           statistics.median(floor_times), "ms")
    report("pages made, SAR Desk", pages, "pages")
    report("pages made, bare PyMuPDF floor", floor_pages_made, "pages")
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())

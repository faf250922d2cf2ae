"""Letter rendering speed: one final response as PDF and as DOCX (target < 100 ms each),
and a batch of 500 letters of every kind in both formats.

The final response is the largest letter (every Article 15 item, a schedule of documents,
exemptions). The sample case has a multi-script name so font fallback is exercised. The
first render of each format (font loading, template compiling) is reported separately;
the medians are over the warm runs.

    python benchmarks/letters.py [--runs 30] [--batch 500]

Exits with status 1 if a median misses its target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the sample case from tests/

TARGET_MS = 100.0
AS_OF = dt.date(2025, 9, 25)
NAMES = ("Zoë Łukasiewicz-王芳 Ελένη Жанна", "عائشة الحربي", "Ann Smith", "Dara Ó Briain")


def sample_case(kind: str, index: int = 0):
    """The test suite's case for a letter of ``kind`` (tests/documents/helpers.py), with a
    schedule of twelve documents and the requester's name taken in turn from ``NAMES``."""
    from sar_desk.core.entities import DisclosureStatus, DocumentInfo
    from tests.documents.helpers import case_for

    case = case_for(kind, NAMES[index % len(NAMES)])
    extra = tuple(
        DocumentInfo(i, f"Document {i:02d} – correspondence.pdf", "0" * 64, 1,
                     DisclosureStatus.PARTLY if i % 3 == 0 else DisclosureStatus.DISCLOSE)
        for i in range(len(case.documents) + 1, 13)
    ) if case.documents else ()
    return replace(case, reference=f"SAR-2025-{index + 1:04d}",
                   documents=case.documents + extra)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()

    from _common import report  # the RESULT lines benchmarks/run.py gathers

    from sar_desk.core.deadlines import compute_deadline
    from sar_desk.documents import LETTER_KINDS, Sender, load_profile, render_letter

    profile = load_profile()
    sender = Sender("Priya Shah", "Data Protection Lead")
    case = sample_case("final-response")
    deadline = compute_deadline(case.received, case.jurisdiction, case.events, as_of=AS_OF)

    def once(fmt: str, kind: str = "final-response", snap=case, dl=deadline) -> float:
        start = time.perf_counter()
        render_letter(kind, snap, fmt=fmt, profile=profile, sender=sender, as_of=AS_OF,
                      deadline=dl)
        return (time.perf_counter() - start) * 1000

    def cpu_once(fmt: str) -> float:
        start = time.process_time()
        once(fmt)
        return (time.process_time() - start) * 1000

    failed = False
    if hasattr(os, "getloadavg"):
        print(f"Load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs "
              "(wall-clock figures grow with other work on the machine; CPU time does not).")
    print(f"Final response ({len(case.documents)} documents, multi-script name), "
          f"{args.runs} warm runs each:")
    for fmt in ("pdf", "docx"):
        first = once(fmt)
        times = [once(fmt) for _ in range(args.runs)]
        cpu = statistics.median(cpu_once(fmt) for _ in range(args.runs))
        median = statistics.median(times)
        ok = median < TARGET_MS
        failed |= not ok
        print(f"  {fmt.upper():4} median {median:6.1f} ms wall, {cpu:6.1f} ms CPU  "
              f"(first {first:6.1f} ms, max {max(times):6.1f} ms)  target < {TARGET_MS:.0f} ms  "
              f"{'OK' if ok else 'MISSED'}")
        report(f"final response {fmt.upper()} (median of {args.runs} warm runs)", median, "ms",
               f"< {TARGET_MS:.0f} ms", ok, human=False)

    from sar_desk.documents import LetterNotAllowed

    kinds = []
    for kind in LETTER_KINDS:  # the kinds this simple sample case is ready for
        snap = sample_case(kind)
        dl = compute_deadline(snap.received, snap.jurisdiction, snap.events, as_of=AS_OF)
        try:
            once("pdf", kind, snap, dl)
        except LetterNotAllowed:
            continue
        kinds.append(kind)
    jobs = []
    for i in range(args.batch):
        kind = kinds[i % len(kinds)]
        snap = sample_case(kind, i)
        dl = compute_deadline(snap.received, snap.jurisdiction, snap.events, as_of=AS_OF)
        jobs.append((kind, snap, dl, "pdf" if i % 2 == 0 else "docx"))
    start = time.perf_counter()
    for kind, snap, dl, fmt in jobs:
        once(fmt, kind, snap, dl)
    total = time.perf_counter() - start
    print(f"Batch of {args.batch} letters ({len(kinds)} kinds, half PDF, half DOCX): "
          f"{total:.2f} s, {total / args.batch * 1000:.1f} ms per letter, "
          f"{args.batch / total:.0f} letters/s")
    report(f"batch of {args.batch} letters, per letter (mean of 1 batch)",
           total / args.batch * 1000, "ms",
           human=False)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

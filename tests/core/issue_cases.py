"""Worked cases beyond the shared set: back-to-back pauses, holiday data, EU clarification,
exam marks and a clarification asked between a weekend due date and its roll. Each gives the
dates a person would work out by hand from the rules (see docs/deadline-policy.md)."""

from __future__ import annotations

import pytest

# id, jurisdiction, received, events, options (CLI flags), expected due, expected paused days
CASES: list[tuple[str, str, str, list[tuple[str, str]], list[str], str, int]] = [
    ("back-to-back-pauses-share-a-day", "uk-ew", "2026-03-02",
     [("clarification_requested", "2026-03-04"), ("clarification_received", "2026-03-06"),
      ("clarification_requested", "2026-03-06"), ("clarification_received", "2026-03-09")],
     [], "2026-04-08", 6),
    ("pl-christmas-eve-2026", "eu-pl", "2026-11-24", [], [], "2026-12-28", 0),
    ("it-saint-francis-2027", "eu-it", "2027-09-04", [], [], "2027-10-05", 0),
    ("eu-de-clarification-does-not-pause", "eu-de", "2025-09-03",
     [("clarification_requested", "2025-09-05"), ("clarification_received", "2025-09-10")],
     [], "2025-10-06", 0),
    ("eu-de-clarification-pause-by-policy", "eu-de", "2025-09-03",
     [("clarification_requested", "2025-09-05"), ("clarification_received", "2025-09-10")],
     ["--policy", "eu_clarification_pause=true"], "2025-10-09", 6),
    ("eu-id-restart-still-applies", "eu-de", "2025-09-03",
     [("id_requested", "2025-09-04"), ("id_received", "2025-09-10")],
     [], "2025-10-10", 0),
    ("exam-marks-40-days-earlier", "uk-ew", "2026-06-01", [],
     ["--exam-results", "2026-08-13"], "2026-09-21", 0),
    ("exam-marks-5-months-scotland", "uk-sct", "2026-03-30", [],
     ["--exam-results", "2026-08-04"], "2026-08-31", 0),
    ("exam-marks-5-months-england", "uk-ew", "2026-03-30", [],
     ["--exam-results", "2026-08-04"], "2026-09-01", 0),
    ("exam-marks-results-not-known-yet", "uk-ew", "2026-03-02", [],
     ["--exam-marks"], "2026-08-03", 0),
    ("exam-marks-asked-after-the-results", "uk-ew", "2026-08-20", [],
     ["--exam-results", "2026-08-13"], "2026-09-21", 0),
    ("clarification-after-weekend-due-date", "uk-ew", "2026-01-31",
     [("clarification_requested", "2026-03-01"), ("clarification_received", "2026-03-03")],
     [], "2026-03-02", 0),
]


def case_params() -> list:
    return [pytest.param(*case, id=case[0]) for case in CASES]

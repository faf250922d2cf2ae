"""Complaint rules: closing needs an outcome for every issue, named when missing."""

from __future__ import annotations

import datetime as dt

from sar_desk.core.complaints import (
    Complaint,
    ComplaintEventKind,
    ComplaintStatus,
    ComplaintSummary,
    Issue,
    IssueOutcome,
    close_reason,
    event_reason,
    normalise_reference,
    outcome_counts,
    outcome_reason,
    parse_outcome,
)
from sar_desk.core.entities import Person


def make(issues=(), status=ComplaintStatus.OPEN) -> Complaint:
    return Complaint("CMP-2026-0003", Person("Ada"), dt.date(2026, 7, 1), issues=tuple(issues),
                     status=status)


def test_closing_is_refused_naming_each_issue_without_an_outcome():
    issues = [Issue(1, "Reply was late", outcome=IssueOutcome.UPHELD, reason="It was."),
              Issue(2, "Emails were missing from the copy")]
    reason = close_reason(make(issues))
    assert reason is not None
    assert "issue 2 (Emails were missing from the copy)" in reason
    assert "issue 1" not in reason


def test_closing_without_any_issue_is_refused():
    assert "no issues" in close_reason(make())


def test_closing_with_every_outcome_is_allowed():
    issues = [Issue(1, "Late", outcome=IssueOutcome.NOT_UPHELD, reason="On time.")]
    assert close_reason(make(issues)) is None
    assert "already closed" in close_reason(make(issues, ComplaintStatus.CLOSED))


def test_outcome_needs_a_known_issue_and_a_reason():
    c = make([Issue(1, "Late")])
    assert "no issue 4" in outcome_reason(c, 4, "x")
    assert "reason" in outcome_reason(c, 1, " ")
    assert outcome_reason(c, 1, "We replied on day 20.") is None


def test_events_before_receipt_or_after_closing_are_refused():
    c = make()
    assert "before the complaint was received" in event_reason(
        c, ComplaintEventKind.ACKNOWLEDGED, dt.date(2026, 6, 30))
    closed = make(status=ComplaintStatus.CLOSED)
    assert "closed" in event_reason(closed, ComplaintEventKind.UPDATE_SENT, dt.date(2026, 8, 1))
    assert event_reason(closed, ComplaintEventKind.ICO_CONTACTED, dt.date(2026, 8, 1)) is None


def test_parsing():
    assert parse_outcome("not-upheld") is IssueOutcome.NOT_UPHELD
    assert parse_outcome("partly upheld") is IssueOutcome.PARTLY
    assert parse_outcome("maybe") is None
    assert normalise_reference("cmp 2026 7") == "CMP-2026-0007"
    assert normalise_reference("SAR-2026-0007") is None


def test_outcomes_are_counted_by_category():
    rows = [ComplaintSummary("CMP-2026-0001", "A", ComplaintStatus.CLOSED, dt.date(2026, 7, 1),
                             None, None, None, None, outcomes=("upheld", "not-upheld")),
            ComplaintSummary("CMP-2026-0002", "B", ComplaintStatus.CLOSED, dt.date(2026, 7, 1),
                             None, None, None, None, outcomes=("upheld",))]
    assert outcome_counts(rows) == {"upheld": 2, "partly upheld": 0, "not upheld": 1}

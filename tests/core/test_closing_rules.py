"""The closing rules on plain snapshots: what counts as a response, what stops a closure."""

from __future__ import annotations

import datetime as dt

from sar_desk.core.closing_rules import (
    OUTSIDE_KEY,
    OutsideResponse,
    access_closing_problems,
    outside_response,
    override_reason_problem,
    response_reason,
)
from sar_desk.core.entities import (
    CaseSnapshot,
    CaseStatus,
    Channel,
    DisclosureStatus,
    DispatchRecord,
    DocumentInfo,
    EventKind,
    LetterInfo,
    Person,
    SearchLogEntry,
    TimelineEvent,
)

D = dt.date
FINAL = {"final-response", "refusal", "erasure-outcome"}


def case(**fields) -> CaseSnapshot:
    return CaseSnapshot(reference="SAR-2026-0007", status=CaseStatus.OPEN, jurisdiction="uk-ew",
                        channel=Channel.EMAIL, received=D(2026, 5, 1), logged=D(2026, 5, 1),
                        requester=Person("Iolanthe Ørsted"), **fields)


def test_only_a_dispatched_final_letter_or_an_outside_response_counts_as_responding():
    letters = (LetterInfo(1, "acknowledgement", "pdf", "a"), LetterInfo(2, "refusal", "pdf", "b"))
    assert "no final response" in response_reason(case(letters=letters), FINAL.__contains__)
    ack_sent = case(letters=letters, dispatches=(DispatchRecord(1, D(2026, 5, 2), "post"),))
    assert response_reason(ack_sent, FINAL.__contains__) is not None
    refusal_sent = case(letters=letters, dispatches=(DispatchRecord(2, D(2026, 5, 9), "email"),))
    assert response_reason(refusal_sent, FINAL.__contains__) is None
    outside = OutsideResponse("by hand", D(2026, 5, 20), "receipt signed")
    by_hand = case(extra={OUTSIDE_KEY: outside.to_text()})
    assert response_reason(by_hand, FINAL.__contains__) is None
    assert outside_response(by_hand) == outside
    assert outside_response(case(extra={OUTSIDE_KEY: "not json"})) is None


def test_access_needs_a_search_and_every_document_decided_unless_withdrawn():
    docs = (DocumentInfo(1, "a.pdf", "x", 1, DisclosureStatus.DISCLOSE),
            DocumentInfo(2, "b.pdf", "y", 1))
    assert access_closing_problems(case(documents=docs)) == [
        "access: no search is logged (search log)",
        "access: document #2 'b.pdf' has no disclosure decision"]
    searched = (SearchLogEntry("CRM", "Ørsted"),)
    assert access_closing_problems(case(documents=docs[:1], search_log=searched)) == []
    withdrawn = (TimelineEvent(EventKind.WITHDRAWN, D(2026, 5, 3)),)
    assert access_closing_problems(case(documents=docs, events=withdrawn)) == []


def test_an_override_needs_a_sentence():
    assert override_reason_problem("  fine  ") is not None
    assert override_reason_problem("Requester confirmed nothing further is wanted") is None

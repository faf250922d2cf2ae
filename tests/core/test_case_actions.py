"""What can still be done to a case once it has ended, and the reason given when not."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from sar_desk.core.case_actions import (
    CASE_STATE_ACTIONS,
    available_actions,
    decision_reason,
    ended_on,
    event_reasons,
    why_not,
    why_not_event,
)
from sar_desk.core.deadlines import compute_deadline
from sar_desk.core.entities import (
    CLOCK_EVENT_KINDS,
    CaseSnapshot,
    CaseStatus,
    Channel,
    DecisionGround,
    DecisionKind,
    EventKind,
    Person,
    TimelineEvent,
)
from sar_desk.core.roles import Action

RECEIVED = dt.date(2026, 2, 2)
K = EventKind
ALWAYS = {Action.ADD_NOTE, Action.ADD_SEARCH_LOG, Action.ASSIGN_CASE, Action.GENERATE_LETTER,
          Action.DISPATCH_LETTER}
DISCLOSURE = {Action.APPLY_EXEMPTION, Action.SET_DOCUMENT_STATUS, Action.ATTACH_DOCUMENT}


def case(status: CaseStatus = CaseStatus.OPEN, *events: tuple[EventKind, dt.date]
         ) -> CaseSnapshot:
    return CaseSnapshot(
        reference="SAR-2026-0001", status=status, jurisdiction="uk-ew", channel=Channel.EMAIL,
        received=RECEIVED, logged=RECEIVED, requester=Person("Łódź Ελένη"),
        events=tuple(TimelineEvent(kind=k, date=d) for k, d in events))


OPEN = case()
RESPONDED = case(CaseStatus.RESPONDED, (K.RESPONDED, dt.date(2026, 3, 2)))
WITHDRAWN = case(CaseStatus.WITHDRAWN, (K.WITHDRAWN, dt.date(2026, 2, 20)))
CLOSED = case(CaseStatus.CLOSED, (K.RESPONDED, dt.date(2026, 3, 2)),
              (K.CLOSED, dt.date(2026, 3, 9)))


def test_an_open_case_allows_every_action():
    assert available_actions(OPEN) == {a: None for a in CASE_STATE_ACTIONS}
    reasons = event_reasons(OPEN)
    # Only the exam results day waits for the case to be marked as a request for exam marks.
    assert all(r is None for k, r in reasons.items() if k != K.EXAM_RESULTS_ANNOUNCED)
    assert "exam marks first" in reasons[K.EXAM_RESULTS_ANNOUNCED]
    assert decision_reason(OPEN, DecisionKind.REFUSE, DecisionGround.UNFOUNDED) is None


@pytest.mark.parametrize("snap", [RESPONDED, WITHDRAWN, CLOSED], ids=str)
def test_the_record_stays_open_after_the_ending(snap):
    reasons = available_actions(snap)
    assert {a for a, r in reasons.items() if r is None} >= ALWAYS
    for action in DISCLOSURE:
        assert reasons[action], action
    for kind in CLOCK_EVENT_KINDS:
        reason = why_not_event(kind, snap)
        assert "clock has stopped" in reason and "Add a note" in reason


def test_a_responded_case_names_the_day_and_keeps_closing_and_further_copies():
    reasons = available_actions(RESPONDED)
    assert reasons[Action.RECORD_EVENT] is None  # it can still be closed
    assert why_not_event(K.CLOSED, RESPONDED) is None
    assert why_not_event(K.EXTENDED, RESPONDED).startswith(
        "The response was sent on 2 March 2026, so the deadline clock has stopped")
    assert "only once" in why_not_event(K.RESPONDED, RESPONDED)
    assert "cannot be withdrawn after it was answered" in why_not_event(K.WITHDRAWN, RESPONDED)
    assert reasons[Action.APPLY_EXEMPTION].startswith("The response was sent on 2 March 2026:")
    assert reasons[Action.RECORD_DECISION] is None
    assert decision_reason(RESPONDED, DecisionKind.FEE, DecisionGround.FURTHER_COPIES) is None
    refusal = decision_reason(RESPONDED, DecisionKind.REFUSE, DecisionGround.EXCESSIVE)
    assert "only decision still possible is a fee for further copies" in refusal
    assert decision_reason(RESPONDED, "fee", "unfounded") == refusal


def test_a_withdrawn_case_can_only_be_closed_and_takes_no_decision():
    reasons = available_actions(WITHDRAWN)
    assert reasons[Action.RECORD_EVENT] is None
    assert [k for k, r in event_reasons(WITHDRAWN).items() if r is None] == [K.CLOSED]
    assert why_not_event(K.WITHDRAWN, WITHDRAWN) == (
        "The request was withdrawn on 20 February 2026: it is already withdrawn.")
    assert "no response is due" in why_not_event(K.RESPONDED, WITHDRAWN)
    assert reasons[Action.RECORD_DECISION] == (
        "The request was withdrawn on 20 February 2026: no fee or refusal can be decided on a "
        "withdrawn request.")
    assert "nothing will be disclosed" in reasons[Action.ATTACH_DOCUMENT]


def test_a_closed_case_is_dated_by_its_closure_and_cannot_be_reopened():
    assert ended_on(CLOSED) == dt.date(2026, 3, 9)
    reasons = available_actions(CLOSED)
    assert reasons[Action.RECORD_EVENT].startswith(
        "The case was closed on 9 March 2026: a closed case cannot be reopened")
    assert all(event_reasons(CLOSED).values())
    assert reasons[Action.RECORD_DECISION]
    assert why_not(Action.ADD_NOTE, CLOSED) is None


def test_an_ending_without_a_dated_event_still_reads_well():
    imported = case(CaseStatus.CLOSED)
    assert ended_on(imported) is None
    assert why_not(Action.APPLY_EXEMPTION, imported).startswith("The case was closed: ")


def test_the_extension_is_possible_once_and_only_in_the_first_month():
    deadline = compute_deadline(RECEIVED, "uk-ew", (), as_of=dt.date(2026, 2, 10))
    assert why_not_event(K.EXTENDED, OPEN, deadline=deadline, today=dt.date(2026, 2, 10)) is None
    late = why_not_event(K.EXTENDED, OPEN, deadline=deadline, today=dt.date(2026, 3, 5))
    assert late.startswith("The first month ran out on 2 March 2026")
    assert why_not_event(K.EXTENDED, OPEN) is None  # no deadline given: timing not judged
    extended = dataclasses.replace(OPEN, events=(TimelineEvent(K.EXTENDED, dt.date(2026, 2, 9)),))
    assert "already recorded on 9 February 2026" in why_not_event(K.EXTENDED, extended)
    # the rest of the timeline is unaffected
    assert why_not(Action.RECORD_EVENT, extended) is None


def test_exam_marks_events_are_offered_once_and_in_order():
    marked = case(CaseStatus.OPEN, (K.EXAM_MARKS_REQUESTED, RECEIVED))
    assert why_not_event(K.EXAM_RESULTS_ANNOUNCED, marked) is None
    assert "already recorded" in why_not_event(K.EXAM_MARKS_REQUESTED, marked)
    announced = case(CaseStatus.OPEN, (K.EXAM_MARKS_REQUESTED, RECEIVED),
                     (K.EXAM_RESULTS_ANNOUNCED, dt.date(2026, 8, 13)))
    reason = why_not_event(K.EXAM_RESULTS_ANNOUNCED, announced)
    assert "13 August 2026" in reason and "only one announcement day" in reason


def test_an_exam_marks_deadline_cannot_be_extended():
    marked = case(CaseStatus.OPEN, (K.EXAM_MARKS_REQUESTED, RECEIVED))
    assert "cannot be extended" in why_not_event(K.EXTENDED, marked)
    # Results announced before the request: the ordinary month, which can be extended.
    after = case(CaseStatus.OPEN, (K.EXAM_MARKS_REQUESTED, RECEIVED),
                 (K.EXAM_RESULTS_ANNOUNCED, RECEIVED - dt.timedelta(days=3)))
    assert why_not_event(K.EXTENDED, after) is None

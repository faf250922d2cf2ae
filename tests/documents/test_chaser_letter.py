"""The chaser letter: only after 14 days without an answer, and it says what was asked and
when."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sar_desk.core.deadlines import compute_deadline
from sar_desk.core.entities import EventKind, TimelineEvent
from sar_desk.documents import build_document, letter_kind
from tests.documents.helpers import AS_OF, case_for


def _refusal(case, as_of):
    deadline = compute_deadline(case.received, case.jurisdiction, case.events, as_of=as_of)
    return letter_kind("chaser").refusal(case, deadline, as_of)


def test_the_chaser_names_what_was_asked_and_when(profile, sender):
    case = case_for("chaser")  # clarification asked on 5 September 2025
    deadline = compute_deadline(case.received, case.jurisdiction, case.events, as_of=AS_OF)
    document = build_document("chaser", case, profile=profile, sender=sender, as_of=AS_OF,
                              deadline=deadline)
    text = " ".join(document.paragraphs())
    assert "On 5 September 2025 we wrote to ask you for clarification" in text


def test_the_chaser_waits_14_days_and_stops_once_answered():
    case = case_for("chaser")
    asked = case.events[0].date
    assert _refusal(case, asked + dt.timedelta(days=14)) is None
    assert "13 days ago" in _refusal(case, asked + dt.timedelta(days=13))
    answered = replace(case, events=(*case.events, TimelineEvent(
        EventKind.CLARIFICATION_RECEIVED, asked + dt.timedelta(days=3), id=99)))
    assert "no unanswered request" in _refusal(answered, AS_OF)

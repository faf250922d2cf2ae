"""Cases whose deadline follows the exam-marks rule or the organisation's EU policy."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.case_state import evaluate
from sar_desk.core.entities import EventKind, Person
from sar_desk.documents.errors import ProfileError
from sar_desk.errors import InputError
from sar_desk.services import cases as C
from sar_desk.services.dashboard import registry_rows
from sar_desk.services.settings import profile_path, read_profile_text, save_profile_text

D = dt.date


def new(received: D, **kw) -> C.NewCase:
    return C.NewCase(requester=Person("Zofia Wiśniewska", "zofia@example.pl"), received=received,
                     **kw)


def row(ws, ref: str):
    return next(r for r in registry_rows(ws) if r.reference == ref)


def test_exam_marks_case_with_a_results_day_ahead(ws, today):
    snap = C.create_case(ws, new(D(2026, 6, 1), exam_marks=True, exam_results=D(2026, 8, 13)))
    kinds = [(e.kind, e.date) for e in snap.events]
    assert kinds == [(EventKind.EXAM_MARKS_REQUESTED, D(2026, 6, 1)),
                     (EventKind.EXAM_RESULTS_ANNOUNCED, D(2026, 8, 13))]
    deadline = C.deadline_for(snap, as_of=today)
    assert deadline.due == D(2026, 9, 21) and deadline.due_note == ""
    assert C.list_cases(ws)[0].due == D(2026, 9, 21)
    # The dashboard, which recomputes from the registry row, agrees before results day.
    state = evaluate(row(ws, snap.reference), today)
    assert state.due == D(2026, 9, 21) and state.days_left == (D(2026, 9, 21) - today).days


def test_results_day_recorded_later(ws, today):
    ref = C.create_case(ws, new(D(2026, 6, 1), exam_marks=True)).reference
    pending = C.deadline_for(C.get_case(ws, ref), as_of=today)
    assert pending.due == D(2026, 11, 2)
    assert pending.due_note == "or 40 days after the results, if earlier"
    snap = C.record_exam_results(ws, ref, D(2026, 8, 13), "exam board calendar")
    assert C.deadline_for(snap, as_of=today).due == D(2026, 9, 21)
    audit = [a.action for a in C.audit_trail(ws, ref)]
    assert audit.count("event_recorded") == 2
    with pytest.raises(InputError, match="already recorded"):
        C.record_exam_results(ws, ref, D(2026, 8, 20))


def test_results_day_needs_an_exam_marks_case(ws):
    ref = C.create_case(ws, new(D(2026, 6, 1))).reference
    with pytest.raises(InputError, match="not recorded as a request for exam marks"):
        C.record_exam_results(ws, ref, D(2026, 8, 13))
    assert C.get_case(ws, ref).events == ()


def test_exam_marks_case_cannot_be_extended(ws):
    ref = C.create_case(ws, new(D(2026, 6, 1), exam_marks=True)).reference
    with pytest.raises(InputError, match="cannot be extended"):
        C.record_event(ws, ref, EventKind.EXTENDED, D(2026, 6, 10), "volume")


def test_results_announced_before_the_request_give_the_ordinary_month(ws, today):
    """A new case is refused as an exam-marks request (the dialog's rule); recorded later,
    the early announcement gives the month and the explanation says why."""
    with pytest.raises(InputError, match="ordinary one month applies.*No case was created"):
        C.create_case(ws, new(D(2026, 6, 1), exam_marks=True, exam_results=D(2026, 5, 20)))
    ref = C.create_case(ws, new(D(2026, 6, 1), exam_marks=True)).reference
    C.record_exam_results(ws, ref, D(2026, 5, 20))
    deadline = C.deadline_for(C.get_case(ws, ref), as_of=today)
    assert deadline.due == D(2026, 7, 1)
    assert any("the ordinary one month applies" in line for line in deadline.explanation)


def _set_deadline_table(ws, text: str) -> None:
    path = profile_path(ws.path)
    save_profile_text(read_profile_text(path) + "\n[deadline]\n" + text + "\n", path)


def test_profile_turns_on_eu_clarification_pauses_for_new_cases(ws, today):
    before = C.create_case(ws, new(D(2025, 9, 3), jurisdiction="eu-de")).reference
    _set_deadline_table(ws, "eu_clarification_pause = true")
    after = C.create_case(ws, new(D(2025, 9, 3), jurisdiction="eu-de")).reference
    for ref in (before, after):
        C.record_event(ws, ref, EventKind.CLARIFICATION_REQUESTED, D(2025, 9, 5), "which years")
        C.record_event(ws, ref, EventKind.CLARIFICATION_RECEIVED, D(2025, 9, 10))
    old = C.deadline_for(C.get_case(ws, before), as_of=today)
    new_case = C.get_case(ws, after)
    paused = C.deadline_for(new_case, as_of=today)
    assert old.due == D(2025, 10, 6) and not old.policy.eu_clarification_pause
    assert paused.due == D(2025, 10, 9) and paused.policy.eu_clarification_pause
    assert new_case.extra["deadline_policy"] == '{"eu_clarification_pause": true}'
    created = next(a for a in C.audit_trail(ws, after) if a.action == "case_created")
    assert created.details["deadline_policy"] == '{"eu_clarification_pause": true}'


def test_profile_with_an_unknown_deadline_setting_is_not_saved(ws):
    path = profile_path(ws.path)
    before = read_profile_text(path)
    with pytest.raises(ProfileError, match=r"\[deadline\].*eu_clarification_pauses"):
        save_profile_text(before + "\n[deadline]\neu_clarification_pauses = true\n", path)
    assert read_profile_text(path) == before

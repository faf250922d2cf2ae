"""Where a case stands on a day (the case list's and the dashboard's one rule), the deadline
before an extension, and rows received after the day."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core import case_state
from sar_desk.core.case_state import evaluate, evaluate_rows
from sar_desk.core.entities import CaseStatus, CaseSummary, EventKind

K = EventKind
RECEIVED = dt.date(2026, 2, 12)  # a Thursday: due Thu 12 Mar 2026 (England and Wales)
DUE = dt.date(2026, 3, 12)


def row(ref="SAR-2026-0001", *, received=RECEIVED, events=(), status=CaseStatus.OPEN,
        due=None, paused=False):
    return CaseSummary(ref, "Zoë Łódź", status, "uk-ew", received, due, None, paused, "", None,
                       events=tuple(events))


@pytest.mark.parametrize(("as_of", "standing", "days"), [
    (dt.date(2026, 3, 4), case_state.ON_TRACK, 8),
    (dt.date(2026, 3, 5), case_state.DUE_SOON, 7),
    (DUE, case_state.DUE_SOON, 0),
    (dt.date(2026, 3, 13), case_state.OVERDUE, -1),
])
def test_due_soon_and_overdue_boundaries(as_of, standing, days):
    state = evaluate(row(), as_of)
    assert (state.standing, state.days_left, state.due) == (standing, days, DUE)


def test_a_stopped_clock_is_paused_whatever_the_registry_row_says():
    asked = row(events=[(K.CLARIFICATION_REQUESTED, dt.date(2026, 2, 20))], paused=False)
    state = evaluate(asked, dt.date(2026, 4, 1))  # past the first due date: still paused
    assert state.standing == case_state.PAUSED and state.days_left is None
    assert state.due > DUE  # the paused days so far are added
    waiting_id = row(events=[(K.ID_REQUESTED, RECEIVED)])
    assert evaluate(waiting_id, dt.date(2026, 3, 20)).standing == case_state.PAUSED
    # a row stored as paused whose timeline has no pause is judged on its timeline
    assert evaluate(row(paused=True), dt.date(2026, 3, 13)).standing == case_state.OVERDUE


def test_ended_cases_stand_as_closed_and_keep_the_deadline_that_ended_them():
    answered = row(events=[(K.EXTENDED, dt.date(2026, 2, 20)), (K.RESPONDED, dt.date(2026, 4, 2))],
                   status=CaseStatus.RESPONDED)
    state = evaluate(answered, dt.date(2026, 6, 1))
    assert state.standing == case_state.ENDED and not state.is_open
    assert state.extended and state.original_due == DUE and state.due > DUE
    assert state.days_left is None and state.on_time
    withdrawn = row(events=[(K.WITHDRAWN, dt.date(2026, 2, 14))], status=CaseStatus.WITHDRAWN)
    assert evaluate(withdrawn, dt.date(2026, 6, 1)).standing == case_state.ENDED
    # before the ending event's day the case was still open
    assert evaluate(answered, dt.date(2026, 3, 1)).standing == case_state.ON_TRACK


def test_an_open_extended_case_keeps_its_first_deadline_beside_the_new_one():
    extended = row(events=[(K.EXTENDED, dt.date(2026, 2, 20))])
    state = evaluate(extended, dt.date(2026, 3, 20))
    assert state.extended and state.original_due == DUE
    assert state.due == dt.date(2026, 5, 12) and state.standing == case_state.ON_TRACK
    plain = evaluate(row(), dt.date(2026, 3, 1))
    assert not plain.extended and plain.original_due == plain.due == DUE


def test_an_unusable_timeline_is_unknown_while_open_and_closed_once_ended():
    broken = [(K.CLARIFICATION_REQUESTED, RECEIVED - dt.timedelta(days=3))]  # before receipt
    state = evaluate(row(events=broken), dt.date(2026, 3, 1))
    assert state.standing == case_state.UNKNOWN and state.due is None
    assert state.days_left is None and not state.is_overdue
    ended = row(events=[*broken, (K.CLOSED, dt.date(2026, 2, 20))], status=CaseStatus.CLOSED)
    assert evaluate(ended, dt.date(2026, 3, 1)).standing == case_state.ENDED


def test_evaluate_rows_keeps_every_row_in_order_even_one_received_later():
    later = row("SAR-2026-0002", received=dt.date(2026, 3, 20))  # due Mon 20 Apr
    rows = [row(), later]
    as_of = dt.date(2026, 3, 10)
    assert evaluate(later, as_of) is None  # the dashboard does not count it yet
    states = evaluate_rows(rows, as_of)
    assert [s.reference for s in states] == ["SAR-2026-0001", "SAR-2026-0002"]
    assert states[0] == evaluate(rows[0], as_of)
    assert states[1].due == dt.date(2026, 4, 20) and states[1].days_left == 41
    assert states[1].standing == case_state.ON_TRACK


def test_cached_work_gives_the_same_answer_as_a_cold_start():
    rows = [row(events=[(K.CLARIFICATION_REQUESTED, dt.date(2026, 2, 20)),
                        (K.CLARIFICATION_RECEIVED, dt.date(2026, 2, 27))]),
            row("SAR-2026-0002", events=[(K.RESPONDED, dt.date(2026, 3, 2))],
                status=CaseStatus.RESPONDED)]
    warm = [evaluate_rows(rows, dt.date(2026, 3, d)) for d in (10, 20)]
    case_state.clear_cache()
    cold = [evaluate_rows(rows, dt.date(2026, 3, d)) for d in (10, 20)]
    assert warm == cold
    assert warm[0][0].due == dt.date(2026, 3, 20)  # the paused days added
    assert warm[0][0].days_left == 10 and warm[1][0].days_left == 0

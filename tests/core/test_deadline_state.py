"""The state on a given day: running, paused, awaiting ID or fee, overdue, responded."""

from __future__ import annotations

import datetime as dt

from sar_desk.core.deadlines import DeadlineState, compute_deadline

D = dt.date
S = DeadlineState


RECEIVED = D(2025, 9, 3)  # due Friday 3 October 2025


def state_on(as_of, events=(), received=RECEIVED, jurisdiction="uk-ew"):
    return compute_deadline(received, jurisdiction, events, as_of=as_of)


def test_due_in_n_days():
    result = state_on(D(2025, 9, 28))  # due Fri 3 Oct 2025
    assert result.state is S.RUNNING
    assert result.days_left == 5
    assert result.state_text == "due in 5 days"


def test_due_in_one_day_and_due_today():
    assert state_on(D(2025, 10, 2)).state_text == "due in 1 day"
    today = state_on(D(2025, 10, 3))
    assert today.state is S.RUNNING and today.days_left == 0
    assert today.state_text == "due today"


def test_overdue_by_n_days():
    result = state_on(D(2025, 10, 6))
    assert result.state is S.OVERDUE
    assert result.days_left == -3
    assert result.state_text == "overdue by 3 days"
    assert state_on(D(2025, 10, 4)).state_text == "overdue by 1 day"


def test_paused_for_clarification():
    events = [("clarification_requested", D(2025, 9, 5))]
    result = state_on(D(2025, 9, 20), events)
    assert result.state is S.PAUSED
    assert result.days_left is None
    assert result.state_text == "paused for clarification since 5 September 2025"
    # An open pause counts up to the day asked about: each further day moves the date on.
    assert result.paused_days == 16
    assert state_on(D(2025, 9, 21), events).unrolled_due == result.unrolled_due + dt.timedelta(1)


def test_running_again_once_clarification_received():
    events = [("clarification_requested", D(2025, 9, 5)), ("clarification_received", D(2025, 9, 9))]
    assert state_on(D(2025, 9, 8), events).state is S.PAUSED
    after = state_on(D(2025, 9, 9), events)
    assert after.state is S.RUNNING
    assert after.due == D(2025, 10, 8)  # 3 Oct + 5 paused days
    assert after.days_left == 29


def test_awaiting_id():
    events = [("id_requested", D(2025, 9, 4))]
    result = state_on(D(2025, 9, 10), events)
    assert result.state is S.AWAITING_ID
    assert result.state_text == "awaiting ID, asked for on 4 September 2025"
    assert result.days_left is None


def test_awaiting_id_ends_when_it_arrives_and_the_month_restarts():
    events = [("id_requested", D(2025, 9, 4)), ("id_received", D(2025, 9, 15))]
    assert state_on(D(2025, 9, 14), events).state is S.AWAITING_ID
    result = state_on(D(2025, 9, 15), events)
    assert result.state is S.RUNNING
    assert result.relevant_date == D(2025, 9, 15)
    assert result.due == D(2025, 10, 15)


def test_awaiting_fee():
    events = [("fee_requested", D(2025, 9, 4))]
    result = state_on(D(2025, 10, 20), events)
    assert result.state is S.AWAITING_FEE
    assert result.state_text == "awaiting the fee, asked for on 4 September 2025"


def test_extension_in_force_only_from_the_notice_day():
    events = [("extended", D(2025, 10, 3))]  # sent on the first due date: valid
    before = state_on(D(2025, 10, 1), events)
    assert before.extension_valid and before.extended_due == D(2025, 12, 3)
    assert before.days_left == 2  # the first deadline is still the one in force
    after = state_on(D(2025, 10, 20), events)
    assert after.state is S.RUNNING
    assert after.days_left == (D(2025, 12, 3) - D(2025, 10, 20)).days


def test_late_extension_leaves_the_case_overdue():
    events = [("extended", D(2025, 10, 10))]
    result = state_on(D(2025, 10, 20), events)
    assert not result.extension_valid and result.extended_due is None
    assert result.effective_due == D(2025, 10, 3)
    assert result.state is S.OVERDUE and result.days_left == -17


def test_responded_on_time():
    result = state_on(D(2025, 11, 1), [("responded", D(2025, 10, 3))])
    assert result.state is S.RESPONDED
    assert result.responded_on_time is True
    assert result.days_left is None
    assert result.state_text == "responded on 3 October 2025 (on time)"


def test_responded_late():
    result = state_on(D(2025, 11, 1), [("responded", D(2025, 10, 6))])
    assert result.responded_on_time is False
    assert result.state_text == "responded on 6 October 2025 (late)"


def test_responded_within_a_valid_extension_is_on_time():
    events = [("extended", D(2025, 9, 20)), ("responded", D(2025, 11, 20))]
    assert state_on(D(2025, 12, 1), events).responded_on_time is True


def test_closed_without_a_response_is_judged_on_the_closing_day():
    assert state_on(D(2025, 12, 1), [("closed", D(2025, 10, 10))]).responded_on_time is False
    result = state_on(D(2025, 12, 1), [("responded", D(2025, 10, 1)), ("closed", D(2025, 10, 10))])
    assert result.state is S.CLOSED
    assert result.responded_on_time is True  # judged on the response, not the closure


def test_closed_while_awaiting_id_answers_nothing():
    events = [("id_requested", D(2025, 9, 4)), ("closed", D(2025, 12, 10))]
    result = state_on(D(2025, 12, 11), events)
    assert result.state is S.CLOSED
    assert result.responded_on_time is None


def test_response_outranks_a_same_day_withdrawal():
    events = [("withdrawn", D(2025, 10, 1)), ("responded", D(2025, 10, 1))]
    result = state_on(D(2025, 10, 2), events)
    assert result.responded_on_time is True
    assert result.state is S.WITHDRAWN  # the last thing that happened that day


def test_withdrawn():
    result = state_on(D(2025, 9, 30), [("withdrawn", D(2025, 9, 10))])
    assert result.state is S.WITHDRAWN
    assert result.responded_on_time is None
    assert result.state_text == "withdrawn on 10 September 2025"


def test_events_after_the_day_asked_about_do_not_change_that_days_state():
    result = state_on(D(2025, 9, 28), [("responded", D(2025, 10, 1))])
    assert result.state is S.RUNNING and result.days_left == 5
    assert result.responded_on_time is None


def test_clarification_asked_on_the_due_date_still_stops_the_clock():
    on_due = [
        ("clarification_requested", D(2025, 10, 3)),
        ("clarification_received", D(2025, 10, 7)),
    ]
    result = state_on(D(2025, 10, 8), on_due)
    assert result.paused_days == 5 and result.due == D(2025, 10, 8)
    day_after = [
        ("clarification_requested", D(2025, 10, 4)),
        ("clarification_received", D(2025, 10, 7)),
    ]
    late = state_on(D(2025, 10, 8), day_after)
    assert late.paused_days == 0 and late.due == D(2025, 10, 3)
    assert late.state is S.OVERDUE

"""Impossible or out-of-order timelines are refused with a message naming the event and problem."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.deadlines import DeadlineInputError, compute_deadline
from sar_desk.errors import InputError

D = dt.date
RECEIVED = D(2025, 3, 3)


def refused(events, received=RECEIVED, **kwargs) -> str:
    with pytest.raises(DeadlineInputError) as info:
        compute_deadline(received, "uk-ew", events, as_of=D(2025, 6, 1), **kwargs)
    return str(info.value)


def test_error_is_an_input_error_with_exit_code_2():
    assert issubclass(DeadlineInputError, InputError)
    assert DeadlineInputError("x").exit_code == 2


def test_id_received_before_it_was_requested():
    message = refused([("id_requested", D(2025, 3, 10)), ("id_received", D(2025, 3, 8))])
    assert "ID received on 2025-03-08" in message
    assert "before it was asked for" in message
    assert "2025-03-10" in message


def test_id_received_never_requested():
    message = refused([("id_received", D(2025, 3, 8))])
    assert "ID received on 2025-03-08" in message and "never asked for" in message


def test_second_answer_without_an_open_request():
    message = refused(
        [
            ("fee_requested", D(2025, 3, 4)),
            ("fee_received", D(2025, 3, 6)),
            ("fee_received", D(2025, 3, 9)),
        ]
    )
    assert "fee received on 2025-03-09" in message and "no request for it was still open" in message


def test_event_before_the_request_was_received():
    message = refused([("clarification_requested", D(2025, 3, 1))])
    assert "clarification requested on 2025-03-01" in message
    assert "before the request was received on 2025-03-03" in message


def test_response_dated_before_receipt():
    message = refused([("responded", D(2025, 2, 27))])
    assert "responded on 2025-02-27" in message and "before the request was received" in message


def test_clarification_answered_before_it_was_asked():
    message = refused(
        [("clarification_received", D(2025, 3, 5)), ("clarification_requested", D(2025, 3, 7))]
    )
    assert "clarification received on 2025-03-05" in message
    assert "before it was asked for" in message


def test_second_pause_opened_before_the_first_closed():
    message = refused(
        [
            ("clarification_requested", D(2025, 3, 5)),
            ("clarification_requested", D(2025, 3, 9)),
            ("clarification_received", D(2025, 3, 12)),
        ]
    )
    assert "clarification requested on 2025-03-09" in message
    assert "second pause" in message and "2025-03-05" in message


def test_unknown_event_kind():
    message = refused([("dog_ate_it", D(2025, 3, 5))])
    assert "unknown event kind 'dog_ate_it'" in message
    assert "clarification_requested" in message  # lists the known kinds


def test_clock_event_after_the_case_was_closed():
    message = refused([("responded", D(2025, 3, 20)), ("id_requested", D(2025, 3, 25))])
    assert "ID requested on 2025-03-25" in message and "after the case was responded" in message


@pytest.mark.parametrize("bad", ["2025-03-03", None, 20250303])
def test_received_must_be_a_date(bad):
    with pytest.raises(DeadlineInputError, match="received date"):
        compute_deadline(bad, "uk-ew", [], as_of=dt.date(2025, 3, 3))


def test_event_date_must_be_a_date():
    assert "instead of a date" in refused([("id_requested", "2025-03-04")])


def test_event_must_have_kind_and_date():
    assert "(kind, date)" in refused([object()])
    assert "(kind, date)" in refused([("id_requested",)])


def test_unknown_jurisdiction_names_it_and_lists_valid_ones():
    with pytest.raises(InputError) as info:
        compute_deadline(RECEIVED, "uk-wales", [], as_of=RECEIVED)
    message = str(info.value)
    assert "'uk-wales'" in message
    for code in ("uk-ew", "uk-sct", "uk-ni", "eu", "eu-ie", "eu-fr"):
        assert code in message


def test_dates_past_year_9999_are_refused_cleanly():
    with pytest.raises(DeadlineInputError, match="9999"):
        compute_deadline(D(9999, 12, 1), "eu", [], as_of=D(9999, 12, 1))


@pytest.mark.parametrize(
    "events",
    [
        # The same day: asked and answered.
        [("id_received", D(2025, 3, 10)), ("id_requested", D(2025, 3, 10))],
        # One pause closes and the next opens on the same day.
        [
            ("clarification_requested", D(2025, 3, 5)),
            ("clarification_requested", D(2025, 3, 12)),
            ("clarification_received", D(2025, 3, 12)),
            ("clarification_received", D(2025, 3, 14)),
        ],
        # A reminder for ID while the first request is open is not an error.
        [
            ("id_requested", D(2025, 3, 4)),
            ("id_requested", D(2025, 3, 11)),
            ("id_received", D(2025, 3, 12)),
        ],
        # Responded, then closed.
        [("responded", D(2025, 3, 20)), ("closed", D(2025, 3, 21))],
        # Event kinds are matched case-insensitively.
        [("ID_Requested", D(2025, 3, 4)), (" id_received ", D(2025, 3, 5))],
        # Any year: planners ask about future ones.
        [("extended", D(2025, 3, 10))],
    ],
)
def test_valid_sequences_are_accepted(events):
    result = compute_deadline(RECEIVED, "uk-ew", events, as_of=D(2025, 3, 25))
    assert result.due >= RECEIVED


def test_same_day_pauses_count_their_shared_day_once():
    result = compute_deadline(
        RECEIVED,
        "uk-ew",
        [
            ("clarification_requested", D(2025, 3, 5)),
            ("clarification_requested", D(2025, 3, 12)),
            ("clarification_received", D(2025, 3, 12)),
            ("clarification_received", D(2025, 3, 14)),
        ],
        as_of=D(2025, 3, 25),
    )
    # 5-12 March and 12-14 March: 12 March is in both, so 10 distinct days, not 8 + 3.
    assert result.paused_days == 10


def test_future_years_are_accepted():
    result = compute_deadline(D(2091, 1, 31), "uk-ew", [], as_of=D(2091, 2, 1))
    assert result.due == D(2091, 2, 28)

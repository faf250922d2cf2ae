"""The explanation shows the working: start, months and clamps, pauses, each rolled day and why."""

from __future__ import annotations

import datetime as dt

from sar_desk.core.calendars import holidays_version
from sar_desk.core.deadlines import compute_deadline

D = dt.date


def explain(received, events=(), jurisdiction="uk-ew", **kwargs) -> list[str]:
    kwargs.setdefault("as_of", received)
    return compute_deadline(received, jurisdiction, events, **kwargs).explanation


def test_start_and_month_added():
    lines = explain(D(2025, 9, 3))
    assert lines[0] == (
        "Request received on Wednesday 3 September 2025; the month starts that day "
        "(the day of receipt is day one)."
    )
    assert "One month from 3 September 2025 is 3 October 2025 (the same day number)." in lines
    assert "The response is due by Friday 3 October 2025." in lines


def test_month_end_clamp_is_explained():
    lines = explain(D(2025, 1, 31))
    assert (
        "One month from 31 January 2025: February 2025 has no 31st, so it ends on its last "
        "day, 28 February 2025 (month-end clamp)."
    ) in lines


def test_each_rolled_day_with_its_reason():
    lines = explain(D(2026, 11, 25))  # due Fri 25 Dec 2026 -> Tue 29 Dec
    rolled = [line for line in lines if line.startswith("Rolled over")]
    assert rolled == [
        "Rolled over Friday 25 December 2026: Christmas Day (bank holiday, England and Wales).",
        "Rolled over Saturday 26 December 2026: weekend and Boxing Day (bank holiday, "
        "England and Wales).",
        "Rolled over Sunday 27 December 2026: weekend.",
        "Rolled over Monday 28 December 2026: Boxing Day (observed) (bank holiday, "
        "England and Wales).",
    ]
    assert "The due date moves to the next working day, Tuesday 29 December 2026." in lines


def test_regional_holiday_reason():
    lines = explain(D(2024, 12, 1), jurisdiction="uk-sct")
    assert any("Thursday 2 January 2025" in line and "Scotland" in line for line in lines)


def test_pause_is_explained():
    lines = explain(
        D(2025, 3, 3),
        [("clarification_requested", D(2025, 3, 5)), ("clarification_received", D(2025, 3, 12))],
    )
    assert (
        "Clarification asked for on 5 March 2025 and answered on 12 March 2025: 8 days paused "
        "(both days counted)."
    ) in lines
    assert "3 April 2025 plus 8 paused days is 11 April 2025." in lines


def test_open_pause_is_explained():
    lines = explain(
        D(2025, 3, 3), [("clarification_requested", D(2025, 3, 5))], as_of=D(2025, 3, 9)
    )
    assert any("not yet answered" in line and "5 days" in line for line in lines)


def test_restart_from_id_received():
    lines = explain(
        D(2025, 3, 10), [("id_requested", D(2025, 3, 10)), ("id_received", D(2025, 3, 19))]
    )
    assert "the month restarts from Wednesday 19 March 2025" in lines[0]
    assert any("Easter Monday" in line for line in lines)


def test_pending_id_makes_dates_provisional():
    lines = explain(D(2025, 3, 10), [("id_requested", D(2025, 3, 10))])
    assert any("has not arrived" in line and "provisional" in line for line in lines)


def test_valid_and_invalid_extensions():
    valid = explain(D(2019, 9, 26), [("extended", D(2019, 10, 1))])
    assert any("the extension of two further months is valid" in line for line in valid)
    assert any(
        line.startswith("Extended deadline: 3 months from 26 September 2019") for line in valid
    )
    assert any("Rolled over Thursday 26 December 2019: Boxing Day" in line for line in valid)
    assert "With the extension the response is due by Friday 27 December 2019." in valid

    invalid = explain(D(2025, 3, 3), [("extended", D(2025, 4, 10))])
    assert any("after the first due date" in line and "not valid" in line for line in invalid)


def test_notice_deadline_stated_without_extension():
    lines = explain(D(2025, 9, 3))
    assert (
        "To extend, the notice with reasons must be sent by Friday 3 October 2025 "
        "(the first due date)."
    ) in lines


def test_an_answered_request_says_nothing_of_the_extension_notice_window():
    open_late = explain(D(2025, 9, 3), as_of=D(2025, 11, 1))
    assert any("window for sending an extension notice has closed" in x for x in open_late)
    answered = explain(D(2025, 9, 3), [("responded", D(2025, 9, 30)), ("closed", D(2025, 10, 2))],
                       as_of=D(2025, 11, 1))
    assert not any("extension notice" in x or "To extend" in x for x in answered)
    assert "The response is due by Friday 3 October 2025." in answered


def test_policy_and_holiday_data_version_recorded():
    result = compute_deadline(D(2025, 9, 3), "uk-ni", [], as_of=D(2025, 9, 3))
    assert result.explanation[-2].startswith("Policy: one month = same day number next month")
    assert result.explanation[-1] == (
        f"Calendar uk-ni (Northern Ireland); holiday data from the holidays package "
        f"{holidays_version()}."
    )
    assert result.holidays_version == holidays_version()
    assert result.to_json()["holidays_version"] == holidays_version()


def test_late_clarification_does_not_stop_an_expired_clock():
    result = compute_deadline(
        D(2025, 9, 3),
        "uk-ew",
        [("clarification_requested", D(2025, 10, 10)), ("clarification_received", D(2025, 10, 15))],
        as_of=D(2025, 10, 20),
    )
    assert result.paused_days == 0 and result.due == D(2025, 10, 3)
    assert result.state.value == "overdue"
    assert any("does not move that date" in line for line in result.explanation)


def test_pause_during_a_valid_extension_moves_only_the_extended_date():
    result = compute_deadline(
        D(2025, 9, 3),
        "uk-ew",
        [
            ("extended", D(2025, 9, 20)),
            ("clarification_requested", D(2025, 10, 10)),
            ("clarification_received", D(2025, 10, 14)),
        ],
        as_of=D(2025, 10, 12),
    )
    assert result.due == D(2025, 10, 3) and result.paused_days == 0
    assert result.extended_paused_days == 5
    assert result.extended_due == D(2025, 12, 8)  # Wed 3 Dec + 5 days
    assert result.state.value == "paused"
    assert any("while the extended time ran" in line for line in result.explanation)

"""Back-to-back pauses, EU clarification, exam marks and the extension window, as a person
reading the explanation depends on them."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.deadlines import DeadlineInputError, compute_deadline
from sar_desk.core.policy import Policy
from sar_desk.errors import InputError
from tests.core.issue_cases import case_params

D = dt.date
AS_OF = D(2030, 1, 1)


def _api_events(events: list[tuple[str, str]], options: list[str], received: D) -> tuple:
    pairs = [(kind, D.fromisoformat(day)) for kind, day in events]
    policy = {}
    for flag, value in zip(options[::2], [*options[1::2], ""], strict=False):
        if flag == "--exam-results":
            pairs += [("exam_marks_requested", received),
                      ("exam_results_announced", D.fromisoformat(value))]
        elif flag == "--exam-marks":
            pairs.append(("exam_marks_requested", received))
        elif flag == "--policy":
            name, _, setting = value.partition("=")
            policy[name] = setting == "true"
    return pairs, Policy.from_dict(policy)


@pytest.mark.parametrize(
    ("name", "jurisdiction", "received", "events", "options", "due", "paused"), case_params()
)
def test_worked_case_through_api(name, jurisdiction, received, events, options, due, paused):
    start = D.fromisoformat(received)
    pairs, policy = _api_events(events, options, start)
    result = compute_deadline(start, jurisdiction, pairs, as_of=AS_OF, policy=policy)
    assert result.due.isoformat() == due, result.explanation
    assert result.paused_days == paused


def test_a_shared_day_is_explained_as_counted_once():
    result = compute_deadline(D(2026, 3, 2), "uk-ew", [
        ("clarification_requested", D(2026, 3, 4)), ("clarification_received", D(2026, 3, 6)),
        ("clarification_requested", D(2026, 3, 6)), ("clarification_received", D(2026, 3, 9)),
    ], as_of=AS_OF)
    text = "\n".join(result.explanation)
    assert "6 March 2026 were already paused by the previous clarification and count once" in text
    assert "3 days paused" in text and "plus 6 paused days is 8 April 2026" in text


def test_eu_explanation_says_the_clarification_does_not_pause():
    events = [("clarification_requested", D(2025, 9, 5)),
              ("clarification_received", D(2025, 9, 10))]
    result = compute_deadline(D(2025, 9, 3), "eu-de", events, as_of=D(2025, 9, 8))
    assert any("EU GDPR has no statutory stop-the-clock" in line for line in result.explanation)
    # The clock keeps running while the question is open.
    assert result.state.value == "running"
    uk = compute_deadline(D(2025, 9, 3), "uk-ew", events, as_of=D(2025, 9, 8))
    assert uk.state.value == "paused" and uk.paused_days == 6


def test_eu_policy_is_named_in_the_policy_line():
    off = compute_deadline(D(2025, 9, 3), "eu", [], as_of=AS_OF).explanation
    on = compute_deadline(D(2025, 9, 3), "eu", [], as_of=AS_OF,
                          policy=Policy(eu_clarification_pause=True)).explanation
    assert "clarification does not pause EU deadlines" in off[-2]
    assert "clarification pauses EU deadlines too" in on[-2]


def test_eu_clarification_policy_must_be_true_or_false():
    with pytest.raises(InputError, match="eu_clarification_pause must be true or false"):
        Policy.from_dict({"eu_clarification_pause": "sometimes"})


def test_exam_marks_explanation_gives_both_limbs():
    result = compute_deadline(D(2026, 3, 30), "uk-ew", [
        ("exam_marks_requested", D(2026, 3, 30)), ("exam_results_announced", D(2026, 8, 4)),
    ], as_of=AS_OF)
    text = "\n".join(result.explanation)
    assert "Sch. 2 para 25" in text and "5 months from 30 March 2026 is 30 August 2026" in text
    assert "Forty days beginning with the results announcement on 4 August 2026" in text
    assert "end on 12 September 2026" in text and "(the five-month limit)" in text
    assert result.due == D(2026, 9, 1) and result.due_note == ""
    assert result.to_json()["exam_results"] == "2026-08-04"


def test_exam_marks_before_the_announcement_is_known():
    result = compute_deadline(D(2026, 6, 1), "uk-ew", [("exam_marks_requested", D(2026, 6, 1))],
                              as_of=D(2026, 6, 2))
    assert result.due == D(2026, 11, 2)  # 1 November 2026 is a Sunday
    assert result.due_note == "or 40 days after the results, if earlier"
    assert result.to_json()["due_note"] == result.due_note
    assert any("or 40 days after the results are announced" in line
               for line in result.explanation)


def test_exam_marks_deadline_is_not_extended():
    result = compute_deadline(D(2026, 6, 1), "uk-ew", [
        ("exam_marks_requested", D(2026, 6, 1)), ("extended", D(2026, 6, 10)),
    ], as_of=AS_OF)
    assert result.extended_due is None and not result.extension_valid
    assert result.due == D(2026, 11, 2)
    assert any("cannot be extended" in line for line in result.explanation)


def test_exam_results_after_the_request_was_answered_change_nothing_already_judged():
    events = [("exam_marks_requested", D(2026, 6, 1)), ("responded", D(2026, 7, 1)),
              ("exam_results_announced", D(2026, 8, 13))]
    result = compute_deadline(D(2026, 6, 1), "uk-ew", events, as_of=AS_OF)
    assert result.due == D(2026, 9, 21) and result.responded_on_time is True


def test_two_announcement_days_are_refused():
    with pytest.raises(DeadlineInputError, match="recorded on 2 different days"):
        compute_deadline(D(2026, 6, 1), "uk-ew", [
            ("exam_results_announced", D(2026, 8, 13)),
            ("exam_results_announced", D(2026, 8, 20)),
        ], as_of=AS_OF)


def test_notice_line_is_dropped_once_the_window_has_closed():
    late = compute_deadline(D(2025, 3, 3), "uk-ew", [("extended", D(2025, 4, 10))],
                            as_of=D(2025, 5, 1))
    assert not any(line.startswith("To extend") for line in late.explanation)
    assert any("the extension is not valid" in line for line in late.explanation)
    running = compute_deadline(D(2025, 3, 3), "uk-ew", [], as_of=D(2025, 3, 20))
    assert any(line.startswith("To extend, the notice with reasons must be sent by Thursday "
                               "3 April 2025") for line in running.explanation)
    passed = compute_deadline(D(2025, 3, 3), "uk-ew", [], as_of=D(2025, 4, 4))
    assert not any(line.startswith("To extend") for line in passed.explanation)
    assert any("window for sending an extension notice has closed" in line
               for line in passed.explanation)


def test_clarification_after_a_weekend_due_date_is_explained_and_named_in_the_policy():
    result = compute_deadline(D(2026, 1, 31), "uk-ew", [
        ("clarification_requested", D(2026, 3, 1)), ("clarification_received", D(2026, 3, 3)),
    ], as_of=AS_OF)
    assert result.due == D(2026, 3, 2) and result.paused_days == 0
    assert any("came after the due date of 28 February 2026 had passed" in line
               for line in result.explanation)
    assert ("a pause asked after the due date does not count, even while that date rolls "
            "over a weekend or holiday") in result.explanation[-2]
    # Asked on the (Saturday) due date itself, the pause still counts.
    on_the_day = compute_deadline(D(2026, 1, 31), "uk-ew", [
        ("clarification_requested", D(2026, 2, 28)), ("clarification_received", D(2026, 3, 3)),
    ], as_of=AS_OF)
    assert on_the_day.paused_days == 4 and on_the_day.due == D(2026, 3, 4)

"""Each disputed point is a setting; the defaults are those written in the rules."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.deadlines import compute_deadline
from sar_desk.core.policy import (
    DEFAULT_POLICY,
    ExtensionBase,
    MonthRule,
    PauseCount,
    Policy,
)
from sar_desk.errors import InputError

D = dt.date
PAUSE = [("clarification_requested", D(2025, 3, 5)), ("clarification_received", D(2025, 3, 12))]


def due(received, events=(), policy=DEFAULT_POLICY, jurisdiction="uk-ew"):
    return compute_deadline(received, jurisdiction, events, as_of=received, policy=policy)


def test_defaults():
    assert DEFAULT_POLICY.pause_count is PauseCount.INCLUSIVE
    assert DEFAULT_POLICY.extension_base is ExtensionBase.RELEVANT_PLUS_3_MONTHS
    assert DEFAULT_POLICY.roll_extended is True
    assert DEFAULT_POLICY.month_rule is MonthRule.ICO_SAME_DATE
    assert DEFAULT_POLICY.show_internal_target is False


def test_round_trip_and_result_records_policy():
    policy = Policy(pause_count="exclusive", month_rule="strict-statutory", roll_extended=False)
    data = policy.to_dict()
    assert data["pause_count"] == "exclusive"
    assert Policy.from_dict(data) == policy
    assert Policy.from_dict({}) == DEFAULT_POLICY
    result = due(D(2025, 3, 3), policy=policy)
    assert result.policy == policy
    assert result.to_json()["policy"] == data


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ({"pause_count": "sometimes"}, "inclusive, exclusive"),
        ({"month_rule": 3}, "month_rule"),
        ({"roll_extended": "no"}, "roll_extended"),
        ({"internal_target_days": 0}, "internal_target_days"),
        ({"colour": "blue"}, "unknown deadline policy setting(s) colour"),
    ],
)
def test_bad_settings(data, needle):
    with pytest.raises(InputError) as info:
        Policy.from_dict(data)
    assert needle in str(info.value)


def test_pause_exclusive():
    assert due(D(2025, 3, 3), PAUSE).paused_days == 8
    result = due(D(2025, 3, 3), PAUSE, Policy(pause_count=PauseCount.EXCLUSIVE))
    assert result.paused_days == 6
    assert result.due == D(2025, 4, 9)


def test_strict_statutory_month():
    strict = Policy(month_rule=MonthRule.STRICT_STATUTORY)
    assert due(D(2025, 9, 3), policy=strict).due == D(2025, 10, 2)
    assert due(D(2025, 1, 31), policy=strict).due == D(2025, 2, 28)  # no corresponding date
    result = due(D(2025, 9, 3), [("extended", D(2025, 9, 10))], strict)
    assert result.extended_due == D(2025, 12, 2)
    assert any("strict statutory" in line for line in result.explanation)


def test_extension_from_first_due_plus_two_months():
    events = [("extended", D(2025, 2, 1))]
    assert due(D(2025, 1, 31), events).extended_due == D(2025, 4, 30)
    other = Policy(extension_base=ExtensionBase.FIRST_DUE_PLUS_2_MONTHS)
    result = due(D(2025, 1, 31), events, other)
    assert result.extended_due == D(2025, 4, 28)
    assert any("2 months from 28 February 2025 (the first due" in x for x in result.explanation)
    strict_other = Policy(extension_base=other.extension_base, month_rule="strict-statutory")
    sept = [("extended", D(2025, 9, 10))]
    assert due(D(2025, 9, 3), sept, strict_other).extended_due == D(2025, 12, 2)


def test_extended_date_not_rolled():
    events = [("extended", D(2019, 10, 1))]
    assert due(D(2019, 9, 26), events).extended_due == D(2019, 12, 27)
    result = due(D(2019, 9, 26), events, Policy(roll_extended=False))
    assert result.extended_due == D(2019, 12, 26)
    assert result.due == D(2019, 10, 28)  # the first due date still rolls


def test_internal_target():
    assert due(D(2025, 9, 3)).internal_target is None
    shown = Policy(show_internal_target=True)
    result = due(D(2025, 9, 3), policy=shown)
    assert result.internal_target == D(2025, 10, 1)
    assert any(line.startswith("Internal target: 28 days") for line in result.explanation)
    paused = due(D(2025, 3, 3), PAUSE, shown)
    assert paused.internal_target == D(2025, 3, 31) + dt.timedelta(days=8)


def test_policy_as_mapping():
    result = compute_deadline(
        D(2025, 9, 3), "uk-ew", [], as_of=D(2025, 9, 3), policy={"month_rule": "strict-statutory"}
    )
    assert result.due == D(2025, 10, 2)

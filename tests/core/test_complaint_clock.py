"""The complaint clock: acknowledgement due 30 days after receipt, rolled to a working day."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.complaint_clock import complaint_clock, target_weeks_reason
from sar_desk.core.complaints import Complaint, ComplaintEvent, ComplaintEventKind, ComplaintStatus
from sar_desk.core.entities import Person

D = dt.date


def complaint(received: dt.date, jurisdiction: str = "uk-ew", events=(), **kw) -> Complaint:
    return Complaint("CMP-2026-0001", Person("Ada Example"), received,
                     jurisdiction=jurisdiction, events=tuple(events), **kw)


@pytest.mark.parametrize(("received", "jurisdiction", "due"), [
    # The examples: a Sunday, then a weekend followed by the May Day bank holiday.
    (D(2026, 6, 19), "uk-ew", D(2026, 7, 20)),
    (D(2026, 4, 2), "uk-ew", D(2026, 5, 5)),
    # The 30th day a working day: no roll.
    (D(2026, 6, 1), "uk-ew", D(2026, 7, 1)),
    # Saturday only (the 30th day a Saturday, Monday a working day).
    (D(2026, 7, 2), "uk-ew", D(2026, 8, 3)),
    # Summer bank holiday: England and Wales on 31 August 2026, Scotland on 3 August.
    (D(2026, 8, 1), "uk-ew", D(2026, 9, 1)),
    (D(2026, 8, 1), "uk-sct", D(2026, 8, 31)),
    (D(2026, 7, 4), "uk-sct", D(2026, 8, 4)),
    (D(2026, 7, 4), "uk-ew", D(2026, 8, 3)),
    # St Andrew's Day (Monday 30 November 2026) is a bank holiday in Scotland only.
    (D(2026, 10, 31), "uk-sct", D(2026, 12, 1)),
    (D(2026, 10, 31), "uk-ew", D(2026, 11, 30)),
    # Battle of the Boyne: Sunday 12 July 2026, substitute Monday 13 July in Northern Ireland.
    (D(2026, 6, 12), "uk-ni", D(2026, 7, 14)),
    (D(2026, 6, 12), "uk-ew", D(2026, 7, 13)),
    # St Patrick's Day (Tuesday 17 March 2026) in Northern Ireland only.
    (D(2026, 2, 15), "uk-ni", D(2026, 3, 18)),
    (D(2026, 2, 15), "uk-ew", D(2026, 3, 17)),
    # Year ends: Christmas and Boxing Day, then the weekend.
    (D(2025, 11, 25), "uk-ew", D(2025, 12, 29)),
    # New Year: 2 January is a bank holiday in Scotland only.
    (D(2025, 12, 2), "uk-ew", D(2026, 1, 2)),
    (D(2025, 12, 2), "uk-sct", D(2026, 1, 5)),
    # 31 December, a working day, is not rolled into the next year.
    (D(2026, 12, 1), "uk-ni", D(2026, 12, 31)),
    # Christmas Day 2026 is a Friday: Boxing Day Saturday, substitute Monday 28 December.
    (D(2026, 11, 25), "uk-ew", D(2026, 12, 29)),
])
def test_acknowledgement_due(received, jurisdiction, due):
    clock = complaint_clock(complaint(received, jurisdiction), as_of=received)
    assert clock.ack_due == due
    assert clock.ack_due.weekday() < 5


def test_the_explanation_names_each_skipped_day_like_a_sar_deadline():
    lines = complaint_clock(complaint(D(2026, 4, 2)), as_of=D(2026, 4, 2)).explanation
    text = "\n".join(lines)
    assert "the 30 days start the day after receipt (Friday 3 April 2026)" in text
    assert "Thirty days from then end on Saturday 2 May 2026." in text
    assert "Rolled over Saturday 2 May 2026: weekend." in text
    assert "Rolled over Monday 4 May 2026: May Day (bank holiday, England and Wales)." in text
    assert "The acknowledgement is due by Tuesday 5 May 2026" in text
    assert "not a legal deadline" in text


def test_the_outcome_target_comes_from_the_profile_and_is_not_a_deadline():
    c = complaint(D(2026, 6, 19))
    assert complaint_clock(c, as_of=D(2026, 6, 19)).target == D(2026, 8, 14)
    clock = complaint_clock(c, as_of=D(2026, 8, 20), target_weeks=12)
    assert clock.target == D(2026, 9, 11)
    assert clock.to_json()["target_is_legal_deadline"] is False
    assert not clock.past_target
    assert complaint_clock(c, as_of=D(2026, 8, 20)).past_target


def test_overdue_and_on_time_acknowledgements():
    c = complaint(D(2026, 6, 19))
    assert complaint_clock(c, as_of=D(2026, 7, 20)).ack_overdue is False
    assert complaint_clock(c, as_of=D(2026, 7, 21)).ack_overdue is True
    assert "overdue by 1 day" in complaint_clock(c, as_of=D(2026, 7, 21)).state()
    on_time = complaint(D(2026, 6, 19), events=[
        ComplaintEvent(ComplaintEventKind.ACKNOWLEDGED, D(2026, 7, 20))])
    assert complaint_clock(on_time, as_of=D(2026, 8, 1)).ack_on_time is True
    late = complaint(D(2026, 6, 19), events=[
        ComplaintEvent(ComplaintEventKind.ACKNOWLEDGED, D(2026, 7, 21))])
    assert complaint_clock(late, as_of=D(2026, 8, 1)).ack_on_time is False


def test_updates_are_suggested_every_four_weeks_while_open():
    events = [ComplaintEvent(ComplaintEventKind.ACKNOWLEDGED, D(2026, 6, 22)),
              ComplaintEvent(ComplaintEventKind.UPDATE_SENT, D(2026, 7, 20))]
    clock = complaint_clock(complaint(D(2026, 6, 19), events=events), as_of=D(2026, 8, 17))
    assert clock.next_update == D(2026, 8, 17)
    assert clock.update_due
    closed = complaint(D(2026, 6, 19), events=events, status=ComplaintStatus.CLOSED)
    assert complaint_clock(closed, as_of=D(2026, 9, 30)).next_update is None


@pytest.mark.parametrize("value", [0, -1, 53, "8", 2.5, True])
def test_unusable_targets_are_refused(value):
    assert "outcome_target_weeks" in target_weeks_reason(value)


def test_usable_target():
    assert target_weeks_reason(8) is None

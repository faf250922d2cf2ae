"""The complaint clock: the statutory acknowledgement date and the internal targets.

The acknowledgement is due 30 days after receipt (the 30 days start the day after the
complaint arrives), moved to the next working day of the complaint's calendar when the
30th day is not one (ICO complaints guidance, February 2026). The outcome date is an
internal target from the organisation profile (8 weeks by default), not a legal deadline;
a progress update is suggested every 4 weeks while the complaint is open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sar_desk.core.calendars import get_calendar, holidays_version
from sar_desk.core.complaints import Complaint, ComplaintEventKind
from sar_desk.core.deadline_explain import day_text, long_day, plural

ACK_DAYS = 30
DEFAULT_TARGET_WEEKS = 8
UPDATE_EVERY_WEEKS = 4


@dataclass(frozen=True)
class ComplaintClock:
    """Dates of one complaint on the day ``as_of``, with the plain-English explanation."""

    as_of: dt.date
    received: dt.date
    ack_unrolled: dt.date
    ack_due: dt.date
    acknowledged: dt.date | None
    target: dt.date
    target_weeks: int
    next_update: dt.date | None
    is_open: bool
    explanation: tuple[str, ...]

    @property
    def ack_on_time(self) -> bool | None:
        """True/False once acknowledged; None while waiting."""
        return None if self.acknowledged is None else self.acknowledged <= self.ack_due

    @property
    def ack_overdue(self) -> bool:
        return self.acknowledged is None and self.is_open and self.as_of > self.ack_due

    @property
    def past_target(self) -> bool:
        return self.is_open and self.as_of > self.target

    @property
    def update_due(self) -> bool:
        return self.next_update is not None and self.as_of >= self.next_update

    def state(self) -> str:
        """A few words: where the complaint stands on ``as_of``."""
        if not self.is_open:
            return "closed"
        if self.acknowledged is None:
            left = (self.ack_due - self.as_of).days
            if left > 0:
                return f"acknowledgement due in {plural(left, 'day')}"
            if left == 0:
                return "acknowledgement due today"
            return f"acknowledgement overdue by {plural(-left, 'day')}"
        if self.past_target:
            return f"open past its target of {day_text(self.target)}"
        if self.update_due:
            return "progress update suggested"
        return f"acknowledged; outcome target {day_text(self.target)}"

    def to_json(self) -> dict:
        return {
            "ack_due": self.ack_due.isoformat(), "ack_unrolled": self.ack_unrolled.isoformat(),
            "acknowledged": self.acknowledged.isoformat() if self.acknowledged else None,
            "ack_on_time": self.ack_on_time, "ack_overdue": self.ack_overdue,
            "target": self.target.isoformat(), "target_is_legal_deadline": False,
            "target_weeks": self.target_weeks,
            "next_update": self.next_update.isoformat() if self.next_update else None,
            "past_target": self.past_target, "state": self.state(),
            "explanation": list(self.explanation),
        }


def _reason(why: str) -> str:
    for name in ("Saturday", "Sunday"):
        if why == name:
            return "weekend"
        if why.startswith(name + "; "):
            return "weekend and " + why[len(name) + 2:]
    return why


def acknowledgement_due(received: dt.date, jurisdiction: str,
                        closures: tuple[dt.date, ...] = ()) -> tuple[dt.date, dt.date]:
    """(the 30th day after ``received``, that day rolled to the next working day)."""
    calendar = get_calendar(jurisdiction, closures)
    unrolled = received + dt.timedelta(days=ACK_DAYS)
    return unrolled, calendar.roll_forward(unrolled)


def complaint_clock(complaint: Complaint, *, as_of: dt.date,
                    target_weeks: int = DEFAULT_TARGET_WEEKS,
                    closures: tuple[dt.date, ...] = ()) -> ComplaintClock:
    """The dates of ``complaint`` on ``as_of`` and why they are what they are."""
    calendar = get_calendar(complaint.jurisdiction, closures)
    received = complaint.received
    unrolled, due = acknowledgement_due(received, complaint.jurisdiction, closures)
    lines = [
        f"Complaint received on {long_day(received)}; the 30 days start the day after "
        f"receipt ({long_day(received + dt.timedelta(days=1))}).",
        f"Thirty days from then end on {long_day(unrolled)}.",
    ]
    if due != unrolled:
        lines += [f"Rolled over {long_day(day)}: {_reason(why)}."
                  for day, why in calendar.skipped(unrolled, due)]
        lines.append(f"The acknowledgement moves to the next working day, {long_day(due)}.")
    lines.append(f"The acknowledgement is due by {long_day(due)} (DPA 2018 s.164A).")
    acknowledged = complaint.acknowledged
    if acknowledged is not None:
        on_time = "on time" if acknowledged <= due else "late"
        lines.append(f"Acknowledged on {day_text(acknowledged)} ({on_time}).")
    target = received + dt.timedelta(weeks=target_weeks)
    lines.append(
        f"Outcome target: {plural(target_weeks, 'week')} from receipt, {day_text(target)}. "
        "This is the organisation's internal target, not a legal deadline: the law asks "
        "for a response without undue delay.")
    next_update = None
    if complaint.is_open:
        last = max([received, *complaint.dates_of(ComplaintEventKind.ACKNOWLEDGED),
                    *complaint.dates_of(ComplaintEventKind.UPDATE_SENT)])
        next_update = last + dt.timedelta(weeks=UPDATE_EVERY_WEEKS)
        lines.append(f"While it is open, keep the complainant informed: next progress update "
                     f"suggested by {day_text(next_update)} (every {UPDATE_EVERY_WEEKS} "
                     "weeks).")
    closures_text = ""
    if calendar.closures:
        closures_text = f", plus {plural(len(calendar.closures), 'organisation closure day')}"
    lines.append(f"Calendar {calendar.code} ({calendar.region}{closures_text}); holiday data "
                 f"from the holidays package {holidays_version()}.")
    return ComplaintClock(as_of=as_of, received=received, ack_unrolled=unrolled, ack_due=due,
                          acknowledged=acknowledged, target=target, target_weeks=target_weeks,
                          next_update=next_update, is_open=complaint.is_open,
                          explanation=tuple(lines))


def target_weeks_reason(value: object) -> str | None:
    """Why a profile's outcome target is unusable (None: a whole number of weeks, 1-52)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 52:
        return (f"The profile's complaints.outcome_target_weeks is {value!r}; it must be a "
                "whole number of weeks from 1 to 52 (for example 8).")
    return None

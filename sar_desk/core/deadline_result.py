"""The value a deadline computation returns: :class:`DeadlineResult` and :class:`DeadlineState`.

:class:`DeadlineResult` holds every date of a request's deadline and its state on ``as_of``,
as :func:`~sar_desk.core.deadlines.compute_deadline` worked them out, with the compact steps
of the working; the plain-English explanation and state text are built from those steps
only when asked for (:mod:`sar_desk.core.deadline_explain`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

from sar_desk.core.calendars import Calendar, get_calendar
from sar_desk.core.policy import Policy

__all__ = ["DeadlineResult", "DeadlineState"]


class DeadlineState(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"  # waiting for a clarification
    AWAITING_ID = "awaiting_id"
    AWAITING_FEE = "awaiting_fee"
    OVERDUE = "overdue"
    RESPONDED = "responded"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


@dataclass(frozen=True)
class DeadlineResult:
    """Every date of a request's deadline and its state on ``as_of`` (all dates are dt.date)."""

    received: dt.date
    relevant_date: dt.date
    unrolled_due: dt.date  # relevant date + one month + paused days, before rolling
    due: dt.date
    paused_days: int
    extension_notice_by: dt.date
    extension_notice: dt.date | None  # the day the (first) extension notice was sent
    extension_valid: bool
    extended_due: dt.date | None  # None unless the extension is valid
    extended_paused_days: int
    state: DeadlineState
    state_since: dt.date | None  # start of the pause / the ID or fee request / the ending
    days_left: int | None  # to the deadline in force on as_of; negative = overdue by N days
    responded_on_time: bool | None
    internal_target: dt.date | None
    as_of: dt.date
    calendar: str
    policy: Policy
    holidays_version: str
    exam_marks: bool = False  # due under the exam-marks rule (Sch. 2 para 25)
    exam_results: dt.date | None = None  # the announcement day it used, if known
    _steps: tuple = field(default=(), repr=False, compare=False)
    _calendar: Calendar | None = field(default=None, repr=False, compare=False)
    # Lines about the record added after the working (a corrected received date...).
    record_notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def effective_due(self) -> dt.date:
        """The extended due date when the extension is valid, else the first due date."""
        return self.extended_due or self.due

    @property
    def due_note(self) -> str:
        """What qualifies the due date: the 40-day limb of an exam-marks request not yet known."""
        if self.exam_marks and self.exam_results is None:
            return "or 40 days after the results, if earlier"
        return ""

    @cached_property
    def state_text(self) -> str:
        """The state in a few words: "due in 5 days", "overdue by 3 days", "due today"..."""
        from sar_desk.core.deadline_explain import describe_state

        return describe_state(self)

    @cached_property
    def explanation(self) -> list[str]:
        """How each date was worked out, in plain English, one step per line."""
        from sar_desk.core.deadline_explain import explain

        return [*explain(self, self._steps, self._calendar or get_calendar(self.calendar)),
                *self.record_notes]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready dict (ISO date strings; ``extended_due`` null without a valid extension)."""

        def iso(day: dt.date | None) -> str | None:
            return day.isoformat() if day else None

        return {
            "received": iso(self.received),
            "relevant_date": iso(self.relevant_date),
            "unrolled_due": iso(self.unrolled_due),
            "due": iso(self.due),
            "due_note": self.due_note,
            "paused_days": self.paused_days,
            "extension_notice_by": iso(self.extension_notice_by),
            "extension_notice": iso(self.extension_notice),
            "extension_valid": self.extension_valid,
            "extended_due": iso(self.extended_due),
            "effective_due": iso(self.effective_due),
            "internal_target": iso(self.internal_target),
            "as_of": iso(self.as_of),
            "state": str(self.state),
            "state_since": iso(self.state_since),
            "state_text": self.state_text,
            "days_left": self.days_left,
            "responded_on_time": self.responded_on_time,
            "calendar": self.calendar,
            "policy": self.policy.to_dict(),
            "holidays_version": self.holidays_version,
            "exam_marks": self.exam_marks,
            "exam_results": iso(self.exam_results),
            "explanation": list(self.explanation),
        }

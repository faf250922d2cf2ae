"""Plain-English sentences for a :class:`~sar_desk.core.deadline_result.DeadlineResult`.

The engine records compact steps while it computes; this module turns them into one line
per step only when someone reads the explanation or the state text.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Protocol

from sar_desk.core.calendars import WEEKDAY_NAMES, Calendar
from sar_desk.core.deadline_events import label
from sar_desk.core.entities import EventKind
from sar_desk.core.policy import PauseCount, Policy


class DeadlineFacts(Protocol):
    """What the sentences read of a deadline: a
    :class:`~sar_desk.core.deadline_result.DeadlineResult`, which builds its texts here."""

    @property
    def state(self) -> Enum: ...
    @property
    def state_since(self) -> dt.date | None: ...
    @property
    def days_left(self) -> int | None: ...
    @property
    def responded_on_time(self) -> bool | None: ...
    @property
    def paused_days(self) -> int: ...
    @property
    def policy(self) -> Policy: ...
    @property
    def calendar(self) -> str: ...
    @property
    def holidays_version(self) -> str: ...


MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


def day_text(day: dt.date) -> str:
    """A day as "5 March 2025"."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def long_day(day: dt.date) -> str:
    """A day with its weekday, as "Wednesday 5 March 2025"."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day_text(day)}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def describe_state(result: DeadlineFacts) -> str:
    """A few words for the state on ``result.as_of``."""
    state = result.state.value
    since = result.state_since
    if state in ("running", "overdue"):
        left = result.days_left or 0
        if left == 0:
            return "due today"
        if left > 0:
            return f"due in {plural(left, 'day')}"
        return f"overdue by {plural(-left, 'day')}"
    if state == "paused":
        return f"paused for clarification since {day_text(since)}"
    if state == "awaiting_id":
        return f"awaiting ID, asked for on {day_text(since)}"
    if state == "awaiting_fee":
        return f"awaiting the fee, asked for on {day_text(since)}"
    text = f"{state} on {day_text(since)}"
    if result.responded_on_time is True:
        text += " (on time)"
    elif result.responded_on_time is False:
        text += " (late)"
    return text


def _rolled(what: str, unrolled: dt.date, rolled: dt.date, calendar: Calendar) -> list[str]:
    lines = [
        f"Rolled over {long_day(day)}: {_reason(reason)}."
        for day, reason in calendar.skipped(unrolled, rolled)
    ]
    lines.append(f"The {what} moves to the next working day, {long_day(rolled)}.")
    return lines


def _reason(reason: str) -> str:
    """Say "weekend" for Saturday or Sunday, keeping any holiday that falls on it."""
    for name in ("Saturday", "Sunday"):
        if reason == name:
            return "weekend"
        if reason.startswith(name + "; "):
            return "weekend and " + reason[len(name) + 2 :]
    return reason


_WHAT = {"due": "due date", "extended": "extended due date"}


def explain(result: DeadlineFacts, steps: tuple, calendar: Calendar) -> list[str]:
    """One sentence per recorded step, then the policy and the holiday data used."""
    lines: list[str] = []
    policy = result.policy
    for step in steps:
        kind = step[0]
        if kind == "start":
            _, received, relevant, why = step
            text = f"Request received on {long_day(received)}"
            if why is None:
                text += "; the month starts that day (the day of receipt is day one)."
            else:
                text += (
                    f"; the month restarts from {long_day(relevant)}, the day the "
                    f"{'identity evidence' if why == EventKind.ID_RECEIVED else 'fee'} "
                    "asked for arrived (days already elapsed are not carried over)."
                )
            lines.append(text)
        elif kind == "open_ask":
            _, ask, asked = step
            thing = "Identity evidence" if ask == EventKind.ID_REQUESTED else "A fee"
            lines.append(
                f"{thing} was asked for on {day_text(asked)} and has not arrived: the month "
                "will restart from the day it does, so the dates below are provisional."
            )
        elif kind == "month":
            _, what, start, months, result_day, clamped, strict = step
            amount = "One month" if months == 1 else plural(months, "month")
            text = f"{amount} from {day_text(start)}"
            if what == "extended-from-first":
                text += " (the first due date before pauses and rolling)"
            elif what == "exam-five":
                text = "Exam marks asked for before the results were announced (DPA 2018 " \
                    "Sch. 2 para 25): " + text[0].lower() + text[1:]
            if clamped:
                text += (
                    f": {MONTH_NAMES[result_day.month - 1]} {result_day.year} has no "
                    f"{start.day}{_suffix(start.day)}, so it ends on its last day, "
                    f"{day_text(result_day)} (month-end clamp)."
                )
            elif strict:
                text += (
                    f" is {day_text(result_day)} under the strict statutory reading (the day "
                    "before the same day number)."
                )
            else:
                text += f" is {day_text(result_day)} (the same day number)."
            if what not in ("due", "exam-five"):
                text = "Extended deadline: " + text[0].lower() + text[1:]
            lines.append(text)
        elif kind == "pause":
            _, start, end, days, is_open, clipped, shared = step
            counting = (
                "both days counted"
                if policy.pause_count is PauseCount.INCLUSIVE
                else "both end days excluded"
            )
            if is_open:
                text = (
                    f"Clarification asked for on {day_text(start)} and not yet answered: "
                    f"paused for {plural(days, 'day')} up to {day_text(end)} ({counting}); "
                    "each further day waiting moves the dates on by a day."
                )
            else:
                text = (
                    f"Clarification asked for on {day_text(start)} and answered on "
                    f"{day_text(end)}: {plural(days, 'day')} paused ({counting})."
                )
            if clipped is not None:
                text += f" Only the days from {day_text(clipped)}, when the month started, count."
            if shared is not None:
                text += (
                    f" The days up to {day_text(shared)} were already paused by the previous "
                    "clarification and count once."
                )
            lines.append(text)
        elif kind == "pause_before":
            _, start, end, relevant = step
            lines.append(
                f"The clarification from {day_text(start)} to {day_text(end)} ended before the "
                f"month started on {day_text(relevant)}, so it does not add any days."
            )
        elif kind == "pause_late":
            _, start, deadline = step
            lines.append(
                f"The clarification asked for on {day_text(start)} came after the due date of "
                f"{day_text(deadline)} had passed, so it does not move that date, even when the "
                "date rolls on to a later working day."
            )
        elif kind == "eu_no_pause":
            lines.append(
                "EU GDPR has no statutory stop-the-clock: asking for clarification does not "
                "move the deadline (the organisation can turn on clarification pauses where "
                "its regulator allows them)."
            )
        elif kind == "exam_pending":
            lines.append(
                f"The results announcement day is not recorded yet: the response is due by "
                f"{day_text(step[1])} (before rolling), or 40 days after the results are "
                "announced (the announcement day is day one), if that is earlier."
            )
        elif kind == "exam_forty":
            _, results, forty, earlier, forty_first = step
            which = "the 40-day limit" if forty_first else "the five-month limit"
            lines.append(
                f"Forty days beginning with the results announcement on {day_text(results)} "
                f"end on {day_text(forty)}; the earlier of the two limits applies: "
                f"{day_text(earlier)} ({which})."
            )
        elif kind == "exam_after":
            _, results, received = step
            lines.append(
                f"The exam results were announced on {day_text(results)}, on or before the "
                f"request arrived on {day_text(received)}: the ordinary one month applies."
            )
        elif kind == "exam_extension":
            lines.append(
                f"Extension notice sent on {day_text(step[1])}: the exam-marks time limit "
                "replaces the one-month period, and it cannot be extended."
            )
        elif kind == "notice_closed":
            lines.append(
                f"The first due date ({day_text(step[1])}) has passed: the window for sending "
                "an extension notice has closed."
            )
        elif kind == "paused_total":
            _, what, base, days, unrolled = step
            text = f"{day_text(base)} plus {plural(days, 'paused day')} is {day_text(unrolled)}"
            if what == "extended" and days != result.paused_days:
                text += " (counting the clarifications asked while the extended time ran)"
            lines.append(text + ".")
        elif kind == "roll":
            _, what, unrolled, rolled = step
            lines.extend(_rolled(_WHAT[what], unrolled, rolled, calendar))
        elif kind == "due":
            lines.append(f"The response is due by {long_day(step[1])}.")
        elif kind == "extension":
            _, notice, due, valid, count = step
            if valid:
                text = (
                    f"Extension notice sent on {day_text(notice)}, on or before the first due "
                    f"date ({day_text(due)}): the extension of two further months is valid."
                )
            else:
                text = (
                    f"Extension notice sent on {day_text(notice)}, after the first due date "
                    f"({day_text(due)}): the extension is not valid, the case stays on its "
                    "first deadline."
                )
            if count > 1:
                text += " Later extension notices change nothing (only one extension is allowed)."
            lines.append(text)
        elif kind == "no_roll":
            lines.append(
                f"The extended due date is not moved off non-working days (policy): "
                f"{long_day(step[1])}."
            )
        elif kind == "extended_due":
            lines.append(f"With the extension the response is due by {long_day(step[1])}.")
        elif kind == "notice_by":
            lines.append(
                f"To extend, the notice with reasons must be sent by {long_day(step[1])} "
                "(the first due date)."
            )
        elif kind == "target":
            _, days, paused, unrolled, target = step
            text = f"Internal target: {plural(days, 'day')} from the start"
            if paused:
                text += f" plus {plural(paused, 'paused day')}"
            text += f" is {day_text(unrolled)}"
            text += "." if target == unrolled else f", moved to the working day {day_text(target)}."
            lines.append(text)
    lines.append(policy.describe())
    closures = ""
    if calendar.closures:
        closures = f", plus {plural(len(calendar.closures), 'organisation closure day')}"
    lines.append(
        f"Calendar {result.calendar} ({calendar.region}{closures}); "
        f"holiday data from the holidays package {result.holidays_version}."
    )
    return lines


def _suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


__all__ = ["day_text", "describe_state", "explain", "label", "long_day"]

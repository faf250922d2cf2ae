"""The response deadline of a request, worked out as the rules summary says, showing its working.

:func:`compute_deadline` takes the received date, the calendar code and the timeline's
clock events and returns a :class:`~sar_desk.core.deadline_result.DeadlineResult`: the
relevant (start) date, the paused days, the due date, the extension and its notice deadline,
and the state on ``as_of``. Every result can explain each date in plain English; the
explanation is recorded as compact steps and only turned into sentences when asked for, so
the dashboard can recompute every open case quickly. ``DeadlineResult`` and
``DeadlineState`` are re-exported here for callers that import them with the computation.

Rules (sar-rules §1): the month runs from the latest of receipt, ID received and fee
received; one month is the same day number next month, clamped to the month's last day;
clarification pauses add their distinct days (both ends included, a shared day once) before
rolling, except in EU calendars unless the policy allows it; a pause asked after the
(unrolled) due date does not count; the due date rolls to the next working day; a valid
extension (notice sent on or before the first due date) gives relevant date + 3 months +
paused days, rolled. Exam marks asked for before the results (DPA 2018 Sch. 2 para 25) are
due on the earlier of 5 months and 40 days from the announcement, with no extension.
Disputed points follow a :class:`~sar_desk.core.policy.Policy`; docs/deadline-policy.md
states each reading.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sar_desk.core.calendars import Calendar, get_calendar, holidays_version
from sar_desk.core.deadline_events import (
    EMPTY_TIMELINE,
    DeadlineInputError,
    Timeline,
    parse_timeline,
)
from sar_desk.core.deadline_result import DeadlineResult, DeadlineState
from sar_desk.core.entities import EventKind
from sar_desk.core.policy import DEFAULT_POLICY, ExtensionBase, MonthRule, PauseCount, Policy

__all__ = [
    "DeadlineInputError",
    "DeadlineResult",
    "DeadlineState",
    "add_months",
    "compute_deadline",
]

_DAYS = [dt.timedelta(days=n) for n in range(400)]
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_EMPTY: tuple = ()


_ENDING_STATE = {
    EventKind.RESPONDED: DeadlineState.RESPONDED,
    EventKind.WITHDRAWN: DeadlineState.WITHDRAWN,
    EventKind.CLOSED: DeadlineState.CLOSED,
}


def add_months(day: dt.date, months: int) -> tuple[dt.date, bool]:
    """Same day number ``months`` later; ``(date, True)`` when clamped to a shorter month's end."""
    index = day.month - 1 + months
    year = day.year + index // 12
    month = index % 12 + 1
    last = _MONTH_DAYS[month - 1]
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        last = 29
    if day.day > last:
        return dt.date(year, month, last), True
    return dt.date(year, month, day.day), False


def _days(n: int) -> dt.timedelta:
    return _DAYS[n] if n < 400 else dt.timedelta(days=n)


def _month_later(start: dt.date, months: int, rule: MonthRule, what: str, steps: list) -> dt.date:
    result, clamped = add_months(start, months)
    strict = rule is MonthRule.STRICT_STATUTORY and not clamped
    if strict:
        result -= _DAYS[1]
    steps.append(("month", what, start, months, result, clamped, strict))
    return result


def _count_pauses(
    pauses: tuple[tuple[dt.date, dt.date | None], ...],
    relevant: dt.date,
    base: dt.date,
    inclusive: bool,
    as_of: dt.date,
    steps: list | None,
    counted: list,
) -> int:
    """Paused days added to ``base``: each day inside a pause counts once, however many
    pauses it belongs to. A pause counts only from the relevant date on, and only if it is
    asked on or before the due date in force then (before any roll to a working day)."""
    total = 0
    covered: dt.date | None = None  # the last day already counted as paused
    for start, end in pauses:
        is_open = end is None
        if is_open:
            end = as_of if as_of > start else start
        if end < relevant:
            if steps is not None:
                steps.append(("pause_before", start, end, relevant))
            continue
        deadline = base + _days(total)
        if start > deadline:
            if steps is not None:
                steps.append(("pause_late", start, deadline))
            continue
        first = start if start >= relevant else relevant
        shared = None
        if inclusive:
            if covered is not None and first <= covered:
                shared = covered
                first = covered + _DAYS[1]
            days = (end - first).days + 1
            days = days if days > 0 else 0
        else:
            days = (end - max(first, start + _DAYS[1])).days
            days = days if days > 0 else 0
        if covered is None or end > covered:
            covered = end
        total += days
        counted.append((start, None if is_open else end))
        if steps is not None:
            clipped = first if first != start and shared is None else None
            steps.append(("pause", start, end, days, is_open, clipped, shared))
    return total


def _first_base(
    relevant: dt.date, received: dt.date, timeline: Timeline, rule: MonthRule, steps: list
) -> tuple[dt.date, bool]:
    """The first due date before pauses and rolling, and whether the exam-marks rule set it.

    Exam marks asked for before the results (DPA 2018 Sch. 2 para 25): the earlier of five
    months beginning with the relevant date and 40 days beginning with the announcement.
    """
    results = timeline.exam_results
    if not timeline.exam_marks or (results is not None and results <= received):
        if timeline.exam_marks:
            steps.append(("exam_after", results, received))
        return _month_later(relevant, 1, rule, "due", steps), False
    five = _month_later(relevant, 5, rule, "exam-five", steps)
    if results is None:
        steps.append(("exam_pending", five))
        return five, True
    forty = results + _DAYS[39]
    steps.append(("exam_forty", results, forty, min(five, forty), forty < five))
    return min(five, forty), True


def compute_deadline(
    received: dt.date,
    jurisdiction: str,
    events: Iterable[object] = (),
    *,
    as_of: dt.date,
    policy: Policy | None = None,
    closures: Iterable[dt.date] = (),
) -> DeadlineResult:
    """Work out the deadline of a request received on ``received`` (see the module docstring).

    ``events``: objects with ``.kind`` and ``.date`` or ``(kind, date)`` pairs, any order.
    ``as_of``: the day the state is reported for (the caller says which day is today).
    Raises :class:`DeadlineInputError` (an InputError) for impossible input.
    """
    if type(received) is not dt.date:
        if isinstance(received, dt.datetime):
            received = received.date()
        elif not isinstance(received, dt.date):
            raise DeadlineInputError(f"the received date {received!r} is not a date")
    if type(as_of) is not dt.date:
        if isinstance(as_of, dt.datetime):
            as_of = as_of.date()
        elif not isinstance(as_of, dt.date):
            raise DeadlineInputError(f"the as-of date {as_of!r} is not a date")
    if policy is None:
        policy = DEFAULT_POLICY
    elif not isinstance(policy, Policy):
        policy = Policy.from_dict(policy)  # type: ignore[arg-type]
    calendar = get_calendar(jurisdiction, closures)
    timeline = parse_timeline(received, events) if events else EMPTY_TIMELINE
    try:
        return _compute(received, timeline, as_of, policy, calendar)
    except (OverflowError, ValueError):
        raise DeadlineInputError(
            f"the dates from {received.isoformat()} run past the last date the calendar "
            "can hold (year 9999)"
        ) from None


def _compute(
    received: dt.date, timeline: Timeline, as_of: dt.date, policy: Policy, calendar: Calendar
) -> DeadlineResult:
    steps: list = []
    relevant, why = received, None
    for asked, answered in timeline.id_pairs:
        if answered is None:
            steps.append(("open_ask", EventKind.ID_REQUESTED, asked))
        elif answered > relevant:
            relevant, why = answered, EventKind.ID_RECEIVED
    for asked, answered in timeline.fee_pairs:
        if answered is None:
            steps.append(("open_ask", EventKind.FEE_REQUESTED, asked))
        elif answered > relevant:
            relevant, why = answered, EventKind.FEE_RECEIVED
    steps.insert(0, ("start", received, relevant, why))
    rule = policy.month_rule
    inclusive = policy.pause_count is PauseCount.INCLUSIVE

    base, exam = _first_base(relevant, received, timeline, rule, steps)
    counted: list = []
    paused = 0
    pauses = timeline.pauses
    if pauses and calendar.code.startswith("eu") and not policy.eu_clarification_pause:
        steps.append(("eu_no_pause", len(pauses)))
        pauses = ()
    if pauses:
        paused = _count_pauses(pauses, relevant, base, inclusive, as_of, steps, counted)
        if paused:
            steps.append(("paused_total", "due", base, paused, base + _days(paused)))
    unrolled = base + _days(paused) if paused else base
    due = calendar.roll_forward(unrolled)
    if due != unrolled:
        steps.append(("roll", "due", unrolled, due))
    steps.append(("due", due))

    notice = timeline.extensions[0] if timeline.extensions else None
    valid = notice is not None and notice <= due and not exam
    extended = None
    ext_paused = 0
    if notice is not None:
        kind = "exam_extension" if exam else "extension"
        steps.append((kind, notice, due, valid, len(timeline.extensions)))
    if valid:
        if policy.extension_base is ExtensionBase.RELEVANT_PLUS_3_MONTHS:
            base3 = _month_later(relevant, 3, rule, "extended", steps)
        else:
            # The first due date before pauses and rolling (strict rule already applied).
            base3 = _month_later(base, 2, MonthRule.ICO_SAME_DATE, "extended-from-first", steps)
        if pauses:
            ext_paused = _count_pauses(pauses, relevant, base3, inclusive, as_of, None, counted)
            if ext_paused:
                steps.append(("paused_total", "extended", base3, ext_paused,
                              base3 + _days(ext_paused)))  # fmt: skip
        extended = base3 + _days(ext_paused) if ext_paused else base3
        if policy.roll_extended:
            rolled = calendar.roll_forward(extended)
            if rolled != extended:
                steps.append(("roll", "extended", extended, rolled))
            extended = rolled
        else:
            steps.append(("no_roll", extended))
        steps.append(("extended_due", extended))
    elif notice is None and not exam and not any(day <= as_of for _k, day in timeline.endings):
        # Once the first due date has passed the window for a notice has closed (nothing to
        # say of it once the request has been answered, withdrawn or closed).
        steps.append(("notice_by", due) if as_of <= due else ("notice_closed", due))

    target = None
    if policy.show_internal_target:
        target_unrolled = relevant + _days(policy.internal_target_days + paused)
        target = calendar.roll_forward(target_unrolled)
        steps.append(("target", policy.internal_target_days, paused, target_unrolled, target))

    # The state on as_of.
    days_left = None
    on_time = None
    since: dt.date | None = None
    ending = None
    if timeline.endings:
        for kind, day in timeline.endings:
            if day <= as_of:
                ending = (kind, day)
    if ending is not None:
        state, since = _ENDING_STATE[ending[0]], ending[1]
        on_time = _on_time(timeline, as_of, due, extended, notice, counted)
    else:
        stopped = _stopped(timeline, as_of, counted)
        if stopped is not None:
            state, since = stopped
        else:
            deadline = extended if extended is not None and notice <= as_of else due
            days_left = (deadline - as_of).days
            state = DeadlineState.RUNNING if days_left >= 0 else DeadlineState.OVERDUE
    return DeadlineResult(
        received,
        relevant,
        unrolled,
        due,
        paused,
        due,
        notice,
        valid,
        extended,
        ext_paused,
        state,
        since,
        days_left,
        on_time,
        target,
        as_of,
        calendar.code,
        policy,
        holidays_version(),
        exam,
        timeline.exam_results if exam else None,
        tuple(steps),
        calendar,
    )


def _stopped(
    timeline: Timeline, day: dt.date, counted: list
) -> tuple[DeadlineState, dt.date] | None:
    """Whether the clock is stopped on ``day``: awaiting ID or fee, or paused for clarification."""
    for asked, answered in timeline.id_pairs:
        if asked <= day and (answered is None or answered > day):
            return DeadlineState.AWAITING_ID, asked
    for asked, answered in timeline.fee_pairs:
        if asked <= day and (answered is None or answered > day):
            return DeadlineState.AWAITING_FEE, asked
    for start, end in counted:
        if start <= day and (end is None or end > day):
            return DeadlineState.PAUSED, start
    return None


def _on_time(
    timeline: Timeline,
    as_of: dt.date,
    due: dt.date,
    extended: dt.date | None,
    notice: dt.date | None,
    counted: list,
) -> bool | None:
    """Whether the response (else the closure) came by the deadline in force that day."""
    responded = closed = None
    for kind, day in timeline.endings:
        if day > as_of:
            break
        if kind is EventKind.RESPONDED and responded is None:
            responded = day
        elif kind is EventKind.CLOSED and closed is None:
            closed = day
        elif kind is EventKind.WITHDRAWN and responded is None:
            return None
    day = responded or closed
    if day is None:
        return None
    if _stopped(timeline, day, counted) is not None:
        # The clock was not running: a response is in time, a bare closure answers nothing.
        return True if responded else None
    deadline = extended if extended is not None and notice <= day else due
    return day <= deadline

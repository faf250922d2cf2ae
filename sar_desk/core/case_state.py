"""One case as it stood on a given day, recomputed from its registry row.

Pure: the deadline engine works out the due date and clock state from the row's events up
to that day, under the deadline policy the row records (the case's own); a case that has
ended is judged against the deadline in force the day it ended. See
:mod:`sar_desk.core.metrics` for the definitions the figures follow.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from sar_desk.core.deadlines import compute_deadline
from sar_desk.core.entities import CaseStatus, CaseSummary, EventKind, RequestType
from sar_desk.core.policy import Policy
from sar_desk.errors import InputError

log = logging.getLogger(__name__)

DUE_SOON_DAYS = 7
UNASSIGNED = ""
INVALID = "invalid"  # the case's timeline could not be used (shown, never crashes the board)

# Where a case stands on the day, one word each, for lists (see CaseState.standing).
OVERDUE = "overdue"
DUE_SOON = "due soon"
PAUSED = "paused"
ON_TRACK = "on track"
ENDED = "closed"  # responded, closed or withdrawn
UNKNOWN = "unknown"  # open, but its timeline cannot be used for a deadline

ENDING_KINDS = (EventKind.RESPONDED, EventKind.WITHDRAWN, EventKind.CLOSED)
# Facts kept whatever their date: an exam results day is often recorded ahead.
TIMELESS_KINDS = (EventKind.EXAM_MARKS_REQUESTED, EventKind.EXAM_RESULTS_ANNOUNCED)
# Deadline-engine states in which the clock is stopped.
STOPPED_BY = frozenset({"paused", "awaiting_id", "awaiting_fee"})


@dataclass(slots=True)
class CaseState:
    """One case as it stood on ``as_of`` (not frozen: built 10,000 times per refresh)."""

    reference: str
    requester_name: str
    assignee: str
    received: dt.date
    request_types: tuple[RequestType, ...]
    state: str  # the deadline engine's state value (running, paused, overdue, ...)
    due: dt.date | None  # the deadline in force (extended if validly extended)
    days_left: int | None  # negative when overdue; None when the clock is stopped or ended
    extended: bool
    stopped_since: dt.date | None  # when the clock was stopped, if it is
    ended_on: dt.date | None
    withdrawn: bool
    on_time: bool | None  # closed cases only
    original_due: dt.date | None = None  # the deadline before any extension

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.days_left is not None and self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.is_overdue and self.days_left is not None else 0

    @property
    def is_paused(self) -> bool:
        return self.is_open and self.stopped_since is not None

    @property
    def is_due_soon(self) -> bool:
        return (
            self.is_open
            and self.stopped_since is None
            and self.days_left is not None
            and 0 <= self.days_left <= DUE_SOON_DAYS
        )

    @property
    def is_closed(self) -> bool:
        return self.ended_on is not None and not self.withdrawn

    @property
    def standing(self) -> str:
        """One word for the list: ended, unknown, paused, overdue, due soon or on track.

        The same predicates as the dashboard's figures, so a row is counted under the
        figure whose name it shows.
        """
        if not self.is_open:
            return ENDED
        if self.state == INVALID:
            return UNKNOWN
        if self.is_paused:
            return PAUSED
        if self.is_overdue:
            return OVERDUE
        if self.is_due_soon:
            return DUE_SOON
        return ON_TRACK


_ENDING_RANK = {EventKind.RESPONDED: 0, EventKind.CLOSED: 1, EventKind.WITHDRAWN: 2}


def _ending(events: Iterable[tuple[EventKind, dt.date]]) -> tuple[EventKind, dt.date] | None:
    """The first ending event; on one day a response outranks a closure or a withdrawal."""
    best = None
    for kind, day in events:
        rank = _ENDING_RANK.get(kind)
        if rank is not None and (best is None or (day, rank) < best[0]):
            best = ((day, rank), kind)
    return None if best is None else (best[1], best[0][0])


@lru_cache(maxsize=64)
def _policy(text: str) -> Policy:
    """The deadline policy a registry row records (``Policy.to_text``; "" the defaults)."""
    return Policy.from_text(text)


@lru_cache(maxsize=200_000)
def _judge_open(
    received: dt.date, jurisdiction: str, events: tuple, as_of: dt.date, policy: str = ""
) -> tuple[str, dt.date, int | None, bool, dt.date | None, dt.date] | None:
    """(engine state, deadline in force, days left, validly extended, state since,
    unextended deadline) of an open case on ``as_of``; None if its timeline is unusable.

    Depends only on its arguments: cached, so the list and the dashboard working out the
    same day share the work, and a refresh recomputes only the cases that changed.
    """
    try:
        result = compute_deadline(received, jurisdiction, events, as_of=as_of,
                                  policy=_policy(policy))
    except InputError:
        return None
    return (str(result.state), result.effective_due, result.days_left,
            bool(result.extension_valid), result.state_since, result.due)


@lru_cache(maxsize=200_000)
def _judge_ended(
    received: dt.date, jurisdiction: str, clock: tuple, ended_on: dt.date, policy: str = ""
) -> tuple[dt.date, bool, bool, dt.date] | None:
    """(deadline in force, validly extended, clock stopped, unextended deadline) on the day
    a case ended.

    Depends only on its arguments, never on ``as_of``: cached, so a refresh recomputes only
    the cases that changed since the last one.
    """
    try:
        result = compute_deadline(received, jurisdiction, clock, as_of=ended_on,
                                  policy=_policy(policy))
    except InputError:
        return None
    return (result.effective_due, bool(result.extension_valid), str(result.state) in STOPPED_BY,
            result.due)


def _state(
    summary: CaseSummary, state: str, *, due: dt.date | None = None,
    days_left: int | None = None, extended: bool = False, stopped_since: dt.date | None = None,
    ended_on: dt.date | None = None, withdrawn: bool = False, on_time: bool | None = None,
    original_due: dt.date | None = None,
) -> CaseState:
    """``summary``'s own columns with what was worked out for the day (the rest unknown)."""
    return CaseState(summary.reference, summary.requester_name, summary.assignee or UNASSIGNED,
                     summary.received, tuple(summary.request_types), state, due, days_left,
                     extended, stopped_since, ended_on, withdrawn, on_time, original_due)


def _unreadable(
    summary: CaseSummary, ended_on: dt.date | None = None, *, withdrawn: bool = False
) -> CaseState:
    """A row whose timeline the deadline rules refuse: counted, but with no deadline."""
    return _state(summary, INVALID, ended_on=ended_on, withdrawn=withdrawn)


def evaluate(
    summary: CaseSummary, as_of: dt.date, *, judge_from: dt.date | None = None
) -> CaseState | None:
    """The case as it stood at the end of ``as_of``; None if it had not been received yet.

    A case that ended before ``judge_from`` is not judged (``due``/``on_time`` left None):
    figures for a window of months never need it, and it saves most of the work.
    """
    if summary.received > as_of:
        return None
    return _evaluate(summary, as_of, judge_from)


def _evaluate(summary: CaseSummary, as_of: dt.date, judge_from: dt.date | None,
              drop_early: bool = False) -> CaseState | None:
    """:func:`evaluate` of a case received by ``as_of``; with ``drop_early``, None for a case
    received and ended before ``judge_from``."""
    raw = summary.events
    if not raw:
        events: list[tuple[EventKind, dt.date]] = []
        ending = None
    else:
        events = [
            (k if type(k) is EventKind else EventKind(k), d) for k, d in raw
            if d <= as_of or k in TIMELESS_KINDS
        ]
        ending = _ending(events)
    if (ending is None and summary.status != CaseStatus.OPEN
            and not any(k in ENDING_KINDS for k, _d in summary.events)):
        # Ended without a dated ending event (an imported or repaired row): use the last
        # update, else the day received.
        day = summary.updated.date() if summary.updated else summary.received
        if day <= as_of:
            kind = EventKind.WITHDRAWN if summary.status == CaseStatus.WITHDRAWN else (
                EventKind.RESPONDED if summary.status == CaseStatus.RESPONDED
                else EventKind.CLOSED)
            ending = (kind, day)
    if ending is None:
        judged_open = _judge_open(summary.received, summary.jurisdiction, tuple(events), as_of,
                                  summary.deadline_policy)
        if judged_open is None:
            log.warning("case %s: its timeline cannot be used for a deadline", summary.reference)
            return _unreadable(summary)
        state, due, days_left, extended, since, original = judged_open
        running = state not in STOPPED_BY
        return _state(summary, state, due=due, days_left=days_left if running else None,
                      extended=extended, stopped_since=None if running else since,
                      original_due=original)
    kind, ended_on = ending
    withdrawn = kind == EventKind.WITHDRAWN
    if judge_from is not None and ended_on < judge_from:
        if drop_early and summary.received < judge_from:
            return None
        return _state(summary, str(kind), ended_on=ended_on, withdrawn=withdrawn)
    # Judge against the deadline in force that day: only clock events up to the end.
    clock = tuple(sorted((k, d) for k, d in events
                         if (d <= ended_on or k in TIMELESS_KINDS) and k not in ENDING_KINDS))
    # With no clock events the deadline does not depend on the day it is judged: judging
    # it as of the day received lets every case received that day share the work.
    judged = _judge_ended(summary.received, summary.jurisdiction, clock,
                          ended_on if clock else summary.received, summary.deadline_policy)
    if judged is None:
        log.warning("case %s: its timeline cannot be used for a deadline", summary.reference)
        return _unreadable(summary, ended_on, withdrawn=withdrawn)
    due, extended, stopped, original = judged
    on_time = None if withdrawn else (stopped or due is None or ended_on <= due)
    return _state(summary, str(kind), due=due, extended=extended, ended_on=ended_on,
                  withdrawn=withdrawn, on_time=on_time, original_due=original)


def evaluate_all(
    summaries: Iterable[CaseSummary], as_of: dt.date, *, judge_from: dt.date | None = None
) -> list[CaseState]:
    """Every case received by ``as_of`` (see :func:`evaluate`)."""
    return [
        s for s in (evaluate(c, as_of, judge_from=judge_from) for c in summaries)
        if s is not None
    ]


def evaluate_window(
    summaries: Iterable[CaseSummary], as_of: dt.date, judge_from: dt.date
) -> list[CaseState]:
    """As :func:`evaluate_all`, but a case received and ended before ``judge_from`` is left
    out rather than returned unjudged: figures for the months from ``judge_from`` on
    (received, closed, open now) never count it, and most rows of a large caseload are
    such cases."""
    return [
        s for s in (_evaluate(c, as_of, judge_from, True) for c in summaries
                    if c.received <= as_of)
        if s is not None
    ]


def evaluate_rows(summaries: Iterable[CaseSummary], as_of: dt.date) -> list[CaseState]:
    """One state per registry row, in order, for a list that shows every case.

    As :func:`evaluate`, except that a case received after ``as_of`` (a date entered ahead)
    is not left out: its deadline runs from the day received, days counted from ``as_of``.
    """
    return list(iter_rows(summaries, as_of))


def iter_rows(summaries: Iterable[CaseSummary], as_of: dt.date) -> Iterator[CaseState]:
    """:func:`evaluate_rows` one row at a time, for a caller that keeps only a part of each."""
    return (_evaluate(c, as_of, None) for c in summaries)


def clear_cache() -> None:
    """Forget the judged cases (for benchmarks that time a cold start)."""
    _judge_ended.cache_clear()
    _judge_open.cache_clear()

"""Reminders: what falls due for an officer, and the 14-day rule for unanswered requests.

Pure functions. A request for clarification or for proof of identity that the requester has
not answered for :data:`CHASE_AFTER_DAYS` days is due a chaser letter; the chaser letter's
rule (:func:`chaser_reason`) and the "My work" list both use :func:`unanswered`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sar_desk.core.deadline_result import DeadlineResult
from sar_desk.core.entities import CaseSnapshot, CaseStatus, EventKind

CHASE_AFTER_DAYS = 14
# What the requester was asked for -> (the event asking, the event answering, in words).
ASKS = {
    "clarification": (EventKind.CLARIFICATION_REQUESTED, EventKind.CLARIFICATION_RECEIVED,
                      "clarification"),
    "identity": (EventKind.ID_REQUESTED, EventKind.ID_RECEIVED, "proof of identity"),
}


@dataclass(frozen=True)
class Unanswered:
    """A question to the requester still without an answer."""

    asked: str  # a key of ASKS: "clarification" or "identity"
    asked_on: dt.date
    days: int  # days since it was asked

    @property
    def what(self) -> str:
        return ASKS[self.asked][2]


def unanswered(events: Iterable[tuple[EventKind, dt.date]], today: dt.date,
               after_days: int = CHASE_AFTER_DAYS) -> list[Unanswered]:
    """The requests for clarification or identity whose latest asking has had no answer on
    or after it for at least ``after_days`` days by ``today``."""
    events = list(events)
    found = []
    for key, (ask, answer, _words) in ASKS.items():
        asked = [d for k, d in events if k == ask]
        if not asked:
            continue
        last = max(asked)
        if any(k == answer and d >= last for k, d in events):
            continue
        days = (today - last).days
        if days >= after_days:
            found.append(Unanswered(key, last, days))
    return found


def due_within(due: dt.date | None, today: dt.date, days: int) -> bool:
    """Whether a deadline ``due`` falls on or before ``days`` days from ``today`` (overdue
    included)."""
    return due is not None and (due - today).days <= days


def chaser_reason(case: CaseSnapshot, deadline: DeadlineResult, as_of: dt.date
                  ) -> str | None:
    """A chaser goes out while a request for clarification or identity has been unanswered
    for 14 days or more."""
    if case.status != CaseStatus.OPEN:
        return f"case {case.reference} is {case.status.value}: there is nobody to remind"
    waiting = unanswered(((e.kind, e.date) for e in case.events), as_of)
    if waiting:
        return None
    pending = unanswered(((e.kind, e.date) for e in case.events), as_of, after_days=0)
    if pending:
        first = pending[0]
        return (f"the {first.what} asked for on case {case.reference} was asked for "
                f"{first.days} day{'s' * (first.days != 1)} ago: a reminder goes out once it "
                f"has been unanswered for {CHASE_AFTER_DAYS} days")
    return (f"case {case.reference} has no unanswered request for clarification or proof of "
            "identity: record what was asked first")


def chaser_fields(case: CaseSnapshot) -> tuple[str, dt.date | None]:
    """What the chaser reminds the requester of (in words) and when it was first asked."""
    waiting = unanswered(((e.kind, e.date) for e in case.events), dt.date.max, after_days=0)
    if not waiting:
        return "", None
    first = min(waiting, key=lambda u: u.asked_on)
    return " and ".join(u.what for u in waiting), first.asked_on

"""My work: what the current user has to do soon, for the window's view, its reminders and
``sar-desk my-work``.

Four lists: the user's open cases due within N days (overdue ones first), the letters
awaiting their approval, the user's cases where a request for clarification or proof of
identity has gone unanswered for 14 days (each due a chaser letter), and the complaints
not yet acknowledged that the user handles or that have no handler yet. Read from the
registry's summary rows (the approvals queue opens only the cases holding a letter awaiting
approval); dates come from the workspace clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sar_desk.core.complaint_handler import handler_text, mine_or_unassigned
from sar_desk.core.reminders import CHASE_AFTER_DAYS, due_within, unanswered
from sar_desk.core.roles import Action
from sar_desk.services import access
from sar_desk.services.signoff import PendingApproval
from sar_desk.store.workspace import Workspace

DEFAULT_DAYS = 7
CHASER_KIND = "chaser"  # the letter kind a chaser item offers


@dataclass(frozen=True)
class DueCase:
    reference: str
    requester: str
    due: dt.date
    days_left: int  # negative: overdue by that many days


@dataclass(frozen=True)
class ChaserDue:
    reference: str
    requester: str
    asked: str  # what was asked for, in words
    asked_on: dt.date
    days: int  # days unanswered
    letter_kind: str = CHASER_KIND


@dataclass(frozen=True)
class AckDue:
    reference: str
    complainant: str
    received: dt.date
    ack_due: dt.date | None
    handler: str = ""  # the user's own login, or "" (no handler yet)

    @property
    def handler_text(self) -> str:
        """Who handles it, in words ("no handler" when nobody does yet)."""
        return handler_text(self.handler)


@dataclass(frozen=True)
class MyWork:
    as_of: dt.date
    days: int
    login: str
    due: list[DueCase] = field(default_factory=list)
    approvals: list[PendingApproval] = field(default_factory=list)
    chasers: list[ChaserDue] = field(default_factory=list)
    complaints: list[AckDue] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.due) + len(self.approvals) + len(self.chasers) + len(self.complaints)

    def summary(self) -> str:
        """One line for a reminder: what is waiting, counted ("" when nothing is)."""
        parts = []
        if self.due:
            overdue = sum(1 for d in self.due if d.days_left < 0)
            parts.append(f"{len(self.due)} case{'s' * (len(self.due) != 1)} due within "
                         f"{self.days} days" + (f" ({overdue} overdue)" if overdue else ""))
        if self.approvals:
            n = len(self.approvals)
            parts.append(f"{n} letter{'s' * (n != 1)} awaiting your approval")
        if self.chasers:
            n = len(self.chasers)
            parts.append(f"{n} chaser{'s' * (n != 1)} to send")
        if self.complaints:
            n = len(self.complaints)
            parts.append(f"{n} complaint{'s' * (n != 1)} to acknowledge")
        return "; ".join(parts)

    def to_json(self) -> dict:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {
            "as_of": self.as_of.isoformat(), "days": self.days, "user": self.login,
            "due": [{"reference": d.reference, "requester": d.requester, "due": iso(d.due),
                     "days_left": d.days_left} for d in self.due],
            "approvals": [{"reference": a.reference, "requester": a.requester,
                           "letter": a.letter_id, "kind": a.kind, "asked_by": a.asked_by,
                           "asked_at": a.asked_at} for a in self.approvals],
            "chasers": [{"reference": c.reference, "requester": c.requester,
                         "asked": c.asked, "asked_on": iso(c.asked_on), "days": c.days,
                         "letter_kind": c.letter_kind} for c in self.chasers],
            "complaints": [{"reference": c.reference, "complainant": c.complainant,
                            "received": iso(c.received), "ack_due": iso(c.ack_due),
                            "handler": c.handler or None}
                           for c in self.complaints],
        }


def has_work_list(ws: Workspace) -> bool:
    """Whether the current user has a work list (may list cases), asked without recording a
    refusal (the window's daily reminder looks quietly)."""
    return access.can(ws, Action.LIST_CASES)


def my_work(ws: Workspace, days: int = DEFAULT_DAYS) -> MyWork:
    """What the current user has to do within ``days`` days (see the module docstring)."""
    from sar_desk.services.case_list import list_cases
    from sar_desk.services.complaints import list_complaints
    from sar_desk.services.signoff import awaiting_my_approval

    user = access.require(ws, Action.LIST_CASES)
    today = ws.clock.today()
    me = {user.login.casefold(), user.label.casefold()}
    work = MyWork(today, days, user.login)
    for row in list_cases(ws, status="open"):
        if row.assignee.casefold() not in me:
            continue
        due = row.extended_due or row.due
        if not row.paused and due_within(due, today, days) and due is not None:
            work.due.append(DueCase(row.reference, row.requester_name, due, (due - today).days))
        for waiting in unanswered(row.events, today, CHASE_AFTER_DAYS):
            work.chasers.append(ChaserDue(row.reference, row.requester_name, waiting.what,
                                          waiting.asked_on, waiting.days))
    work.due.sort(key=lambda d: (d.due, d.reference))
    work.chasers.sort(key=lambda c: (c.asked_on, c.reference))
    if access.can(ws, Action.APPROVE_LETTER):
        work.approvals.extend(awaiting_my_approval(ws))
    for complaint in list_complaints(ws, status="open"):
        if complaint.acknowledged is None and mine_or_unassigned(complaint.handler,
                                                                 user.login):
            work.complaints.append(AckDue(complaint.reference, complaint.complainant,
                                          complaint.received, complaint.ack_due,
                                          complaint.handler))
    work.complaints.sort(key=lambda c: (c.ack_due or c.received, c.reference))
    return work

"""What can still be done to a case, and why not: one answer for the window and the services.

Pure (no Qt, no store): the rules read a :class:`~sar_desk.core.entities.CaseSnapshot`.
A reason is a whole sentence for a person, ``None`` when the thing is possible now.

Once a case has ended (responded, withdrawn or closed) the record of what happened stays
open (notes, searches done, assignment, letters and their dispatch), but nothing that would
rewrite the deadline or the disclosure already made: no clock events (the deadline engine
accepts only further endings after an ending, and there is no reopening), no exemption or
change of disclosure status after the response, and no new fee or refusal except a fee for
further copies of a response already sent. A new request is logged as a new case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sar_desk.core.entities import (
    CLOCK_EVENT_KINDS,
    CaseSnapshot,
    CaseStatus,
    DecisionGround,
    DecisionKind,
    EventKind,
)
from sar_desk.core.roles import Action

__all__ = [
    "CASE_STATE_ACTIONS",
    "add_right_reason",
    "available_actions",
    "decision_reason",
    "ended_on",
    "event_reasons",
    "exam_rule_applies",
    "why_not",
    "why_not_event",
]

# The case actions whose availability depends on the state of the case.
CASE_STATE_ACTIONS: tuple[Action, ...] = (
    Action.RECORD_EVENT, Action.RECORD_DECISION, Action.APPLY_EXEMPTION,
    Action.ATTACH_DOCUMENT, Action.SET_DOCUMENT_STATUS, Action.ADD_NOTE,
    Action.ADD_SEARCH_LOG, Action.ASSIGN_CASE, Action.GENERATE_LETTER, Action.DISPATCH_LETTER,
)
_ENDING_KIND = {CaseStatus.RESPONDED: EventKind.RESPONDED,
                CaseStatus.WITHDRAWN: EventKind.WITHDRAWN, CaseStatus.CLOSED: EventKind.CLOSED}
_NEW_CASE = "If the person asks again, log the new request as a new case."


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def ended_on(case: CaseSnapshot) -> dt.date | None:
    """The day of the event that gave the case its ending status (None if open or undated)."""
    kind = _ENDING_KIND.get(case.status)
    days = [e.date for e in case.events if e.kind == kind]
    return max(days) if days else None


def _ended(case: CaseSnapshot) -> str:
    """'The response was sent on 2 March 2026' (or withdrawn, closed); '' when open."""
    day = ended_on(case)
    on = f" on {_day(day)}" if day else ""
    return {
        CaseStatus.OPEN: "",
        CaseStatus.RESPONDED: f"The response was sent{on}",
        CaseStatus.WITHDRAWN: f"The request was withdrawn{on}",
        CaseStatus.CLOSED: f"The case was closed{on}",
    }[case.status]


def add_right_reason(case: CaseSnapshot) -> str | None:
    """Why another right cannot be added to ``case`` now (None: it can, while it is open)."""
    if case.status == CaseStatus.OPEN:
        return None
    return (f"{_ended(case)}: another right cannot be added to this request. "
            f"{_NEW_CASE}")


def exam_rule_applies(case: CaseSnapshot) -> bool:
    """Whether the case is a request for exam marks made before the results were announced
    (DPA 2018 Sch. 2 para 25), so its own time limit applies instead of the month."""
    kinds = {e.kind for e in case.events}
    if not kinds & {EventKind.EXAM_MARKS_REQUESTED, EventKind.EXAM_RESULTS_ANNOUNCED}:
        return False
    announced = [e.date for e in case.events if e.kind == EventKind.EXAM_RESULTS_ANNOUNCED]
    return not announced or announced[0] > case.received


def _exam_reason(kind: EventKind, case: CaseSnapshot) -> str | None:
    marks = any(e.kind == EventKind.EXAM_MARKS_REQUESTED for e in case.events)
    announced = [e.date for e in case.events if e.kind == EventKind.EXAM_RESULTS_ANNOUNCED]
    if kind == EventKind.EXAM_MARKS_REQUESTED:
        return "This request is already recorded as one for exam marks." if marks else None
    if not marks:
        return ("This case is not recorded as a request for exam marks made before the "
                "results were announced, so the announcement day would not change its "
                "deadline. Record that the request is for exam marks first.")
    if announced:
        return (f"The exam results announcement is already recorded ({_day(announced[0])}): "
                "a case has only one announcement day.")
    return None


def _extension_reason(case: CaseSnapshot, deadline: Any, today: dt.date | None) -> str | None:
    done = [e.date for e in case.events if e.kind == EventKind.EXTENDED]
    if done:
        return (f"The extension notice was already recorded on {_day(min(done))}: a case can "
                "be extended only once.")
    if exam_rule_applies(case):
        return ("The time limit for exam marks asked for before the results (five months, or "
                "40 days after the results if earlier) replaces the month and cannot be "
                "extended.")
    notice_by = getattr(deadline, "extension_notice_by", None)
    if today is not None and notice_by is not None and today > notice_by:
        return (f"The first month ran out on {_day(notice_by)}: an extension must be notified "
                "before the first due date, so it is no longer possible.")
    return None


def why_not_event(kind: EventKind | str, case: CaseSnapshot, *, deadline: Any = None,
                  today: dt.date | None = None) -> str | None:
    """Why a ``kind`` event cannot be recorded on ``case`` now (None: it can).

    Give ``deadline`` (a ``DeadlineResult``) and ``today`` to check the extension's timing
    too; a late notice is otherwise recorded as a fact, and the engine treats it as invalid.
    """
    kind = EventKind(kind)
    status, ended = case.status, _ended(case)
    if status == CaseStatus.OPEN:
        if kind == EventKind.EXTENDED:
            return _extension_reason(case, deadline, today)
        if kind in (EventKind.EXAM_MARKS_REQUESTED, EventKind.EXAM_RESULTS_ANNOUNCED):
            return _exam_reason(kind, case)
        return None
    if kind in CLOCK_EVENT_KINDS:
        return (f"{ended}, so the deadline clock has stopped: ID, fee, clarification and "
                f"extension events can no longer be recorded. Add a note instead. {_NEW_CASE}")
    if status == CaseStatus.CLOSED:
        return f"{ended}: a closed case cannot be reopened or closed again. {_NEW_CASE}"
    if kind == EventKind.CLOSED:
        return None  # responded or withdrawn -> closed (the checklist is checked on closing)
    if kind == EventKind.RESPONDED:
        if status == CaseStatus.RESPONDED:
            return (f"{ended}: a response is recorded only once. Record the dispatch of any "
                    "further letter, or add a note.")
        return f"{ended}: no response is due to a withdrawn request."
    if status == CaseStatus.RESPONDED:  # withdrawn
        return f"{ended}: a request cannot be withdrawn after it was answered."
    return f"{ended}: it is already withdrawn."


def event_reasons(case: CaseSnapshot, *, deadline: Any = None, today: dt.date | None = None
                  ) -> dict[EventKind, str | None]:
    """:func:`why_not_event` for every event kind."""
    return {k: why_not_event(k, case, deadline=deadline, today=today) for k in EventKind}


def ground_reason(kind: DecisionKind | str, ground: DecisionGround | str) -> str | None:
    """Why ``ground`` cannot support a decision of ``kind`` on any case (None: it can)."""
    if (DecisionKind(kind) == DecisionKind.REFUSE
            and DecisionGround(ground) == DecisionGround.FURTHER_COPIES):
        return ("Further copies can justify a reasonable fee (Article 15(3)), not a refusal: "
                "to refuse, the request must be manifestly unfounded or excessive.")
    return None


def decision_reason(case: CaseSnapshot | None, kind: DecisionKind | str,
                    ground: DecisionGround | str) -> str | None:
    """Why this fee or refusal decision cannot be recorded on ``case`` now (None: it can).

    What the case's state forbids comes first; then whether the ground can support the kind
    at all (the only check without a case).
    """
    return (_state_decision_reason(case, kind, ground) if case is not None else None) or (
        ground_reason(kind, ground))


def _state_decision_reason(case: CaseSnapshot, kind: DecisionKind | str,
                           ground: DecisionGround | str) -> str | None:
    status, ended = case.status, _ended(case)
    if status == CaseStatus.OPEN:
        return None
    if status == CaseStatus.RESPONDED:
        if DecisionKind(kind) == DecisionKind.FEE and (
                DecisionGround(ground) == DecisionGround.FURTHER_COPIES):
            return None
        return (f"{ended}: the only decision still possible is a fee for further copies "
                "(ground: further copies). A refusal or a fee for the request had to be "
                "decided before the response.")
    if status == CaseStatus.WITHDRAWN:
        return f"{ended}: no fee or refusal can be decided on a withdrawn request."
    return f"{ended}: a fee or refusal can no longer be decided. {_NEW_CASE}"


def _disclosure_reason(case: CaseSnapshot, what: str) -> str | None:
    status, ended = case.status, _ended(case)
    if status == CaseStatus.OPEN:
        return None
    if status == CaseStatus.WITHDRAWN:
        return f"{ended}: nothing will be disclosed, so {what}."
    return (f"{ended}: the record must show what was disclosed and withheld in it, so "
            f"{what}. Add a note to record anything learned since.")


def why_not(action: Action | str, case: CaseSnapshot, *, deadline: Any = None,
            today: dt.date | None = None) -> str | None:
    """Why ``action`` cannot be done to ``case`` now, in plain words (None: it can).

    Only the state of the case is judged here; who may do it is
    :func:`sar_desk.core.roles.allows`. Recording an event is possible while any event kind
    is (see :func:`why_not_event` for each kind); a decision while any decision is (see
    :func:`decision_reason`).
    """
    action = Action(action)
    if action == Action.RECORD_EVENT:
        reasons = event_reasons(case, deadline=deadline, today=today)
        if any(r is None for r in reasons.values()):
            return None
        return reasons[EventKind.RESPONDED]
    if action == Action.RECORD_DECISION:
        return decision_reason(case, DecisionKind.FEE, DecisionGround.FURTHER_COPIES)
    if action == Action.APPLY_EXEMPTION:
        return _disclosure_reason(case, "no exemption can be applied any more")
    if action == Action.SET_DOCUMENT_STATUS:
        return _disclosure_reason(case, "a document's disclosure status can no longer change")
    if action == Action.ATTACH_DOCUMENT:
        return _disclosure_reason(case, "no document can be added to the disclosure")
    # Notes, searches done, assignment, letters and their dispatch stay possible: the record
    # of what happened after the ending (a complaint, a reprint, a late search) must be kept.
    return None


def available_actions(case: CaseSnapshot, *, deadline: Any = None,
                      today: dt.date | None = None) -> dict[Action, str | None]:
    """:func:`why_not` for each of :data:`CASE_STATE_ACTIONS` (None where possible now)."""
    return {a: why_not(a, case, deadline=deadline, today=today) for a in CASE_STATE_ACTIONS}

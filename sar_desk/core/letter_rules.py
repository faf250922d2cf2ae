"""Whether a case is ready for a letter: each rule returns why not (a sentence), or None.

A rule reads the case, its deadline and the date of the letter. The letter kinds
(:mod:`sar_desk.documents.letter_kinds`) name the rule each kind must pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sar_desk.core.dates import long_date
from sar_desk.core.deadline_result import DeadlineResult
from sar_desk.core.entities import (
    CaseSnapshot,
    CaseStatus,
    DecisionGround,
    DecisionKind,
    DisclosureStatus,
    EventKind,
    RequestType,
    TimelineEvent,
)
from sar_desk.core.input_rules import fee_amount_reason

LetterRule = Callable[[CaseSnapshot, DeadlineResult, dt.date], str | None]


def _latest(case: CaseSnapshot, kind: EventKind) -> TimelineEvent | None:
    found = [e for e in case.events if e.kind == kind]
    return max(found, key=lambda e: (e.date, e.id)) if found else None


def _open(case: CaseSnapshot, asked: EventKind, answered: EventKind) -> bool:
    """Whether the latest ``asked`` event has no ``answered`` event on or after it."""
    ask, answer = _latest(case, asked), _latest(case, answered)
    return ask is not None and (answer is None or (answer.date, answer.id) < (ask.date, ask.id))


def _ended(case: CaseSnapshot) -> str | None:
    """Why no letter asking something of the requester fits any more (None: still open)."""
    if case.status == CaseStatus.WITHDRAWN:
        return f"case {case.reference} is withdrawn"
    if case.status in (CaseStatus.RESPONDED, CaseStatus.CLOSED):
        return f"case {case.reference} is {case.status.value}"
    return None


def identity_request_reason(case: CaseSnapshot, deadline: DeadlineResult, as_of: dt.date
                            ) -> str | None:
    """An identity request goes out while a request for proof of identity is open."""
    ended = _ended(case)
    if ended:
        return f"{ended}: there is nobody to ask for proof of identity"
    if not _open(case, EventKind.ID_REQUESTED, EventKind.ID_RECEIVED):
        if _latest(case, EventKind.ID_REQUESTED) is not None:
            return (f"the proof of identity asked for on case {case.reference} has already "
                    "arrived: record a new request for identity first if more is needed")
        return (f"case {case.reference} has no request for proof of identity recorded: "
                "record that identity was requested (and what to say to the requester) first")
    return None


def clarification_request_reason(case: CaseSnapshot, deadline: DeadlineResult,
                                 as_of: dt.date) -> str | None:
    """A clarification request goes out while a clarification is open (asked, not answered)."""
    ended = _ended(case)
    if ended:
        return f"{ended}: there is nothing left to clarify"
    if not _open(case, EventKind.CLARIFICATION_REQUESTED, EventKind.CLARIFICATION_RECEIVED):
        if _latest(case, EventKind.CLARIFICATION_REQUESTED) is not None:
            return (f"the clarification on case {case.reference} has already arrived: a "
                    "request for clarification would ask again for what the requester has "
                    "given; record a new clarification request first if more is needed")
        return (f"case {case.reference} has no open clarification: record that clarification "
                "was requested (and what to ask the requester) first")
    return None


def acknowledgement_reason(case: CaseSnapshot, deadline: DeadlineResult, as_of: dt.date
                           ) -> str | None:
    """An acknowledgement is wrong once the request is withdrawn."""
    if case.status == CaseStatus.WITHDRAWN:
        return (f"case {case.reference} is withdrawn: send a withdrawal confirmation instead "
                "of an acknowledgement")
    return None


def undecided_documents_reason(case: CaseSnapshot) -> str | None:
    """Every document needs a disclosure decision before a response goes out; names them."""
    waiting = [f"document {n} ({d.filename})" for n, d in case.numbered_documents
               if d.status == DisclosureStatus.UNDECIDED]
    if waiting:
        return (f"case {case.reference} has no disclosure decision for "
                f"{', '.join(waiting)}: decide whether each is provided, provided in part or "
                "withheld before writing the response")
    return None


def final_response_reason(case: CaseSnapshot, deadline: DeadlineResult, as_of: dt.date
                          ) -> str | None:
    """A final response accounts for every document, so none may be undecided."""
    if case.status == CaseStatus.WITHDRAWN:
        return f"case {case.reference} is withdrawn: there is no response to send"
    return undecided_documents_reason(case)


def fee_request_reason(case: CaseSnapshot, deadline: DeadlineResult, as_of: dt.date
                       ) -> str | None:
    """A fee request needs a fee decision with an amount that can be charged and, for an
    unfounded or excessive request, the reasons as the requester is to be told them."""
    ref = case.reference
    ended = _ended(case)
    if ended:
        return f"{ended}: a fee can no longer be asked for"
    decision = case.latest_decision(DecisionKind.FEE)
    if decision is None:
        return (f"case {ref} has no fee decision: record the decision to charge a fee "
                "(ground, reasons, amount and how it was worked out) before writing a fee "
                "request")
    if decision.amount is None:
        return f"the fee decision on case {ref} has no amount: record the amount to charge"
    reason = fee_amount_reason(decision.amount)
    if reason:
        return (f"the fee decision on case {ref} has no amount that can be charged: {reason} "
                "Record the decision again with the amount to charge.")
    if decision.ground != DecisionGround.FURTHER_COPIES and not decision.wording:
        return (f"the fee decision on case {ref} has no wording for the requester: the letter "
                "must tell them why the request is manifestly unfounded or excessive; record "
                "the decision again with that wording")
    paid = _latest(case, EventKind.FEE_RECEIVED)
    if paid is not None and decision.decided_on is not None and paid.date >= decision.decided_on:
        return f"the fee on case {ref} was received on {long_date(paid.date)}"
    return None


def profile_confirmation_reason(unconfirmed: list[str]) -> str | None:
    """A real workspace's letters wait until the organisation's identity, contact and
    payment details are confirmed in its profile."""
    if unconfirmed:
        return ("the organisation profile is not confirmed yet: an administrator must check "
                "and confirm the organisation's identity, contact and payment details before "
                f"the first letter goes out (not confirmed: {', '.join(unconfirmed)})")
    return None


def payment_details_reason(missing: list[str], unconfirmed: list[str]) -> str | None:
    """A letter asking for a fee prints the profile's bank details: all present, confirmed."""
    if missing:
        return (f"the organisation profile has no payment details for the fee letter "
                f"({', '.join(missing)}): add the payee, bank, sort code and account number")
    if unconfirmed:
        return (f"the payment details in the organisation profile are not confirmed yet "
                f"({', '.join(unconfirmed)}): an administrator must check and confirm them "
                "before a letter asks anyone to pay")
    return None


def refusal_reason(case: CaseSnapshot, deadline: DeadlineResult, as_of: dt.date) -> str | None:
    """A refusal needs a refusal decision."""
    decision = case.latest_decision(DecisionKind.REFUSE)
    if decision is None:
        return (f"case {case.reference} has no refusal decision: record the decision to "
                "refuse (ground and reasons) before writing a refusal")
    if not decision.wording:
        return (f"the refusal decision on case {case.reference} has no wording for the "
                "requester: a refusal must give its reasons; record the decision again with "
                "the reasons as the requester is to read them")
    return None


def extension_notice_reason(case: CaseSnapshot, deadline: DeadlineResult, as_of: dt.date
                            ) -> str | None:
    """An extension notice needs a valid extension and goes out while the first month runs."""
    ref = case.reference
    extended = _latest(case, EventKind.EXTENDED)
    if extended is None:
        return (f"case {ref} has no extension recorded: record the extension (with its "
                "reasons) before writing an extension notice")
    if not extended.wording:
        return (f"the extension on case {ref} has no wording for the requester: the notice "
                "must give the reasons for the delay; record the extension with the reasons "
                "as the requester is to read them")
    if not deadline.extension_valid or deadline.extended_due is None:
        return (f"the extension on case {ref} is not valid: an extension notice can only be "
                f"sent while the first month runs (until {long_date(deadline.due)}), and this "
                "one was recorded after that")
    if as_of > deadline.due:
        return (f"an extension notice for case {ref} can only be sent while the first month "
                f"runs, which ended on {long_date(deadline.due)}; today is {long_date(as_of)}")
    return None


def no_data_held_reason(case: CaseSnapshot, deadline: DeadlineResult, as_of: dt.date
                        ) -> str | None:
    """A no-data-held letter is wrong once any document is marked to be provided, and
    waits while any document is undecided."""
    undecided = undecided_documents_reason(case)
    if undecided:
        return undecided
    provided = [d for d in case.documents
                if d.status in (DisclosureStatus.DISCLOSE, DisclosureStatus.PARTLY)]
    if provided:
        return (f"case {case.reference} has {len(provided)} document(s) marked to be "
                "provided, so a no-data-held letter would be wrong: send a final response "
                "instead, or change the documents' status")
    return None


def withdrawal_confirmation_reason(case: CaseSnapshot, deadline: DeadlineResult,
                                   as_of: dt.date) -> str | None:
    """A withdrawal is confirmed only once it is recorded."""
    withdrawn = case.status == CaseStatus.WITHDRAWN or any(
        e.kind == EventKind.WITHDRAWN for e in case.events)
    if not withdrawn:
        return f"case {case.reference} is not recorded as withdrawn: record the withdrawal first"
    return None


def rights_letter_rule(right: RequestType, *, outcome: bool) -> LetterRule:
    """The rule of a right's acknowledgement (the case asks for the right) or outcome
    (and an outcome is recorded for it)."""
    kind = f"{right.value}-{'outcome' if outcome else 'acknowledgement'}"

    def reason(case: CaseSnapshot, deadline: DeadlineResult, as_of: dt.date) -> str | None:
        ref = case.reference
        if right not in case.request_types:
            return (f"case {ref} does not ask for {right.value}: add the right to the case "
                    f"before writing a {kind} letter")
        recorded = case.rights is not None and case.rights.outcome(right) is not None
        if outcome and not recorded:
            return (f"case {ref} has no outcome recorded for {right.value}: record what was "
                    "done, or the refusal and its reasons, first")
        return None

    reason.__doc__ = f"Whether case is ready for a {kind} letter."
    return reason

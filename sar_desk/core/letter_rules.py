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
    DecisionKind,
    DisclosureStatus,
    EventKind,
    RequestType,
)
from sar_desk.core.input_rules import fee_amount_reason

LetterRule = Callable[[CaseSnapshot, DeadlineResult, dt.date], str | None]


def fee_request_reason(case: CaseSnapshot, deadline: DeadlineResult, as_of: dt.date
                       ) -> str | None:
    """A fee request needs a fee decision with an amount that can be charged."""
    ref = case.reference
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
    return None


def refusal_reason(case: CaseSnapshot, deadline: DeadlineResult, as_of: dt.date) -> str | None:
    """A refusal needs a refusal decision."""
    if case.latest_decision(DecisionKind.REFUSE) is None:
        return (f"case {case.reference} has no refusal decision: record the decision to "
                "refuse (ground and reasons) before writing a refusal")
    return None


def extension_notice_reason(case: CaseSnapshot, deadline: DeadlineResult, as_of: dt.date
                            ) -> str | None:
    """An extension notice needs a valid extension and goes out while the first month runs."""
    ref = case.reference
    if not any(e.kind == EventKind.EXTENDED for e in case.events):
        return (f"case {ref} has no extension recorded: record the extension (with its "
                "reasons) before writing an extension notice")
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
    """A no-data-held letter is wrong once any document is marked to be provided."""
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

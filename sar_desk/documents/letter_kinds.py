"""The letter kinds, one record each: what the letter is, what it needs first, what it adds.

Adding a kind means adding one :class:`LetterKind` to :data:`KINDS` and its template
``sar_desk/resources/letters/<code>.j2``. Rendering, sign-off, the letter context, the
command line's list and the window's letter list all read these records, and the kinds
table in ``docs/letters.md`` is generated from them (:mod:`sar_desk.cli.kinds_table`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sar_desk.core import letter_rules as rules
from sar_desk.core.deadline_result import DeadlineResult
from sar_desk.core.entities import CaseSnapshot, DecisionKind, RequestType
from sar_desk.core.reminders import chaser_fields, chaser_reason
from sar_desk.documents.context import Sender, build_context, decision_fields
from sar_desk.documents.dates import long_date
from sar_desk.documents.errors import LetterNotAllowed, UnknownLetterKind
from sar_desk.documents.profile import Profile
from sar_desk.documents.rights_letters import RIGHT_NAMES, rights_fields

ContextHook = Callable[[CaseSnapshot], dict[str, Any]]


@dataclass(frozen=True)
class LetterKind:
    """One kind of letter.

    ``precondition`` is a core rule (:mod:`sar_desk.core.letter_rules`) saying why the case
    is not ready for the letter; ``context`` returns the fields this kind fills beyond the
    shared ones (:func:`sar_desk.documents.context.build_context`); ``needs_first`` says in
    words what the precondition asks for, for the documentation.
    """

    code: str
    title: str
    description: str
    needs_first: str = "—"
    needs_signoff: bool = False
    needs_payment_details: bool = False  # prints the profile's bank details (confirmed)
    precondition: rules.LetterRule | None = None
    context: ContextHook | None = None

    def refusal(self, case: CaseSnapshot, deadline: DeadlineResult, as_of: dt.date
                ) -> str | None:
        """Why ``case`` is not ready for this letter on ``as_of`` (None: it is)."""
        return self.precondition(case, deadline, as_of) if self.precondition else None

    def check(self, case: CaseSnapshot, deadline: DeadlineResult, as_of: dt.date) -> None:
        """Raise :class:`LetterNotAllowed` with the refusal, if there is one."""
        reason = self.refusal(case, deadline, as_of)
        if reason:
            raise LetterNotAllowed(reason)

    def context_for(self, case: CaseSnapshot, deadline: DeadlineResult, profile: Profile,
                    sender: Sender, as_of: dt.date) -> dict[str, Any]:
        """Every field a template of this kind can use."""
        context = build_context(self.code, self.title, case, deadline, profile, sender, as_of)
        if self.context is not None:
            context.update(self.context(case))
        return context


def _decision(kind: DecisionKind) -> ContextHook:
    def hook(case: CaseSnapshot) -> dict[str, Any]:
        return {"decision": decision_fields(case.latest_decision(kind))}

    return hook


def _rights(right: RequestType) -> ContextHook:
    def hook(case: CaseSnapshot) -> dict[str, Any]:
        return {"rights": rights_fields(right, case)}

    return hook


def _chaser(case: CaseSnapshot) -> dict[str, Any]:
    what, asked_on = chaser_fields(case)
    return {"chaser": {"asked": what, "asked_on": long_date(asked_on)}}


def _rights_kinds() -> list[LetterKind]:
    kinds = []
    for right, name in RIGHT_NAMES.items():
        a = "an" if name[0] in "aeiou" else "a"
        kinds += [
            LetterKind(
                f"{right.value}-acknowledgement", f"Acknowledgement of your {name} request",
                f"confirms {a} {name} request arrived and gives the due date",
                needs_first=f"the case asks for {name}",
                precondition=rules.rights_letter_rule(right, outcome=False),
                context=_rights(right)),
            LetterKind(
                f"{right.value}-outcome", f"Outcome of your {name} request",
                f"the outcome of {a} {name} request: what was done, or the refusal with the "
                "rights",
                needs_first=f"the case asks for {name} and its outcome is recorded",
                needs_signoff=True,
                precondition=rules.rights_letter_rule(right, outcome=True),
                context=_rights(right)),
        ]
    return kinds


KINDS: tuple[LetterKind, ...] = (
    LetterKind("acknowledgement", "Acknowledgement of your request",
               "confirms the request arrived and gives the due date",
               needs_first="the request not withdrawn",
               precondition=rules.acknowledgement_reason),
    LetterKind("identity-request", "Request for proof of identity",
               "asks for proof of identity before the request can proceed",
               needs_first="an open *ID requested* event (uses its wording for the requester, "
                           "else the profile's list)",
               precondition=rules.identity_request_reason),
    LetterKind("clarification-request", "Request for clarification",
               "asks the requester to clarify which information they want",
               needs_first="an open *clarification requested* event (uses its wording for the "
                           "requester)",
               precondition=rules.clarification_request_reason),
    LetterKind("chaser", "Reminder: we are waiting for your reply",
               "reminds the requester of an unanswered request for clarification or proof "
               "of identity",
               needs_first="a request for clarification or proof of identity unanswered for "
                           "14 days or more",
               precondition=chaser_reason, context=_chaser),
    LetterKind("fee-request", "Request for a fee",
               "asks for a fee (unfounded, excessive or further copies) before starting",
               needs_first="a fee decision with an amount of more than £0 in pounds and pence "
                           "(and, unless for further copies, wording for the requester); "
                           "confirmed payment details in the profile",
               needs_payment_details=True,
               precondition=rules.fee_request_reason, context=_decision(DecisionKind.FEE)),
    LetterKind("extension-notice", "Extension of the time to respond",
               "extends the deadline by up to two months, with reasons",
               needs_first="an *extended* event with wording for the requester, recorded "
                           "while the first month runs; the letter must also be dated on or "
                           "before the first due date",
               precondition=rules.extension_notice_reason),
    LetterKind("refusal", "Refusal of your request",
               "refuses a manifestly unfounded or excessive request, with the rights",
               needs_first="a refusal decision with wording for the requester",
               needs_signoff=True,
               precondition=rules.refusal_reason, context=_decision(DecisionKind.REFUSE)),
    LetterKind("final-response", "Response to your subject access request",
               "the response: Article 15 information, the schedule of documents, the "
               "bundle enclosed (its pages) and the searches made",
               needs_first="a disclosure decision for every document",
               needs_signoff=True, precondition=rules.final_response_reason),
    LetterKind("no-data-held", "Response to your subject access request",
               "tells the requester that no personal data about them is held",
               needs_first="no document marked to be provided or undecided",
               needs_signoff=True,
               precondition=rules.no_data_held_reason),
    LetterKind("withdrawal-confirmation", "Confirmation that your request is withdrawn",
               "confirms the request was withdrawn and the case closed",
               needs_first="the request recorded as withdrawn",
               precondition=rules.withdrawal_confirmation_reason),
    *_rights_kinds(),  # acknowledgement and outcome of each right beyond access
)

LETTER_KINDS: Mapping[str, LetterKind] = {k.code: k for k in KINDS}


def letter_kind(code: str) -> LetterKind:
    """The record of kind ``code``; an unknown kind is refused, naming the known ones."""
    try:
        return LETTER_KINDS[code]
    except (KeyError, TypeError):
        known = ", ".join(LETTER_KINDS)
        raise UnknownLetterKind(
            f"there is no letter kind {code!r}; the kinds are: {known}") from None


def needs_signoff(code: str) -> bool:
    """Whether a stored letter of kind ``code`` must be approved before it is issued."""
    kind = LETTER_KINDS.get(code)
    return kind is not None and kind.needs_signoff

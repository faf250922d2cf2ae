"""Sample cases for the rights letters: each right requested, its checklist done, an outcome."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sar_desk.core.entities import CaseSnapshot, RequestType
from sar_desk.core.rights import (
    ActionKind,
    ObjectionBasis,
    PortabilityExport,
    RecipientTold,
    Result,
    RightAction,
    RightOutcome,
    RightsRecord,
)

DONE = dt.date(2025, 9, 22)
TOLD = dt.date(2025, 9, 23)

# right -> the actions whose text the outcome letter must list
ACTIONS: dict[RequestType, tuple[RightAction, ...]] = {
    RequestType.RECTIFICATION: (
        RightAction(1, RequestType.RECTIFICATION, ActionKind.CORRECTED, system="Billing system",
                    detail="postal address changed from 1 Old Road to 2 New Street",
                    done_on=DONE),),
    RequestType.ERASURE: (
        RightAction(2, RequestType.ERASURE, ActionKind.ERASED, system="Newsletter list",
                    done_on=DONE),
        RightAction(3, RequestType.ERASURE, ActionKind.ERASED, system="CRM contact record",
                    done_on=DONE),
        RightAction(4, RequestType.ERASURE, ActionKind.EXCEPTION, system="Sales ledger",
                    code="legal-obligation", reason="Invoices must be kept for six years "
                    "under the Companies Act", done_on=DONE),),
    RequestType.RESTRICTION: (
        RightAction(5, RequestType.RESTRICTION, ActionKind.RESTRICTED, system="CRM",
                    detail="contact history frozen", lifts="when the accuracy check ends",
                    done_on=DONE),),
    RequestType.PORTABILITY: (
        RightAction(6, RequestType.PORTABILITY, ActionKind.EXPORTED,
                    system="portability-export-1.json and .csv",
                    detail="from account-profile.csv", done_on=DONE, export_id=1),),
    RequestType.OBJECTION: (
        RightAction(7, RequestType.OBJECTION, ActionKind.MARKETING_STOPPED,
                    system="Mailchimp newsletter audience", done_on=DONE),),
}
REFUSAL_REASONS = "You have made the same request four times in two months (Article 12(5))."


def rights_case(case: CaseSnapshot, right: RequestType, *, refused: bool = False
                ) -> CaseSnapshot:
    """``case`` asking for ``right``, its checklist complete and its outcome recorded."""
    basis = ObjectionBasis.DIRECT_MARKETING if right == RequestType.OBJECTION else None
    if refused:
        outcome = RightOutcome(right, Result.REFUSED, REFUSAL_REASONS, basis=None if basis
                               is None else ObjectionBasis.BALANCING, decided_on=DONE)
        record = RightsRecord(outcomes=(outcome,))
    else:
        recipients = ()
        if right in (RequestType.RECTIFICATION, RequestType.ERASURE, RequestType.RESTRICTION):
            recipients = (RecipientTold(right, "our legal advisers", True, TOLD, "email"),)
        exports = ()
        if right == RequestType.PORTABILITY:
            exports = (PortabilityExport(1, (1,), "d" * 64, "e" * 64, 120, 80),)
        record = RightsRecord(actions=ACTIONS[right],
                              outcomes=(RightOutcome(right, Result.COMPLIED, basis=basis,
                                                     decided_on=DONE),),
                              recipients=recipients, exports=exports)
    return replace(case, request_types=(right,), rights=record)


def case_for_rights_kind(case: CaseSnapshot, kind: str) -> CaseSnapshot:
    right = RequestType(kind.rsplit("-", 1)[0])
    return rights_case(case, right)

"""Demo data for the rights beyond access: which demo cases ask for which right, and the
checklist, outcome, recipients told and exports their scenario implies.

Used by :mod:`sar_desk.services.demo`. Its own random generator (seeded from the demo seed
and the case number) keeps the rest of the demo identical with or without it.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import cache
from typing import Any

from sar_desk.core.entities import DisclosureStatus, EventKind, RequestType
from sar_desk.core.rights import (
    ART19_RIGHTS,
    ActionKind,
    ObjectionBasis,
    RecipientTold,
    Result,
    RightAction,
    RightOutcome,
)

OTHER_RIGHTS = (RequestType.ERASURE, RequestType.RECTIFICATION, RequestType.OBJECTION,
                RequestType.RESTRICTION, RequestType.PORTABILITY)
CLOSED = ("closed_on_time", "closed_late")
TEXTS = {
    RequestType.RECTIFICATION: "My address and date of birth are wrong on my account. "
                               "Please correct them.",
    RequestType.ERASURE: "Please delete all the personal data you hold about me.",
    RequestType.RESTRICTION: "Please stop using my data while you check whether it is "
                             "accurate.",
    RequestType.PORTABILITY: "Please send me the data I gave you in a format I can take to "
                             "another provider.",
    RequestType.OBJECTION: "I object to you using my details for marketing.",
}
# (date, operation, value): plain data, so specs can go to worker processes.
Step = tuple[dt.date, str, Any]


@cache
def _recipients() -> tuple[str, ...]:
    from sar_desk.documents import load_profile

    return tuple(load_profile().get("article15.recipients", []))


def choose_rights(scenario: str, counter: int, rng: random.Random) -> tuple[RequestType, ...]:
    """The rights a demo case asks for: every second closed case, some others, in rotation."""
    if scenario in CLOSED or scenario == "refused":
        if counter % 2:
            return (RequestType.ACCESS,)
        right = OTHER_RIGHTS[(counter // 2) % len(OTHER_RIGHTS)]
    elif rng.random() < 0.25:
        right = rng.choice(OTHER_RIGHTS)
    else:
        return (RequestType.ACCESS,)
    return (RequestType.ACCESS, right) if rng.random() < 0.3 else (right,)


def _action(right: RequestType, kind: ActionKind, day: dt.date | None, **kw: Any) -> RightAction:
    return RightAction(id=0, right=right, kind=kind, done=day is not None, done_on=day, **kw)


def _actions(right: RequestType, day: dt.date | None, rng: random.Random) -> list[RightAction]:
    if right == RequestType.RECTIFICATION:
        return [_action(right, ActionKind.CORRECTED, day, system="CRM",
                        detail="postal address corrected to the one the requester gave")]
    if right == RequestType.ERASURE:
        out = [_action(right, ActionKind.ERASED, day, system=s)
               for s in rng.sample(("CRM", "Newsletter list", "Support tickets"), 2)]
        if day is not None and rng.random() < 0.5:
            out.append(_action(right, ActionKind.EXCEPTION, day, system="Sales ledger",
                               code="legal-obligation",
                               reason="Invoices are kept for six years for HMRC"))
        return out
    if right == RequestType.RESTRICTION:
        return [_action(right, ActionKind.RESTRICTED, day, system="CRM",
                        detail="account frozen: no mailings, no changes",
                        lifts="when the accuracy check is finished")]
    if right == RequestType.OBJECTION:
        return [_action(right, ActionKind.MARKETING_STOPPED, day, system="Newsletter list")]
    return []


def plan_rights(spec: Any, seed: int, n: int, state: dict[str, int]) -> list[Step]:
    """Set ``spec.request_types`` (and its text) for case ``n``; returns the steps to write.

    ``state`` is one dict shared by every case of a demo (it counts the closed cases).
    """
    rng = random.Random(seed * 1_000_003 + n)
    counter = state.get("closed", 0)
    if spec.scenario in CLOSED or spec.scenario == "refused":
        state["closed"] = counter + 1
    types = choose_rights(spec.scenario, counter, rng)
    spec.request_types = types
    others = [t for t in types if t != RequestType.ACCESS]
    if not others:
        return []
    right = others[0]
    spec.request_text = TEXTS[right]
    responded = next((d for k, d, _n in spec.events if k == EventKind.RESPONDED), None)
    steps: list[Step] = []
    if spec.scenario == "refused" and responded:
        basis = ObjectionBasis.BALANCING if right == RequestType.OBJECTION else None
        steps.append((responded, "outcome", RightOutcome(
            right, Result.REFUSED, "Fifth request for the same change in two months: "
            "manifestly excessive", basis, responded)))
        return steps
    if spec.scenario == "withdrawn":
        return steps
    done = responded if spec.scenario in CLOSED else None
    for action in _actions(right, done, rng):
        steps.append((done or spec.logged, "action", action))
    if done is None:
        return steps
    if right == RequestType.PORTABILITY:
        data = "field,value\nname,{}\nemail,{}\nnewsletter,yes\n".format(
            spec.requester.name.replace(",", " "), spec.requester.email).encode("utf-8")
        steps.append((done, "export", (done, data)))
    basis = ObjectionBasis.DIRECT_MARKETING if right == RequestType.OBJECTION else None
    steps.append((done, "outcome", RightOutcome(right, Result.COMPLIED, "", basis, done)))
    if right in ART19_RIGHTS:
        for name in _recipients():
            steps.append((done, "recipient", RecipientTold(right, name, True, done, "email")))
    return steps


def apply_step(session: Any, actor: str, at: str, operation: str, value: Any) -> None:
    """Write one step planned by :func:`plan_rights` (inside the demo's transaction)."""
    from sar_desk.services.rights import store_export
    from sar_desk.store import case_records as records
    from sar_desk.store import rights_schema

    if operation == "action":
        rights_schema.add_action(session, value, actor, at)
    elif operation == "outcome":
        rights_schema.set_outcome(session, value, actor, at)
    elif operation == "recipient":
        rights_schema.add_recipient(session, value, actor, at)
    else:
        day, data = value
        doc = records.add_document(session, "account-details-provided.csv", data,
                                   DisclosureStatus.DISCLOSE, "", actor, at)
        store_export(session, records.read_snapshot(session), (doc.id,), actor, day, at)

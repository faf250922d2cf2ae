"""The values a letter template can use, built from a case, its deadline, the profile and sender.

Everything here is pure: a :class:`~sar_desk.core.entities.CaseSnapshot` and a
:class:`~sar_desk.core.deadline_result.DeadlineResult` in, a dict of plain text, lists and dicts
out. :data:`FIELDS` declares that structure; templates are checked against it. The fields
that depend on the kind of letter (the decision, the right) are added by the kind's context
hook (:mod:`sar_desk.documents.letter_kinds`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sar_desk.core.entities import (
    CaseSnapshot,
    Decision,
    DisclosureStatus,
    EventKind,
    TimelineEvent,
)
from sar_desk.documents.dates import long_date
from sar_desk.documents.profile import Profile
from sar_desk.documents.rights_letters import RIGHTS_FIELDS, empty_rights

if TYPE_CHECKING:
    from sar_desk.core.deadline_result import DeadlineResult


@dataclass(frozen=True)
class Sender:
    """Who signs the letter: a name and a role (from the user's settings)."""

    name: str
    role: str


TEXT = "text"
FLAG = "flag"
# The fields templates may use: TEXT/FLAG leaves, dicts of fields, one-element lists for lists.
FIELDS: dict[str, Any] = {
    "letter": {"kind": TEXT, "title": TEXT, "date": TEXT},
    "case": {
        "reference": TEXT, "received": TEXT, "channel": TEXT, "request_text": TEXT,
        "on_behalf": FLAG, "request_types": [TEXT],
    },
    "requester": {"name": TEXT, "address_lines": [TEXT], "email": TEXT},
    "subject": {"name": TEXT},
    "dates": {
        "received": TEXT, "relevant": TEXT, "due": TEXT, "extended_due": TEXT,
        "effective_due": TEXT, "extension_notice_by": TEXT, "paused_days": TEXT,
    },
    "decision": {
        "made": FLAG, "ground": TEXT, "ground_text": TEXT, "reasons": TEXT, "amount": TEXT,
        "working": TEXT, "decided_on": TEXT,
    },
    "extension": {"reasons": TEXT, "notified_on": TEXT},
    "identity": {"note": TEXT, "accepted": [TEXT]},
    "clarification": {"question": TEXT},
    "withdrawal": {"date": TEXT, "note": TEXT},
    "documents": [{"name": TEXT, "status": TEXT, "status_text": TEXT}],
    "exemptions": [{"code": TEXT, "title": TEXT}],
    "organisation": {
        "name": TEXT, "address_lines": [TEXT], "company_number": TEXT, "registered_in": TEXT,
        "phone": TEXT, "email": TEXT, "website": TEXT,
    },
    "privacy_contact": {"name": TEXT, "email": TEXT, "phone": TEXT, "address_lines": [TEXT]},
    "regulator": {
        "name": TEXT, "short_name": TEXT, "address_lines": [TEXT], "helpline": TEXT,
        "website": TEXT,
    },
    "article15": {
        "categories": [TEXT], "purposes": [TEXT], "lawful_bases": [TEXT],
        "recipients": [TEXT], "sources": [TEXT], "transfers": TEXT, "safeguards": TEXT,
        "retention": [TEXT], "automated_decisions": TEXT,
    },
    "fees": {"payment": TEXT},
    "sender": {"name": TEXT, "role": TEXT},
    "rights": RIGHTS_FIELDS,  # the rights beyond access (see documents.rights_letters)
}

GROUND_TEXT = {
    "unfounded": "the request is manifestly unfounded",
    "excessive": "the request is manifestly excessive",
    "further_copies": "you have asked for further copies of information we have already provided",
}

STATUS_TEXT = {
    DisclosureStatus.DISCLOSE: "Provided in full",
    DisclosureStatus.PARTLY: "Provided with some information removed",
}


def money(amount: Decimal | None) -> str:
    """Pounds with two decimals: £25.00."""
    if amount is None:
        return ""
    return f"£{Decimal(amount):,.2f}"


def _latest(case: CaseSnapshot, kind: EventKind) -> TimelineEvent | None:
    found = [e for e in case.events if e.kind == kind]
    return max(found, key=lambda e: e.date) if found else None


def _legal_reference(text: str) -> str:
    """"DPA 2018 Sch 2 para 16" -> "Data Protection Act 2018, Schedule 2, paragraph 16"."""
    words = {"DPA": "Data Protection Act", "Sch": "Schedule", "Pt": "Part",
             "paras": "paragraphs", "para": "paragraph"}
    out = " ".join(words.get(w, w) for w in text.split())
    out = out.replace("2018 Schedule", "2018, Schedule").replace(" Part", ", Part")
    return out.replace(" paragraph", ", paragraph").replace("-", "–")


def exemption_title(code: str) -> str:
    """A neutral description of an exemption: which rule, never what it was applied to."""
    from sar_desk.core.exemptions import get_exemption
    from sar_desk.errors import InputError

    try:
        entry = get_exemption(code)
    except InputError:
        return code
    return f"{entry.title} ({_legal_reference(entry.reference)})"


def decision_fields(decision: Decision | None) -> dict[str, Any]:
    """The ``decision`` field of a letter: a fee or refusal decision, or none made."""
    return {
        "made": decision is not None,
        "ground": str(decision.ground) if decision else "",
        "ground_text": GROUND_TEXT.get(str(decision.ground), "") if decision else "",
        "reasons": decision.reasons if decision else "",
        "amount": money(decision.amount) if decision else "",
        "working": decision.working if decision else "",
        "decided_on": long_date(decision.decided_on) if decision else "",
    }


def build_context(
    kind: str,
    title: str,
    case: CaseSnapshot,
    deadline: DeadlineResult,
    profile: Profile,
    sender: Sender,
    as_of: dt.date,
) -> dict[str, Any]:
    """Every field of :data:`FIELDS`, filled from the inputs (missing facts become "").

    The decision and the rights are left empty: a kind's context hook fills them.
    """
    p = profile.get
    extended = _latest(case, EventKind.EXTENDED)
    id_asked = _latest(case, EventKind.ID_REQUESTED)
    clarify = _latest(case, EventKind.CLARIFICATION_REQUESTED)
    withdrawn = _latest(case, EventKind.WITHDRAWN)
    shown = (DisclosureStatus.DISCLOSE, DisclosureStatus.PARTLY)
    codes: list[str] = []
    for ex in case.exemptions:
        if ex.code not in codes:
            codes.append(ex.code)
    return {
        "letter": {"kind": kind, "title": title, "date": long_date(as_of)},
        "case": {
            "reference": case.reference,
            "received": long_date(case.received),
            "channel": str(case.channel),
            "request_text": case.request_text,
            "on_behalf": case.subject is not None,
            "request_types": [str(t) for t in case.request_types],
        },
        "requester": {
            "name": case.requester.name,
            "address_lines": case.requester.address_lines,
            "email": case.requester.email,
        },
        "subject": {"name": case.data_subject.name},
        "dates": {
            "received": long_date(deadline.received),
            "relevant": long_date(deadline.relevant_date),
            "due": long_date(deadline.due),
            "extended_due": long_date(deadline.extended_due),
            "effective_due": long_date(deadline.effective_due),
            "extension_notice_by": long_date(deadline.extension_notice_by),
            "paused_days": str(deadline.paused_days),
        },
        "decision": decision_fields(None),
        "extension": {
            "reasons": extended.note if extended else "",
            "notified_on": long_date(extended.date) if extended else "",
        },
        "identity": {"note": id_asked.note if id_asked else "", "accepted": p("identity.accepted")},
        "clarification": {"question": clarify.note if clarify else ""},
        "withdrawal": {
            "date": long_date(withdrawn.date) if withdrawn else "",
            "note": withdrawn.note if withdrawn else "",
        },
        "documents": [
            {"name": d.filename, "status": str(d.status), "status_text": STATUS_TEXT[d.status]}
            for d in case.documents
            if d.status in shown
        ],
        "exemptions": [{"code": code, "title": exemption_title(code)} for code in codes],
        "organisation": {
            "name": p("organisation.name"),
            "address_lines": p("organisation.address"),
            "company_number": p("organisation.company_number"),
            "registered_in": p("organisation.registered_in", ""),
            "phone": p("organisation.phone"),
            "email": p("organisation.email"),
            "website": p("organisation.website"),
        },
        "privacy_contact": {
            "name": p("privacy_contact.name"),
            "email": p("privacy_contact.email"),
            "phone": p("privacy_contact.phone", "") or p("organisation.phone"),
            "address_lines": p("privacy_contact.address", []) or [
                p("organisation.name"), *p("organisation.address")],
        },
        "regulator": {
            "name": p("regulator.name"),
            "short_name": p("regulator.short_name", "") or p("regulator.name"),
            "address_lines": p("regulator.address"),
            "helpline": p("regulator.helpline"),
            "website": p("regulator.website"),
        },
        "article15": {key: p(f"article15.{key}") for key in FIELDS["article15"]},
        "fees": {"payment": p("fees.payment")},
        "sender": {"name": sender.name, "role": sender.role},
        "rights": empty_rights(),
    }

"""The values a letter template can use, built from a case, its deadline, the profile and sender.

Internal and outgoing text are kept apart: a record's internal note (an event's note, an
exemption's reasoning and scope, a decision's reasons and factors, a document's note) is
for colleagues. The context reads records only through :func:`outgoing`, whose allow-list
(:data:`OUTGOING`) names the fields a requester may read, so no template can reach a note.

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
    AppliedExemption,
    BundleInfo,
    CaseSnapshot,
    Decision,
    DecisionGround,
    DecisionKind,
    DisclosureStatus,
    DocumentInfo,
    EventKind,
    SearchLogEntry,
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
        "working": TEXT, "decided_on": TEXT, "article": TEXT, "covers": TEXT,
    },
    "extension": {"reasons": TEXT, "notified_on": TEXT},
    "identity": {"wording": TEXT, "accepted": [TEXT]},
    "clarification": {"question": TEXT},
    "chaser": {"asked": TEXT, "asked_on": TEXT},  # the chaser kind's (empty elsewhere)
    "withdrawal": {"date": TEXT},
    "documents": [{"number": TEXT, "name": TEXT, "status": TEXT, "status_text": TEXT,
                   "citation": TEXT, "explanation": TEXT, "attachment_of": TEXT,
                   "copies": TEXT}],
    "withheld": [{"number": TEXT, "name": TEXT, "status": TEXT, "status_text": TEXT,
                  "citation": TEXT, "explanation": TEXT, "attachment_of": TEXT,
                  "copies": TEXT}],
    "exemptions": [{"code": TEXT, "title": TEXT, "citation": TEXT, "explanation": TEXT}],
    "other_exemptions": [{"code": TEXT, "title": TEXT, "citation": TEXT, "explanation": TEXT}],
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
    "fees": {
        "charged": FLAG, "amount": TEXT, "statement": TEXT, "payment": TEXT, "payee": TEXT,
        "bank": TEXT, "sort_code": TEXT, "account_number": TEXT, "reference": TEXT,
    },
    "sender": {"name": TEXT, "role": TEXT},
    # the disclosure bundle built last (services.bundle) and the searches made (search log)
    "bundle": {"built": FLAG, "pages": TEXT, "documents": TEXT},
    "searches": [{"system": TEXT, "people": TEXT, "terms": TEXT, "date": TEXT}],
    "rights": RIGHTS_FIELDS,  # the rights beyond access (see documents.rights_letters)
}

GROUND_TEXT = {
    "unfounded": "the request is manifestly unfounded",
    "excessive": "the request is manifestly excessive",
    "further_copies": "you have asked for further copies of information we have already provided",
}

STATUS_TEXT = {
    DisclosureStatus.DISCLOSE: "Provided",
    DisclosureStatus.PARTLY: "Provided in part",
    DisclosureStatus.WITHHOLD: "Withheld",
    DisclosureStatus.UNDECIDED: "Not decided",
}
WITHHELD = (DisclosureStatus.PARTLY, DisclosureStatus.WITHHOLD)  # cite an exemption
# The provision that allows a fee, and what the fee pays for, by ground.
FEE_ARTICLE = {
    DecisionGround.UNFOUNDED: "Article 12(5)(a) of the UK GDPR",
    DecisionGround.EXCESSIVE: "Article 12(5)(a) of the UK GDPR",
    DecisionGround.FURTHER_COPIES: "Article 15(3) of the UK GDPR",
}
FEE_COVERS = {
    DecisionGround.UNFOUNDED: "our administrative costs of dealing with the request: finding, "
                              "retrieving and reviewing the information, and copying and "
                              "sending it to you",
    DecisionGround.EXCESSIVE: "our administrative costs of dealing with the request: finding, "
                              "retrieving and reviewing the information, and copying and "
                              "sending it to you",
    DecisionGround.FURTHER_COPIES: "our administrative costs of making and sending the further "
                                   "copies you have asked for, and nothing else",
}

# What a letter may read of each kind of record. Internal notes are deliberately absent.
OUTGOING: dict[type, frozenset[str]] = {
    TimelineEvent: frozenset({"kind", "date", "wording"}),
    AppliedExemption: frozenset({"code", "wording"}),
    Decision: frozenset({"kind", "ground", "amount", "working", "decided_on", "wording"}),
    DocumentInfo: frozenset({"id", "filename", "status", "exemption_code", "wording",
                             "parent_id", "duplicate_of"}),
    SearchLogEntry: frozenset({"system", "terms", "people", "searched_on"}),
    BundleInfo: frozenset({"pages", "items"}),
}


def outgoing(record: object, name: str) -> Any:
    """Field ``name`` of ``record`` if a requester may read it; KeyError for internal ones."""
    if name not in OUTGOING.get(type(record), frozenset()):
        raise KeyError(f"{type(record).__name__}.{name} is internal and never goes in a letter")
    return getattr(record, name)


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


def exemption_citation(code: str) -> str:
    """The exemption by name and provision: "legal professional privilege, DPA 2018 Sch. 2
    para 19"."""
    from sar_desk.core.exemptions import get_exemption
    from sar_desk.errors import InputError

    try:
        entry = get_exemption(code)
    except InputError:
        return code
    title = entry.title
    if len(title) > 1 and not title[1].isupper():
        title = title[0].lower() + title[1:]
    reference = " ".join("Sch." if w == "Sch" else w for w in entry.reference.split())
    return f"{title}, {reference}"


def exemption_explanation(code: str) -> str:
    """The catalogue's plain words for what an exemption covers (the default explanation)."""
    from sar_desk.core.exemptions import get_exemption
    from sar_desk.errors import InputError

    try:
        return get_exemption(code).summary
    except InputError:
        return ""


def decision_fields(decision: Decision | None) -> dict[str, Any]:
    """The ``decision`` field of a letter: a fee or refusal decision, or none made.

    ``reasons`` is the decision's wording for the requester, never its internal reasons.
    """
    if decision is None:
        return {"made": False, "ground": "", "ground_text": "", "reasons": "", "amount": "",
                "working": "", "decided_on": "", "article": "", "covers": ""}
    ground = DecisionGround(outgoing(decision, "ground"))
    return {
        "made": True,
        "ground": str(ground),
        "ground_text": GROUND_TEXT.get(str(ground), ""),
        "reasons": outgoing(decision, "wording"),
        "amount": money(outgoing(decision, "amount")),
        "working": outgoing(decision, "working"),
        "decided_on": long_date(outgoing(decision, "decided_on")),
        "article": FEE_ARTICLE[ground],
        "covers": FEE_COVERS[ground],
    }


def fee_statement(decision: Decision | None) -> str:
    """One sentence on the fee for every letter: none, or the fee decided and its provision."""
    if decision is None or not outgoing(decision, "amount"):
        return "There is no charge for this request."
    ground = DecisionGround(outgoing(decision, "ground"))
    return (f"We have decided to charge a fee of {money(outgoing(decision, 'amount'))} "
            f"({FEE_ARTICLE[ground]}); we will explain the fee and how to pay it in a "
            "separate letter, unless we have already done so.")


def _wording(event: TimelineEvent | None) -> str:
    return outgoing(event, "wording") if event is not None else ""


def document_rows(case: CaseSnapshot) -> list[dict[str, str]]:
    """Every document of the case, numbered as the case and the bundle's schedule number it,
    with how it is provided and, for a document withheld in whole or part, the exemption and
    why in plain words. A duplicate is not listed again: its original names it (``copies``);
    an e-mail's attachment names its message (``attachment_of``)."""
    wording_of = {}
    for ex in case.exemptions:
        if outgoing(ex, "wording"):
            wording_of.setdefault(outgoing(ex, "code"), outgoing(ex, "wording"))
    numbered = case.numbered_documents
    number_of = {outgoing(doc, "id"): n for n, doc in numbered}
    copies: dict[int, list[int]] = {}
    for number, doc in numbered:
        original = number_of.get(outgoing(doc, "duplicate_of"))
        if original is not None:
            copies.setdefault(original, []).append(number)
    rows = []
    for number, doc in numbered:
        if number_of.get(outgoing(doc, "duplicate_of")) is not None:
            continue  # listed once, as the item it duplicates
        status = DisclosureStatus(outgoing(doc, "status"))
        code = outgoing(doc, "exemption_code") if status in WITHHELD else ""
        explanation = ""
        if code:
            explanation = (outgoing(doc, "wording") or wording_of.get(code)
                           or exemption_explanation(code))
        parent = number_of.get(outgoing(doc, "parent_id"))
        rows.append({
            "number": str(number), "name": outgoing(doc, "filename"), "status": str(status),
            "status_text": STATUS_TEXT[status],
            "citation": exemption_citation(code) if code else "",
            "explanation": explanation,
            "attachment_of": str(parent) if parent is not None else "",
            "copies": ", ".join(str(c) for c in copies.get(number, [])),
        })
    return rows


def bundle_fields(case: CaseSnapshot) -> dict[str, Any]:
    """The latest bundle's size (the letter refers to it), or none built."""
    found = case.bundle
    if found is None:
        return {"built": False, "pages": "", "documents": ""}
    return {"built": True, "pages": str(outgoing(found, "pages")),
            "documents": str(outgoing(found, "items"))}


def search_rows(case: CaseSnapshot) -> list[dict[str, str]]:
    """The searches made, oldest first: where, for whom, for what, when."""
    return [{"system": outgoing(s, "system"), "people": outgoing(s, "people"),
             "terms": outgoing(s, "terms"),
             "date": long_date(outgoing(s, "searched_on")) if outgoing(s, "searched_on")
             else ""}
            for s in sorted(case.search_log, key=lambda s: s.searched_on or dt.date.min)]


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
    fee = case.latest_decision(DecisionKind.FEE)
    codes: list[str] = []
    for ex in case.exemptions:
        if outgoing(ex, "code") not in codes:
            codes.append(outgoing(ex, "code"))
    documents = document_rows(case)
    cited = {d["citation"] for d in documents}
    wording_of = {outgoing(ex, "code"): outgoing(ex, "wording") for ex in case.exemptions
                  if outgoing(ex, "wording")}
    exemptions = [{"code": code, "title": exemption_title(code),
                   "citation": exemption_citation(code),
                   "explanation": wording_of.get(code) or exemption_explanation(code)}
                  for code in codes]
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
            "reasons": _wording(extended),
            "notified_on": long_date(outgoing(extended, "date")) if extended else "",
        },
        "identity": {"wording": _wording(id_asked), "accepted": p("identity.accepted")},
        "clarification": {"question": _wording(clarify)},
        "chaser": {"asked": "", "asked_on": ""},
        "withdrawal": {"date": long_date(outgoing(withdrawn, "date")) if withdrawn else ""},
        "documents": documents,
        "withheld": [d for d in documents if d["citation"]],
        "exemptions": exemptions,
        "other_exemptions": [x for x in exemptions if x["citation"] not in cited],
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
        "fees": {
            "charged": bool(fee is not None and outgoing(fee, "amount")),
            "amount": money(outgoing(fee, "amount")) if fee is not None else "",
            "statement": fee_statement(fee),
            "payment": p("fees.payment", ""),
            "payee": p("fees.payee", ""),
            "bank": p("fees.bank", ""),
            "sort_code": p("fees.sort_code", ""),
            "account_number": p("fees.account_number", ""),
            "reference": case.reference,
        },
        "sender": {"name": sender.name, "role": sender.role},
        "bundle": bundle_fields(case),
        "searches": search_rows(case),
        "rights": empty_rights(),
    }

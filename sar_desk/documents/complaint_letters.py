"""Complaint letters: acknowledgement, progress update and outcome, on the letters' model.

The same path as a case's letters: a context of plain values, a Jinja2 template in
``resources/letters`` (autoescaped, strict, the organisation's copy first), the line
markup, the one document model and the PDF and DOCX renderers. Pure: no store. The context
is built from the wording meant for the complainant only; a complaint's internal notes
are never part of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jinja2

from sar_desk.core.complaint_clock import ComplaintClock
from sar_desk.core.complaints import OUTCOME_WORDS, Complaint, outcome_letter_reason
from sar_desk.documents.context import Sender
from sar_desk.documents.dates import long_date
from sar_desk.documents.errors import LetterNotAllowed, TemplateFieldError, UnknownLetterKind
from sar_desk.documents.letterhead import letterhead
from sar_desk.documents.markup import parse_markup
from sar_desk.documents.model import AddressBlock, Document, Heading, SignatureBlock
from sar_desk.documents.profile import Profile
from sar_desk.documents.render import render_document
from sar_desk.documents.templates import environment, named_template_source


@dataclass(frozen=True)
class ComplaintLetterKind:
    """One kind of complaint letter: its template ``<code>.j2`` and what it needs first."""

    name: str  # what the CLI and the window call it
    code: str
    title: str
    description: str
    precondition: Callable[[Complaint], str | None] | None = None
    states_rights: bool = False  # tells the complainant of the ICO and the courts
    needs_first: str = "a logged complaint"  # the precondition in words, for the docs


KINDS: dict[str, ComplaintLetterKind] = {k.name: k for k in (
    ComplaintLetterKind("acknowledgement", "complaint-acknowledgement",
                        "Complaint acknowledgement",
                        "Confirms the complaint arrived and how it will be handled (due "
                        "within 30 days of receipt)."),
    ComplaintLetterKind("update", "complaint-update", "Complaint progress update",
                        "Keeps the complainant informed while the complaint is open."),
    ComplaintLetterKind("outcome", "complaint-outcome", "Complaint outcome",
                        "Answers every issue raised, with any remedy, and states the right "
                        "to complain to the ICO and to go to court.",
                        precondition=outcome_letter_reason, states_rights=True,
                        needs_first="an outcome recorded for every issue"),
)}


def complaint_letter_kind(name: str) -> ComplaintLetterKind:
    kind = KINDS.get((name or "").strip().lower())
    if kind is None:
        raise UnknownLetterKind(f"unknown complaint letter {name!r}: choose one of "
                                f"{', '.join(KINDS)}")
    return kind


def complaint_context(kind: ComplaintLetterKind, complaint: Complaint, clock: ComplaintClock,
                      profile: Profile, sender: Sender, as_of: dt.date) -> dict[str, Any]:
    """Every value a complaint template can use (never the internal notes)."""
    p = profile.get
    who = complaint.complainant
    return {
        "letter": {"kind": kind.name, "title": kind.title, "date": long_date(as_of)},
        "complaint": {
            "reference": complaint.reference, "received": long_date(complaint.received),
            "channel": complaint.channel.value, "case_reference": complaint.case_ref,
            "ack_due": long_date(clock.ack_due), "target": long_date(clock.target),
            "next_update": long_date(clock.next_update) if clock.next_update else "",
            "open": complaint.is_open,
        },
        "complainant": {"name": who.name, "address_lines": who.address_lines,
                        "email": who.email},
        "issues": [{"number": i.number, "text": i.text, "enquiries": i.enquiries,
                    "outcome": i.outcome.value if i.outcome else "",
                    "outcome_text": OUTCOME_WORDS[i.outcome] if i.outcome else "",
                    "reason": i.reason, "remedy": i.remedy} for i in complaint.issues],
        "organisation": {"name": p("organisation.name"),
                         "address_lines": p("organisation.address", [])},
        "privacy_contact": {
            "name": p("privacy_contact.name"), "email": p("privacy_contact.email"),
            "phone": p("privacy_contact.phone", "") or p("organisation.phone", "")},
        "regulator": {
            "name": p("regulator.name"),
            "short_name": p("regulator.short_name", "") or p("regulator.name"),
            "address_lines": p("regulator.address", []), "helpline": p("regulator.helpline"),
            "website": p("regulator.website")},
        "sender": {"name": sender.name, "role": sender.role},
    }


def _render(code: str, context: dict[str, Any], profile: Profile) -> str:
    from jinja2 import meta

    source, filename = named_template_source(code, profile.templates_dir)
    env = environment(profile.templates_dir)
    try:
        unknown = meta.find_undeclared_variables(env.parse(source)) - set(context)
        if unknown:
            raise TemplateFieldError(f"letter template {filename} uses the unknown field "
                                     f"'{sorted(unknown)[0]}'")
        return env.get_template(f"{code}.j2").render(context)
    except jinja2.TemplateError as exc:
        raise TemplateFieldError(f"letter template {filename} failed: {exc}") from None


def build_complaint_document(name: str, complaint: Complaint, clock: ComplaintClock, *,
                             profile: Profile, sender: Sender, as_of: dt.date) -> Document:
    """The document model of one complaint letter (refused when it cannot be sent yet)."""
    kind = complaint_letter_kind(name)
    reason = kind.precondition(complaint) if kind.precondition else None
    if reason:
        raise LetterNotAllowed(reason)
    context = complaint_context(kind, complaint, clock, profile, sender, as_of)
    body = parse_markup(_render(kind.code, context, profile))
    subject = next((b.text for b in body if isinstance(b, Heading) and b.level == 1),
                   kind.title)
    who = complaint.complainant
    lines = who.address_lines or ([who.email] if who.email else [])
    details = [("Date", long_date(as_of)), ("Our reference", complaint.reference),
               ("Your complaint of", long_date(complaint.received))]
    org = profile.get("organisation.name")
    return Document(
        title=subject, reference=complaint.reference, letterhead=letterhead(profile),
        recipient=AddressBlock((who.name, *lines)), details=tuple(details), body=body,
        signature=SignatureBlock("Yours sincerely,", sender.name, sender.role, org),
        author=org, keywords=(kind.code, complaint.reference), dated=as_of)


def render_complaint_letter(name: str, complaint: Complaint, clock: ComplaintClock, *,
                            fmt: str, profile: Profile, sender: Sender, as_of: dt.date
                            ) -> bytes:
    """One complaint letter as PDF or DOCX bytes."""
    document = build_complaint_document(name, complaint, clock, profile=profile,
                                        sender=sender, as_of=as_of)
    return render_document(document, fmt)

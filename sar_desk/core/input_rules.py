"""The rules a person's input must meet, each a pure function returning why it is refused.

A reason is a sentence for a person; ``None`` means the input is fine. The services enforce
these rules (raising the reason as an error); the dialogs ask the same functions for the
message shown next to a field, and the letters ask them too, so a rule is worded once.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from sar_desk.core.dates import long_date
from sar_desk.core.entities import DisclosureStatus, EventKind
from sar_desk.core.text import single_line_reason, text_reason

__all__ = [
    "EARLIEST_DATE",
    "EMAIL_RE",
    "MAX_RECORD_ID",
    "MIN_PASSPHRASE",
    "NOTE_REQUIRED",
    "REQUIRED_TEXT",
    "decision_reasons_reason",
    "email_reason",
    "event_date_label",
    "event_note_reason",
    "exemption_choice_reason",
    "exemption_reasoning_reason",
    "extension_date_reason",
    "fee_amount_reason",
    "fee_text_reason",
    "future_date_reason",
    "handover_passphrase_reason",
    "name_reason",
    "parse_money",
    "passphrase_reason",
    "record_id_reason",
    "request_types_reason",
    "required_text_reason",
]

EMAIL_RE = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]{2,}$")
PENNY = Decimal("0.01")
MAX_FEE = Decimal(1_000_000)
# The events the law wants a reason for, and what to ask when it is missing.
NOTE_REQUIRED: dict[EventKind, str] = {
    EventKind.EXTENDED: "Give the reasons for the extension.",
    EventKind.CLARIFICATION_REQUESTED: "Say what needs clarifying.",
}
WITHHELD = (DisclosureStatus.WITHHOLD, DisclosureStatus.PARTLY)
# The earliest day a request, event or decision may be dated: older is a typing slip, and
# the deadline arithmetic (twelve months back for repeats) needs room before it.
EARLIEST_DATE = dt.date(1900, 1, 1)
# Letters, events, documents and checklist lines are numbered by SQLite's 64-bit integers.
MAX_RECORD_ID = 2**63 - 1


def _day(day: dt.date) -> str:
    return f"{day:%d %b %Y}"


def future_date_reason(day: dt.date, today: dt.date, what: str) -> str | None:
    """Why ``day`` (the ``what``: "received date", "decision date"...) cannot be used: it is
    after ``today`` (things are recorded once they have happened) or before
    :data:`EARLIEST_DATE`."""
    if day < EARLIEST_DATE:
        return (f"The {what} ({day.isoformat()}) is before {EARLIEST_DATE.year}: check the "
                "year.")
    if day <= today:
        return None
    return (f"The {what} ({long_date(day)}) is after today ({long_date(today)}): dates "
            "cannot be in the future.")


def event_date_label(kind: EventKind | str) -> str:
    """'date of the id received event': how :func:`future_date_reason` names an event's date."""
    return f"date of the {EventKind(kind).value.replace('_', ' ')} event"


def event_date_reason(kind: EventKind | str, day: dt.date, today: dt.date) -> str | None:
    """Why an event cannot be recorded on ``day``: it has not happened yet. The exam results
    announcement day is the exception: it is often known, and recorded, ahead."""
    if EventKind(kind) == EventKind.EXAM_RESULTS_ANNOUNCED:
        return None
    return future_date_reason(day, today, event_date_label(kind))


def exam_results_reason(received: dt.date, results: dt.date | None) -> str | None:
    """Why a new request cannot be logged as one for exam marks asked before the results: the
    results were announced on or before it arrived (DPA 2018 Sch. 2 para 25)."""
    if results is None or results > received:
        return None
    return (f"The results were announced on {long_date(results)}, on or before the request "
            "arrived: the ordinary one month applies, so leave exam marks unticked.")


def email_reason(text: str) -> str | None:
    """Why an e-mail address cannot be right (None when it looks fine or is left empty)."""
    text = (text or "").strip()
    if not text:
        return None
    if "@" not in text:
        return "An email address needs an @, like name@example.org."
    if not EMAIL_RE.match(text):
        return f"'{text}' does not look like an email address (name@example.org)."
    return None


# A DL envelope's window holds seven lines of the letter's address block: the name, then
# at most six lines of address (documents.pdf_renderer draws the window).
MAX_ADDRESS_LINES = 6


def address_lines(address: str) -> list[str]:
    """The lines of an address as typed: one per line, blank lines dropped."""
    return [line.strip() for line in address.splitlines() if line.strip()]


def address_reason(address: str, who: str = "requester") -> str | None:
    """An address prints one line per line in the envelope window: at most six lines."""
    lines = address_lines(address)
    if len(lines) > MAX_ADDRESS_LINES:
        return (f"The {who}'s address has {len(lines)} lines, but the envelope window holds "
                f"the name and at most {MAX_ADDRESS_LINES} lines of address: join some lines "
                "(for example the town and the county).")
    return None


def name_reason(name: str, who: str) -> str | None:
    """Why the name of ``who`` ("requester", "data subject") is missing or cannot be printed
    on one line (None: it is fine)."""
    if not (name or "").strip():
        return f"Enter the {who}'s name."
    return single_line_reason(name, f"{who}'s name")


def record_id_reason(number: int, what: str) -> str | None:
    """Why ``number`` cannot be the number of a ``what`` ("letter", "checklist line"): the
    records are numbered from 1 and no number is past :data:`MAX_RECORD_ID`."""
    if 1 <= number <= MAX_RECORD_ID:
        return None
    return f"There is no {what} number {number}: numbers run from 1."


def request_types_reason(request_types: tuple[object, ...] | list[object]) -> str | None:
    """A request asks for at least one right."""
    return None if request_types else "Tick at least one right the person is asking to use."


def parse_money(text: str) -> Decimal | None:
    """'£1,250.00' -> Decimal('1250.00'); None when the text is not a finite number."""
    text = (text or "").strip().lstrip("£").replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def fee_amount_reason(amount: Decimal | None) -> str | None:
    """Why a fee of ``amount`` cannot be charged: none given, £0 or less, or part of a penny."""
    if amount is None:
        return "Enter the fee: a reasonable, cost-based amount."
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return f"'{amount}' is not an amount of money."
    if not value.is_finite():
        return f"'{amount}' is not an amount of money."
    if value > MAX_FEE:
        return f"A fee of more than £{MAX_FEE:,} cannot be a reasonable, cost-based fee."
    if value <= 0 or value != value.quantize(PENNY):
        return "The fee must be more than £0 and in pounds and pence."
    return None


def fee_text_reason(text: str) -> str | None:
    """:func:`fee_amount_reason` for a fee as typed ('£25.00', '25')."""
    text = (text or "").strip()
    if not text:
        return fee_amount_reason(None)
    value = parse_money(text)
    if value is None:
        return f"'{text}' is not an amount of money."
    return fee_amount_reason(value)


def decision_reasons_reason(reasons: str) -> str | None:
    """Every fee or refusal decision needs its reasons."""
    if (reasons or "").strip():
        return None
    return ("Give the reasons for the decision: a fee or refusal needs reasons and evidence, "
            "never a blanket policy.")


def event_note_reason(kind: EventKind | str, note: str) -> str | None:
    """An extension needs its reasons, a clarification request what must be clarified."""
    if (note or "").strip():
        return None
    return NOTE_REQUIRED.get(EventKind(kind))


def extension_date_reason(day: dt.date, notice_by: dt.date | None) -> str | None:
    """An extension must be notified by the end of the first month (``notice_by``)."""
    if notice_by is None or day <= notice_by:
        return None
    return f"Too late: an extension must be notified by {_day(notice_by)}."


# What to ask for when a required piece of text is left empty, by field.
REQUIRED_TEXT: dict[str, str] = {
    "note": "Write the note first.",
    "search_system": "Name the system searched.",
    "search_terms": "Give the terms searched for.",
    "dispatch_method": "Say how it was sent.",
    "assignee": "Enter who will work the case.",
}


def required_text_reason(field: str, text: str) -> str | None:
    """Why ``text`` for ``field`` (a key of :data:`REQUIRED_TEXT`) is missing or is not text
    that can be stored (None: given)."""
    if not (text or "").strip():
        return REQUIRED_TEXT[field]
    return text_reason(text, field.replace("_", " "))


MIN_PASSPHRASE = 8


def passphrase_reason(passphrase: str) -> str | None:
    """Why a new passphrase cannot be used: empty or shorter than :data:`MIN_PASSPHRASE`."""
    if not passphrase:
        return (f"The passphrase is empty: choose a passphrase of at least {MIN_PASSPHRASE} "
                "characters.")
    if len(passphrase) < MIN_PASSPHRASE:
        return f"The passphrase is too short: use at least {MIN_PASSPHRASE} characters."
    return None


MIN_HANDOVER_PASSPHRASE = 12
MIN_DISTINCT = 5  # different characters in a hand-over passphrase ("aaaaaaaaaaaa" is not one)


def handover_passphrase_reason(passphrase: str) -> str | None:
    """Why a passphrase cannot protect a hand-over copy: the copy leaves the workspace and is
    protected by nothing else, so it needs at least :data:`MIN_HANDOVER_PASSPHRASE` characters
    of which at least :data:`MIN_DISTINCT` differ."""
    if len(passphrase or "") < MIN_HANDOVER_PASSPHRASE:
        return (f"The passphrase for the hand-over copy is too short: use at least "
                f"{MIN_HANDOVER_PASSPHRASE} characters (a few words make a good one).")
    if len(set(passphrase)) < MIN_DISTINCT:
        return (f"The passphrase for the hand-over copy repeats too few characters: use at "
                f"least {MIN_DISTINCT} different ones (a few words make a good one).")
    return None


def exemption_reasoning_reason(reasoning: str) -> str | None:
    """Each use of an exemption needs a recorded reason."""
    if (reasoning or "").strip():
        return None
    return "Record why the exemption applies: it is needed for every use."


def exemption_choice_reason(status: DisclosureStatus | str, exemption_code: str) -> str | None:
    """Withholding all or part of a document names an exemption; disclosing names none."""
    withheld = DisclosureStatus(status) in WITHHELD
    if withheld and not exemption_code:
        return "Name the exemption that allows withholding this."
    if not withheld and exemption_code:
        return "An exemption only applies when something is withheld."
    return None

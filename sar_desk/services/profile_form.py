"""The organisation profile as form fields, and form values written back into its TOML.

The form is built from the profile's own structure (each table a section, each key a field:
text, a list of text, or a whole number) plus any field the letters need that the file
lacks. Values are written back with ``tomlkit``, so the file keeps its comments, order and
layout; a field whose value did not change is not touched at all. Comments marked
``CONFIRM`` (on the key's line, or in the comment lines just above it) flag the field as
one the organisation still has to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import Array, Comment, Table

from sar_desk.errors import InputError

Value = str | list[str] | int

# Section titles, in the order the form shows them (other tables follow in file order).
SECTIONS: dict[str, str] = {
    "organisation": "Organisation",
    "privacy_contact": "Privacy contact (who handles requests)",
    "regulator": "Regulator",
    "article15": "Article 15 facts (what the final letter tells the person)",
    "identity": "Identity checks",
    "fees": "Fees",
    "signatory": "Signatory (when no sender is given)",
    "retention": "Retention of closed cases",
    "backups": "Backup archives",
    "letters": "Letters",
}

# Plain-English labels; a list field's label says it takes one item per line.
LABELS: dict[str, str] = {
    "organisation.name": "Organisation name",
    "organisation.address": "Postal address — each address line on its own line",
    "organisation.company_number": "Company number",
    "organisation.registered_in": "Registered in",
    "organisation.phone": "Telephone",
    "organisation.email": "Email address",
    "organisation.website": "Website",
    "privacy_contact.name": "Who handles requests (name or title)",
    "privacy_contact.email": "Email address for requests",
    "privacy_contact.phone": "Telephone for requests",
    "privacy_contact.address": "Postal address for requests — each address line on its own line",
    "regulator.name": "Regulator's name",
    "regulator.short_name": "Short name",
    "regulator.address": "Regulator's address — each address line on its own line",
    "regulator.helpline": "Helpline",
    "regulator.website": "Website",
    "article15.categories": "Categories of personal data we hold — one per line",
    "article15.purposes": "Why we use it — one purpose per line",
    "article15.lawful_bases": "Our lawful bases — one per line",
    "article15.recipients": "Who receives it — one recipient per line",
    "article15.sources": "Where it comes from — one source per line",
    "article15.transfers": "Transfers outside the UK",
    "article15.safeguards": "Safeguards for those transfers",
    "article15.retention": "How long we keep it — one statement per line",
    "article15.automated_decisions": "Automated decision-making",
    "identity.accepted": "Identity documents we accept — one per line",
    "fees.payee": "Fees are paid to (account name)",
    "fees.bank": "Bank",
    "fees.sort_code": "Sort code",
    "fees.account_number": "Account number",
    "fees.payment": "Other ways to pay a fee",
    "signatory.name": "Signed by (name)",
    "signatory.role": "Signatory's role",
    "retention.closed_case_years": "Years a closed case is kept before it is destroyed",
    "backups.keep_days": "Days a backup archive is kept before it is deleted",
    "letters.templates": "Folder of the organisation's own letter templates",
}
# Kinds of the fields the letters and retention read, for fields the file does not hold.
KINDS: dict[str, str] = {"retention.closed_case_years": "int", "backups.keep_days": "int"}
# Text fields holding sentences (a wrapping box; line breaks typed there become spaces).
PARAGRAPHS = frozenset({"article15.transfers", "article15.safeguards",
                        "article15.automated_decisions", "fees.payment"})
CONFIRM_HINT = "Check this (not confirmed yet):"


@dataclass(frozen=True)
class FormField:
    """One field of the form: ``kind`` is "str", "list" or "int"; ``confirm`` is its flag."""

    dotted: str
    label: str
    kind: str
    required: bool
    note: str = ""  # the comment above the key (or after it), in plain words
    confirm: bool = False  # the comment says CONFIRM: the organisation must check it

    @property
    def paragraph(self) -> bool:
        """Text letters print as a sentence or more: edited in a wrapping box, not one line."""
        return self.kind == "str" and self.dotted in PARAGRAPHS


@dataclass(frozen=True)
class FormSection:
    key: str
    title: str
    note: str
    confirm: bool
    fields: tuple[FormField, ...]


class ProfileFieldError(InputError):
    """A form value the profile refuses; ``dotted`` names the field, the message its label."""

    def __init__(self, dotted: str, message: str) -> None:
        super().__init__(message)
        self.dotted = dotted


def parse(text: str) -> tomlkit.TOMLDocument:
    """Parse profile TOML with comments kept; InputError saying where it does not parse, or
    which value is past the size limits (checked first, with the letters' own reader)."""
    from sar_desk.documents.profile import check_sizes, parse_profile_toml

    check_sizes(parse_profile_toml(text, "(being edited)"), "(being edited)")
    try:
        return tomlkit.parse(text)
    except TOMLKitError as exc:
        raise InputError(f"the profile text is not valid TOML: {exc}") from None


def _known_kinds() -> dict[str, tuple[str, bool]]:
    from sar_desk.documents.profile import OPTIONAL_FIELDS, REQUIRED_FIELDS

    kinds = {d: (k, True) for d, k in REQUIRED_FIELDS}
    kinds.update({d: (k, False) for d, k in OPTIONAL_FIELDS})
    kinds.update({d: (k, False) for d, k in KINDS.items()})
    return kinds


def _comment_text(lines: list[str]) -> str:
    words = " ".join(line.lstrip("#").strip() for line in lines if line.lstrip("#").strip())
    words = re.sub(r"\bCONFIRM:\s*", "", words)
    words = re.sub(r"\bCONFIRM\b", "Confirm", words)
    return words[:1].upper() + words[1:]


def _kind_of(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return "int"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list) and all(isinstance(i, str) for i in value):
        return "list"
    return None  # nested tables, numbers with fractions...: the Advanced tab only


def form_sections(text: str) -> list[FormSection]:
    """The form's sections and fields for this profile text (InputError if it does not parse)."""
    doc = parse(text)
    kinds = _known_kinds()
    order = list(SECTIONS) + [k for k in doc if k not in SECTIONS]
    sections = []
    for key in order:
        table = doc.get(key)
        wanted = [d for d in kinds if d.startswith(f"{key}.")]
        if not isinstance(table, Table) and not any(kinds[d][1] for d in wanted):
            continue  # optional section the file does not have (e.g. letters)
        fields: list[FormField] = []
        seen: set[str] = set()
        section_note: list[str] = []
        pending: list[str] = []
        body = table.value.body if isinstance(table, Table) else []
        n_keys = sum(1 for k, _ in body if k is not None)
        for item_key, item in body:
            if isinstance(item, Comment):
                pending.append(item.as_string().strip())
                continue
            if item_key is None:  # a blank line: the comment above it is not the key's
                pending = []
                continue
            lines, pending = pending, []
            if not fields and not seen and n_keys > 1 and lines:
                section_note, lines = lines, []  # the comment opening the table
            seen.add(f"{key}.{item_key.key}")
            dotted = f"{key}.{item_key.key}"
            known = kinds.get(dotted)
            kind = known[0] if known else _kind_of(item.unwrap())
            if kind is None:
                continue  # nested tables and the like: the Advanced tab only
            if item.trivia.comment:
                lines.append(item.trivia.comment)
            fields.append(FormField(dotted, LABELS.get(dotted, _humane(item_key.key)), kind,
                                    bool(known and known[1]), _comment_text(lines),
                                    "CONFIRM" in "".join(lines)))
        for dotted in wanted:  # fields letters need that the file lacks: shown empty
            if dotted not in seen and (kinds[dotted][1] or dotted in LABELS):
                fields.append(FormField(dotted, LABELS.get(dotted, dotted), kinds[dotted][0],
                                        kinds[dotted][1]))
        if fields:
            sections.append(FormSection(
                key, SECTIONS.get(key, _humane(key)), _comment_text(section_note),
                "CONFIRM" in "".join(section_note), tuple(fields)))
    return sections


def _humane(key: str) -> str:
    return key.replace("_", " ").capitalize()


def form_values(text: str) -> dict[str, Value]:
    """Each form field's current value (empty for a field the file lacks)."""
    doc = parse(text)
    values: dict[str, Value] = {}
    for section in form_sections(text):
        table = doc.get(section.key)
        for field in section.fields:
            name = field.dotted.split(".", 1)[1]
            raw = table.get(name) if isinstance(table, Table) else None
            raw = raw.unwrap() if hasattr(raw, "unwrap") else raw
            values[field.dotted] = _as_kind(raw, field.kind)
    return values


def _as_kind(raw: Any, kind: str) -> Value:
    if kind == "list":
        if raw is None:
            return []
        return [str(i) for i in raw] if isinstance(raw, list) else [str(raw)]
    if kind == "int":
        return raw if isinstance(raw, int) and not isinstance(raw, bool) else 0
    return "" if raw is None else str(raw)


def apply_values(text: str, values: dict[str, Value]) -> str:
    """``text`` with each changed value written in; comments, order and untouched fields stay.

    List items are trimmed and blank ones dropped; an empty value for a field the file does
    not hold is not added. Nothing is validated here (see :func:`save_form`).
    """
    doc = parse(text)
    for dotted, value in values.items():
        section, name = dotted.split(".", 1)
        value = _tidy(value)
        table = doc.get(section)
        current = table.get(name) if isinstance(table, Table) else None
        if current is None and value in ("", []):
            continue
        if current is not None and _same(current.unwrap(), value, dotted in PARAGRAPHS):
            continue  # unchanged: leave its bytes alone
        if table is None:
            table = tomlkit.table()
            doc[section] = table
        if isinstance(value, list):
            array = tomlkit.array()
            array.extend(value)
            was_multiline = isinstance(current, Array) and "\n" in current.as_string()
            array.multiline(was_multiline or sum(len(i) for i in value) > 80)
            table[name] = array
        else:
            table[name] = value
    return tomlkit.dumps(doc)


def _same(stored: Any, value: Any, paragraph: bool) -> bool:
    """Whether the form left ``stored`` as it was: give or take spaces at the ends, and for a
    paragraph (which the form shows wrapped and gives back on one line) its line breaks."""
    stored = _tidy(stored)
    if paragraph and isinstance(stored, str) and isinstance(value, str):
        return stored.split() == value.split()
    return stored == value


def _tidy(value: Any) -> Any:
    if isinstance(value, list):
        return [" ".join(i.split()) if isinstance(i, str) else i for i in value
                if not isinstance(i, str) or i.strip()]
    return value.strip() if isinstance(value, str) else value


def check_form(text: str, values: dict[str, Value]) -> str:
    """The profile text with ``values`` written in, validated by the letters' own loader.

    Raises :class:`ProfileFieldError` naming the field by its form label when one is refused.
    """
    from sar_desk.services.settings import validate_profile_text

    new_text = apply_values(text, values)
    try:
        validate_profile_text(new_text)
    except InputError as exc:
        message = str(exc)
        found = re.search(r"'([a-z0-9_]+\.[a-z0-9_]+)'", message)
        if not found:
            raise
        dotted = found.group(1)
        if "is missing the field" in message:
            reason = "must be filled in: letters need it"
        else:
            reason = message.split(f"'{dotted}'", 1)[1].strip(" ,:")
        label = LABELS.get(dotted, dotted).split(" — ")[0]
        raise ProfileFieldError(dotted, f"{label} ({dotted}): {reason}") from None
    return new_text


def unconfirmed_fields(text: str) -> list[str]:
    """Every field still flagged CONFIRM (by its own comment or its table's), in form order."""
    out: list[str] = []
    for section in form_sections(text):
        out += [f.dotted for f in section.fields if f.confirm or section.confirm]
    return out


def completeness_text(text: str) -> str:
    """What "Check profile" says of valid profile text: complete, or every field still not
    confirmed, by its label."""
    labels = {f.dotted: f.label.split(" — ")[0] for s in form_sections(text) for f in s.fields}
    waiting = unconfirmed_fields(text)
    if not waiting:
        return "The profile is complete and every field is confirmed."
    listed = "; ".join(f"{labels.get(d, d)} ({d})" for d in waiting)
    return (f"Every field letters need is filled in, but {len(waiting)} "
            f"{'field is' if len(waiting) == 1 else 'fields are'} not confirmed yet: {listed}.")

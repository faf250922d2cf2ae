"""The rules for importing a register kept in a spreadsheet: which column is which field,
how its dates are read, and what is wrong with each row. Pure functions, no file reading
(that is :mod:`sar_desk.services.register_import`).

Rows are named by their number as the spreadsheet shows it. Dates are read from real
dates (a spreadsheet's date cells) or from text in the formats of :data:`DATE_FORMATS`.
A date such as 03/04/2026 reads both ways; it is accepted only when its column says which
order it uses (another row's 25/04/2026 is day-first), or, for a column with no such row,
when the sheet's other date columns agree on one order (:func:`date_order`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sar_desk.core.calendars import EU_ALIASES, EU_EEA_COUNTRIES, JURISDICTIONS, UK_CALENDARS
from sar_desk.core.input_rules import email_reason, future_date_reason, name_reason
from sar_desk.core.names import normalise_name
from sar_desk.core.references import normal_reference

# The fields a column can fill, in the order they are listed to a person.
FIELDS: tuple[str, ...] = ("reference", "requester", "email", "address", "received",
                           "responded", "closed", "jurisdiction", "assignee", "request")
IGNORE = "ignore"  # the "field" of a column left out
REQUIRED: tuple[str, ...] = ("requester", "received")
DATE_FIELDS: tuple[str, ...] = ("received", "responded", "closed")
FIELD_LABELS: dict[str, str] = {
    "reference": "Reference", "requester": "Requester", "email": "Email",
    "address": "Address", "received": "Received", "responded": "Responded",
    "closed": "Closed", "jurisdiction": "Jurisdiction", "assignee": "Assignee",
    "request": "Request text",
}
# Header texts (compared by :func:`header_key`) that name each field.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "reference": ("reference", "ref", "ref no", "reference number", "case ref",
                  "case reference", "sar ref", "sar reference", "our ref", "case number"),
    "requester": ("requester", "requestor", "requester name", "name", "full name",
                  "applicant", "data subject", "requested by", "person"),
    "email": ("email", "e mail", "email address", "e mail address", "requester email"),
    "address": ("address", "postal address", "requester address"),
    "received": ("received", "date received", "received date", "received on",
                 "request received", "date of request", "request date", "date"),
    "responded": ("responded", "date responded", "responded on", "response date",
                  "response sent", "date of response", "replied"),
    "closed": ("closed", "date closed", "closed date", "closed on", "closure date"),
    "jurisdiction": ("jurisdiction", "region", "calendar", "country"),
    "assignee": ("assignee", "assigned to", "handler", "handled by", "owner", "officer",
                 "case officer"),
    "request": ("request", "request text", "details", "description", "summary", "notes"),
}
# Dates as people type them. Each numeric format with day and month both as numbers is
# listed once per order; the others read one way only.
DAY_FIRST = "day-first"
MONTH_FIRST = "month-first"
_NUMERIC = ("{a}/{b}/%Y", "{a}/{b}/%y", "{a}.{b}.%Y", "{a}.{b}.%y", "{a}-{b}-%Y")
DATE_FORMATS: dict[str, tuple[str, ...]] = {
    DAY_FIRST: tuple(f.format(a="%d", b="%m") for f in _NUMERIC),
    MONTH_FIRST: tuple(f.format(a="%m", b="%d") for f in _NUMERIC),
    "": ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%d %B %Y", "%d %b %Y", "%d-%b-%Y", "%d-%b-%y",
         "%B %d %Y", "%b %d %Y", "%d %B, %Y", "%B %d, %Y", "%b %d, %Y", "%A %d %B %Y"),
}
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.IGNORECASE)


def header_key(text: object) -> str:
    """A header as compared: lower case, words only ('E-mail address:' -> 'e mail address')."""
    return " ".join(re.sub(r"[^\w]+", " ", str(text or "").casefold()).split())


_BY_HEADER = {header_key(s): f for f, names in SYNONYMS.items() for s in names}


def field_named(text: str) -> str | None:
    """The field ``text`` names (a field's name, label or synonym, or 'ignore'), or None."""
    key = header_key(text)
    if key in (IGNORE, "skip", "none"):
        return IGNORE
    if key.replace(" ", "") in FIELDS:
        return key.replace(" ", "")
    return _BY_HEADER.get(key)


def header_row(rows: Sequence[Sequence[object]], mapped: Iterable[str] = (),
               look: int = 30) -> int | None:
    """The index of the header row: the first of the first ``look`` rows with two cells or
    more that name a field (or that ``mapped``, header texts mapped by hand, name). A title
    row above it, blank rows, or a merged heading are passed over. None: there is none."""
    known = {header_key(m) for m in mapped}
    for index, row in enumerate(rows[:look]):
        hits = [c for c in row if header_key(c) and (header_key(c) in known
                                                      or field_named(str(c)) not in (None,
                                                                                     IGNORE))]
        if len(hits) >= 2:
            return index
    return None


def auto_mapping(headers: Sequence[object], chosen: Mapping[str, str] = ()) -> dict[int, str]:
    """Column index -> field: ``chosen`` (header text -> field, by hand) first, then every
    header that names a field not yet taken. Columns naming nothing are left out."""
    chosen_keys = {header_key(h): f for h, f in dict(chosen).items()}
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = header_key(header)
        if key and key in chosen_keys:
            mapping[index] = chosen_keys[key]
    taken = set(mapping.values())
    for index, header in enumerate(headers):
        if index in mapping or not header_key(header):
            continue
        found = field_named(str(header))
        if found and found != IGNORE and found not in taken:
            mapping[index] = found
            taken.add(found)
    return {i: f for i, f in mapping.items() if f != IGNORE}


def choice_problems(headers: Sequence[object], chosen: Mapping[str, str]) -> list[str]:
    """What is wrong with columns mapped by hand (header text -> field text): a column the
    sheet does not have, or a field that does not exist."""
    keys = {header_key(h) for h in headers}
    problems = []
    for header, name in dict(chosen).items():
        if header_key(header) not in keys:
            problems.append(f"The sheet has no column headed '{header}'.")
        if field_named(name) is None:
            problems.append(f"'{name}' is not a field: use one of {', '.join(FIELDS)} "
                            f"(or {IGNORE}).")
    return problems


def mapping_problems(mapping: Mapping[int, str], headers: Sequence[object] = ()) -> list[str]:
    """Why the columns cannot be imported as mapped: a field needed on every case has no
    column, or two columns fill one field."""
    def name(i: int) -> str:
        return f"'{headers[i]}'" if i < len(headers) and headers[i] else f"column {i + 1}"

    problems = []
    for needed in REQUIRED:
        if needed not in mapping.values():
            problems.append(f"No column holds the {FIELD_LABELS[needed]} field.")
    for f in FIELDS:
        columns = [i for i, g in sorted(mapping.items()) if g == f]
        if len(columns) > 1:
            problems.append(f"{' and '.join(name(i) for i in columns)} both hold the "
                            f"{FIELD_LABELS[f]} field: choose one.")
    return problems


# --- dates ----------------------------------------------------------------------------


def _clean(text: str) -> str:
    text = " ".join(str(text).replace(",", ", ").split())
    text = _TIME.sub("", text)
    return _ORDINAL.sub("", text).replace(" ,", ",")


def date_readings(text: str) -> dict[str, dt.date]:
    """The dates ``text`` can be, by order: {'': d} for a date that reads one way only
    (2026-04-03, 3 April 2026), {'day-first': d1, 'month-first': d2} when the day and
    month are both numbers, one key when only one order makes a real date. {} if none."""
    text = _clean(text)
    found: dict[str, dt.date] = {}
    for order, formats in DATE_FORMATS.items():
        for fmt in formats:
            try:
                found[order] = dt.datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
    if found.get(DAY_FIRST) is not None and found.get(DAY_FIRST) == found.get(MONTH_FIRST):
        return {"": found[DAY_FIRST]}
    return found


def date_order(texts: Iterable[str], fallback: str = "") -> str:
    """The order (:data:`DAY_FIRST` or :data:`MONTH_FIRST`) a column's text dates use:
    the one its unambiguous numeric dates show (25/04/2026 is day-first), else
    ``fallback``. "" when the column shows both or neither (and there is no fallback)."""
    seen = set()
    for text in texts:
        readings = date_readings(text)
        if "" not in readings and len(readings) == 1:
            seen.add(next(iter(readings)))
    if len(seen) == 1:
        return seen.pop()
    return "" if seen else fallback


def sheet_order(orders: Iterable[str]) -> str:
    """The order every date column that shows one agrees on ("" when none or they differ)."""
    shown = {o for o in orders if o}
    return shown.pop() if len(shown) == 1 else ""


def read_date(value: object, order: str, label: str) -> tuple[dt.date | None, str | None]:
    """(the date, None) for a cell of the column ``label``; (None, why not) when it is not a
    real date, or reads two ways and ``order`` does not settle it; (None, None) if blank."""
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    text = " ".join(str(value or "").split())
    if not text:
        return None, None
    readings = date_readings(text)
    if "" in readings:
        return readings[""], None
    if len(readings) == 2:
        if order in readings:
            return readings[order], None
        first, second = readings[DAY_FIRST], readings[MONTH_FIRST]
        return None, (f"{label} '{text}' is ambiguous: it could be {first:%d %B %Y} "
                      f"(day first) or {second:%d %B %Y} (month first), and the column has "
                      "no date that settles it. Write it as YYYY-MM-DD.")
    if len(readings) == 1:
        return next(iter(readings.values())), None
    return None, f"{label} '{text}' is not a real date."


# --- jurisdictions --------------------------------------------------------------------

_PLACE_NAMES = {
    **{where.casefold(): code for code, (_c, _k, where) in UK_CALENDARS.items()},
    "england": "uk-ew", "wales": "uk-ew", "uk": "uk-ew", "united kingdom": "uk-ew",
    "eu": "eu", "european union": "eu",
    **{name.casefold(): f"eu-{code.lower()}" for code, name in EU_EEA_COUNTRIES.items()},
}


def jurisdiction_code(text: str) -> str | None:
    """The calendar code for ``text`` (a code such as uk-sct or eu-de, or a place such as
    'Scotland', 'UK: Scotland' or 'Germany'); 'uk-ew' when blank; None when unknown."""
    key = " ".join(str(text or "").split()).casefold()
    if not key:
        return "uk-ew"
    code = EU_ALIASES.get(key.replace("_", "-"), key.replace("_", "-"))
    if code in JURISDICTIONS:
        return code
    key = key.removeprefix("uk:").strip()
    return _PLACE_NAMES.get(key)


# --- rows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    """One row of the register as read: its number in the spreadsheet, the text of each
    field, the dates read, and what was wrong with reading them."""

    line: int
    text: Mapping[str, str]
    dates: Mapping[str, dt.date | None] = field(default_factory=dict)
    date_problems: tuple[str, ...] = ()

    def get(self, name: str) -> str:
        return self.text.get(name, "")


def row_problems(row: RegisterRow, today: dt.date) -> list[str]:
    """Every reason ``row`` cannot become a case, in the order of the fields."""
    problems = list(row.date_problems)
    reason = name_reason(row.get("requester"), "requester")
    if reason:
        problems.append(reason if row.get("requester") else "The requester's name is missing.")
    reason = email_reason(row.get("email"))
    if reason:
        problems.append(reason)
    ref = row.get("reference")
    if ref and normal_reference(ref) is None:
        problems.append(f"The reference '{ref}' is not a case reference (SAR-YYYY-NNNN).")
    received = row.dates.get("received")
    if received is None and not any(p.startswith("Received ") for p in row.date_problems):
        problems.append("The received date is missing.")
    for name in DATE_FIELDS:
        day = row.dates.get(name)
        if day is not None:
            reason = future_date_reason(day, today, f"{name} date")
            if reason:
                problems.append(reason)
    responded, closed = row.dates.get("responded"), row.dates.get("closed")
    for name, day in (("responded", responded), ("closed", closed)):
        if received is not None and day is not None and day < received:
            problems.append(f"The {name} date ({day:%d %b %Y}) is before the received date "
                            f"({received:%d %b %Y}).")
    if responded is not None and closed is not None and closed < responded:
        problems.append(f"The closed date ({closed:%d %b %Y}) is before the responded date "
                        f"({responded:%d %b %Y}).")
    if jurisdiction_code(row.get("jurisdiction")) is None:
        problems.append(f"The jurisdiction '{row.get('jurisdiction')}' is unknown: use uk-ew, "
                        "uk-sct, uk-ni, eu or eu-XX, or a place such as Scotland or Germany.")
    return problems


def identity(row: RegisterRow) -> tuple[str, ...]:
    """What makes two rows the same request: the reference when given, else the requester's
    name (normalised) and the received date."""
    ref = normal_reference(row.get("reference")) if row.get("reference") else None
    if ref:
        return ("reference", ref)
    received = row.dates.get("received")
    return ("person", normalise_name(row.get("requester")),
            received.isoformat() if received else "")


def repeated_rows(rows: Sequence[RegisterRow]) -> dict[int, str]:
    """Row number -> why it repeats an earlier row of the same sheet (same reference, or
    same requester and received date)."""
    first: dict[tuple[str, ...], int] = {}
    repeats: dict[int, str] = {}
    for row in rows:
        key = identity(row)
        if key[0] == "person" and (not key[1] or not key[2]):
            continue
        if key in first:
            what = "reference" if key[0] == "reference" else "requester and received date"
            repeats[row.line] = f"It repeats row {first[key]} (the same {what})."
        else:
            first[key] = row.line
    return repeats

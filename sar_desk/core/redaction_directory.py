"""A staff directory as CSV: read its names (and details) for redaction, pure."""

from __future__ import annotations

import csv
import io

from sar_desk.errors import InputError

DETAIL_COLUMNS = ("email", "role", "department")


def directory_people(data: bytes) -> list[tuple[str, str]]:
    """(name, detail) for each row of a CSV staff directory. It needs a ``name`` column (or
    ``first name`` and ``last name``); ``email``, ``role`` and ``department`` become the
    detail."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("The staff directory is not UTF-8 text (save it as CSV UTF-8).",
                         code="redaction.directory") from None
    reader = csv.DictReader(io.StringIO(text))
    fields = {(f or "").strip().casefold(): f for f in reader.fieldnames or []}
    first, last = fields.get("first name"), fields.get("last name")
    if "name" not in fields and not (first and last):
        raise InputError("The staff directory has no 'name' column (or 'first name' and "
                         "'last name').", code="redaction.directory")
    people = []
    for row in reader:
        name = (row.get(fields["name"]) if "name" in fields
                else f"{row.get(first) or ''} {row.get(last) or ''}") or ""
        name = " ".join(name.split())
        if not name:
            continue
        detail = ", ".join((row.get(fields[c]) or "").strip() for c in DETAIL_COLUMNS
                           if c in fields and (row.get(fields[c]) or "").strip())
        people.append((name, detail))
    return people

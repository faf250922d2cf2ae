"""A converted file and everything inside it, ready to store, and storing it in an open
case-file transaction: the original, its rendition, its children (an e-mail's attachments
and attached messages, each starting with its parent's decision), which earlier item it
duplicates (same sha256, or for an e-mail the same normalised headers and body) and its
e-mail keys and thread. Converting happens before the case file is opened."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from sar_desk.core.entities import DisclosureStatus
from sar_desk.documents.conversion import convert
from sar_desk.documents.rendition_result import Conversion, OfficeSettings
from sar_desk.services.office_setup import office_settings
from sar_desk.store import case_records as records
from sar_desk.store.rendition_records import first_with, store_rendition

MAX_DEPTH = 8  # attached messages followed this deep
MAX_ITEMS = 2000  # items one file may bring (an e-mail and everything inside it)


@dataclass
class Prepared:
    """A file converted, with its children, ready to be stored."""

    filename: str
    data: bytes
    conversion: Conversion
    children: list[Prepared] = field(default_factory=list)

    def count(self) -> int:
        return 1 + sum(c.count() for c in self.children)


def prepare(filename: str, data: bytes, office: OfficeSettings | None = None,
            *, _depth: int = 0, _budget: list[int] | None = None) -> Prepared:
    """Convert ``data`` and, for an e-mail, its attachments in turn (pure work, no case
    file open); attached messages are followed :data:`MAX_DEPTH` deep."""
    budget = _budget if _budget is not None else [MAX_ITEMS]
    budget[0] -= 1
    conversion = convert(filename, data, office)
    item = Prepared(filename, data, conversion)
    for child in conversion.children:
        if _depth + 1 > MAX_DEPTH or budget[0] <= 0:
            conversion = _with_note(conversion, f"{child.filename} and what follows it were "
                                    "not taken out: the message nests or holds too much")
            item.conversion = conversion
            break
        item.children.append(prepare(child.filename, child.data, office,
                                     _depth=_depth + 1, _budget=budget))
    return item


def _with_note(conversion: Conversion, note: str) -> Conversion:
    joined = f"{conversion.note}; {note}" if conversion.note else note
    return replace(conversion, note=joined)


def note_of(conversion: Conversion) -> str:
    return "; ".join(filter(None, (conversion.note, *conversion.problems)))


def store_prepared(session: Session, item: Prepared, status: DisclosureStatus, code: str,
                   who: str, parent_id: int | None = None) -> list[int]:
    """Store ``item`` and its children (each starting with its parent's decision) in the
    open case-file transaction; returns the new documents' ids, parent first."""
    conversion = item.conversion
    digest = hashlib.sha256(item.data).hexdigest()
    mail = conversion.mail
    duplicate = first_with(session, sha256=digest)
    if duplicate is None and mail is not None:
        duplicate = first_with(session, email_key=mail.email_key, body_hash=mail.body_hash)
    facts: dict = {"parent_id": parent_id, "duplicate_of": duplicate}
    if mail is not None:
        facts.update(email_key=mail.email_key, body_hash=mail.body_hash,
                     thread_key=mail.thread_key,
                     dated=mail.dated.isoformat() if mail.dated else "")
    info = records.add_document_stream(session, item.filename, io.BytesIO(item.data), status,
                                       code, who, facts=facts)
    store_rendition(session, info.id, conversion.state, note_of(conversion), conversion.pdf,
                    conversion.pages, who)
    ids = [info.id]
    for child in item.children:
        ids += store_prepared(session, child, status, code, who, parent_id=info.id)
    return ids


def source_items(filename: str, message: bytes | None) -> Prepared | None:
    """The e-mail a case is started from, converted with its attachments (None: none)."""
    if not message:
        return None
    return prepare(filename or "request.eml", message, office_settings())

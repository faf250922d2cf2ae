"""How two e-mails are found to be the same message, and which thread one belongs to.

Two copies of a message (one from each mailbox searched) match when their normalised
headers (Message-ID, date, sender, subject) and the hash of their normalised body agree.
A thread is named by the first message it started from: the first entry of ``References``
(else ``In-Reply-To``, else the message's own Message-ID); a message without any of these
joins the thread of its normalised subject ("Re: Fwd: Budget" and "budget" are one).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable

from sar_desk.core.entities import DocumentInfo

_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|wg|sv|vs|tr|rif|r)\s*(\[\d+\])?\s*:\s*)+",
                     re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_ID = re.compile(r"<[^<>\s]+>")


def _fold(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text or "")).strip().casefold()


def normalise_subject(subject: str) -> str:
    """The subject without reply/forward prefixes, spacing or case."""
    return _fold(_PREFIX.sub("", _fold(subject)))


def message_ids(header: str) -> tuple[str, ...]:
    """The message ids (``<...>``) a Message-ID, In-Reply-To or References header holds."""
    return tuple(m.lower() for m in _ID.findall(header or ""))


def email_key(message_id: str, date: str, sender: str, subject: str) -> str:
    """The sha256 of the normalised headers: equal for copies of one message."""
    ids = message_ids(message_id)
    parts = [ids[0] if ids else _fold(message_id), _fold(date), _fold(sender),
             normalise_subject(subject)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def body_hash(body: str) -> str:
    """The sha256 of the body with line endings, spacing and case folded (and quoted-reply
    markers kept), so one message exported twice hashes the same."""
    return hashlib.sha256(_fold(body).encode("utf-8")).hexdigest()


def thread_key(message_id: str, in_reply_to: str, references: str, subject: str) -> str:
    """The thread the message belongs to (see the module's rule)."""
    for header in (references, in_reply_to, message_id):
        ids = message_ids(header)
        if ids:
            return "id:" + ids[0]
    return "subject:" + normalise_subject(subject)


def thread_starts(documents: Iterable[DocumentInfo]) -> dict[str, int]:
    """Each thread's first message among ``documents`` (the earliest dated, then the first
    added), by thread key; removed items and items outside any thread are left out."""
    starts: dict[str, tuple[dt.date, int]] = {}
    for doc in documents:
        if not doc.thread_key or doc.removed:
            continue
        key = (doc.dated or dt.date.max, doc.id)
        if doc.thread_key not in starts or key < starts[doc.thread_key]:
            starts[doc.thread_key] = key
    return {thread: key[1] for thread, key in starts.items()}

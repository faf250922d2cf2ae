"""Intake from email: turn a saved ``.eml`` or Outlook ``.msg`` into a draft new case.

The draft is never saved by itself: the officer checks it (in the window's New case dialog
or by the CLI printing it) before :func:`sar_desk.services.cases.create_case` runs. The
original message bytes travel with the draft so the case file keeps the request exactly
as it arrived.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import email.policy
import email.utils
import html.parser
import pathlib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import TYPE_CHECKING

from sar_desk.core.entities import Channel, Person
from sar_desk.core.intake_rules import missing_date_reason, old_date_reason
from sar_desk.errors import InputError

if TYPE_CHECKING:
    from sar_desk.services.cases import NewCase

EMAIL_SUFFIXES = (".eml", ".msg")
MAX_MESSAGE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class EmailDraft:
    """What an email says about a request, before the officer confirms it."""

    requester: Person
    received: dt.date | None  # None: the message has no usable Date header
    subject_line: str
    request_text: str
    raw: bytes
    filename: str


class _TextFromHtml(html.parser.HTMLParser):
    """Visible text of an HTML body (used only when a message has no plain-text part)."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "table", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head") and self._skip:
            self._skip -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        lines = [" ".join(line.split()) for line in "".join(self.parts).splitlines()]
        return _tidy("\n".join(lines))


def html_to_text(markup: str) -> str:
    parser = _TextFromHtml()
    parser.feed(markup)
    parser.close()
    return parser.text()


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _local_date(when: dt.datetime) -> dt.date:
    """The calendar day the message arrived, in this computer's time zone."""
    if when.tzinfo is not None:
        when = when.astimezone()
    return when.date()


def _requester(name: str, address: str) -> Person:
    name = " ".join((name or "").split()).strip("'\" ")
    return Person(name=name, email=(address or "").strip())


def _read(path: pathlib.Path) -> bytes:
    from sar_desk.services.file_input import read_limited

    return read_limited(path, MAX_MESSAGE_BYTES, what="saved email")


def parse_eml(raw: bytes, filename: str) -> EmailDraft:
    """Read an RFC 5322 message (``.eml``) with the standard library (no usable Date
    header: no received day). A message whose parts nest deeper than Python can follow is
    refused."""
    try:
        return _parse_eml(raw, filename)
    except RecursionError:
        raise InputError(f"{filename} nests its parts too deeply to be read as an email "
                         "(a damaged or hostile message)") from None


def _parse_eml(raw: bytes, filename: str) -> EmailDraft:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    if not isinstance(msg, EmailMessage) or not msg.keys() or msg.defects and not msg.get_body():
        raise InputError(f"{filename} is not an email message (no headers were found)")
    try:
        from_header = str(msg.get("From", "") or "")
        reply_to = str(msg.get("Reply-To", "") or "")
    except (ValueError, IndexError, TypeError):
        from_header, reply_to = "", ""
    name, address = email.utils.parseaddr(from_header)
    if not address and reply_to:
        name, address = email.utils.parseaddr(reply_to)
    received = None  # no usable Date header: the officer is asked for the day
    with contextlib.suppress(TypeError, ValueError, IndexError):
        date_header = msg.get("Date")
        if date_header is not None and getattr(date_header, "datetime", None) is not None:
            received = _local_date(date_header.datetime)
        elif date_header:
            received = _local_date(email.utils.parsedate_to_datetime(str(date_header)))
    subject_line = " ".join(str(msg.get("Subject", "") or "").split())
    text = ""
    body = msg.get_body(preferencelist=("plain", "html"))
    if body is not None:
        try:
            content = body.get_content()
        except (LookupError, ValueError):  # unknown charset: decode leniently
            content = (body.get_payload(decode=True) or b"").decode("utf-8", "replace")
        text = html_to_text(content) if body.get_content_type() == "text/html" else _tidy(content)
    return EmailDraft(_requester(name, address), received, subject_line, text, raw, filename)


def parse_msg(raw: bytes, filename: str) -> EmailDraft:
    """Read an Outlook ``.msg`` file with ``extract-msg``."""
    import extract_msg

    try:
        msg = extract_msg.openMsg(raw)
    except Exception as exc:  # noqa: BLE001 - extract-msg raises many types for bad input
        raise InputError(
            f"{filename} is not a readable Outlook message ({type(exc).__name__}: {exc})"
        ) from None
    try:
        name, address = email.utils.parseaddr(str(getattr(msg, "sender", "") or ""))
        received = None
        when = getattr(msg, "date", None)
        if isinstance(when, dt.datetime):
            received = _local_date(when)
        body = getattr(msg, "body", "") or ""
        if not body.strip():
            html_body = getattr(msg, "htmlBody", b"") or b""
            if isinstance(html_body, bytes):
                html_body = html_body.decode("utf-8", "replace")
            body = html_to_text(html_body)
        subject_line = " ".join(str(getattr(msg, "subject", "") or "").split())
    finally:
        msg.close()
    return EmailDraft(_requester(name, address), received, subject_line, _tidy(body), raw, filename)


def read_email(path: str | pathlib.Path) -> EmailDraft:
    """Parse a saved email (``.eml`` or ``.msg``, chosen by content, not only by name)."""
    path = pathlib.Path(path)
    raw = _read(path)
    if not raw.strip():
        raise InputError(f"{path.name} is empty")
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # OLE compound file: Outlook .msg
        return parse_msg(raw, path.name)
    if path.suffix.lower() == ".msg":
        raise InputError(f"{path.name} is not an Outlook message (it is not an OLE file)")
    return parse_eml(raw, path.name)


class ReceivedDateNeeded(InputError):
    """The message gives no received day: the officer must enter one."""

    code = "intake.no_date"


class OldDateUnconfirmed(InputError):
    """The message is more than a year old: the officer must confirm its date."""

    code = "intake.old_date"


def received_day(draft: EmailDraft, *, today: dt.date, received: dt.date | None = None,
                 confirm_old: bool = False) -> dt.date:
    """The day the request was received: ``received`` if the officer gave one, else the
    message's date. Refused (by name) when there is none, and when the message's date is
    more than a year before ``today`` without ``confirm_old`` (a day the officer gives is
    their own confirmation)."""
    day = received or draft.received
    reason = missing_date_reason(day, draft.filename)
    if reason or day is None:
        raise ReceivedDateNeeded(reason or "", filename=draft.filename)
    reason = old_date_reason(day, today, confirm_old or received is not None, draft.filename)
    if reason:
        raise OldDateUnconfirmed(reason, filename=draft.filename, received=day)
    return day


def to_new_case(draft: EmailDraft, *, today: dt.date, jurisdiction: str = "uk-ew",
                assignee: str = "", received: dt.date | None = None,
                confirm_old: bool = False) -> NewCase:
    """The draft as a :class:`~sar_desk.services.cases.NewCase`, original message attached.
    The received day follows :func:`received_day` (refused without one, or when more than a
    year old and not confirmed)."""
    from sar_desk.services.cases import NewCase

    day = received_day(draft, today=today, received=received, confirm_old=confirm_old)
    text = draft.request_text
    if draft.subject_line and draft.subject_line not in text.splitlines()[:1]:
        text = f"Subject: {draft.subject_line}\n\n{text}".strip()
    return NewCase(
        requester=draft.requester,
        received=day,
        channel=Channel.EMAIL,
        jurisdiction=jurisdiction,
        request_text=text,
        assignee=assignee,
        source_message=draft.raw,
        source_filename=draft.filename,
    )


def draft_from_email(
    path: str | pathlib.Path,
    *,
    jurisdiction: str = "uk-ew",
    assignee: str = "",
    today: dt.date,
    received: dt.date | None = None,
    confirm_old: bool = False,
) -> NewCase:
    """Read a saved email and return a NewCase for the officer to confirm (``received`` and
    ``confirm_old``: see :func:`received_day`)."""
    return to_new_case(read_email(path), today=today, jurisdiction=jurisdiction,
                       assignee=assignee, received=received, confirm_old=confirm_old)

"""A saved e-mail (``.eml`` with the standard library, Outlook ``.msg`` with extract-msg)
read into headers, body and attachments, for its rendition and for the window."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
from dataclasses import dataclass
from email.message import EmailMessage

from sar_desk.documents.rendition_result import Child

MAX_ATTACHMENTS = 500


@dataclass(frozen=True)
class MailMessage:
    """One message as a person reads it."""

    sender: str = ""
    to: str = ""
    cc: str = ""
    date: str = ""
    subject: str = ""
    message_id: str = ""
    in_reply_to: str = ""
    references: str = ""
    sent: dt.datetime | None = None
    text: str = ""  # the plain-text body ("" when there is none)
    html: str = ""  # the HTML body, as sent (clean it before showing it)
    attachments: tuple[Child, ...] = ()
    problems: tuple[str, ...] = ()  # parts that could not be read, by name

    @property
    def header_rows(self) -> list[tuple[str, str]]:
        rows = [("From", self.sender), ("To", self.to), ("Cc", self.cc), ("Date", self.date),
                ("Subject", self.subject)]
        return [(k, v) for k, v in rows if v or k in ("From", "Subject")]


class NotAnEmail(ValueError):
    """The bytes are not a message SAR Desk can read."""


def read_mail(data: bytes, filename: str) -> MailMessage:
    """The message in ``data`` (an OLE file is read as ``.msg``, anything else as ``.eml``);
    :class:`NotAnEmail` with the reason when it cannot be read."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return _read_msg(data, filename)
    try:
        return _read_eml(data, filename)
    except RecursionError:
        raise NotAnEmail(f"{filename} nests its parts too deeply to be read") from None


def _header(msg: EmailMessage, name: str) -> str:
    try:
        return " ".join(str(msg.get(name, "") or "").split())
    except (ValueError, IndexError, TypeError, AttributeError):
        raw = msg.get_all(name, failobj=[""])
        return " ".join(str(raw[0]).split()) if raw else ""


def _text_of(part: EmailMessage, problems: list[str], what: str) -> str:
    try:
        content = part.get_content()
        return content if isinstance(content, str) else ""
    except (LookupError, ValueError, AssertionError):  # unknown charset: decode leniently
        charset = part.get_content_charset() or "unknown"
        problems.append(f"the {what} body is in an encoding Python does not know "
                        f"({charset}); it was read as UTF-8 with replacements")
        return (part.get_payload(decode=True) or b"").decode("utf-8", "replace")


def _read_eml(data: bytes, filename: str) -> MailMessage:
    msg = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(msg, EmailMessage) or not msg.keys():
        raise NotAnEmail(f"{filename} is not an e-mail message (no headers were found)")
    problems: list[str] = []
    sent = None
    try:
        when = msg.get("Date")
        sent = getattr(when, "datetime", None) or (
            email.utils.parsedate_to_datetime(str(when)) if when else None)
    except (TypeError, ValueError, IndexError):
        pass
    plain = msg.get_body(preferencelist=("plain",))
    rich = msg.get_body(preferencelist=("html",))
    attachments: list[Child] = []
    inline: list[str] = []  # further text parts shown in the message (not files)
    for number, part in enumerate(msg.iter_attachments(), start=1):
        if part.get_content_type() == "text/plain" and not part.get_filename() \
                and part.get_content_disposition() != "attachment":
            inline.append(_text_of(part, problems, "plain-text"))
            continue
        if len(attachments) >= MAX_ATTACHMENTS:
            problems.append(f"only the first {MAX_ATTACHMENTS} attachments were taken out")
            break
        name = part.get_filename() or ""
        try:
            if part.get_content_type() == "message/rfc822":
                inner = part.get_content()
                payload = inner.as_bytes(policy=email.policy.default)
                name = name or (_header(inner, "Subject") or f"message {number}") + ".eml"
            else:
                payload = part.get_payload(decode=True) or b""
                name = name or f"attachment {number}{_suffix(part.get_content_type())}"
        except Exception as exc:  # noqa: BLE001 - one bad part never stops the rest
            problems.append(f"attachment {name or number} cannot be read: {exc}")
            continue
        attachments.append(Child(name, payload))
    return MailMessage(
        sender=_header(msg, "From"), to=_header(msg, "To"), cc=_header(msg, "Cc"),
        date=_header(msg, "Date"), subject=_header(msg, "Subject"),
        message_id=_header(msg, "Message-ID"), in_reply_to=_header(msg, "In-Reply-To"),
        references=_header(msg, "References"), sent=sent,
        text="\n\n".join(filter(None, (
            _text_of(plain, problems, "plain-text") if plain is not None else "", *inline))),
        html=_text_of(rich, problems, "HTML") if rich is not None else "",
        attachments=tuple(attachments), problems=tuple(problems))


def _suffix(content_type: str) -> str:
    return {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png",
            "image/tiff": ".tif", "text/plain": ".txt", "text/csv": ".csv",
            "text/html": ".html"}.get(content_type, "")


def _read_msg(data: bytes, filename: str) -> MailMessage:
    import extract_msg

    try:
        msg = extract_msg.openMsg(data)
    except Exception as exc:  # noqa: BLE001 - extract-msg raises many types for bad input
        raise NotAnEmail(f"{filename} is not a readable Outlook message "
                         f"({type(exc).__name__}: {exc})") from None
    try:
        return _msg_fields(msg)
    finally:
        msg.close()


def _msg_fields(msg: object) -> MailMessage:
    problems: list[str] = []
    html_body = ""
    try:
        raw_html = getattr(msg, "htmlBody", b"") or b""
        html_body = raw_html.decode("utf-8", "replace") if isinstance(raw_html, bytes) \
            else str(raw_html)
    except Exception as exc:  # noqa: BLE001
        problems.append(f"the HTML body cannot be read: {exc}")
    sent = getattr(msg, "date", None)
    attachments: list[Child] = []
    for number, att in enumerate(getattr(msg, "attachments", []) or [], start=1):
        name = str(getattr(att, "longFilename", "") or getattr(att, "shortFilename", "")
                   or "")
        try:
            payload = att.data
            if not isinstance(payload, bytes):  # an attached message
                name = name or (str(getattr(payload, "subject", "") or f"message {number}")
                                + ".msg")
                if not name.lower().endswith(".msg"):
                    name += ".msg"
                payload = payload.exportBytes()
            attachments.append(Child(name or f"attachment {number}", payload or b""))
        except Exception as exc:  # noqa: BLE001 - one bad part never stops the rest
            problems.append(f"attachment {name or number} cannot be read: {exc}")
    return MailMessage(
        sender=str(getattr(msg, "sender", "") or ""), to=str(getattr(msg, "to", "") or ""),
        cc=str(getattr(msg, "cc", "") or ""), date=str(sent or ""),
        subject=" ".join(str(getattr(msg, "subject", "") or "").split()),
        message_id=str(getattr(msg, "messageId", "") or ""),
        in_reply_to=str(getattr(msg, "inReplyTo", "") or ""),
        references=str(getattr(msg, "header", {}).get("References", "") or "")
        if getattr(msg, "header", None) is not None else "",
        sent=sent if isinstance(sent, dt.datetime) else None,
        text=str(getattr(msg, "body", "") or ""), html=html_body,
        attachments=tuple(attachments), problems=tuple(problems))

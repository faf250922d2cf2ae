"""The rendition of an e-mail: a header block (From, To, Cc, Date, Subject), the body
(plain text, or the HTML cleaned of anything active or remote), the attachments' names;
the attachments themselves come back as child items."""

from __future__ import annotations

from sar_desk.core.email_keys import body_hash, email_key, thread_key
from sar_desk.documents.html_clean import clean_html
from sar_desk.documents.kinds import Kind
from sar_desk.documents.mail_parse import MailMessage, NotAnEmail, read_mail
from sar_desk.documents.rendition_result import Conversion, MailFacts, converted, unreadable
from sar_desk.documents.story_pdf import escape, html_to_pdf, text_block

KINDS = (Kind.EML, Kind.MSG)


def mail_markup(mail: MailMessage) -> str:
    """The HTML a message's rendition is laid out from."""
    rows = "".join(f"<tr><td><b>{escape(k)}:</b></td><td>{escape(v)}</td></tr>"
                   for k, v in mail.header_rows)
    if mail.attachments:
        names = ", ".join(escape(a.filename) for a in mail.attachments)
        rows += f"<tr><td><b>Attachments:</b></td><td>{names}</td></tr>"
    body = text_block(mail.text) if mail.text.strip() else (
        f"<div>{clean_html(mail.html)}</div>" if mail.html.strip() else
        '<p class="note">(no body)</p>')
    notes = "".join(f'<p class="note">{escape(p)}</p>' for p in mail.problems)
    return f'<table class="headers">{rows}</table>{notes}{body}'


def mail_facts(mail: MailMessage) -> MailFacts:
    body = mail.text if mail.text.strip() else mail.html
    return MailFacts(
        email_key=email_key(mail.message_id, mail.sent.isoformat() if mail.sent else mail.date,
                            mail.sender, mail.subject),
        body_hash=body_hash(body),
        thread_key=thread_key(mail.message_id, mail.in_reply_to, mail.references, mail.subject),
        dated=mail.sent.date() if mail.sent else None)


def mail_to_pdf(filename: str, data: bytes, kind: Kind = Kind.EML) -> Conversion:
    try:
        mail = read_mail(data, filename)
    except NotAnEmail as exc:
        return unreadable(str(exc))
    pdf, pages = html_to_pdf(mail_markup(mail))
    return converted(pdf, pages, children=mail.attachments, mail=mail_facts(mail),
                     problems=mail.problems)

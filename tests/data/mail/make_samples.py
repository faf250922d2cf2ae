"""Make the small e-mail, scan and office samples in this folder (see README.md).

    python -m tests.data.mail.make_samples

Every sample is invented (no real person's data); the output is deterministic apart from
the DOCX's zip timestamps. Each one holds a marker word the tests look for in its rendition.
"""

from __future__ import annotations

import io
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import SMTP
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _message(subject: str, message_id: str, **headers: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = headers.pop("sender", "Zoë Brontë-Hughes <zoe@example.org>")
    msg["To"] = "HR Team <hr@example.com>"
    msg["Cc"] = "Data Protection Officer <dpo@example.com>"
    msg["Date"] = headers.pop("date", "Mon, 03 Mar 2025 10:15:00 +0000")
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    return msg


def with_attachments() -> bytes:
    msg = _message("Grievance outcome and notes", "<outcome-1@example.org>")
    msg.set_content("Dear Zoë,\n\nPlease find the outcome letter attached (GRIEVANCE-BODY).\n")
    msg.add_attachment(b"Meeting notes: the panel met on 28 February. MARKER-NOTES-TXT\n",
                       maintype="text", subtype="plain", filename="meeting notes.txt")
    msg.add_attachment("id,name,team\n1,Zoë Brontë-Hughes,HR\n2,MARKER-CSV-ROW,IT\n"
                       .encode(), maintype="text", subtype="csv", filename="staff.csv")
    msg.add_attachment(_tiff(2), maintype="image", subtype="tiff", filename="scan.tif")
    return bytes(msg)


def reply() -> bytes:
    msg = _message("RE: Grievance outcome and notes", "<outcome-2@example.org>",
                   sender="HR Team <hr@example.com>", date="Tue, 04 Mar 2025 09:00:00 +0000",
                   In_Reply_To="<outcome-1@example.org>", References="<outcome-1@example.org>")
    msg.set_content("Thank you, noted. MARKER-REPLY\n")
    return bytes(msg)


def html_only() -> bytes:
    msg = _message("Rota changes", "<rota-1@example.org>")
    msg.set_content(
        "<html><head><style>p{color:red}</style><script>alert('x')</script></head><body>"
        "<p>The new rota starts on <b>Monday</b>. MARKER-HTML-BODY</p>"
        "<img src='https://tracker.example.net/pixel.gif' alt='logo'>"
        "<table><tr><td>Mon</td><td>Early</td></tr></table></body></html>", subtype="html")
    return bytes(msg)


def non_utf8() -> bytes:
    outer = MIMEMultipart("mixed")
    outer["From"] = "=?iso-8859-2?q?Pawe=B3_Kowalski?= <pawel@example.pl>"
    outer["To"] = "hr@example.com"
    outer["Date"] = "Wed, 05 Mar 2025 08:00:00 +0100"
    outer["Subject"] = "=?iso-8859-2?q?Wniosek_o_dost=EAp_do_danych?="
    outer["Message-ID"] = "<pl-1@example.pl>"
    outer.attach(MIMEText("Proszę o kopię moich danych osobowych. Łódź MARKER-POLISH\n",
                          "plain", "iso-8859-2"))
    outer.attach(MIMEText("Прошу предоставить копию моих данных. MARKER-RUSSIAN\n", "plain",
                          "windows-1251"))
    japanese = MIMEText("個人データのコピーをお願いします。 MARKER-JAPANESE\n", "plain",
                        "iso-2022-jp")
    japanese.add_header("Content-Disposition", "attachment", filename="japanese.txt")
    outer.attach(japanese)
    return outer.as_bytes(policy=SMTP)


def nested() -> bytes:
    msg = _message("FW: Grievance outcome and notes", "<forward-1@example.org>",
                   sender="Line Manager <manager@example.com>",
                   date="Thu, 06 Mar 2025 12:00:00 +0000")
    msg.set_content("Forwarding the original below. MARKER-FORWARD\n")
    inner = _message("Witness statement", "<witness-1@example.org>")
    inner.set_content("I saw the meeting. MARKER-NESTED-BODY\n")
    inner.add_attachment(b"Statement signed 1 March. MARKER-NESTED-ATTACHMENT\n",
                         maintype="text", subtype="plain", filename="statement.txt")
    msg.add_attachment(inner)
    return bytes(msg)


def docx() -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_heading("Investigation report", level=1)
    document.add_paragraph("Findings of the investigation. MARKER-DOCX")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _tiff(pages: int) -> bytes:
    """A 'scanned' multi-page TIFF: each page a grey image with its words drawn on it."""
    from PIL import Image, ImageDraw

    frames = []
    for n in range(1, pages + 1):
        image = Image.new("L", (850, 1100), 235)
        draw = ImageDraw.Draw(image)
        draw.rectangle((60, 60, 790, 1040), outline=0, width=3)
        draw.text((100, 120), f"Scanned page {n} of {pages}", fill=0)
        frames.append(image)
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:],
                   compression="tiff_deflate")
    return out.getvalue()


SAMPLES = {
    "with-attachments.eml": with_attachments, "reply.eml": reply, "html-only.eml": html_only,
    "non-utf8.eml": non_utf8, "nested-message.eml": nested, "report.docx": docx,
    "scan-3-pages.tif": lambda: _tiff(3),
}

if __name__ == "__main__":
    for name, make in SAMPLES.items():
        (HERE / name).write_bytes(make())
        print("wrote", name)

"""The destruction certificate of a purged case (PDF, reportlab).

It names the case only by its reference and dates, never the requester: the certificate is
kept after the case is gone, as evidence that it was destroyed on time and by whom.
"""

from __future__ import annotations

import io
from dataclasses import dataclass


@dataclass(frozen=True)
class CertificateFacts:
    reference: str
    workspace_id: str
    received: str
    closed: str
    retain_until: str
    purged_at: str
    authorised_by: str
    reason: str
    audit_seq: int
    audit_head: str
    policy: str


def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from sar_desk.documents.fonts import font_dir

    names = ("SarDesk-Cert", "SarDesk-Cert-Bold")
    if names[0] not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(names[0], str(font_dir() / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(names[1], str(font_dir() / "DejaVuSans-Bold.ttf")))
    return names


def certificate_pdf(facts: CertificateFacts) -> bytes:
    """The certificate as PDF bytes (one A4 page)."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = _fonts()
    title = ParagraphStyle("title", fontName=bold, fontSize=16, leading=20)
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13)
    cell = ParagraphStyle("cell", fontName=regular, fontSize=9, leading=11)
    head = ParagraphStyle("head", fontName=bold, fontSize=9, leading=11)
    rows = [
        ("Case reference", facts.reference),
        ("Request received", facts.received),
        ("Case closed", facts.closed),
        ("Retention period ended", facts.retain_until),
        ("Destroyed at (UTC)", facts.purged_at),
        ("Authorised by", facts.authorised_by),
        ("Reason", facts.reason),
        ("Retention policy", facts.policy),
        ("Audit entries in the case", str(facts.audit_seq)),
        ("Final audit-chain hash (sha256)", facts.audit_head),
        ("Workspace", facts.workspace_id),
    ]
    table = Table([[Paragraph(escape(k), head), Paragraph(escape(v), cell)] for k, v in rows],
                  colWidths=[55 * mm, 115 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [
        Paragraph("Certificate of destruction", title), Spacer(1, 6 * mm),
        Paragraph("The subject access request case named below was destroyed at the end of "
                  "its retention period. Its encryption key was destroyed (crypto-shredding), "
                  "so every copy of the case file, backups included, can no longer be read; "
                  "the case file was then deleted. The final audit-chain hash identifies the "
                  "case's complete history as it stood when it was destroyed.", body),
        Spacer(1, 6 * mm), table,
    ]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title=f"Destruction certificate {facts.reference}",
                            author="SAR Desk", leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm, invariant=True)
    doc.build(story)
    return out.getvalue()

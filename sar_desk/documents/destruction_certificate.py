"""The destruction certificate of a purged case (PDF, reportlab).

It names the case only by its reference and dates, never the requester: the certificate is
kept after the case is gone, as evidence that it was destroyed and by whom. It says only
what SAR Desk can show: whether the retention period had ended, what was deleted, and
which backup archives it made still held the case when it was destroyed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ArchiveLine:
    """A backup archive that held the case when the case was destroyed."""

    path: str
    made: str
    expires: str
    in_backups_folder: bool


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
    backup_days: int = 35
    archives: tuple[ArchiveLine, ...] = field(default_factory=tuple)
    archives_missing: int = 0

    def statement(self) -> list[str]:
        """The certificate's paragraphs, each true of this case."""
        day = self.purged_at[:10]
        when = (f"after its retention period ended on {self.retain_until}"
                if self.retain_until <= day else
                f"before its retention period was due to end on {self.retain_until}")
        what = ("data protection complaint" if self.reference.upper().startswith("CMP-")
                else "request case")
        lines = [f"The {what} named below was destroyed on {day}, "
                 f"{when}. Its encryption key was deleted from the workspace registry and from "
                 "the registry copies in the workspace's backups folder, and the case file was "
                 "deleted. A copy of the case file on its own cannot be read without that key. "
                 "The final audit-chain hash identifies the case's complete history as it "
                 "stood when it was destroyed."]
        if self.archives:
            last = max(a.expires for a in self.archives)
            lines.append(
                f"{len(self.archives)} backup archive{'s' if len(self.archives) != 1 else ''} "
                "made by SAR Desk while the case existed "
                f"{'were' if len(self.archives) != 1 else 'was'} still where "
                f"{'they were' if len(self.archives) != 1 else 'it was'} written when the "
                "case was destroyed (listed below). Each holds the case and its key, and can "
                "be restored by anyone holding the workspace key until it is deleted; "
                "restoring one into or next to this workspace with SAR Desk destroys the case "
                f"again. Under the backup retention of {self.backup_days} days the last of "
                f"them is due for deletion on {last}.")
        else:
            lines.append("No backup archive made by SAR Desk while the case existed was still "
                         "where it was written when the case was destroyed.")
        if self.archives_missing:
            lines.append(f"{self.archives_missing} other archive"
                         f"{'s' if self.archives_missing != 1 else ''} made while the case "
                         "existed "
                         f"{'are' if self.archives_missing != 1 else 'is'} no longer where "
                         "SAR Desk wrote "
                         f"{'them' if self.archives_missing != 1 else 'it'} (moved or "
                         "deleted); SAR Desk cannot tell whether "
                         f"{'they' if self.archives_missing != 1 else 'it'} still exist"
                         f"{'' if self.archives_missing != 1 else 's'}.")
        lines.append("Copies made outside SAR Desk (for example a backup of the whole disk) "
                     "are not known to it and are not covered by this certificate.")
        return lines


def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from sar_desk.documents.fonts import font_dir

    names = ("SarDesk-Cert", "SarDesk-Cert-Bold")
    if names[0] not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(names[0], str(font_dir() / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(names[1], str(font_dir() / "DejaVuSans-Bold.ttf")))
    return names


@dataclass(frozen=True)
class _Styles:
    title: Any
    body: Any
    cell: Any
    head: Any


def _styles() -> _Styles:
    from reportlab.lib.styles import ParagraphStyle

    regular, bold = _fonts()
    return _Styles(ParagraphStyle("title", fontName=bold, fontSize=16, leading=20),
                   ParagraphStyle("body", fontName=regular, fontSize=10, leading=13),
                   ParagraphStyle("cell", fontName=regular, fontSize=9, leading=11),
                   ParagraphStyle("head", fontName=bold, fontSize=9, leading=11))


def _grid(rows: list[list[Any]], widths: list[float], **options: Any) -> Any:
    """A table with grey rules and top-aligned cells (the certificates' one table look)."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, **options)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _facts_table(rows: list[tuple[str, str]], styles: _Styles) -> Any:
    from xml.sax.saxutils import escape

    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph

    return _grid([[Paragraph(escape(k), styles.head), Paragraph(escape(v), styles.cell)]
                  for k, v in rows], [55 * mm, 115 * mm])


def _pdf(story: list[Any], title: str) -> bytes:
    """``story`` laid out on A4 with 20 mm margins, byte-for-byte reproducible."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=title, author="SAR Desk", leftMargin=20 * mm,
                      rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=20 * mm,
                      invariant=True).build(story)
    return out.getvalue()


def certificate_pdf(facts: CertificateFacts) -> bytes:
    """The certificate as PDF bytes (A4)."""
    from xml.sax.saxutils import escape

    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    styles = _styles()
    title, body, cell, head = styles.title, styles.body, styles.cell, styles.head
    rows = [
        ("Case reference", facts.reference),
        ("Request received", facts.received),
        ("Case closed", facts.closed),
        ("Retention period ended", facts.retain_until),
        ("Destroyed at (UTC)", facts.purged_at),
        ("Authorised by", facts.authorised_by),
        ("Reason", facts.reason),
        ("Retention policy", facts.policy),
        ("Backup retention", f"{facts.backup_days} days (organisation profile)"),
        ("Audit entries in the case", str(facts.audit_seq)),
        ("Final audit-chain hash (sha256)", facts.audit_head),
        ("Workspace", facts.workspace_id),
    ]
    table = _facts_table(rows, styles)
    story = [Paragraph("Certificate of destruction", title), Spacer(1, 6 * mm)]
    for line in facts.statement():
        story += [Paragraph(escape(line), body), Spacer(1, 3 * mm)]
    story += [Spacer(1, 3 * mm), table]
    if facts.archives:
        grid = [[Paragraph(escape(h), head) for h in
                 ("Archive", "Made (UTC)", "Due for deletion", "Deleted by")]]
        grid += [[Paragraph(escape(a.path), cell), Paragraph(escape(a.made), cell),
                  Paragraph(escape(a.expires), cell),
                  Paragraph("pruning of the workspace's backups folder" if a.in_backups_folder
                            else "the organisation (written outside the workspace's backups "
                            "folder)", cell)] for a in facts.archives]
        archives = _grid(grid, [70 * mm, 35 * mm, 25 * mm, 40 * mm], repeatRows=1)
        story += [Spacer(1, 6 * mm), Paragraph("Backup archives that held the case", head),
                  Spacer(1, 2 * mm), archives]
    return _pdf(story, f"Destruction certificate {facts.reference}")


@dataclass(frozen=True)
class ReappliedFacts:
    """A purge applied again to a restored archive that still held the case."""

    reference: str
    workspace_id: str
    purged_at: str
    certificate_sha256: str
    archive: str
    restored_at: str
    restored_by: str


def reapplied_pdf(facts: ReappliedFacts) -> bytes:
    """A one-page note, kept beside the certificate, that a restore destroyed the case again."""
    from xml.sax.saxutils import escape

    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    styles = _styles()
    title, body = styles.title, styles.body
    rows = [("Case reference", facts.reference), ("Originally destroyed (UTC)", facts.purged_at),
            ("Certificate sha256", facts.certificate_sha256 or "-"),
            ("Archive restored", facts.archive), ("Restored at (UTC)", facts.restored_at),
            ("Restored by", facts.restored_by), ("Workspace", facts.workspace_id)]
    table = _facts_table(rows, styles)
    story = [Paragraph("Destruction applied again after a restore", title), Spacer(1, 6 * mm),
             Paragraph(escape(
                 "A backup archive made before this case was destroyed was restored. It still "
                 "held the case, so on restoring SAR Desk deleted the case's key and case "
                 "file again, as the workspace's record of the destruction requires. The "
                 "restored copy cannot read the case."), body),
             Spacer(1, 6 * mm), table]
    return _pdf(story, f"Destruction re-applied {facts.reference}")

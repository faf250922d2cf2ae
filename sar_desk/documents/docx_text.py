"""The text of a DOCX letter as paragraphs in reading order (table cells included), to check
that a document model is the one a stored Word letter was rendered from."""

from __future__ import annotations

import io


def docx_paragraphs(data: bytes) -> list[str]:
    """Non-empty body paragraphs of a DOCX in reading order, table cells included."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    out: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            out.append(Paragraph(child, document).text)
        elif child.tag.endswith("}tbl"):
            for row in Table(child, document).rows:
                for cell in row.cells:
                    out += [p.text for p in cell.paragraphs]
    return [p for p in out if p.strip()]

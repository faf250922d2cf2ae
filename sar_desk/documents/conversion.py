"""Any document's bytes in, its PDF rendition out (pure: bytes in, bytes out).

:func:`convert` picks the converter by the file's name and first bytes. Whatever happens,
it returns a :class:`~sar_desk.documents.rendition_result.Conversion`: converted (PDF bytes
and page count), needing conversion elsewhere (no converter here, with the message why), or
unreadable (with the reason). An e-mail also gives its attachments as child items
(converted in turn by the caller) and the facts that find its duplicates and thread.
"""

from __future__ import annotations

from sar_desk.documents.image_pdf import image_to_pdf, pdf_as_is
from sar_desk.documents.kinds import Kind, kind_of
from sar_desk.documents.mail_pdf import mail_to_pdf
from sar_desk.documents.office_pdf import office_to_pdf
from sar_desk.documents.rendition_result import (
    Conversion,
    OfficeSettings,
    needs_conversion,
    unreadable,
)
from sar_desk.documents.text_pdf import html_page_to_pdf, text_to_pdf

# A file larger than this is not converted here (the officer supplies its PDF).
MAX_CONVERT_BYTES = 200 * 1024 * 1024


def convert(filename: str, data: bytes, office: OfficeSettings | None = None) -> Conversion:
    """The rendition of ``data`` (a file called ``filename``); never raises for bad input."""
    kind = kind_of(filename, data[:4096])
    if len(data) > MAX_CONVERT_BYTES:
        return needs_conversion(f"{filename} is too large to convert here "
                                f"({len(data) // (1024 * 1024)} MB); supply its PDF.")
    try:
        return _convert(kind, filename, data, office)
    except MemoryError:
        return needs_conversion(f"{filename} is too large to convert here; supply its PDF.")
    except Exception as exc:  # noqa: BLE001 - a damaged file is named, never a traceback
        return unreadable(f"{filename} cannot be read as {kind.label}: "
                          f"{type(exc).__name__}: {str(exc)[:200]}")


def _convert(kind: Kind, filename: str, data: bytes,
             office: OfficeSettings | None) -> Conversion:
    if kind is Kind.PDF:
        return pdf_as_is(filename, data)
    if kind is Kind.IMAGE:
        return image_to_pdf(filename, data)
    if kind in (Kind.EML, Kind.MSG):
        return mail_to_pdf(filename, data, kind)
    if kind is Kind.TEXT:
        return text_to_pdf(filename, data)
    if kind is Kind.HTML:
        return html_page_to_pdf(filename, data)
    if kind is Kind.OFFICE:
        return office_to_pdf(filename, data, office)
    return needs_conversion(f"SAR Desk has no converter for {filename}; supply its PDF.")

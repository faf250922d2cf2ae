"""What kind of document a file is, from its name and first bytes (pure)."""

from __future__ import annotations

from enum import Enum
from pathlib import PurePath

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".gif", ".bmp"}
TEXT_SUFFIXES = {".txt", ".csv", ".tsv", ".log", ".md", ".json", ".xml"}
OFFICE_SUFFIXES = {".docx", ".doc", ".xlsx", ".xls", ".odt", ".ods", ".odp", ".rtf",
                   ".pptx", ".ppt"}
_MAGIC = (
    (b"%PDF-", "pdf"), (b"\xff\xd8\xff", "image"), (b"\x89PNG\r\n\x1a\n", "image"),
    (b"II*\x00", "image"), (b"MM\x00*", "image"), (b"GIF8", "image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"), (b"{\\rtf", "office"),
)


class Kind(Enum):
    PDF = "PDF"
    IMAGE = "an image"
    EML = "an e-mail"
    MSG = "an Outlook message"
    TEXT = "text"
    HTML = "a web page"
    OFFICE = "an office document"
    OTHER = "a file"

    @property
    def label(self) -> str:
        return self.value


def kind_of(filename: str, head: bytes) -> Kind:
    """The kind of a file called ``filename`` starting with ``head``: the first bytes win
    where they are certain (a PDF, an image), else the name's suffix."""
    suffix = PurePath(filename).suffix.lower()
    magic = next((k for m, k in _MAGIC if head.startswith(m)), "")
    if magic == "pdf":
        return Kind.PDF
    if magic == "image":
        return Kind.IMAGE
    if suffix == ".msg" or (magic == "ole" and suffix not in OFFICE_SUFFIXES):
        return Kind.MSG
    if suffix == ".eml":
        return Kind.EML
    if suffix in OFFICE_SUFFIXES or magic == "office":
        return Kind.OFFICE
    if suffix in IMAGE_SUFFIXES:
        return Kind.IMAGE
    if suffix in TEXT_SUFFIXES:
        return Kind.TEXT
    if suffix in (".html", ".htm"):
        return Kind.HTML
    if suffix == ".pdf":
        return Kind.PDF
    if not suffix and _looks_like_mail(head):
        return Kind.EML
    return Kind.OTHER


def _looks_like_mail(head: bytes) -> bool:
    lowered = head[:2048].lower()
    return all(h in lowered for h in (b"from:", b"subject:")) and b"\n\n" in head.replace(
        b"\r\n", b"\n")

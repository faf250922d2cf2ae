"""What converting a document gives: its rendition, its child items, an e-mail's keys."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sar_desk.core.entities import RenditionState


@dataclass(frozen=True)
class Child:
    """An item found inside another: an e-mail's attachment or attached message."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class MailFacts:
    """What finds an e-mail's copies and its thread (see :mod:`sar_desk.core.email_keys`)."""

    email_key: str
    body_hash: str
    thread_key: str
    dated: dt.date | None = None


@dataclass(frozen=True)
class Conversion:
    state: RenditionState
    note: str = ""
    pdf: bytes = b""
    pages: int = 0
    children: tuple[Child, ...] = ()
    mail: MailFacts | None = None
    problems: tuple[str, ...] = field(default=())  # children that could not be taken out


@dataclass(frozen=True)
class OfficeSettings:
    """How office files are converted: the ``soffice`` program (None: not installed) and
    the memory-backed folder its work goes in (None: there is none)."""

    soffice: str | None
    work_root: str | None
    timeout: float = 120.0


def converted(pdf: bytes, pages: int, **extra: object) -> Conversion:
    return Conversion(RenditionState.CONVERTED, pdf=pdf, pages=pages, **extra)


def unreadable(reason: str, **extra: object) -> Conversion:
    return Conversion(RenditionState.UNREADABLE, note=reason, **extra)


def needs_conversion(reason: str) -> Conversion:
    return Conversion(RenditionState.NEEDS_CONVERSION, note=reason)

"""Where a stored letter stands in sign-off: draft, awaiting approval, approved, dispatched
or superseded. Pure: the caller says what the case file records about the letter."""

from __future__ import annotations

import enum

__all__ = ["LetterStatus", "letter_status", "status_text"]


class LetterStatus(enum.StrEnum):
    DRAFT = "draft"
    AWAITING_APPROVAL = "awaiting approval"
    APPROVED = "approved"
    DISPATCHED = "dispatched"
    SUPERSEDED = "superseded"


def letter_status(*, needs_signoff: bool, dispatched: bool, approved: bool = False,
                  requested: bool = False, superseded: bool = False) -> LetterStatus:
    """The status of one letter.

    ``dispatched``: a dispatch of it is recorded. ``approved``: its latest approval names its
    current bytes. ``requested``: someone asked for its approval. ``superseded``: it was
    discarded or replaced before it went out. A letter that needs no sign-off is a draft
    until it is dispatched; approval of a changed letter no longer counts.
    """
    if dispatched:
        return LetterStatus.DISPATCHED
    if superseded:
        return LetterStatus.SUPERSEDED
    if needs_signoff and approved:
        return LetterStatus.APPROVED
    if needs_signoff and requested:
        return LetterStatus.AWAITING_APPROVAL
    return LetterStatus.DRAFT


def status_text(status: LetterStatus, needs_signoff: bool) -> str:
    """The status as shown beside a letter: 'Draft – needs approval', 'Approved'..."""
    text = status.value.capitalize()
    if status == LetterStatus.DRAFT:
        text += " – needs approval" if needs_signoff else " – no sign-off needed"
    return text

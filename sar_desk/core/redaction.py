"""Redaction as data and rules: marks, redacted copies, and when a copy may be used.

A mark proposes rectangles of one page to black out; nothing is applied until a person
accepts it. A redacted copy is made from a document's accepted marks and may be used (put in
the bundle, sent) only when it passed verification, still matches the accepted marks, and
the case's redacted set is approved by someone other than those who made it.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

Rect = tuple[float, float, float, float]


class MarkState(enum.StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class MarkSource(enum.StrEnum):
    DRAWN = "drawn"
    TERM = "term"
    PATTERN = "pattern"
    PARTY = "party"
    DIRECTORY = "directory"


@dataclass(frozen=True)
class Mark:
    """One mark on one page (``page`` 1-based) of a document; ``number`` is its place among
    the document's marks (1, 2, ...), as the lists and the command line show it."""

    id: int
    document_id: int
    number: int
    page: int
    rects: tuple[Rect, ...]
    source: MarkSource
    finder: str
    text: str
    reason: str
    note: str
    made_by: str
    made_at: str
    state: MarkState = MarkState.PROPOSED
    decided_by: str = ""
    decided_at: str = ""


@dataclass(frozen=True)
class Proposal:
    """A place a finder found: the page, its rectangles and the text under them."""

    page: int
    rects: tuple[Rect, ...]
    text: str


@dataclass(frozen=True)
class RedactedCopy:
    id: int
    document_id: int
    sha256: str
    size: int
    marks_digest: str
    made_by: str
    made_at: str
    verified: str = ""  # "", "passed", "failed"
    problems: tuple[str, ...] = ()
    verified_by: str = ""
    verified_at: str = ""


@dataclass(frozen=True)
class Party:
    id: int
    kind: str  # "party" or "directory"
    name: str
    detail: str = ""


@dataclass(frozen=True)
class MarkCounts:
    proposed: int = 0
    accepted: int = 0
    rejected: int = 0


def counts(marks: Iterable[Mark]) -> MarkCounts:
    states = [m.state for m in marks]
    return MarkCounts(states.count(MarkState.PROPOSED), states.count(MarkState.ACCEPTED),
                      states.count(MarkState.REJECTED))


def marks_digest(marks: Iterable[Mark]) -> str:
    """The digest of a document's accepted marks (page, rectangles, reason): a copy made from
    other marks than the ones accepted now is out of date."""
    accepted = sorted((m.page, [list(r) for r in m.rects], m.reason) for m in marks
                      if m.state == MarkState.ACCEPTED)
    return hashlib.sha256(json.dumps(accepted).encode()).hexdigest()


def rect_refusal(rect: Rect, page_size: tuple[float, float]) -> str | None:
    """Why a drawn rectangle cannot be a mark on a page of ``page_size`` (or None)."""
    x0, y0, x1, y1 = rect
    if x1 - x0 < 1 or y1 - y0 < 1:
        return "The box is empty: its second corner must be right of and below the first."
    width, height = page_size
    if x1 <= 0 or y1 <= 0 or x0 >= width or y0 >= height:
        return f"The box lies outside the page ({width:.0f} x {height:.0f} points)."
    return None


def copy_use_refusal(copy: RedactedCopy | None, marks: Iterable[Mark], *, approved: bool,
                     document: str) -> str | None:
    """Why the redacted copy of ``document`` may not go into a bundle or be sent (or None)."""
    marks = list(marks)
    if copy is None:
        return f"{document} has no redacted copy: apply its accepted marks first."
    if copy.marks_digest != marks_digest(marks):
        return (f"The redacted copy of {document} is out of date: its marks changed after it "
                "was made. Apply them again.")
    if copy.verified == "failed":
        return (f"The redacted copy of {document} failed verification: "
                f"{'; '.join(copy.problems) or 'see its check'}.")
    if copy.verified != "passed":
        return f"The redacted copy of {document} has not been verified."
    if not approved:
        return ("The redacted copies of this case have not been approved as they stand: a "
                "manager or a second privacy officer must approve them.")
    return None


def approver_refusal(approver: str, authors: Iterable[str]) -> str | None:
    """Why ``approver`` may not approve a redacted set made by ``authors`` (or None): as for
    letters, the approver (a manager or a privacy officer) neither accepted nor applied it."""
    if approver in set(authors):
        return (f"{approver} accepted or applied marks of these redactions, so cannot approve "
                "them: a second privacy officer or a manager must.")
    return None

"""Closing means done: when a case may be recorded as responded or closed, and overrides.

Pure rules over a :class:`~sar_desk.core.entities.CaseSnapshot` (no store, no Qt). A case is
*responded* once a final response, refusal or outcome letter was dispatched, or a response
made outside the app is recorded (method and date). It is *closed* once its checklist is
complete: searches logged and every document decided (access), and each other right's
checklist and outcome (:func:`sar_desk.core.rights_rules.closing_problems`). A privacy
officer may override either with a written reason; the override is kept on the case (its
``extra`` values, under :data:`OVERRIDE_KEYS`) and shown wherever the case is.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from sar_desk.core.entities import CaseSnapshot, DisclosureStatus, EventKind, RequestType

__all__ = [
    "OUTSIDE_KEY",
    "OVERRIDE_KEYS",
    "Override",
    "OutsideResponse",
    "access_closing_problems",
    "load_details",
    "override_reason_problem",
    "outside_response",
    "override_for",
    "overrides",
    "response_reason",
]

# The case's extra key holding the override of each ending, and of the outside response.
OVERRIDE_KEYS = {EventKind.RESPONDED: "override_responded", EventKind.CLOSED: "override_closed"}
OUTSIDE_KEY = "responded_outside"
MIN_REASON = 10  # characters: an override needs a sentence, not a tick


@dataclass(frozen=True)
class Override:
    """A written reason an officer gave for recording an ending the rules would refuse."""

    kind: EventKind
    reason: str
    by: str
    on: dt.date | None
    refused: str = ""  # what the rule said at the time

    def to_text(self) -> str:
        return json.dumps({"reason": self.reason, "by": self.by, "refused": self.refused,
                           "on": self.on.isoformat() if self.on else ""}, sort_keys=True)

    def describe(self) -> str:
        """'Closed by override (j.smith, 2026-03-02): reason' for the case's page."""
        what = "Closed" if self.kind == EventKind.CLOSED else "Marked responded"
        stamp = ", ".join(x for x in (self.by, self.on.isoformat() if self.on else "") if x)
        return f"{what} by override ({stamp}): {self.reason}"


@dataclass(frozen=True)
class OutsideResponse:
    """A response made outside the app (by hand, by phone, through a portal...)."""

    method: str
    on: dt.date
    note: str = ""
    by: str = ""

    def to_text(self) -> str:
        return json.dumps({"method": self.method, "on": self.on.isoformat(),
                           "note": self.note, "by": self.by}, sort_keys=True)

    def describe(self) -> str:
        note = f" – {self.note}" if self.note else ""
        return (f"Response made outside the app on {self.on.isoformat()} by {self.method}"
                f"{note}")


def load_details(text: str | None) -> dict:
    """The JSON object in ``text`` ({} when it is empty or not one)."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _date(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return None


def override_for(case: CaseSnapshot, kind: EventKind) -> Override | None:
    """The override recorded for ending ``kind`` on ``case`` (None: there is none, or the
    ending it let through was voided since)."""
    key = OVERRIDE_KEYS.get(kind)
    data = load_details(case.extra.get(key)) if key else {}
    if not data.get("reason") or not any(e.kind == kind for e in case.events):
        return None
    return Override(kind, str(data["reason"]), str(data.get("by", "")),
                    _date(data.get("on")), str(data.get("refused", "")))


def overrides(case: CaseSnapshot) -> list[Override]:
    """Every override recorded on ``case`` (responded first, then closed)."""
    return [o for k in OVERRIDE_KEYS if (o := override_for(case, k)) is not None]


def outside_response(case: CaseSnapshot) -> OutsideResponse | None:
    """The response made outside the app, if one is recorded."""
    data = load_details(case.extra.get(OUTSIDE_KEY))
    on = _date(data.get("on"))
    if not data.get("method") or on is None:
        return None
    return OutsideResponse(str(data["method"]), on, str(data.get("note", "")),
                           str(data.get("by", "")))


def response_reason(case: CaseSnapshot, is_final: Callable[[str], bool]) -> str | None:
    """Why ``case`` cannot be recorded as responded (None: a final letter went out, or a
    response made outside the app is recorded). ``is_final`` says whether a letter kind is a
    final response, refusal or outcome letter (the letter kinds' records say)."""
    kinds = {x.id: x.kind for x in case.letters}
    if any(d.letter_id in kinds and is_final(kinds[d.letter_id]) for d in case.dispatches):
        return None
    if outside_response(case) is not None:
        return None
    return (f"{case.reference} has no final response, refusal or outcome letter dispatched, "
            "and no response made outside the app is recorded. Dispatch the approved letter, "
            "or record how and when the response was made; an officer may instead override "
            "with a written reason.")


def access_closing_problems(case: CaseSnapshot) -> list[str]:
    """What the access checklist still lacks before ``case`` can be closed ([] if nothing):
    a search logged and a disclosure decision on every document. A withdrawn request needs
    neither."""
    if RequestType.ACCESS not in case.request_types:
        return []
    if any(e.kind == EventKind.WITHDRAWN for e in case.events):
        return []
    problems = []
    if not case.search_log:
        problems.append("access: no search is logged (search log)")
    for d in case.documents:
        if d.status == DisclosureStatus.UNDECIDED:
            problems.append(f"access: document #{d.id} '{d.filename}' has no disclosure "
                            "decision")
    return problems


def override_reason_problem(reason: str) -> str | None:
    """Why ``reason`` is not enough to override a refused ending (None: it is)."""
    if len(reason.strip()) < MIN_REASON:
        return (f"An override needs a written reason of at least {MIN_REASON} characters "
                "saying why the case may end although the checklist is not complete.")
    return None

"""The demo's closures by override: a few closed demo cases were closed by an officer's
written override, so the case page, the header and the compliance report show one."""

from __future__ import annotations

from typing import Any

from sar_desk.core.closing_rules import OVERRIDE_KEYS, Override
from sar_desk.core.entities import EventKind
from sar_desk.store import audit
from sar_desk.store import case_records as records

OVERRIDE_REASON = ("Requester confirmed by phone that nothing further is wanted; the paper "
                   "search notes were not transcribed")


def mark_overrides(specs: list[Any]) -> None:
    """A few closed cases were closed by an officer's override, so the case page, the
    header and the compliance report show one (every twelfth closed case from the third)."""
    closed = [x for x in specs if any(k == EventKind.CLOSED for k, _d, _n in x.events)]
    for spec in closed[2::12]:
        spec.override = OVERRIDE_REASON


def demo_override(spec: Any) -> Override | None:
    """The override a demo case's closure was recorded with (None: none)."""
    day = next((d for k, d, _n in spec.events if k == EventKind.CLOSED), None)
    if not spec.override or day is None:
        return None
    return Override(EventKind.CLOSED, spec.override, spec.assignee, day,
                    "the checklist was not complete")


def write_override(session: Any, made: Override, at: str) -> None:
    """Store the override on the case being written, with its audit entry."""
    from sar_desk.services.closing import OVERRIDDEN

    records.set_extra(session, OVERRIDE_KEYS[EventKind.CLOSED], made.to_text())
    audit.append(session, made.by, OVERRIDDEN, {"kind": "closed", "date": made.on.isoformat(),
                                                "reason": made.reason,
                                                "refused": made.refused}, at=at)

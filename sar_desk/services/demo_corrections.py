"""Corrections in the demo workspace, so it shows what a corrected record looks like: an
event voided, a received date corrected, a letter discarded and generated again.

They are made through the same services a user drives, on the first few open cases, each
by the case's assignee with a reason.
"""

from __future__ import annotations

import datetime as dt

from sar_desk.core.entities import CaseStatus, EventKind
from sar_desk.errors import SarDeskError
from sar_desk.store.workspace import Workspace


def add_demo_corrections(ws: Workspace, refs: list[str], as_of: dt.date) -> list[str]:
    """Correct up to three open cases of ``refs``; returns the references corrected."""
    from sar_desk.services import cases
    from sar_desk.services import corrections as fix
    from sar_desk.services.letters import generate_letter

    wanted = set(refs)
    candidates = sorted(r.reference for r in cases.list_cases(ws, status="open")
                        if r.reference in wanted)
    done: list[str] = []
    for step in (_void, _edit, _letter):
        for ref in [r for r in candidates if r not in done][:10]:
            try:
                step(ws, cases.get_case(ws, ref), as_of, cases, fix, generate_letter)
            except SarDeskError:  # this case does not suit (or the rules refuse): the next
                continue
            done.append(ref)
            break
    return done


def _void(ws, case, as_of, cases, fix, _generate) -> None:
    if case.status != CaseStatus.OPEN or case.events:
        raise SarDeskError("a case with no event yet is wanted")
    who = case.assignee
    snap = cases.record_event(ws, case.reference, EventKind.CLARIFICATION_REQUESTED,
                              case.received, "Which of your accounts do you mean?", actor=who)
    event = snap.events[-1]
    fix.void_event(ws, case.reference, event.id,
                   "Recorded on the wrong case: the requester was clear.", actor=who)


def _edit(ws, case, as_of, cases, fix, _generate) -> None:
    fix.edit_case(ws, case.reference, {"received": case.received - dt.timedelta(days=1)},
                  "The postmark shows the request arrived a day before the date stamp.",
                  actor=case.assignee)


def _letter(ws, case, as_of, cases, fix, generate) -> None:
    who = case.assignee
    first, _data = generate(ws, case.reference, "acknowledgement", "pdf", as_of=as_of,
                            actor=who)
    fix.discard_letter(ws, case.reference, first.id,
                       "Sent to the old address: the requester has moved.", actor=who)
    generate(ws, case.reference, "acknowledgement", "pdf", as_of=as_of, actor=who)

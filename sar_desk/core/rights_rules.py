"""Each right's checklist, and why a case cannot be closed yet, from what a case recorded.

Pure rules over :mod:`sar_desk.core.rights` values (no store, no Qt): :func:`checklist`
lists what is done and still open per right, :func:`closing_problems` says why a case
cannot be closed yet, and :func:`check_outcome` rejects an outcome the rules do not allow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sar_desk.core.entities import RequestType
from sar_desk.core.rights import (
    ART19_RIGHTS,
    BY_CODE,
    EMPTY,
    SPECS,
    ActionKind,
    ObjectionBasis,
    RecipientTold,
    Result,
    RightOutcome,
    RightsRecord,
)
from sar_desk.errors import InputError

__all__ = ["ChecklistItem", "check_outcome", "checklist", "closing_problems"]


@dataclass(frozen=True)
class ChecklistItem:
    """One line of a right's checklist: ``state`` is done, open (to do) or info."""

    right: RequestType
    label: str
    state: str
    who: str = ""
    when: dt.date | None = None
    action_id: int | None = None


def _result_text(outcome: RightOutcome) -> str:
    text = {"complied": "done in full", "partly": "done in part",
            "refused": "refused"}[outcome.result.value]
    if outcome.basis:
        text += f" ({outcome.basis.value.replace('-', ' ')})"
    return text


def checklist(request_types: tuple[RequestType, ...], record: RightsRecord | None,
              recipients: tuple[str, ...] = ()) -> tuple[ChecklistItem, ...]:
    """The checklist of every right requested: actions, outcome, recipients told, gaps."""
    record = record or EMPTY
    items: list[ChecklistItem] = []
    for right in request_types:
        if right == RequestType.ACCESS:
            items.append(ChecklistItem(right, "Search, decide on documents and send the "
                                       "response (search log, documents, letters)", "info"))
            continue
        for action in record.actions_for(right):
            state = "done" if action.done else "open"
            if action.kind == ActionKind.EXCEPTION and not action.reason.strip():
                state = "open"
            who = action.completed_by or action.recorded_by
            items.append(ChecklistItem(right, action.text(), state, who, action.done_on,
                                       action.id))
        outcome = record.outcome(right)
        if outcome is None:
            items.append(ChecklistItem(right, "Outcome not yet recorded", "open"))
        else:
            items.append(ChecklistItem(right, f"Outcome: {_result_text(outcome)}"
                                       + (f" – {outcome.reasons}" if outcome.reasons else ""),
                                       "done", outcome.decided_by, outcome.decided_on))
        if right in ART19_RIGHTS:
            told = record.told(right)
            for name in _all_recipients(recipients, told):
                entry = told.get(name)
                if name in recipients:
                    name = f"{recipients.index(name) + 1}. {name}"
                if entry is None:
                    items.append(ChecklistItem(right, f"Recipient {name} – not yet recorded "
                                               "whether told (Art. 19)", "open"))
                else:
                    text = "told" + (f" by {entry.method}" if entry.method else "") if \
                        entry.told else f"not told – {entry.note}"
                    items.append(ChecklistItem(right, f"Recipient {name} – {text}", "done",
                                               entry.recorded_by, entry.on))
        for problem in _missing_actions(right, record):
            items.append(ChecklistItem(right, problem, "open"))
    return tuple(items)


def _all_recipients(profile: tuple[str, ...], told: dict[str, RecipientTold]) -> list[str]:
    return [*profile, *(name for name in told if name not in profile)]


def _done(record: RightsRecord, right: RequestType, *kinds: ActionKind) -> bool:
    return any(a.kind in kinds and a.done for a in record.actions_for(right))


def _missing_actions(right: RequestType, record: RightsRecord) -> list[str]:
    """What the checklist still lacks for the outcome recorded (nothing before an outcome)."""
    outcome = record.outcome(right)
    if outcome is None:
        return []
    acted = outcome.result in (Result.COMPLIED, Result.PARTLY)
    missing = []
    if right == RequestType.RECTIFICATION and acted and not _done(
            record, right, ActionKind.CORRECTED):
        missing.append("No system recorded as corrected")
    elif right == RequestType.ERASURE and acted and not _done(
            record, right, ActionKind.ERASED, ActionKind.EXCEPTION):
        missing.append("No system recorded as erased from, and no exception relied on")
    elif right == RequestType.RESTRICTION and acted and not _done(
            record, right, ActionKind.RESTRICTED):
        missing.append("Nothing recorded as restricted")
    elif right == RequestType.PORTABILITY and acted and not (
            record.exports or _done(record, right, ActionKind.EXPORTED, ActionKind.TRANSMITTED)):
        missing.append("No portability export produced")
    elif right == RequestType.OBJECTION:
        if outcome.basis == ObjectionBasis.DIRECT_MARKETING:
            if not _done(record, right, ActionKind.MARKETING_STOPPED):
                missing.append("Direct marketing not yet recorded as stopped (an objection to "
                               "direct marketing is absolute: processing for marketing must stop)")
        else:
            if not _done(record, right, ActionKind.BALANCING_TEST):
                missing.append("No balancing test recorded")
            if acted and not _done(record, right, ActionKind.PROCESSING_STOPPED):
                missing.append("The objection was upheld but no processing is recorded as "
                               "stopped")
    return missing


def closing_problems(request_types: tuple[RequestType, ...], record: RightsRecord | None,
                     recipients: tuple[str, ...] = (), *, withdrawn: bool = False
                     ) -> list[str]:
    """Why the case cannot be closed yet, one sentence each ([] when it can be).

    Open checklist lines and erasure exceptions without a reason always stop a closure; a
    withdrawn request needs no outcome, any other needs one per right with what it implies.
    """
    record = record or EMPTY
    problems = []
    for a in record.actions:
        if not a.done:
            what = a.system or SPECS[a.kind].label.lower()
            problems.append(f"{a.right.value}: '{what}' (checklist line {a.id}) is still open")
        if a.kind == ActionKind.EXCEPTION and not a.reason.strip():
            entry = BY_CODE.get(a.code)
            problems.append(f"{a.right.value}: the exception "
                            f"'{entry.title if entry else a.code}' (checklist line {a.id}) has "
                            "no recorded reason")
    if withdrawn:
        return problems
    for right in request_types:
        if right == RequestType.ACCESS:
            continue
        outcome = record.outcome(right)
        if outcome is None:
            problems.append(f"{right.value}: no outcome recorded")
            continue
        problems += [f"{right.value}: {m[0].lower()}{m[1:]}" for m in
                     _missing_actions(right, record)]
        if right in ART19_RIGHTS and outcome.result != Result.REFUSED:
            told = record.told(right)
            untold = [f"'{name}'" for name in recipients if name not in told]
            if untold:
                who = "these recipients were" if len(untold) > 1 else "the recipient was"
                problems.append(f"{right.value}: not recorded whether {who} told "
                                f"(Art. 19): {', '.join(untold)}")
    return problems


def check_outcome(right: RequestType, result: Result, reasons: str,
                  basis: ObjectionBasis | None, *, refusal_decided: bool) -> None:
    """Reject an outcome the rules do not allow, naming the rule (InputError)."""
    if result in (Result.REFUSED, Result.PARTLY) and not reasons.strip():
        raise InputError(f"Give the reasons for not complying in full with the {right.value} "
                         "request: the letter must state them.")
    if right == RequestType.OBJECTION:
        if basis is None:
            raise InputError("Say whether the objection concerns direct marketing or is "
                             "decided by the balancing test.", code="field.required",
                             fields=("basis",))
        if (basis == ObjectionBasis.DIRECT_MARKETING and result != Result.COMPLIED
                and not refusal_decided):
            raise InputError("An objection to direct marketing is absolute (Art. 21(3)): "
                             "processing for marketing must stop. It can only be refused as "
                             "manifestly unfounded or excessive, with a refusal decision "
                             "recorded first.")
    elif basis is not None:
        raise InputError("The basis (direct marketing or balancing test) applies to "
                         "objections only.")

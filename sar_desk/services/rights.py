"""Use cases for the rights beyond access: checklist actions, outcomes, recipients told
(Art. 19), the portability export, and the guard that stops a case closing too early.

Each change is checked first (a bad value raises :class:`~sar_desk.errors.InputError` and
leaves the case file untouched), then written with its audit entry through the case
service's one-writer transaction, which also refreshes the registry row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from sar_desk.core.case_actions import add_right_reason
from sar_desk.core.entities import (
    CaseSnapshot,
    DecisionKind,
    EventKind,
    RequestType,
)
from sar_desk.core.rights import (
    ART19_RIGHTS,
    ActionKind,
    ObjectionBasis,
    PortabilityExport,
    RecipientTold,
    Result,
    RightAction,
    RightOutcome,
    get_exception,
    parse_action,
    parse_right,
)
from sar_desk.core.rights_rules import (
    ChecklistItem,
    check_outcome,
    closing_problems,
)
from sar_desk.core.rights_rules import (
    checklist as build_checklist,
)
from sar_desk.errors import InputError

if TYPE_CHECKING:
    from sar_desk.store.workspace import Workspace


def _requested(case: CaseSnapshot, right: RequestType) -> None:
    if right not in case.request_types:
        asked = ", ".join(t.value for t in case.request_types)
        raise InputError(f"{case.reference} does not ask for {right.value} (it asks for "
                         f"{asked}): add the right first. Nothing was changed.",
                         code="right.not_requested", reference=case.reference,
                         right=right.value)


def _day(ws: Workspace, on: dt.date | None, what: str) -> dt.date:
    from sar_desk.services.case_base import not_after_today

    day = on or ws.clock.today()
    if not isinstance(day, dt.date):
        raise InputError(f"The {what} {day!r} is not a date.")
    not_after_today(ws, day, what)
    return day


def recipients_for(ws: Workspace, *, strict: bool = True) -> tuple[str, ...]:
    """The recipients of personal data named in the organisation profile (Art. 19).

    With ``strict=False`` a profile that cannot be read gives no recipients instead of its
    error (for displays; closing a case always reads the profile).
    """
    from sar_desk.documents.errors import ProfileError
    from sar_desk.services.settings import workspace_profile

    try:
        return tuple(workspace_profile(ws).get("article15.recipients", []) or ())
    except ProfileError:
        if strict:
            raise
        return ()


# --- changes ----------------------------------------------------------------------------


def add_right(ws: Workspace, ref: str, right: RequestType | str, *,
              actor: str | None = None) -> CaseSnapshot:
    """Add a right the request also exercises (one request may ask for several)."""
    from sar_desk.services.unit_of_work import change_case
    from sar_desk.store import audit
    from sar_desk.store.case_records import request_row

    right = parse_right(right)

    def change(session, before: CaseSnapshot, who: str) -> None:
        if (why := add_right_reason(before)) is not None:
            raise InputError(why)
        if right in before.request_types:
            raise InputError(f"{before.reference} already asks for {right.value}.")
        types = [*before.request_types, right]
        request_row(session).request_types = ",".join(t.value for t in types)
        audit.append(session, who, "right_added", {"right": right.value,
                                                   "request_types": [t.value for t in types]})

    return change_case(ws, ref, actor, change)[1]


def record_action(ws: Workspace, ref: str, right: RequestType | str, action: ActionKind | str,
                  *, system: str = "", detail: str = "", code: str = "", reason: str = "",
                  lifts: str = "", done: bool = True, on: dt.date | None = None,
                  actor: str | None = None) -> RightAction:
    """Add a line to a right's checklist (``done=False``: still to do, e.g. a system to erase)."""
    from sar_desk.services.unit_of_work import change_case
    from sar_desk.store import rights_schema

    right = parse_right(right)
    kind = parse_action(right, action)
    system, detail, reason, lifts = system.strip(), detail.strip(), reason.strip(), lifts.strip()
    spec_needs_system = kind in (ActionKind.CORRECTED, ActionKind.ERASED, ActionKind.RESTRICTED,
                                 ActionKind.LIFTED, ActionKind.MARKETING_STOPPED,
                                 ActionKind.PROCESSING_STOPPED)
    if spec_needs_system and not system:
        raise InputError(f"Name the system for the {kind.value.replace('_', ' ')} line of the "
                         f"{right.value} checklist.", code="field.required", fields=("system",))
    if kind == ActionKind.CORRECTED and done and not detail:
        raise InputError("Say what was changed in the rectification, for example "
                         "'address updated from 1 Old Road to 2 New Street'.",
                         code="field.required", fields=("detail",))
    if kind == ActionKind.RESTRICTED and (not detail or not lifts):
        raise InputError("Say what was restricted and when or on what condition the "
                         "restriction lifts.", code="field.required", fields=("detail", "lifts"))
    if kind in (ActionKind.BALANCING_TEST, ActionKind.TRANSMITTED) and not detail:
        raise InputError(f"Describe the {kind.value.replace('_', ' ')}.", code="field.required",
                         fields=("detail",))
    if kind == ActionKind.EXCEPTION:
        code = get_exception(code).code
    elif code:
        raise InputError("An exception code applies only to an erasure exception line.")
    if kind == ActionKind.EXPORTED:
        raise InputError("The export line is recorded by producing the export.",
                         code="right.export_line")
    day = _day(ws, on, "action date") if done else None

    def change(session, before: CaseSnapshot, who: str) -> RightAction:
        _requested(before, right)
        return rights_schema.add_action(session, RightAction(
            id=0, right=right, kind=kind, system=system, detail=detail, code=code,
            reason=reason, lifts=lifts, done=done, done_on=day), who)

    return change_case(ws, ref, actor, change)[0]


def complete_action(ws: Workspace, ref: str, action_id: int, *, on: dt.date | None = None,
                    reason: str | None = None, detail: str | None = None,
                    actor: str | None = None) -> RightAction:
    """Mark an open checklist line done (and give an exception its reason)."""
    from sar_desk.services.unit_of_work import change_case
    from sar_desk.store import rights_schema

    day = _day(ws, on, "action date")

    def change(session, before: CaseSnapshot, who: str) -> RightAction:
        current = rights_schema.get_action(session, action_id)
        if current is None:
            raise InputError(f"{before.reference} has no checklist line {action_id}.")
        why = reason.strip() if reason is not None else None
        if current.done and not why and detail is None and (
                current.kind != ActionKind.EXCEPTION or current.reason.strip()):
            raise InputError(f"Checklist line {action_id} is already done; nothing was "
                             "changed.")
        if current.kind == ActionKind.EXCEPTION and not (why or current.reason.strip()):
            raise InputError("Give the reason the exception applies.", code="field.required",
                             fields=("reason",))
        what = detail.strip() if detail is not None else None
        if current.kind == ActionKind.CORRECTED and not (what or current.detail):
            raise InputError("Say what was changed.", code="field.required",
                             fields=("detail",))
        return rights_schema.complete_action(session, action_id, day, who, reason=why,
                                             detail=what)

    return change_case(ws, ref, actor, change)[0]


def set_outcome(ws: Workspace, ref: str, right: RequestType | str, result: Result | str,
                reasons: str = "", *, basis: ObjectionBasis | str | None = None,
                on: dt.date | None = None, actor: str | None = None) -> CaseSnapshot:
    """Record the outcome of one right: complied, partly (with reasons) or refused (reasons)."""
    from sar_desk.services.unit_of_work import change_case
    from sar_desk.store import rights_schema

    right = parse_right(right)
    try:
        result = Result(str(result).strip().lower())
    except ValueError:
        raise InputError(f"Unknown outcome {result!r}: use complied, partly or refused.") \
            from None
    try:
        basis = ObjectionBasis(str(basis).strip().lower()) if basis else None
    except ValueError:
        raise InputError(f"Unknown objection basis {basis!r}: use direct-marketing or "
                         "balancing.") from None
    day = _day(ws, on, "outcome date")

    def change(session, before: CaseSnapshot, who: str) -> None:
        _requested(before, right)
        refusal = before.latest_decision(DecisionKind.REFUSE) is not None
        check_outcome(right, result, reasons, basis, refusal_decided=refusal)
        rights_schema.set_outcome(session, RightOutcome(
            right=right, result=result, reasons=reasons.strip(), basis=basis,
            decided_on=day), who)

    return change_case(ws, ref, actor, change)[1]


def record_recipient_told(ws: Workspace, ref: str, right: RequestType | str, recipient: str,
                          told: bool = True, *, on: dt.date | None = None, method: str = "",
                          note: str = "", actor: str | None = None) -> CaseSnapshot:
    """Record whether a recipient of the data was told of the change (Art. 19).

    ``recipient`` is one of the profile's recipients, by its text or its number (1, 2...),
    or another named recipient the data went to.
    """
    from sar_desk.services.unit_of_work import change_case
    from sar_desk.store import rights_schema

    right = parse_right(right)
    if right not in ART19_RIGHTS:
        raise InputError(f"Recipients are told of rectification, erasure and restriction "
                         f"(Art. 19), not of {right.value}.")
    name = resolve_recipient(recipients_for(ws), recipient)
    if told and not method.strip():
        raise InputError("Say how the recipient was told (e.g. email or letter).",
                         code="field.required", fields=("method",))
    if not told and not note.strip():
        raise InputError("Say why the recipient was not told: the data was never disclosed "
                         "to them, or telling them is impossible or would involve "
                         "disproportionate effort.", code="field.required", fields=("note",))
    day = _day(ws, on, "date told") if told else None

    def change(session, before: CaseSnapshot, who: str) -> None:
        _requested(before, right)
        rights_schema.add_recipient(session, RecipientTold(
            right=right, recipient=name, told=told, on=day, method=method.strip(),
            note=note.strip()), who)

    return change_case(ws, ref, actor, change)[1]


def resolve_recipient(known: tuple[str, ...], given: str) -> str:
    text = (given or "").strip()
    if not text:
        raise InputError("Name the recipient (its number in the profile list, or its name).")
    if text.isdigit():
        n = int(text)
        if not 1 <= n <= len(known):
            raise InputError(f"There is no recipient {n}: the profile lists {len(known)}.",
                             code="recipient.unknown")
        return known[n - 1]
    return text


def build_portability_export(ws: Workspace, ref: str, document_ids: list[int] | tuple[int, ...],
                             *, actor: str | None = None) -> PortabilityExport:
    """Make the JSON and CSV export of the documents the person provided; stored in the case."""
    from sar_desk.services.unit_of_work import change_case

    ids = tuple(dict.fromkeys(int(i) for i in document_ids))
    if not ids:
        raise InputError("Choose the documents the person provided: the export holds "
                         "exactly those.", code="field.required", fields=("documents",))

    def change(session, before: CaseSnapshot, who: str) -> PortabilityExport:
        _requested(before, RequestType.PORTABILITY)
        return store_export(session, before, ids, who, ws.clock.today())

    return change_case(ws, ref, actor, change)[0]


def store_export(session, case: CaseSnapshot, ids: tuple[int, ...], who: str, day: dt.date,
                 at: str | None = None) -> PortabilityExport:
    """Build and store the export of documents ``ids`` inside the caller's transaction."""
    from sar_desk.core.portability import ProvidedFile, build_export
    from sar_desk.store import case_records, rights_schema

    known = {d.id: d for d in case.documents}
    missing = [i for i in ids if i not in known]
    if missing:
        raise InputError(f"{case.reference} has no document {missing[0]}; nothing was "
                         "exported.")
    files = [ProvidedFile(i, known[i].filename, known[i].sha256,
                          case_records.document_bytes(session, i) or b"") for i in ids]
    json_data, csv_data = build_export(case.reference, case.data_subject.name, day, files)
    export = rights_schema.add_export(session, ids, json_data, csv_data, who, at)
    names = ", ".join(known[i].filename for i in ids)
    rights_schema.add_action(session, RightAction(
        id=0, right=RequestType.PORTABILITY, kind=ActionKind.EXPORTED,
        system=f"{export.file_stem}.json and .csv", detail=f"from {names}", done_on=day,
        export_id=export.id), who, at)
    return export


def export_files(ws: Workspace, ref: str, export_id: int) -> tuple[bytes, bytes]:
    """The (JSON, CSV) bytes of a stored portability export."""
    from sar_desk.services.access import require
    from sar_desk.services.case_base import normalise_reference, open_case_file
    from sar_desk.store import rights_schema

    ref = normalise_reference(ref)
    require(ws, "read_case", ref)
    with open_case_file(ws, ref) as case, case.reading() as session:
        found = rights_schema.export_bytes(session, export_id)
    if found is None:
        raise InputError(f"{ref} has no portability export {export_id}.")
    return found


def write_export(ws: Workspace, ref: str, export_id: int, out_dir: Path | str) -> list[Path]:
    """Write an export's JSON and CSV files into ``out_dir`` (to send with the letter)."""
    from sar_desk.store.outfile import refuse_inside, write_out

    folder = Path(out_dir).expanduser()
    refuse_inside(folder, ws.path, "the export")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"Cannot write the export files into {folder}: it is a file, not a "
                         "folder. Give the folder to write them into.",
                         code="out.not_a_folder", path=str(folder))
    json_data, csv_data = export_files(ws, ref, export_id)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"Cannot make the folder {folder}: {exc.strerror or exc}.",
                         path=str(folder)) from None
    written = []
    for suffix, data in (("json", json_data), ("csv", csv_data)):
        target = folder / f"portability-export-{export_id}.{suffix}"
        written.append(write_out(target, data, workspace=ws.path, what="the export"))
    return written


# --- queries and the closing guard ------------------------------------------------------


def checklist(ws: Workspace, ref: str) -> tuple[ChecklistItem, ...]:
    """The checklist of every right the case asks for (actions, outcomes, recipients told)."""
    from sar_desk.services.case_base import get_case

    case = get_case(ws, ref)
    return build_checklist(case.request_types, case.rights, recipients_for(ws, strict=False))


def rights_closing_problems(ws: Workspace, case: CaseSnapshot) -> list[str]:
    """The open lines of the checklists of the rights beyond access ([] when none)."""
    needs_recipients = any(t in ART19_RIGHTS for t in case.request_types)
    recipients = recipients_for(ws) if needs_recipients else ()
    withdrawn = any(e.kind == EventKind.WITHDRAWN for e in case.events)
    return closing_problems(case.request_types, case.rights, recipients, withdrawn=withdrawn)


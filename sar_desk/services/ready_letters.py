"""Keeping the ready letters store in step with the cases (for users who hold the content
key).

Marking a case or complaint ready copies its addressee block and its letters into the store
(:mod:`sar_desk.store.ready_store`); withdrawing it takes them out; any change to a ready
case (a letter made, discarded or dispatched) writes its entry again; a purge removes it;
re-indexing rebuilds the store from the case files. Staff read only that store
(:mod:`sar_desk.services.staff_desk`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from sar_desk.store import case_flags, keys, ready_store
from sar_desk.store.audit_chain import now_text

APPROVED = "letter_approved"  # the case audit's action for a sign-off

if TYPE_CHECKING:
    from sar_desk.store.casefile import CaseFile
    from sar_desk.store.workspace import Workspace

# The case-file modules (and the ORM under them) are imported when a ready case is read, not
# at start-up: the reading commands open the workspace without the ORM.


def _open(ws: Workspace, ref: str) -> CaseFile:
    """``ref``'s case file, read-only (the services' own opener imports access, which
    imports key rotation, which keeps this store in step)."""
    from sar_desk.store.casefile import CaseFile
    from sar_desk.store.errors import UnknownCase

    entry = ws.registry.key_entry(ref)
    if entry is None:
        raise UnknownCase(ref)
    key = keys.unwrap_case_key(ws.master_key, ws.id, ref, entry[0])
    return CaseFile.open(ws.case_path(ref), key, workspace_id=ws.id, reference=ref,
                         expected_salt=entry[1], read_only=True, backup_dir=ws.backups_dir)


def _approved(session) -> dict[int, str]:  # noqa: ANN001 - a case-file session
    """letter id -> the sha256 its latest approval covers (a final letter goes to staff only
    once approved exactly as it stands)."""
    from sar_desk.store import audit

    found = {}
    for row in audit.read_all(session):
        if row.action == APPROVED:
            with contextlib.suppress(ValueError, KeyError, TypeError):
                details = json.loads(row.details)
                found[int(details["letter_id"])] = str(details.get("sha256", ""))
    return found


def _entry(ws: Workspace, ref: str) -> ready_store.ReadyCase:
    from sar_desk.documents.letter_kinds import needs_signoff
    from sar_desk.store import case_records as records
    from sar_desk.store import complaint_schema

    case = _open(ws, ref)
    try:
        with case.reading() as session:
            if complaint_schema.is_complaint_file(session):
                person = complaint_schema.read(session).complainant
            else:
                person = records.read_snapshot(session).requester
            approved = _approved(session)
            letters = tuple(
                ready_store.ReadyLetterRow(
                    info.id, info.kind, info.format,
                    info.generated_at.isoformat() if info.generated_at else "", info.sha256,
                    sent, data)
                for info, sent, data in records.printable_letters(session)
                if not needs_signoff(info.kind) or approved.get(info.id) == info.sha256)
    finally:
        case.close()
    return ready_store.ReadyCase(ref, person.name, tuple(person.address_lines), letters)


def refresh(ws: Workspace, ref: str) -> None:
    """Write ``ref``'s entry as the case now stands (ready), or take it out (not ready)."""
    if ws.staff_key is None:
        return  # a workspace opened without its signed user list has no staff key yet
    ready = case_flags.is_ready(ws.registry, ref)
    entry = _entry(ws, ref) if ready else None
    with ready_store.opened(ws.path, ws.staff_key, ws.id) as conn:
        if entry is None:
            ready_store.remove_cases(conn, [ref])
        else:
            ready_store.put_case(conn, entry, now_text())


def refresh_if_ready(ws: Workspace, ref: str) -> None:
    """After a change to ``ref``: write its entry again when it is marked ready."""
    if ws.staff_key is not None and case_flags.is_ready(ws.registry, ref):
        refresh(ws, ref)


def forget(ws: Workspace, references: Iterable[str]) -> None:
    """Take purged (or otherwise gone) ``references`` out of the store."""
    refs = list(references)
    if ws.staff_key is None or not refs or not ready_store.ready_path(ws.path).is_file():
        return
    with ready_store.opened(ws.path, ws.staff_key, ws.id) as conn:
        ready_store.remove_cases(conn, refs)


def rebuild(ws: Workspace) -> int:
    """Rewrite the store from the case files: every case marked ready, nothing else (a
    store that no longer opens with the staff key is made anew). Returns the cases kept."""
    if ws.staff_key is None:
        return 0
    ready = sorted(case_flags.ready_references(ws.registry))
    keyed = set(ws.registry.references_with_keys())
    entries = [_entry(ws, ref) for ref in ready if ref in keyed and ws.case_path(ref).is_file()]
    try:
        _write_all(ws, entries)
    except Exception as exc:  # noqa: BLE001 - a store under replaced keys: make it anew
        if getattr(exc, "code", "") != "ready.damaged":
            raise
        ready_store.discard(ws.path)
        _write_all(ws, entries)
    return len(entries)


def _write_all(ws: Workspace, entries: list[ready_store.ReadyCase]) -> None:
    assert ws.staff_key is not None
    at = now_text()
    with ready_store.opened(ws.path, ws.staff_key, ws.id) as conn:
        keep = {e.reference for e in entries}
        ready_store.remove_cases(conn, [r for r in ready_store.references(conn)
                                        if r not in keep])
        for entry in entries:
            ready_store.put_case(conn, entry, at)


def follow_staff_key(ws: Workspace, previous_staff: bytes | None) -> None:
    """After the staff key was replaced: re-key the store (its audit kept), or rebuild it
    when the previous key no longer opens it."""
    if ws.staff_key is None:
        return
    if previous_staff is None or not ready_store.rekey(ws.path, ws.id, previous_staff,
                                                       ws.staff_key):
        if case_flags.ready_references(ws.registry):
            rebuild(ws)


def carry_dispatches(ws: Workspace, record: Callable[[str, int, dt.date, str, str], object]
                     ) -> int:
    """Carry the dispatches staff recorded in the ready store into the case files, with
    ``record(reference, letter id, date, method, staff login)``; a dispatch the case refuses
    (the letter was discarded since, the case purged) is kept with the reason. Returns how
    many were carried."""
    from sar_desk.errors import SarDeskError

    if ws.staff_key is None or not ready_store.ready_path(ws.path).is_file():
        return 0
    with ready_store.opened(ws.path, ws.staff_key, ws.id) as conn:
        pending = ready_store.pending_dispatches(conn)
    carried = 0
    for item in pending:
        try:
            record(item.reference, item.letter_id, dt.date.fromisoformat(item.date),
                   item.method, item.recorded_by)
            outcome = "carried"
            carried += 1
        except SarDeskError as exc:
            outcome = f"not carried: {exc}"
        with ready_store.opened(ws.path, ws.staff_key, ws.id) as conn:
            ready_store.set_carried(conn, item.id, outcome)
    return carried


def has_store(ws: Workspace) -> bool:
    """Whether the workspace has a ready letters store yet."""
    return ready_store.ready_path(ws.path).is_file()


def problems(ws: Workspace) -> list[str]:
    """What ``verify`` says of the ready letters store: its audit chain, or that it does not
    open with the staff key ([] when all good, or when there is none yet)."""
    from sar_desk.errors import SarDeskError

    if ws.staff_key is None or not has_store(ws):
        return []
    try:
        with ready_store.opened(ws.path, ws.staff_key, ws.id) as conn:
            return [f"{ready_store.ready_path(ws.path)}: {p}"
                    for p in ready_store.audit_problems(conn)]
    except SarDeskError as exc:
        return [str(exc)]

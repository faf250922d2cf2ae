"""Retention: which closed cases are past their retention period, legal hold, and the purge.

The period comes from the organisation profile (``[retention] closed_case_years``, six years
by default) and runs from the day the case closed (its ``closed`` or ``withdrawn`` event).
Purging destroys only what is due today (a later date is a preview), once the person
purging confirms how many cases that is. It destroys the case's wrapped key (a copy of the
case file alone can no longer be read), deletes the case file with its -wal/-shm and
migration backup copies, leaves a tombstone in the registry (reference, dates, reason: no
personal data; the reference is never given again), writes a workspace audit entry and a
destruction certificate (PDF). Key, tombstone, audit entry and a record of the work left
are one transaction; deleting the files and writing the certificate follow and are finished
on the next open if they were cut off (:mod:`sar_desk.services.purge_finish`). A case under
legal hold is never purged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sar_desk.core import purge_rules
from sar_desk.core.clock import now
from sar_desk.core.entities import CaseStatus, EventKind
from sar_desk.core.roles import Action
from sar_desk.errors import InputError
from sar_desk.services import access, backup_policy, purge_finish
from sar_desk.store import case_flags, keys, locks, registry_schema
from sar_desk.store import users as store
from sar_desk.store.case_flags import Tombstone
from sar_desk.store.case_store import store_of
from sar_desk.store.errors import StoreError
from sar_desk.store.workspace import Workspace

DEFAULT_YEARS = 6
ENDS = (EventKind.CLOSED, EventKind.WITHDRAWN)
DEFAULT_REASON = "retention period ended"


@dataclass(frozen=True)
class RetentionItem:
    reference: str
    received: dt.date
    closed: dt.date
    retain_until: dt.date
    held: bool
    hold_reason: str = ""

    def to_json(self) -> dict:
        return {"reference": self.reference, "received": self.received.isoformat(),
                "closed": self.closed.isoformat(), "retain_until": self.retain_until.isoformat(),
                "held": self.held, "hold_reason": self.hold_reason}


@dataclass(frozen=True)
class Purged:
    tombstone: Tombstone
    certificate: bytes
    certificate_path: Path | None


def retention_years(ws: Workspace) -> int:
    """The profile's retention period for closed cases, in whole years."""
    from sar_desk.services.settings import workspace_profile

    value = workspace_profile(ws).get("retention.closed_case_years", DEFAULT_YEARS)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InputError(f"The profile's retention.closed_case_years is {value!r}; it must be "
                         "a whole number of years (for example 6).")
    return value


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def holds(ws: Workspace) -> dict[str, str]:
    """reference -> reason, for every case under legal hold."""
    return case_flags.holds(ws.registry)


def closed_cases(ws: Workspace) -> list[RetentionItem]:
    """Every closed or withdrawn case with the day its retention ends (registry only)."""
    years = retention_years(ws)
    held = holds(ws)
    items = []
    for row in ws.registry.list(status="closed"):
        if row.status not in (CaseStatus.CLOSED, CaseStatus.WITHDRAWN):
            continue
        ends = [d for kind, d in row.events if kind in ENDS]
        closed = max(ends) if ends else max([d for _k, d in row.events] or [row.received])
        items.append(RetentionItem(row.reference, row.received, closed, add_years(closed, years),
                                   row.reference in held, held.get(row.reference, "")))
    from sar_desk.services.complaints import closed_complaints  # their files go the same way

    for ref, received, closed in closed_complaints(ws):
        items.append(RetentionItem(ref, received, closed, add_years(closed, years),
                                   ref in held, held.get(ref, "")))
    return items


def due_for_purge(ws: Workspace, as_of: dt.date | None = None) -> list[RetentionItem]:
    """Closed cases whose retention period has ended by ``as_of`` (held ones included,
    marked ``held``: they are listed but never purged)."""
    access.require(ws, Action.VIEW_RETENTION)
    day = as_of or ws.clock.today()
    return [item for item in closed_cases(ws) if item.retain_until <= day]


def set_hold(ws: Workspace, ref: str, reason: str = "", *, release: bool = False,
             actor: str | None = None) -> None:
    """Place (or release) a legal hold on a case: a held case is never purged."""
    from sar_desk.services import cases
    from sar_desk.services.unit_of_work import change_case
    from sar_desk.store import audit

    ref = cases.normalise_reference(ref)
    user = access.require(ws, Action.LEGAL_HOLD, ref)
    if not release and not reason.strip():
        raise InputError("Give the reason for the legal hold (for example the claim or "
                         "investigation it is for).")
    who = actor or user.login
    action = "hold_released" if release else "legal_hold"

    def flag() -> None:
        with ws.registry.writing() as conn:
            case_flags.set_hold(conn, ref, not release, reason.strip(), who)
            store.append_audit(conn, user.login, action, {}, reference=ref)

    # The registry flag is what keeps a case from the purge: a hold sets it first and a
    # release clears it last, so a stop between the two writes never leaves a case that
    # its audit trail says is held open to purging.
    if not release:
        flag()
    change_case(ws, ref, who, lambda s, _b, w: audit.append(
        s, w, action, {"reason": reason.strip()}), action=Action.LEGAL_HOLD)
    if release:
        flag()
    store_of(ws).share_state()  # on a team workspace: seen by every workstation at once


def tombstones(ws: Workspace) -> list[Tombstone]:
    return case_flags.tombstones(ws.registry)


def _final_audit(ws: Workspace, ref: str) -> tuple[int, str]:
    """The newest entry of the case's audit chain (seq, hash), read from the case file."""
    from sar_desk.services.cases import open_case_file
    from sar_desk.store import audit

    with open_case_file(ws, ref) as case, case.reading() as session:
        last = audit.last_entry(session)
    return (last.seq, last.hash) if last else (0, audit.GENESIS)


def scrub_registry(ws: Workspace) -> None:
    """Leave no trace of deleted rows in the registry file (FTS segments, free pages, WAL)."""
    ws.registry.scrub()


def purge(ws: Workspace, *, confirm: int | None, as_of: dt.date | None = None,
          references: list[str] | None = None, reason: str = DEFAULT_REASON,
          certificates_dir: Path | str | None = None) -> list[Purged]:
    """Destroy every case past retention today (or those of ``references`` that are),
    except held ones; returns what was purged with each destruction certificate.

    ``as_of`` may only be today or earlier: a later date previews, never destroys.
    ``confirm`` is the number of cases the person purging was shown; a different number
    (the list changed, or nothing was confirmed) refuses the purge. Certificates are written
    into ``certificates_dir`` (default: the workspace's ``certificates`` folder) as
    ``<reference>-destruction.pdf``.
    """
    from sar_desk.services.complaints import any_reference as normalise_reference

    user = access.require(ws, Action.PURGE_CASE)
    store_of(ws).refresh_state()  # a hold placed on another workstation stops this purge
    problem = purge_rules.purge_date_problem(as_of, ws.clock.today())
    if problem:
        raise InputError(problem, code="purge.future_date")
    problem = backup_policy.pinned_day_problem(ws, "purge")
    if problem:
        raise InputError(problem, code="purge.pinned_day")
    due = {item.reference: item for item in due_for_purge(ws, as_of)}
    if references is not None:
        wanted = [normalise_reference(r) for r in references]
        for ref in wanted:
            if ref not in due:
                raise InputError(f"{ref} is not a closed case past its retention period; "
                                 "nothing was purged.")
            if due[ref].held:
                raise InputError(f"{ref} is under legal hold ({due[ref].hold_reason}); release "
                                 "the hold first. Nothing was purged.")
        due = {ref: due[ref] for ref in wanted}
    doomed = [ref for ref, item in due.items() if not item.held]
    if not doomed:
        return []
    problem = purge_rules.confirm_problem(confirm, doomed)
    if problem:
        raise InputError(problem, code="purge.confirm", count=len(doomed))
    folder = (Path(certificates_dir) if certificates_dir else ws.certificates_dir).resolve()
    years, days = retention_years(ws), backup_policy.backup_days(ws)
    done = [_purge_one(ws, due[ref], user.login, reason, folder, years, days) for ref in doomed]
    registry_schema.forget_in_copies(ws.registry, ws.backups_dir, doomed)
    scrub_registry(ws)
    return done


def _purge_one(ws: Workspace, item: RetentionItem, login: str, reason: str, folder: Path,
               years: int, days: int) -> Purged:
    from sar_desk.documents.destruction_certificate import (
        ArchiveLine,
        CertificateFacts,
        certificate_pdf,
    )

    ref = item.reference
    with locks.writing(ws, ref):
        seq, head = _final_audit(ws, ref)
        purged_at = now().isoformat(timespec="seconds")
        created = case_flags.key_created(ws.registry, ref) or item.received.isoformat()
        archives, missing = backup_policy.archives_holding(ws, created, purged_at)
        facts = CertificateFacts(
            reference=ref, workspace_id=ws.id, received=item.received.isoformat(),
            closed=item.closed.isoformat(), retain_until=item.retain_until.isoformat(),
            purged_at=purged_at, authorised_by=login, reason=reason,
            audit_seq=seq, audit_head=head,
            policy=f"{years} years after the case closed (organisation profile)",
            backup_days=days, archives_missing=missing,
            archives=tuple(ArchiveLine(a.path, a.made[:19].replace("T", " "),
                                       a.expires.isoformat(),
                                       a.in_backups_folder) for a in archives))
        pdf = certificate_pdf(facts)
        target = folder / f"{ref}-destruction.pdf"
        stone = Tombstone(ref, facts.received, facts.closed, facts.retain_until, purged_at,
                          login, reason, seq, head, keys.sha256_hex(pdf))
        with ws.registry.writing() as conn:
            ws.registry.forget(conn, ref)
            case_flags.add_tombstone(conn, stone)
            case_flags.add_pending_purge(conn, ref, pdf, str(target))
            store.append_audit(conn, login, "purged",
                               {"audit_head": head, "certificate_sha256":
                                stone.certificate_sha256, "reason": reason,
                                "archives_holding_it": len(archives)},
                               reference=ref)
        try:
            purge_finish.finish(ws, case_flags.PendingPurge(ref, pdf, str(target), purged_at))
        except OSError as exc:
            raise StoreError(
                f"{ref} was destroyed (its key is gone), but its files or its certificate "
                f"{target} could not be finished ({exc.strerror or exc}). This is finished "
                "the next time the workspace opens; until then the workspace check names "
                "it.", code="purge.unfinished", reference=ref, path=target) from None
    return Purged(stone, pdf, target)

"""Retention: which closed cases are past their retention period, legal hold, and the purge.

The period comes from the organisation profile (``[retention] closed_case_years``, six years
by default) and runs from the day the case closed (its ``closed`` or ``withdrawn`` event).
Purging a case destroys its wrapped key (crypto-shredding: every copy of the file, backups
included, becomes unreadable), deletes the case file with its -wal/-shm and migration
backup copies, leaves a tombstone in the registry (reference, dates, reason: no personal
data), writes a workspace audit entry and returns a destruction certificate (PDF).
A case under legal hold is never purged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sar_desk.core.clock import now
from sar_desk.core.entities import CaseStatus, EventKind
from sar_desk.core.roles import Action
from sar_desk.errors import InputError
from sar_desk.services import access
from sar_desk.store import case_flags, keys, locks, registry_schema
from sar_desk.store import users as store
from sar_desk.store.case_flags import Tombstone
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
    change_case(ws, ref, who, lambda s, _b, w: audit.append(
        s, w, action, {"reason": reason.strip()}), action=Action.LEGAL_HOLD)
    with ws.registry.writing() as conn:
        case_flags.set_hold(conn, ref, not release, reason.strip(), who)
        store.append_audit(conn, user.login, action, {}, reference=ref)


def tombstones(ws: Workspace) -> list[Tombstone]:
    return case_flags.tombstones(ws.registry)


def _final_audit(ws: Workspace, ref: str) -> tuple[int, str]:
    """The newest entry of the case's audit chain (seq, hash), read from the case file."""
    from sar_desk.services.cases import open_case_file
    from sar_desk.store import audit

    with open_case_file(ws, ref) as case, case.reading() as session:
        last = audit.last_entry(session)
    return (last.seq, last.hash) if last else (0, audit.GENESIS)


def _remove_files(ws: Workspace, ref: str) -> None:
    path = ws.case_path(ref)
    doomed = [Path(str(path) + s) for s in ("", "-wal", "-shm", "-journal")]
    doomed += list(ws.backups_dir.glob(f"{ref}.*")) if ws.backups_dir.exists() else []
    for file in doomed:
        with contextlib.suppress(FileNotFoundError):
            file.unlink()


def scrub_registry(ws: Workspace) -> None:
    """Leave no trace of deleted rows in the registry file (FTS segments, free pages, WAL)."""
    ws.registry.scrub()


def purge(ws: Workspace, *, as_of: dt.date | None = None, references: list[str] | None = None,
          reason: str = DEFAULT_REASON, certificates_dir: Path | str | None = None
          ) -> list[Purged]:
    """Destroy every case past retention (or those of ``references`` that are), except held
    ones; returns what was purged with each destruction certificate.

    Certificates are written into ``certificates_dir`` (default: the workspace's
    ``certificates`` folder) as ``<reference>-destruction.pdf``.
    """
    from sar_desk.documents.destruction_certificate import CertificateFacts, certificate_pdf
    from sar_desk.services.complaints import any_reference as normalise_reference

    user = access.require(ws, Action.PURGE_CASE)
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
    folder = Path(certificates_dir) if certificates_dir else ws.path / "certificates"
    years = retention_years(ws)
    done: list[Purged] = []
    for ref, item in due.items():
        if item.held:
            continue
        with locks.writing(ws, ref):
            seq, head = _final_audit(ws, ref)
            purged_at = now().isoformat(timespec="seconds")
            facts = CertificateFacts(
                reference=ref, workspace_id=ws.id, received=item.received.isoformat(),
                closed=item.closed.isoformat(), retain_until=item.retain_until.isoformat(),
                purged_at=purged_at, authorised_by=user.login, reason=reason,
                audit_seq=seq, audit_head=head,
                policy=f"{years} years after the case closed (organisation profile)")
            pdf = certificate_pdf(facts)
            stone = Tombstone(ref, facts.received, facts.closed, facts.retain_until, purged_at,
                              user.login, reason, seq, head, keys.sha256_hex(pdf))
            with ws.registry.writing() as conn:
                ws.registry.forget(conn, ref)
                case_flags.add_tombstone(conn, stone)
                store.append_audit(conn, user.login, "purged",
                                   {"audit_head": head, "certificate_sha256":
                                    stone.certificate_sha256, "reason": reason},
                                   reference=ref)
            _remove_files(ws, ref)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{ref}-destruction.pdf"
        target.write_bytes(pdf)
        done.append(Purged(stone, pdf, target))
    if done:
        registry_schema.forget_in_copies(ws.registry, ws.backups_dir,
                                         [p.tombstone.reference for p in done])
        scrub_registry(ws)
    return done

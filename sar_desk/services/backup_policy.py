"""How long backup archives are kept, which of them still hold a case, and pruning.

The period is the profile's ``[backups] keep_days`` (35 days by default). An archive
made before a purge holds the purged case and its key until the archive is deleted, so
the destruction certificate lists the archives SAR Desk made while the case existed (from
the workspace audit) that are still where they were written, and the day the last is due
for deletion. ``prune_backups`` deletes the archives in the workspace's backups folder
older than the period; archives written elsewhere are the organisation's to delete.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sar_desk.core import purge_rules
from sar_desk.core.roles import Action
from sar_desk.errors import InputError
from sar_desk.services import access
from sar_desk.store import users as store
from sar_desk.store.workspace import Workspace

DEFAULT_BACKUP_DAYS = 35
SUFFIX = ".sdbk"


@dataclass(frozen=True)
class ArchiveNote:
    """One archive that held a case when it was made."""

    path: str
    made: str  # ISO timestamp (UTC)
    expires: dt.date
    in_backups_folder: bool


def backup_days(ws: Workspace) -> int:
    """The profile's backup retention, in days."""
    from sar_desk.services.settings import workspace_profile

    value = workspace_profile(ws).get("backups.keep_days", DEFAULT_BACKUP_DAYS)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100_000:
        raise InputError(f"The profile's backups.keep_days is {value!r}; it must be a "
                         "whole number of days (for example 35).")
    return value


def archives_folder(ws: Workspace) -> Path:
    """The workspace's own backups folder, where archives are written by default."""
    return ws.backups_dir


def made_archives(ws: Workspace) -> list[tuple[str, str]]:
    """(path, made) of every archive recorded in the workspace audit, oldest first; the path
    is "" for archives recorded before paths were."""
    found = []
    for rec in store.read_audit(ws.registry):
        if rec.action != "backup":
            continue
        try:
            details = json.loads(rec.details)
        except ValueError:
            details = {}
        found.append((str(details.get("path", "")), rec.at))
    return found


def archives_holding(ws: Workspace, since: str, until: str) -> tuple[list[ArchiveNote], int]:
    """The archives made between ``since`` and ``until`` (ISO timestamps) still found where
    they were written, and how many more were recorded but are no longer found there."""
    days = backup_days(ws)
    folder = archives_folder(ws).resolve()
    notes, gone = [], 0
    for path, made in made_archives(ws):
        # To the second: an archive made in the second the case was created may hold it,
        # so it is listed rather than left out.
        if not (since[:19] <= made[:19] <= until[:19]):
            continue
        if not path or not Path(path).is_file():
            gone += 1
            continue
        notes.append(ArchiveNote(path, made, purge_rules.backup_expires(
            dt.date.fromisoformat(made[:10]), days), Path(path).parent.resolve() == folder))
    return notes, gone


@dataclass(frozen=True)
class Prunable:
    path: Path
    made: dt.date
    expires: dt.date


def prunable(ws: Workspace) -> list[Prunable]:
    """The archives in the workspace's backups folder past the backup retention today."""
    from sar_desk.services.backup_archive import read_header

    access.require(ws, Action.BACKUP)
    days, today = backup_days(ws), ws.clock.today()
    folder = archives_folder(ws)
    found = []
    for path in sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []:
        try:
            header, _digest, _start = read_header(path)
            made = dt.date.fromisoformat(str(header["created"])[:10])
        except (InputError, KeyError, ValueError, TypeError):
            continue  # not one of ours, or damaged: never deleted unseen
        if header.get("workspace_id") != ws.id:
            continue
        expires = purge_rules.backup_expires(made, days)
        if expires <= today:
            found.append(Prunable(path, made, expires))
    return found


@dataclass(frozen=True)
class Archive:
    """One archive in the workspace's backups folder."""

    path: Path
    made: str  # ISO timestamp (UTC) from the archive's own header
    made_by: str
    size: int  # bytes
    expires: dt.date  # past the backup retention from this day (pruned then)


def list_archives(ws: Workspace) -> list[Archive]:
    """The archives of this workspace in its backups folder, newest first (administrators).
    Files that are not archives of this workspace are left out (and never pruned)."""
    from sar_desk.services.backup_archive import read_header

    access.require(ws, Action.BACKUP)
    days = backup_days(ws)
    folder = archives_folder(ws)
    found = []
    for path in sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []:
        try:
            header, _digest, _start = read_header(path)
            made = str(header["created"])
            expires = purge_rules.backup_expires(dt.date.fromisoformat(made[:10]), days)
            size = path.stat().st_size
        except (InputError, KeyError, ValueError, TypeError, OSError):
            continue
        if header.get("workspace_id") != ws.id:
            continue
        found.append(Archive(path, made, str(header.get("created_by", "")), size, expires))
    return sorted(found, key=lambda a: a.made, reverse=True)


def pinned_day_problem(ws: Workspace, what: str) -> str | None:
    """Why ``what`` (a purge, a pruning) may not destroy anything while the support switch
    pins "today" after the real date, or None."""
    from sar_desk.core.clock import SupportClock, now

    if isinstance(ws.clock, SupportClock):
        return purge_rules.pinned_day_problem(ws.clock.today(), now().date(), what)
    return None


def prune_backups(ws: Workspace, *, confirm: int | None) -> list[Prunable]:
    """Delete the archives :func:`prunable` lists, once ``confirm`` states their number."""
    user = access.require(ws, Action.BACKUP)
    problem = pinned_day_problem(ws, "pruning of backups")
    if problem:
        raise InputError(problem, code="purge.pinned_day")
    doomed = prunable(ws)
    if not doomed:
        return []
    if confirm != len(doomed):
        names = ", ".join(p.path.name for p in doomed)
        raise InputError(f"{len(doomed)} archive{'s are' if len(doomed) != 1 else ' is'} "
                         f"older than the backup retention ({names}); confirm by giving that "
                         f"number ({len(doomed)}). Nothing was deleted.",
                         code="backup.prune_confirm", count=len(doomed))
    for item in doomed:
        item.path.unlink(missing_ok=True)
    with ws.registry.writing() as conn:
        store.append_audit(conn, user.login, "backups_pruned",
                           {"files": [p.path.name for p in doomed],
                            "backup_days": backup_days(ws)})
    return doomed

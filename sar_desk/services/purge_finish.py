"""Finishing a purge: delete the case's files and write its certificate, even after a crash.

A purge destroys the case's key, leaves its tombstone and records what is left to do (the
certificate's bytes and where they go) in one registry transaction. Deleting the files and
writing the certificate come after; if the program is stopped in between, the record stays
and the next open of the workspace (or ``verify``, ``reindex``) finishes the work. Each
step can run twice: a file already gone, or a certificate already written with the same
bytes, is simply passed over.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from sar_desk.services import ready_letters
from sar_desk.store import case_flags, registry_schema
from sar_desk.store.case_flags import PendingPurge
from sar_desk.store.errors import StoreError
from sar_desk.store.workspace import Workspace

SUFFIXES = ("", "-wal", "-shm", "-journal")


def remove_case_files(ws: Workspace, ref: str) -> None:
    """Delete the case file of ``ref`` with its -wal/-shm and its migration copies."""
    path = ws.case_path(ref)
    doomed = [Path(str(path) + s) for s in SUFFIXES]
    if ws.backups_dir.is_dir():
        doomed += list(ws.backups_dir.glob(f"{ref}.*"))
    for file in doomed:
        with contextlib.suppress(FileNotFoundError):
            file.unlink()
    sync_folder(ws.cases_dir)


def sync_folder(folder: Path) -> None:
    """fsync a folder, so a file made, renamed or deleted in it survives a power cut."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_certificate(target: Path, pdf: bytes) -> None:
    """Write the certificate whole (temporary file, fsync, rename), or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_file() and target.read_bytes() == pdf:
        return
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pdf)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    sync_folder(target.parent)


def finish(ws: Workspace, pending: PendingPurge) -> None:
    """Do what is left of one purge, then drop its record."""
    remove_case_files(ws, pending.reference)
    ready_letters.forget(ws, [pending.reference])
    write_certificate(Path(pending.certificate_path), pending.certificate)
    with ws.registry.writing() as conn:
        case_flags.finish_pending_purge(conn, pending.reference)


def finish_pending(ws: Workspace) -> list[str]:
    """Finish every purge left part-way; one line per purge that still could not be."""
    problems, finished = [], []
    for pending in case_flags.pending_purges(ws.registry):
        try:
            finish(ws, pending)
            finished.append(pending.reference)
        except (OSError, StoreError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            problems.append(unfinished(pending, why))
    if finished:  # the purge may have stopped before the registry's copies forgot them
        registry_schema.forget_in_copies(ws.registry, ws.backups_dir, finished)
        ws.registry.scrub()
    return problems


def unfinished(pending: PendingPurge, why: str = "") -> str:
    """The line ``verify`` prints for a purge not yet finished."""
    because = f" ({why})" if why else ""
    return (f"{pending.reference}: purge begun {pending.started} is not finished: its key is "
            f"destroyed, but its case file may remain and its certificate "
            f"{pending.certificate_path} may be missing{because}")


def leftovers(ws: Workspace) -> list[str]:
    """Delete the files of purged cases that a purge cut off before this version left
    behind (no key opens them); returns their references."""
    stones = {t.reference for t in case_flags.tombstones(ws.registry)}
    keyed = set(ws.registry.references_with_keys())
    found = sorted({p.name.split(".sarcase")[0] for p in ws.cases_dir.glob("*.sarcase*")}
                   & (stones - keyed)) if ws.cases_dir.is_dir() else []
    for ref in found:
        remove_case_files(ws, ref)
    return found

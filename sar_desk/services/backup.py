"""Backing up a whole workspace as one encrypted archive.

Each SQLite file goes in as a snapshot SQLite takes, at one point in time even while others
write; the archive's format is :mod:`sar_desk.services.backup_archive`. Restoring is
:mod:`sar_desk.services.restore` (:func:`restore_workspace` and :func:`last_restore` are
re-exported here).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import struct
import tarfile
import tempfile
from pathlib import Path

from sar_desk.core.clock import now
from sar_desk.core.roles import Action
from sar_desk.errors import InputError
from sar_desk.services import access
from sar_desk.services.backup_archive import (
    ARCHIVE_SUFFIX,
    MAGIC,
    Progress,
    SealingWriter,
    backup_key,
    sync_folder,
)
from sar_desk.services.restore import last_restore, restore_workspace  # noqa: F401 - re-exported
from sar_desk.store import keys, locks
from sar_desk.store import users as store
from sar_desk.store.case_store import store_of
from sar_desk.store.errors import NewerSchemaError, StoreError
from sar_desk.store.outfile import check_out
from sar_desk.store.workspace import MANIFEST, REGISTRY, Workspace

SKIP_DIRS = {"locks"}
LIVE_TAILS = ("-wal", "-shm", "-journal")  # SQLite's side files: the snapshots include them


def _files(ws: Workspace) -> list[Path]:
    """The workspace's files to archive, relative to it (no locks, no side files, and no
    archives kept in its backups folder)."""
    found = []
    for path in sorted(ws.path.rglob("*")):
        rel = path.relative_to(ws.path)
        if rel.parts[0] in SKIP_DIRS or not path.is_file() or path.name.startswith("."):
            continue
        if path.name.endswith(LIVE_TAILS):
            continue
        if rel.parts[0] == "backups" and path.suffix in (ARCHIVE_SUFFIX, ".part"):
            continue
        found.append(rel)
    return found


def default_archive(ws: Workspace) -> Path:
    """Where an archive goes when none is named: the workspace's backups folder."""
    return ws.backups_dir / f"backup-{now():%Y%m%d-%H%M%S}{ARCHIVE_SUFFIX}"


def _target(ws: Workspace, out: Path | str | None) -> Path:
    """Where the archive goes: a new or regular file outside the workspace, or a
    ``.sdbk`` file in its backups folder; never a folder, a device or a FIFO (the archive
    is renamed into place, which would replace them)."""
    if out is None:
        ws.backups_dir.mkdir(exist_ok=True)
        return default_archive(ws)
    if Path(out).is_dir():
        raise InputError(f"{out} is a folder; give the name of the backup file to write.")
    path = Path(out).expanduser().resolve()
    if path.is_relative_to(ws.path.resolve()) and (
            path.parent != ws.backups_dir.resolve() or path.suffix != ARCHIVE_SUFFIX):
        raise InputError(f"Write the backup outside the workspace folder (or as a {ARCHIVE_SUFFIX} "
                         f"file in its backups folder), not to {out}.",
                         code="out.inside_workspace", path=str(out))
    try:  # a backup may go to a new folder (a dated folder on a backup drive)
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"Cannot write the backup to {out}: the folder {path.parent} cannot "
                         f"be made ({exc.strerror or exc}).", path=str(out)) from None
    path = check_out(out, what="the backup")
    if path.exists() and not path.is_file():
        raise InputError(f"Cannot write the backup to {out}: it is a device, not a file.",
                         code="out.not_a_file", path=str(out))
    return path


def _add_file(tar: tarfile.TarFile, copy: Path, arcname: str) -> None:
    info = tar.gettarinfo(str(copy), arcname=arcname)
    info.mode = 0o600
    with copy.open("rb") as fh:
        tar.addfile(info, fh)


def _case_snapshot(ws: Workspace, ref: str, copy: Path) -> bool:
    """Snapshot one case file into ``copy``; False for a case still being created (its
    file not yet whole while its creator holds the lock), which the archive leaves out."""
    from sar_desk.services.case_base import open_case_file

    try:
        try:  # a snapshot needs no lock: others may go on writing meanwhile
            with open_case_file(ws, ref, read_only=True) as case:
                case.snapshot(copy)
        except NewerSchemaError:  # an older file is upgraded first, under the lock
            with locks.writing(ws, ref), open_case_file(ws, ref) as case:
                case.snapshot(copy)
    except StoreError:
        entry = ws.registry.key_entry(ref)
        if locks.holder(ws, ref) is not None and (entry is None or entry[1] is None):
            return False
        raise
    return True


def _write_tar(tar: tarfile.TarFile, ws: Workspace, staging: Path,
               progress: Progress | None = None) -> None:
    """The registry, then the case files it knows, each as a snapshot SQLite takes, then
    everything else as it is: one consistent point in time, even while others write.

    The registry is taken first, so every case file in the archive is at least as new as
    the registry's record of it; a case made after that moment is not in the archive."""
    registry = staging / "registry"
    ws.registry.snapshot(registry)
    copy = ws.registry.at(registry)
    try:
        keyed = set(copy.references_with_keys())
        unfinished = []
        files = _files(ws)
        for done, rel in enumerate(files):
            if progress is not None:
                progress(done, len(files))  # may raise to stop: nothing is then written
            if rel == Path(REGISTRY):
                continue
            if rel.parts[0] == "cases" and rel.suffix == ".sarcase":
                if rel.stem not in keyed:
                    continue  # no key in the archive's registry: nothing could read it
                keyed.discard(rel.stem)
                case = staging / "case"
                try:
                    if _case_snapshot(ws, rel.stem, case):
                        _add_file(tar, case, str(rel))
                    else:
                        unfinished.append(rel.stem)
                finally:
                    case.unlink(missing_ok=True)
                continue
            tar.add(ws.path / rel, arcname=str(rel), recursive=False)
        missing = sorted(r for r in keyed if locks.holder(ws, r) is None)
        if missing:  # a key without its file, and no creation under way: damage
            path = ws.case_path(missing[0])
            raise StoreError(f"The case file {path} is missing or is not a file, so the "
                             "backup would not hold that case; nothing was written. Restore "
                             "the file, or check the workspace to see every problem.",
                             code="backup.case_missing", path=path, references=missing)
        for ref in unfinished + sorted(keyed):
            copy.destroy_key(ref)  # a creation in progress: its key without its file
        copy.checkpoint()
    finally:
        copy.close()
    _add_file(tar, registry, REGISTRY)


def backup_workspace(ws: Workspace, out: Path | str | None = None, *,
                     progress: Progress | None = None) -> Path:
    """Write the whole workspace as one encrypted archive to ``out`` (atomically); by
    default into the workspace's backups folder. Each SQLite file goes in as a snapshot
    taken by SQLite; a damaged registry or case file stops the backup, naming the file.

    ``progress(done, total)`` is told of each file; an exception it raises (a cancel)
    stops the backup and leaves no archive."""
    from sar_desk.services.creation_repair import settle_unfinished

    user = access.require(ws, Action.BACKUP)
    out = _target(ws, out)
    settle_unfinished(ws)  # a creation cut off by a crash leaves a key without a file
    store_of(ws).ensure_all()  # a team workspace: every case file in its private copy
    ws.registry.checkpoint()
    header = {
        "format": "sar-desk-backup", "version": 1, "workspace_id": ws.id,
        "created": now().isoformat(timespec="seconds"),
        "created_by": user.login,
        "manifest": json.loads((ws.path / MANIFEST).read_text(encoding="utf-8")),
        "users": store.read_wraps(ws.path) or {},
        "roster": (store.read_document(ws.path) or {}).get("roster"),
        "nonce_prefix": keys.b64(os.urandom(8)),
    }
    head = json.dumps(header, sort_keys=True).encode("utf-8")
    digest = hashlib.sha256(head).digest()
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}-", suffix=".part")
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-"))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + struct.pack(">I", len(head)) + head)
            writer = SealingWriter(fh, backup_key(ws.master_key, ws.id),
                                    keys.unb64(header["nonce_prefix"]), digest)
            with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                _write_tar(tar, ws, staging, progress)
            writer.finish()
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
        sync_folder(out.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    with ws.registry.writing() as conn:
        store.append_audit(conn, user.login, "backup", {"file": out.name,
                                                        "path": str(out.resolve())})
    return out

"""Restoring a workspace from a backup archive into a new, empty folder.

Only an administrator may restore, and anything refused or cut short leaves no folder; the
purges of the live workspace the archive came from are applied to the copy
(:mod:`sar_desk.services.restore_tombstones`). The archive's format is
:mod:`sar_desk.services.backup_archive`.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import tarfile
import tempfile
from collections.abc import Iterable
from pathlib import Path

from sar_desk.core.clock import Clock
from sar_desk.core.roles import Action
from sar_desk.errors import InputError, PermissionDenied, SarDeskError
from sar_desk.services import access, ready_letters, restore_tombstones, sign_in
from sar_desk.services.backup_archive import (
    CHUNK,
    ChunkReader,
    Progress,
    backup_key,
    read_chunks,
    read_header,
    sync_folder,
    sync_tree,
)
from sar_desk.store import credentials, keys, user_keys
from sar_desk.store import users as store
from sar_desk.store.errors import StoreError, WrongKeyError
from sar_desk.store.workspace import Manifest, Workspace, load_master


def _master_for(root: Path, header: dict, passphrase: str | None, recovery_key: str | None
                ) -> bytes:
    manifest = Manifest(id=header["manifest"]["id"], created=header["manifest"]["created"],
                        key_check=header["manifest"]["key_check"],
                        recovery=header["manifest"]["recovery"],
                        passphrase=header["manifest"].get("passphrase"))
    if recovery_key:
        master = credentials.open_recovery(manifest.recovery, keys.parse_recovery_key(
            recovery_key), manifest.id)
    else:
        entries = {k: dict(v) for k, v in (header.get("users") or {}).items()}
        if entries and header.get("roster"):
            document = {"users": entries, "roster": header["roster"]}
            login = store.current_login()
            master = user_keys.unlock(root, manifest.id, login, passphrase,
                                      document, remember=False).payload.content
            if master is None:
                raise PermissionDenied(
                    f"{login} may not restore the workspace from a backup: they hold only the "
                    "staff key, which opens nothing in a backup. Nothing was restored.",
                    code="user.staff_only", login=login, path=root)
        elif entries:
            master = store.load_master_for(root, manifest, store.current_login(), passphrase,
                                           entries, remember=False)
        else:
            master = load_master(root, manifest, passphrase)
    if not keys.matches(master, manifest.id, manifest.key_check):
        raise WrongKeyError("That key does not open this backup.")
    return master


def restore_workspace(archive: Path | str, target: Path | str, *,
                      passphrase: str | None = None, recovery_key: str | None = None,
                      clock: Clock | None = None, originals: Iterable[Path | str] = (),
                      progress: Progress | None = None,
                      read: Iterable[restore_tombstones.Read] = ()) -> Workspace:
    """Restore an archive into the empty folder ``target``; returns the opened workspace.

    The master key comes from this login's wrap in the archive (OS keyring or passphrase)
    or the recovery key. Only an administrator may restore; anything else leaves no folder.
    Every file is fsynced before this returns. The purges of the live workspace the archive
    came from (``originals``, the default workspace, or a folder beside ``target``) are
    applied to the copy, and the restore is recorded in its workspace audit
    (:func:`last_restore` reads it back). ``progress(done, total)`` is told how far the
    archive is read (about); an exception it raises (a cancel) leaves no folder.
    ``read``: the tombstones of live team workspaces, read on their servers beforehand.
    """
    from sar_desk.services.workspace import open_workspace

    archive, target = Path(archive), Path(target).expanduser().resolve()
    if target.exists() and any(target.iterdir()):
        raise InputError(f"{target} is not empty; restore into a new, empty folder.")
    header, digest, start = read_header(archive)
    master = _master_for(target, header, passphrase, recovery_key)
    key = backup_key(master, header["workspace_id"])
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-restore-"))
    try:
        size = max(1, archive.stat().st_size)
        told = None if progress is None else (lambda n: progress(min(n, size), size))
        reader = io.BufferedReader(ChunkReader(read_chunks(archive, start, key,
                                                        keys.unb64(header["nonce_prefix"]),
                                                        digest), told), CHUNK)
        with tarfile.open(fileobj=reader, mode="r|") as tar:
            tar.extractall(staging, filter="data")
        while reader.read(CHUNK):  # to the last chunk: anything after it is refused
            pass
        for sub in ("cases", "locks", "backups"):
            (staging / sub).mkdir(exist_ok=True)
        sync_tree(staging)
        if target.exists():
            target.rmdir()
        staging.rename(target)
        sync_folder(target.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if recovery_key:
        with contextlib.suppress(SarDeskError):
            sign_in.enrol_after_recovery(target, Manifest.read(target), master, passphrase,
                                        recovery=keys.parse_recovery_key(recovery_key))
    try:
        ws = open_workspace(target, passphrase=passphrase, clock=clock)
    except (PermissionDenied, StoreError):
        shutil.rmtree(target, ignore_errors=True)
        raise
    try:
        user = access.require(ws, Action.RESTORE)
    except PermissionDenied:
        ws.close()
        shutil.rmtree(target, ignore_errors=True)
        raise
    done = restore_tombstones.apply(ws, archive.name,
                                    restore_tombstones.candidates(target, originals),
                                    passphrase, read)
    ready_letters.rebuild(ws)  # what staff print, as the restored cases stand
    with ws.registry.writing() as conn:
        store.append_audit(conn, user.login, "restored", {
            "archive": archive.name, "made": header.get("created", ""),
            "destroyed_again": done.destroyed, "references_reserved": len(done.reserved),
            "purges_read_from": [str(p) for p in done.sources],
            "not_read": done.unreadable})
    return ws


def last_restore(ws: Workspace) -> dict:
    """The details of the latest restore recorded in ``ws``'s audit ({} when none)."""
    for rec in reversed(store.read_audit(ws.registry)):
        if rec.action == "restored":
            return json.loads(rec.details)
    return {}

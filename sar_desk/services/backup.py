"""Backup and restore of a whole workspace as one encrypted archive.

The archive is a tar stream of the workspace folder (case files and registry are already
encrypted), encrypted again as a whole in 1 MiB AES-GCM chunks under a key derived from the
workspace master key. Its plain header carries only what is needed to get the master key
back on the restoring computer: the manifest and the per-login wraps (all wrapped, never
the key itself). Each chunk is bound to the header, its position and whether it is last,
so a changed, cut or reordered archive is refused.

Layout: ``MAGIC``, 4-byte header length, header JSON, then chunks (4-byte length + sealed).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import struct
import tarfile
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sar_desk.core.clock import Clock, now
from sar_desk.core.roles import Action
from sar_desk.errors import InputError, PermissionDenied, SarDeskError
from sar_desk.services import access, ready_letters, restore_tombstones, sign_in
from sar_desk.store import credentials, keys, locks, user_keys
from sar_desk.store import users as store
from sar_desk.store.case_store import store_of
from sar_desk.store.errors import NewerSchemaError, StoreError, WrongKeyError
from sar_desk.store.outfile import check_out
from sar_desk.store.workspace import MANIFEST, REGISTRY, Manifest, Workspace, load_master

MAGIC = b"SARDESK-BACKUP-1\n"
ARCHIVE_SUFFIX = ".sdbk"
CHUNK = 1 << 20
SKIP_DIRS = {"locks"}


def _aad(header_digest: bytes, index: int, last: bool) -> bytes:
    return header_digest + struct.pack(">Q?", index, last)


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


class _SealingWriter(io.RawIOBase):
    """A write-only stream that seals what it is given into chunks on ``out``."""

    def __init__(self, out, key: bytes, prefix: bytes, digest: bytes) -> None:
        self.out, self.aead, self.prefix, self.digest = out, AESGCM(key), prefix, digest
        self.buffer = bytearray()
        self.index = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # noqa: ANN001 - bytes-like
        self.buffer += data
        while len(self.buffer) > CHUNK:
            self._seal(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]
        return len(data)

    def _seal(self, plain: bytes, *, last: bool) -> None:
        sealed = self.aead.encrypt(_nonce(self.prefix, self.index), plain,
                                   _aad(self.digest, self.index, last))
        self.out.write(struct.pack(">I", len(sealed)) + sealed)
        self.index += 1

    def finish(self) -> None:
        self._seal(bytes(self.buffer), last=True)
        self.buffer.clear()


def _backup_key(master: bytes, workspace_id: str) -> bytes:
    return keys.derive(master, "backup-archive", workspace_id)


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


Progress = Callable[[int, int], None]


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
            writer = _SealingWriter(fh, _backup_key(ws.master_key, ws.id),
                                    keys.unb64(header["nonce_prefix"]), digest)
            with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                _write_tar(tar, ws, staging, progress)
            writer.finish()
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
        _sync_folder(out.parent)
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


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_tree(root: Path) -> None:
    """fsync every file and folder under ``root`` (and ``root``), files first."""
    for dirpath, _dirs, files in os.walk(root, topdown=False):
        for name in files:
            with open(os.path.join(dirpath, name), "rb") as fh:
                os.fsync(fh.fileno())
        _sync_folder(Path(dirpath))


def read_header(path: Path | str) -> tuple[dict, bytes, int]:
    """The archive's header, its sha256 and where the chunks start."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            magic = fh.read(len(MAGIC))
            size = struct.unpack(">I", fh.read(4))[0] if magic == MAGIC else 0
            head = fh.read(size)
    except OSError as exc:
        raise InputError(f"Cannot read the backup {path}: {exc.strerror or exc}.") from None
    except struct.error:
        head, magic = b"", b""
    if magic != MAGIC or len(head) != size or not head:
        raise InputError(f"{path} is not a SAR Desk backup (or it is cut short).")
    try:
        header = json.loads(head)
    except ValueError:
        raise InputError(f"The backup {path} is damaged (its header does not read).") from None
    return header, hashlib.sha256(head).digest(), len(MAGIC) + 4 + size


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


def _chunks(path: Path, start: int, key: bytes, prefix: bytes, digest: bytes):
    aead = AESGCM(key)
    with path.open("rb") as fh:
        fh.seek(start)
        index, last = 0, False
        while not last:
            raw = fh.read(4)
            if len(raw) < 4:
                raise InputError(f"The backup {path} is cut short; it cannot be restored.")
            sealed = fh.read(struct.unpack(">I", raw)[0])
            for last in (False, True):
                try:
                    yield aead.decrypt(_nonce(prefix, index), sealed, _aad(digest, index, last))
                    break
                except InvalidTag:
                    if last:
                        raise InputError(f"The backup {path} is damaged or was altered (part "
                                         f"{index + 1} does not check out).") from None
            index += 1
        if fh.read(1):
            raise InputError(f"The backup {path} has data after its end; it was altered.")


class _ChunkReader(io.RawIOBase):
    def __init__(self, chunks,  # noqa: ANN001 - a generator of plain chunks
                 progress: Callable[[int], None] | None = None) -> None:
        self.chunks, self.buffer = chunks, b""
        self.progress, self.read_so_far = progress, 0

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:  # noqa: ANN001
        while not self.buffer:
            try:
                self.buffer = next(self.chunks)
            except StopIteration:
                return 0
        n = min(len(target), len(self.buffer))
        target[:n] = self.buffer[:n]
        self.buffer = self.buffer[n:]
        self.read_so_far += n
        if self.progress is not None:
            self.progress(self.read_so_far)
        return n


def restore_workspace(archive: Path | str, target: Path | str, *,
                      passphrase: str | None = None, recovery_key: str | None = None,
                      clock: Clock | None = None, originals: Iterable[Path | str] = (),
                      progress: Progress | None = None) -> Workspace:
    """Restore an archive into the empty folder ``target``; returns the opened workspace.

    The master key comes from this login's wrap in the archive (OS keyring or passphrase)
    or the recovery key. Only an administrator may restore; anything else leaves no folder.
    Every file is fsynced before this returns. The purges of the live workspace the archive
    came from (``originals``, the default workspace, or a folder beside ``target``) are
    applied to the copy, and the restore is recorded in its workspace audit
    (:func:`last_restore` reads it back). ``progress(done, total)`` is told how far the
    archive is read (about); an exception it raises (a cancel) leaves no folder.
    """
    from sar_desk.services.workspace import open_workspace

    archive, target = Path(archive), Path(target).expanduser().resolve()
    if target.exists() and any(target.iterdir()):
        raise InputError(f"{target} is not empty; restore into a new, empty folder.")
    header, digest, start = read_header(archive)
    master = _master_for(target, header, passphrase, recovery_key)
    key = _backup_key(master, header["workspace_id"])
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-restore-"))
    try:
        size = max(1, archive.stat().st_size)
        told = None if progress is None else (lambda n: progress(min(n, size), size))
        reader = io.BufferedReader(_ChunkReader(_chunks(archive, start, key,
                                                        keys.unb64(header["nonce_prefix"]),
                                                        digest), told), CHUNK)
        with tarfile.open(fileobj=reader, mode="r|") as tar:
            tar.extractall(staging, filter="data")
        while reader.read(CHUNK):  # to the last chunk: anything after it is refused
            pass
        for sub in ("cases", "locks", "backups"):
            (staging / sub).mkdir(exist_ok=True)
        _sync_tree(staging)
        if target.exists():
            target.rmdir()
        staging.rename(target)
        _sync_folder(target.parent)
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
                                    passphrase)
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

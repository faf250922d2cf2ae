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
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sar_desk.core.clock import Clock, now
from sar_desk.core.roles import Action
from sar_desk.errors import InputError, PermissionDenied, SarDeskError
from sar_desk.services import access
from sar_desk.store import credentials, keys, locks, user_keys
from sar_desk.store import users as store
from sar_desk.store.errors import StoreError, WrongKeyError
from sar_desk.store.workspace import MANIFEST, Manifest, Workspace, load_master

MAGIC = b"SARDESK-BACKUP-1\n"
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


def _files(ws: Workspace) -> list[Path]:
    found = []
    for path in sorted(ws.path.rglob("*")):
        rel = path.relative_to(ws.path)
        if rel.parts[0] in SKIP_DIRS or not path.is_file() or path.name.startswith("."):
            continue
        found.append(rel)
    return found


def backup_workspace(ws: Workspace, out: Path | str) -> Path:
    """Write the whole workspace as one encrypted archive to ``out`` (atomically)."""
    user = access.require(ws, Action.BACKUP)
    out = Path(out)
    if out.resolve().is_relative_to(ws.path.resolve()):
        raise InputError(f"Write the backup outside the workspace folder, not to {out}.")
    if out.is_dir():
        raise InputError(f"{out} is a folder; give the name of the backup file to write.")
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
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + struct.pack(">I", len(head)) + head)
            writer = _SealingWriter(fh, _backup_key(ws.master_key, ws.id),
                                    keys.unb64(header["nonce_prefix"]), digest)
            with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                for rel in _files(ws):
                    ref = rel.stem if rel.parts[0] == "cases" and rel.suffix == ".sarcase" else ""
                    guard = locks.writing(ws, ref) if ref else contextlib.nullcontext()
                    with guard:
                        for extra in ("", "-wal"):
                            path = ws.path / (str(rel) + extra)
                            if path.is_file():
                                tar.add(path, arcname=str(rel) + extra, recursive=False)
            writer.finish()
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with ws.registry.writing() as conn:
        store.append_audit(conn, user.login, "backup", {"file": out.name})
    return out


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
            master = user_keys.unlock(root, manifest.id, store.current_login(), passphrase,
                                      document, remember=False).payload.content or b""
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
    def __init__(self, chunks) -> None:  # noqa: ANN001
        self.chunks, self.buffer = chunks, b""

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
        return n


def restore_workspace(archive: Path | str, target: Path | str, *,
                      passphrase: str | None = None, recovery_key: str | None = None,
                      clock: Clock | None = None) -> Workspace:
    """Restore an archive into the empty folder ``target``; returns the opened workspace.

    The master key comes from this login's wrap in the archive (OS keyring or passphrase)
    or the recovery key. Only an administrator may restore; anything else leaves no folder.
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
        reader = io.BufferedReader(_ChunkReader(_chunks(archive, start, key,
                                                        keys.unb64(header["nonce_prefix"]),
                                                        digest)), CHUNK)
        with tarfile.open(fileobj=reader, mode="r|") as tar:
            tar.extractall(staging, filter="data")
        for sub in ("cases", "locks", "backups"):
            (staging / sub).mkdir(exist_ok=True)
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if recovery_key:
        with contextlib.suppress(SarDeskError):
            access.enrol_after_recovery(target, Manifest.read(target), master, passphrase,
                                        recovery=keys.parse_recovery_key(recovery_key))
    try:
        ws = open_workspace(target, passphrase=passphrase, clock=clock)
    except (PermissionDenied, StoreError):
        shutil.rmtree(target, ignore_errors=True)
        raise
    try:
        access.require(ws, Action.RESTORE)
    except PermissionDenied:
        ws.close()
        shutil.rmtree(target, ignore_errors=True)
        raise
    return ws

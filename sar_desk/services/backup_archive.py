"""The backup archive's format: sealing a stream into chunks and reading them back.

The archive is a tar stream of the workspace folder (case files and registry are already
encrypted), encrypted again as a whole in 1 MiB AES-GCM chunks under a key derived from the
workspace master key. Its plain header carries only what is needed to get the master key
back on the restoring computer: the manifest and the per-login wraps (all wrapped, never
the key itself). Each chunk is bound to the header, its position and whether it is last,
so a changed, cut or reordered archive is refused.

Layout: ``MAGIC``, 4-byte header length, header JSON, then chunks (4-byte length + sealed).
Writing is :mod:`sar_desk.services.backup`, reading :mod:`sar_desk.services.restore`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
from collections.abc import Callable, Iterator
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sar_desk.errors import InputError
from sar_desk.store import keys

MAGIC = b"SARDESK-BACKUP-1\n"
ARCHIVE_SUFFIX = ".sdbk"
CHUNK = 1 << 20

Progress = Callable[[int, int], None]


def _aad(header_digest: bytes, index: int, last: bool) -> bytes:
    return header_digest + struct.pack(">Q?", index, last)


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


class SealingWriter(io.RawIOBase):
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


def backup_key(master: bytes, workspace_id: str) -> bytes:
    """The key an archive of the workspace ``workspace_id`` is sealed with (from its master
    key)."""
    return keys.derive(master, "backup-archive", workspace_id)


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


def read_chunks(path: Path, start: int, key: bytes, prefix: bytes, digest: bytes
                ) -> Iterator[bytes]:
    """The plain chunks of the archive ``path`` from ``start``, each checked as it is read:
    a changed, cut, reordered or extended archive raises an InputError."""
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


class ChunkReader(io.RawIOBase):
    """A read-only stream of the plain chunks (:func:`read_chunks`); ``progress`` is told
    how many bytes have been read so far."""

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


def sync_folder(folder: Path) -> None:
    """fsync ``folder`` (on POSIX), so a file renamed into it survives a power cut."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_tree(root: Path) -> None:
    """fsync every file and folder under ``root`` (and ``root``), files first."""
    for dirpath, _dirs, files in os.walk(root, topdown=False):
        for name in files:
            with open(os.path.join(dirpath, name), "rb") as fh:
                os.fsync(fh.fileno())
        sync_folder(Path(dirpath))

"""Reading a file a person points at (an attachment, a saved email), within a size limit.

Only regular files are read: a FIFO, a device or a socket would block or never end, so it is
refused before a byte is read (the file is opened without blocking, then checked). The size
is checked on the open file, and the read stops at the limit, so a file that grows while it
is read cannot pass it either. :func:`open_limited` gives the open file to be read piece by
piece (an attachment streamed into its case file); :func:`read_limited` reads it whole.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from sar_desk.errors import InputError

CHUNK = 1024 * 1024


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


class LimitedReader:
    """An open regular file read within a byte limit: ``read`` raises :class:`InputError`
    once the file has grown past the limit, or cannot be read."""

    def __init__(self, fd: int, path: Path, limit: int, what: str, tail: str) -> None:
        self.fd, self.path, self.limit, self.what, self.tail = fd, path, limit, what, tail
        self.size = 0

    def read(self, size: int = CHUNK, /) -> bytes:
        want = min(size if size > 0 else CHUNK, self.limit + 1 - self.size)
        try:
            chunk = os.read(self.fd, want) if want > 0 else b""
        except OSError as exc:
            raise InputError(f"Cannot read {self.path}: {exc.strerror or exc}.{self.tail}",
                             path=str(self.path)) from None
        self.size += len(chunk)
        if self.size > self.limit:
            raise InputError(f"{self.path.name} grew past the limit of "
                             f"{_megabytes(self.limit)} for a {self.what} while it was read."
                             f"{self.tail}", path=str(self.path), code="input.too_large")
        return chunk


@contextlib.contextmanager
def open_limited(path: Path | str, limit: int, *, what: str = "file",
                 outcome: str = "") -> Iterator[LimitedReader]:
    """The regular file ``path`` open for reading within ``limit`` bytes; :class:`InputError`
    (ending with ``outcome``) when it is missing, not a regular file, unreadable or larger
    than the limit, checked on the open file before a byte is read and again while reading."""
    path = Path(path)
    tail = f" {outcome}" if outcome else ""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(f"Cannot read {path}: it does not exist.{tail}",
                         path=str(path)) from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not a {what}.{tail}", path=str(path)) from None
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}.{tail}",
                         path=str(path)) from None
    try:
        try:
            info = os.fstat(fd)
            if hasattr(os, "set_blocking") and stat.S_ISREG(info.st_mode):
                os.set_blocking(fd, True)
        except OSError as exc:
            raise InputError(f"Cannot read {path}: {exc.strerror or exc}.{tail}",
                             path=str(path)) from None
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path} is a folder, not a {what}.{tail}", path=str(path))
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path} is not a regular file (a pipe, device or socket), so it "
                             f"cannot be read as a {what}.{tail}", path=str(path))
        if info.st_size > limit:
            raise InputError(f"{path.name} is {_megabytes(info.st_size)}: larger than the "
                             f"limit of {_megabytes(limit)} for a {what}.{tail}",
                             path=str(path), code="input.too_large")
        yield LimitedReader(fd, path, limit, what, tail)
    finally:
        os.close(fd)


def read_limited(path: Path | str, limit: int, *, what: str = "file",
                 outcome: str = "") -> bytes:
    """The bytes of the regular file ``path``; :class:`InputError` (ending with ``outcome``)
    when it is missing, not a regular file, unreadable or larger than ``limit`` bytes."""
    with open_limited(path, limit, what=what, outcome=outcome) as reader:
        parts = []
        while chunk := reader.read(CHUNK):
            parts.append(chunk)
        return b"".join(parts)

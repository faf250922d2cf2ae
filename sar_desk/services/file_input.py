"""Reading a file a person points at (an attachment, a saved email), within a size limit.

Only regular files are read: a FIFO, a device or a socket would block or never end, so it is
refused before a byte is read (the file is opened without blocking, then checked). The size
is checked on the open file, and the read stops at the limit, so a file that grows while it
is read cannot pass it either.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sar_desk.errors import InputError

CHUNK = 1024 * 1024


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


def read_limited(path: Path | str, limit: int, *, what: str = "file",
                 outcome: str = "") -> bytes:
    """The bytes of the regular file ``path``; :class:`InputError` (ending with ``outcome``)
    when it is missing, not a regular file, unreadable or larger than ``limit`` bytes."""
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
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path} is a folder, not a {what}.{tail}", path=str(path))
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path} is not a regular file (a pipe, device or socket), so it "
                             f"cannot be read as a {what}.{tail}", path=str(path))
        if info.st_size > limit:
            raise InputError(f"{path.name} is {_megabytes(info.st_size)}: larger than the "
                             f"limit of {_megabytes(limit)} for a {what}.{tail}",
                             path=str(path), code="input.too_large")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        parts, size = [], 0
        while chunk := os.read(fd, min(CHUNK, limit + 1 - size)):
            parts.append(chunk)
            size += len(chunk)
            if size > limit:
                raise InputError(f"{path.name} grew past the limit of {_megabytes(limit)} "
                                 f"for a {what} while it was read.{tail}", path=str(path),
                                 code="input.too_large")
        return b"".join(parts)
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}.{tail}",
                         path=str(path)) from None
    finally:
        os.close(fd)

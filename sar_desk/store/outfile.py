"""Files written where the user asks (a letter, a report, an export): checked, then written
without ever leaving half a file, and never over the workspace itself.

A regular file is written beside the target and renamed over it (an existing file is
replaced whole, or kept as it was). A character device (``/dev/null``) is written in place,
so it stays a device. A folder, a FIFO, a socket or a block device is refused, as is any
path inside the workspace folder and a name longer than the file system allows.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from sar_desk.errors import InputError
from sar_desk.store.engine import is_disk_full
from sar_desk.store.errors import DiskFull

NAME_MAX = 255  # bytes in one file name on every file system SAR Desk runs on


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISBLK(mode):
        return "a block device (a disk)"
    return "not a regular file"


def check_out(out: Path | str, *, workspace: Path | None = None, what: str = "the file"
              ) -> Path:
    """The path to write ``what`` to, or an InputError naming why it cannot be used."""
    text = str(out)
    path = Path(out).expanduser()
    if not text.strip() or not path.name or text.endswith(("/", "\\")):
        raise InputError(f"Cannot write {what} to {text!r}: give a file name, not a folder.",
                         code="out.not_a_file", path=text)
    if len(os.fsencode(path.name)) > NAME_MAX:
        raise InputError(f"Cannot write {what}: the file name is longer than {NAME_MAX} "
                         "characters; choose a shorter name.", code="out.name_too_long")
    try:
        resolved = path.resolve()
        folder_ok = resolved.parent.is_dir()
        mode = os.stat(resolved).st_mode if resolved.exists() else None
    except (OSError, ValueError, RuntimeError) as exc:
        raise InputError(f"Cannot write {what} to {text}: "
                         f"{getattr(exc, 'strerror', None) or exc}.", path=text) from None
    refuse_inside(resolved, workspace, what)
    if not folder_ok:
        raise InputError(f"Cannot write {what} to {text}: the folder {resolved.parent} does "
                         "not exist.", code="out.no_folder", path=text)
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISCHR(mode)):
        raise InputError(f"Cannot write {what} to {text}: it is {_kind(mode)}, not a file.",
                         code="out.not_a_file", path=text)
    return resolved


def refuse_inside(path: Path, workspace: Path | None, what: str = "the file") -> None:
    """An InputError if ``path`` (resolved) is the workspace folder or inside it."""
    if workspace is not None and Path(path).resolve().is_relative_to(Path(workspace).resolve()):
        raise InputError(f"Cannot write {what} to {path}: it is inside the workspace folder, "
                         "whose files only SAR Desk may write. Choose a place outside it.",
                         code="out.inside_workspace", path=str(path))


def write_out(out: Path | str, data: bytes, *, workspace: Path | None = None,
              what: str = "the file") -> Path:
    """Write ``data`` to ``out`` (see the module notes); returns the path written."""
    path = check_out(out, workspace=workspace, what=what)
    with contextlib.suppress(OSError):
        if stat.S_ISCHR(os.stat(path).st_mode):
            return _write_in_place(path, data, what)
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".sar-desk-", suffix=".part", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except (OSError, ValueError) as exc:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if is_disk_full(exc):
            raise DiskFull(path, f"cannot write {what} to {path}") from None
        reason = getattr(exc, "strerror", None) or exc
        raise InputError(f"Cannot write {what} to {path}: {reason}.", path=str(path)) from None
    return path


def _write_in_place(path: Path, data: bytes, what: str) -> Path:
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        if is_disk_full(exc):
            raise DiskFull(path, f"cannot write {what} to {path}") from None
        raise InputError(f"Cannot write {what} to {path}: {exc.strerror or exc}.",
                         path=str(path)) from None
    return path

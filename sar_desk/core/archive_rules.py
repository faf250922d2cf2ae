"""Which entries of a ``.zip`` archive may be added to a case (pure rules).

An entry is refused, with the reason, when its name could write or read outside the
archive (``..``, an absolute path, a drive letter, a backslash path), when it is a link or
a device rather than a file, or when its size breaks the limits (one file, the whole
archive, or the unpacking ratio that marks a zip bomb). A refused entry is named; the
others are still added.
"""

from __future__ import annotations

import re
import stat

from sar_desk.core.limits import Limits

_DRIVE = re.compile(r"^[A-Za-z]:")


def entry_name_reason(name: str) -> str | None:
    """Why the entry called ``name`` may not be unpacked (None: it may)."""
    if not name or "\x00" in name:
        return "it has no usable name"
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return "its name is an absolute path"
    parts = re.split(r"[\\/]", name)
    if ".." in parts:
        return "its name climbs out of the archive (..)"
    return None


def entry_kind_reason(external_attr: int) -> str | None:
    """Why an entry whose Unix mode (the high 16 bits of ``external_attr``) is not a plain
    file is refused (a symbolic link, a device, a pipe)."""
    mode = external_attr >> 16
    if not stat.S_IFMT(mode) or stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISLNK(mode):
        return "it is a symbolic link"
    return "it is not a regular file (a device, pipe or socket)"


def entry_size_reason(size: int, packed: int, total_so_far: int, limits: Limits) -> str | None:
    """Why an entry that unpacks to ``size`` bytes from ``packed`` is refused."""
    if size > limits.attachment_bytes:
        return f"it unpacks to more than the attachment limit of {limits.attachment_mb} MB"
    if total_so_far + size > limits.archive_bytes:
        return f"the archive unpacks to more than its limit of {limits.archive_mb} MB"
    if size > 1024 * 1024 and size > packed * limits.archive_ratio:
        return (f"it unpacks to more than {limits.archive_ratio} times its packed size "
                "(a zip bomb)")
    return None


def entry_count_reason(count: int, limits: Limits) -> str | None:
    if count > limits.archive_entries:
        return (f"it holds {count:,} entries, more than the limit of "
                f"{limits.archive_entries:,}")
    return None


def stored_filename(name: str, limit: int = 255) -> str:
    """A file name as a case records it: every control character, line break and byte that
    was not valid text (an unpaired surrogate) shown as U+FFFD, at most ``limit`` characters
    (the end, with its suffix, kept)."""
    from sar_desk.core.text import printable

    cleaned = str(printable(name.replace("\n", " ").replace("\r", " ")))
    cleaned = re.sub(r"[\u2028\u2029\x85]", "\ufffd", cleaned).strip() or "unnamed"
    return cleaned if len(cleaned) <= limit else "…" + cleaned[-(limit - 1):]

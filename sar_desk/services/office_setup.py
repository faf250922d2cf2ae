"""Where office files are converted: the ``soffice`` program and a memory-backed folder.

``SAR_DESK_SOFFICE`` names the program (``none`` turns office conversion off, for a
computer where LibreOffice must not run); without it, ``soffice`` is looked up on the
path. The work folder is ``$XDG_RUNTIME_DIR`` when that is a memory-backed filesystem
(tmpfs), else ``/dev/shm``; with neither, office files need conversion elsewhere.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sar_desk.documents.rendition_result import OfficeSettings

MEMORY_FILESYSTEMS = {"tmpfs", "ramfs"}


def _filesystem_of(path: Path) -> str:
    """The filesystem type of the mount holding ``path`` ("" when unknown)."""
    try:
        mounts = Path("/proc/self/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    best, kind = "", ""
    target = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        if (target == point or target.startswith(point.rstrip("/") + "/")) \
                and len(point) > len(best):
            best, kind = point, parts[2]
    return kind


def memory_folder() -> str | None:
    """A writable memory-backed folder, or None."""
    for candidate in (os.environ.get("XDG_RUNTIME_DIR", ""), "/dev/shm"):
        if candidate and Path(candidate).is_dir() and os.access(candidate, os.W_OK) \
                and _filesystem_of(Path(candidate)) in MEMORY_FILESYSTEMS:
            return candidate
    return None


def office_settings() -> OfficeSettings:
    """How this computer converts office files now."""
    configured = os.environ.get("SAR_DESK_SOFFICE")
    if configured is None:
        program = shutil.which("soffice") or shutil.which("libreoffice")
    elif configured.strip().lower() in ("", "none", "off"):
        program = None
    else:
        program = shutil.which(configured.strip())
    return OfficeSettings(soffice=program, work_root=memory_folder() if program else None)

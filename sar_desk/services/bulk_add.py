"""Adding many files to a case at once: folders (recursively), ``.zip`` archives and loose
files, with progress and a way to stop.

Each file is its own change (converted first, then stored with its children), so work
stopped half-way keeps what was added. A file or archive entry that cannot be added is
named with its reason and the rest go on; archive entries are checked by
:mod:`sar_desk.core.archive_rules` before a byte is unpacked, and again while unpacking (an
entry that unpacks to more than it claims is stopped at its claim).
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sar_desk.core.archive_rules import (
    entry_count_reason,
    entry_kind_reason,
    entry_name_reason,
    entry_size_reason,
    stored_filename,
)
from sar_desk.core.entities import DisclosureStatus, DocumentInfo
from sar_desk.core.limits import Limits
from sar_desk.errors import InputError
from sar_desk.services import case_changes
from sar_desk.services.case_changes import attach_file
from sar_desk.services.file_input import read_limited
from sar_desk.services.office_setup import office_settings
from sar_desk.services.renditions import add_item
from sar_desk.services.settings import workspace_limits
from sar_desk.store.workspace import Workspace

Progress = Callable[[int, int, str], None]  # (done, total, name of the file now)


@dataclass(frozen=True)
class Source:
    """One file to add: the name it is recorded under and how to read its bytes."""

    name: str
    read: Callable[[], bytes]
    path: Path | None = None  # a file on disk (an archive entry has none)


@dataclass
class BulkResult:
    added: list[DocumentInfo] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, why)
    cancelled: bool = False

    @property
    def summary(self) -> str:
        items = len(self.added)
        text = f"Added {items} item{'s' if items != 1 else ''}"
        dupes = sum(1 for d in self.added if d.duplicate_of is not None)
        if dupes:
            text += f" ({dupes} marked as duplicates)"
        if self.skipped:
            text += f"; {len(self.skipped)} not added"
        return text + (" before it was stopped." if self.cancelled else ".")


def _display(path: Path) -> str:
    return stored_filename(os.fsdecode(path))


def _file_source(path: Path, name: str, limits: Limits) -> Source:
    return Source(name, lambda: read_limited(path, limits.attachment_bytes, what="document",
                                             outcome="It was not added."), path)


def _large(source: Source) -> bool:
    """Whether ``source`` is a file on disk too large to convert as it is added: it is
    streamed into the case file instead, and converted when its pages are first needed."""
    try:
        return source.path is not None and source.path.stat().st_size > case_changes.STREAM_ABOVE
    except (OSError, ValueError):
        return False


def _zip_sources(path: Path, limits: Limits,
                 skipped: list[tuple[str, str]]) -> Iterator[Source]:
    label = path.name
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        skipped.append((_display(path), f"it is not a readable .zip archive ({exc})"))
        return
    with archive:
        entries = archive.infolist()
        reason = entry_count_reason(len(entries), limits)
        if reason:
            skipped.append((_display(path), reason))
            return
        total = 0
        for info in entries:
            if info.is_dir():
                continue
            name = f"{label}/{info.filename}"
            reason = (entry_name_reason(info.filename) or entry_kind_reason(info.external_attr)
                      or entry_size_reason(info.file_size, info.compress_size, total, limits))
            if reason:
                skipped.append((stored_filename(name), reason))
                continue
            total += info.file_size
            yield Source(stored_filename(name), _entry_reader(path, info, limits))


def _entry_reader(path: Path, info: zipfile.ZipInfo, limits: Limits) -> Callable[[], bytes]:
    def read() -> bytes:
        with zipfile.ZipFile(path) as archive, archive.open(info) as stream:
            data = stream.read(info.file_size + 1)
        if len(data) > info.file_size:
            raise InputError(f"{info.filename} unpacks to more than its archive says "
                             "(a damaged or hostile archive). It was not added.")
        return data

    return read


def collect(paths: list[Path | str], limits: Limits) -> tuple[list[Source], list[tuple[str,
                                                                                        str]]]:
    """The files ``paths`` name (folders walked, links not followed; ``.zip`` archives
    opened), and those refused with their reasons."""
    sources: list[Source] = []
    skipped: list[tuple[str, str]] = []
    for given in paths:
        path = Path(given)
        try:
            linked_folder = path.is_symlink() and path.is_dir()
            folder = path.is_dir()
        except (OSError, ValueError):  # a name the system refuses: reading it says why
            linked_folder = folder = False
        if linked_folder:
            skipped.append((_display(path), "it is a link to a folder, which is not followed"))
        elif folder:
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    _add_path(Path(root) / name, path.parent, limits, sources, skipped)
        else:
            _add_path(path, path.parent, limits, sources, skipped)
    return sources, skipped


def _add_path(path: Path, base: Path, limits: Limits, sources: list[Source],
              skipped: list[tuple[str, str]]) -> None:
    try:
        shown = stored_filename(os.fsdecode(path.relative_to(base)))
    except ValueError:
        shown = _display(path)
    try:
        link, archive = path.is_symlink(), path.suffix.lower() == ".zip" and path.is_file()
    except (OSError, ValueError):  # a name the system refuses: reading it says why
        link = archive = False
    if link:
        skipped.append((shown, "it is a link, which is not followed"))
    elif archive:
        sources.extend(_zip_sources(path, limits, skipped))
    else:
        sources.append(_file_source(path, shown, limits))


def add_files(ws: Workspace, ref: str, paths: list[Path | str], *,
              status: DisclosureStatus = DisclosureStatus.UNDECIDED, exemption_code: str = "",
              actor: str | None = None, progress: Progress | None = None,
              cancel: Callable[[], bool] | None = None) -> BulkResult:
    """Add every file ``paths`` name to case ``ref`` (see the module); ``progress`` hears
    each file before it is added, ``cancel`` is asked between files."""
    limits = workspace_limits(ws)
    office = office_settings()
    sources, skipped = collect(paths, limits)
    result = BulkResult(skipped=skipped)
    for done, source in enumerate(sources):
        if cancel is not None and cancel():
            result.cancelled = True
            break
        if progress is not None:
            progress(done, len(sources), source.name)
        try:
            if _large(source):
                result.added += attach_file(ws, ref, source.path, status=status,
                                            exemption_code=exemption_code, actor=actor)
                continue
            data = source.read()
        except InputError as exc:
            result.skipped.append((source.name, str(exc)))
            continue
        result.added += add_item(ws, ref, PurePosixPath(source.name).name or source.name,
                                 data, status=status, exemption_code=exemption_code,
                                 actor=actor, office=office)
    if progress is not None and not result.cancelled:
        progress(len(sources), len(sources), "")
    if not result.added and result.skipped and not result.cancelled:
        names = "; ".join(f"{n}: {why}" for n, why in result.skipped[:5])
        raise InputError(f"Nothing was added. {names}", skipped=len(result.skipped))
    return result

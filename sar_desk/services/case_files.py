"""Opening a case's encrypted file with its key from the registry, and who is acting.

Kept apart from :mod:`sar_desk.services.case_base` (which re-exports both) so that the
search index (:mod:`sar_desk.services.case_search`) can open case files while the case
services keep that index in step with what they repair.
"""

from __future__ import annotations

import contextlib
import getpass
from collections.abc import Iterator

from sqlalchemy.exc import DatabaseError

from sar_desk.store import keys
from sar_desk.store.casefile import CaseFile
from sar_desk.store.engine import is_disk_full_at, is_not_a_database
from sar_desk.store.errors import DiskFull, MissingKeyError, UnknownCase
from sar_desk.store.workspace import Workspace


def actor_name(actor: str | None) -> str:
    """``actor``, else the OS login (``unknown`` when there is none)."""
    if actor:
        return actor
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@contextlib.contextmanager
def open_case_file(ws: Workspace, ref: str, *, read_only: bool = False,
                   actor: str | None = None) -> Iterator[CaseFile]:
    """Case ``ref``'s file, opened with its key; closed afterwards. A full disk or a page
    that does not decrypt is raised as the typed error naming the file."""
    entry = ws.registry.key_entry(ref)
    path = ws.case_path(ref)
    if entry is None:
        if path.exists():
            raise MissingKeyError(f"The key for {ref} is not in the registry (it was destroyed "
                                  f"or never belonged to this workspace), so {path} cannot be "
                                  "opened. Restore the registry from a backup if this is wrong.")
        raise UnknownCase(ref)
    wrapped, salt = entry
    key = keys.unwrap_case_key(ws.master_key, ws.id, ref, wrapped)
    case = CaseFile.open(path, key, workspace_id=ws.id, reference=ref, expected_salt=salt,
                         read_only=read_only, backup_dir=ws.backups_dir,
                         actor=actor_name(actor))
    try:
        yield case
    except DatabaseError as exc:
        if is_disk_full_at(exc, path.parent):
            raise DiskFull(case.path, f"{ref} could not be written ({case.path})") from None
        if not is_not_a_database(exc):
            raise
        raise case.damaged(getattr(exc, "orig", exc)) from None
    finally:
        case.close()

"""Case creations cut off by a crash, settled so that ``verify`` never counts them as damage.

A new case is made in steps: its reference and key are reserved (under its write lock), its
file is written in one transaction, then the registry records the file's salt and its row.
A process killed between two steps leaves a reference whose salt or row is missing, and no
live lock. Such a creation is rolled forward when its file holds the committed case (the
salt, row and search text are recorded), or back when it does not (the partial file, then
the key, are removed: nothing was ever committed to it, and the reference was never
reported).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from sar_desk.errors import SarDeskError
from sar_desk.services import case_search
from sar_desk.store import case_records as records
from sar_desk.store import case_text, locks
from sar_desk.store.errors import CaseFileMissing, NotACaseFile, TruncatedCaseFile
from sar_desk.store.registry import RegistryDamaged
from sar_desk.store.workspace import Workspace


def unfinished_creations(ws: Workspace) -> list[str]:
    """The references whose creation stopped half-way and whose creator has gone (a
    creation still running, here or on another computer, holds its lock)."""
    return [ref for ref in ws.registry.unfinished_references()
            if locks.holder(ws, ref) is None]


def remove_case_files(path: Path) -> None:
    """The case file and its SQLite companions (a partial file from a creation)."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()


def settle_creation(ws: Workspace, ref: str) -> bool:
    """Roll one unfinished creation forward (True: the case is kept) or back (False)."""
    from sar_desk.services.case_base import open_case_file, summary_row

    try:
        with open_case_file(ws, ref) as case:
            row = summary_row(ws, case)
            salt = case.salt()
            with case.reading() as session:
                pieces = case_search.pieces_to_index(ws, session,
                                                     records.read_snapshot(session))
    except RegistryDamaged:
        raise  # the registry's fault, not the creation's: never remove a case for it
    except (CaseFileMissing, TruncatedCaseFile, NotACaseFile):
        # No file, an empty one, or one without a committed case in it. Anything else (a
        # damaged page, a wrong key) may be a case once written whole: it is left for
        # verify to name, never removed.
        entry = ws.registry.key_entry(ref)
        if entry is not None and entry[1]:
            raise  # its salt was recorded: the file was whole once
        remove_case_files(ws.case_path(ref))  # the file first: never a file without a key
        ws.registry.destroy_key(ref)
        return False
    ws.registry.set_salt(ref, salt)
    with ws.registry.writing() as conn:  # the row, and what search inside cases finds
        ws.registry.upsert([row], conn)
        case_text.replace(conn, ref, *pieces)
    return True


def settle_unfinished(ws: Workspace) -> list[str]:
    """Settle every unfinished creation; returns a line per one that could not be settled
    (a full disk, a damaged file), naming its file."""
    problems = []
    for ref in unfinished_creations(ws):
        try:
            settle_creation(ws, ref)
        except RegistryDamaged:
            raise
        except SarDeskError as exc:
            problems.append(f"{ws.case_path(ref)}: its creation was interrupted and could not "
                            f"be completed or undone: {exc}")
    return problems

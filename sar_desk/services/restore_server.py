"""Restoring a backup archive onto a server: a new team workspace in an empty database.

The archive is restored as :func:`~sar_desk.services.restore.restore_workspace` does, into
a private staging folder (0700, everything in it encrypted), with the purges of the live
workspace(s) it came from applied; the copy then moves to the server with the verified
upload of :func:`~sar_desk.services.team.migrate_to_server` (every case read back and
checked), its destruction certificates go to this computer's folder for the workspace,
and the staging folder is removed, whatever happens. A database already holding a
workspace, a server that does not answer, or a wrong or damaged archive is refused before
anything is written; a restore cut short after the upload began leaves the database empty
again. Administrators only.

The purges of a live team workspace are read on its own server (``original_servers``):
it is opened with this login's credential, brought up to date, its tombstones read, and
closed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sar_desk.core.clock import Clock
from sar_desk.errors import InputError
from sar_desk.services import restore_tombstones, team, team_state
from sar_desk.services.backup_archive import Progress, read_header
from sar_desk.services.restore import last_restore, restore_workspace
from sar_desk.store import case_flags
from sar_desk.store.server.errors import ServerInUse, ServerNotInitialised
from sar_desk.store.server.store import ServerStore, where
from sar_desk.store.workspace import Workspace


@dataclass(frozen=True)
class Restored:
    """What a restore onto a server did."""

    server: str  # the server as named to people (never a password)
    cases: list[str]  # the references now on the server, each checked on arrival
    details: dict  # the restore's record in the workspace audit (:func:`last_restore`)


def check_empty(url: str) -> None:
    """Refuse (changing nothing) when the database at ``url`` holds a workspace already or
    cannot be reached."""
    store = ServerStore(team.check_url(url))
    try:
        with contextlib.suppress(ServerNotInitialised):  # no tables yet: a new database
            if store.meta("workspace_id"):
                raise ServerInUse(where(url))
    finally:
        store.close()


def team_tombstones(url: str, workspace_id: str, *, passphrase: str | None = None,
                    clock: Clock | None = None) -> restore_tombstones.Read:
    """The tombstones of the live team workspace at ``url``, up to date with its server.
    Refused when it cannot be opened or is not the workspace ``workspace_id``."""
    ws = team.open_team(team.check_url(url), passphrase=passphrase, clock=clock)
    try:
        if ws.id != workspace_id:
            raise InputError(f"The team workspace on {where(url)} is not the workspace this "
                             "backup was made of; nothing was restored.",
                             code="restore.other_workspace", server=where(url))
        link = ws.case_store
        team_state.sync_now(ws, getattr(link, "state", None), None)
        stones = case_flags.tombstones(ws.registry)
        kept = ws.kept_dir or ws.path
    finally:
        ws.close()
    return restore_tombstones.Read(where(url), workspace_id, stones, kept)


def open_tombstones(ws: Workspace) -> restore_tombstones.Read:
    """The tombstones of the workspace open here (a folder or a team workspace), to apply
    to a copy restored from one of its backups."""
    from sar_desk.services.changes import server_name

    return restore_tombstones.Read(server_name(ws) or str(ws.path), ws.id,
                                   case_flags.tombstones(ws.registry), ws.kept_dir or ws.path)


def team_tombstones_for(archive: Path | str, urls: Iterable[str], *,
                        passphrase: str | None = None, clock: Clock | None = None
                        ) -> list[restore_tombstones.Read]:
    """The tombstones of the live team workspaces at ``urls`` that ``archive`` was made of
    (for :func:`~sar_desk.services.restore.restore_workspace`); none when none is named."""
    urls = list(urls)
    if not urls:
        return []
    workspace_id = read_header(archive)[0]["workspace_id"]
    return [team_tombstones(u, workspace_id, passphrase=passphrase, clock=clock)
            for u in urls]


def restore_to_server(archive: Path | str, url: str, *, passphrase: str | None = None,
                      recovery_key: str | None = None, clock: Clock | None = None,
                      originals: Iterable[Path | str] = (),
                      original_servers: Iterable[str] = (),
                      read: Iterable[restore_tombstones.Read] = (),
                      progress: Progress | None = None,
                      moved: Callable[[int, int], None] | None = None) -> Restored:
    """Restore ``archive`` into the new, empty database at ``url``. The purges of the live
    workspaces (folders ``originals``, team workspaces ``original_servers``, the default
    workspace, and those already ``read``) are applied first. ``progress`` is told how far
    the archive is read, ``moved`` how many cases reached the server."""
    archive = Path(archive)
    check_empty(url)
    read_header(archive)  # not a backup: refused before anything else
    read = [*read, *team_tombstones_for(archive, original_servers, passphrase=passphrase,
                                        clock=clock)]
    base = Path(tempfile.mkdtemp(prefix="sar-desk-restore-"))  # 0700, removed below
    os.chmod(base, 0o700)
    try:
        ws = restore_workspace(archive, base / "ws", passphrase=passphrase,
                               recovery_key=recovery_key, clock=clock, originals=originals,
                               progress=progress, read=read)
        try:
            details = last_restore(ws)
            try:
                refs = team.migrate_to_server(ws, url, moved)
            except ServerInUse:
                raise  # someone else's workspace arrived meanwhile: not ours to remove
            except InputError as exc:
                emptied = _empty_again(url, ws.id)
                if exc.code != "server.verify_failed":
                    raise
                raise InputError(
                    f"{exc.facts.get('reference', 'A case')} did not arrive intact on the "
                    f"server {where(url)}; the restore was stopped"
                    + (" and the database is empty again." if emptied else "."),
                    code="restore.verify_failed", server=where(url)) from None
            except BaseException:
                _empty_again(url, ws.id)
                raise
            _keep_certificates(ws.certificates_dir, ws.id)
        finally:
            ws.close()
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return Restored(where(url), refs, details)


def _empty_again(url: str, workspace_id: str) -> bool:
    """Remove what a restore cut short put in the database (only this workspace's); False
    when it could not."""
    store = ServerStore(url)
    try:
        return store.drop_workspace(workspace_id)
    except Exception:  # noqa: BLE001 - the first error is the one to report
        return False
    finally:
        store.close()


def _keep_certificates(certificates: Path, workspace_id: str) -> None:
    """The destruction certificates (and notes of purges applied again) the restored copy
    holds, into this computer's folder for the team workspace, where its purges write them."""
    if not certificates.is_dir():
        return
    kept = team.kept_folder(workspace_id) / "certificates"
    for path in sorted(certificates.iterdir()):
        if path.is_file() and not (kept / path.name).exists():
            shutil.copyfile(path, kept / path.name)

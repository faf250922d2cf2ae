"""Team workspaces on a PostgreSQL server: create one, open one, move a folder one across.

A team workspace is opened into a private cache folder (0700) holding the workspace's
files exactly as a folder workspace keeps them, all encrypted; every service then works on
it unchanged, while :class:`~sar_desk.services.team_link.TeamLink` takes the server's write
locks and saves each change on the server, sealed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sar_desk.core.clock import Clock
from sar_desk.core.server_address import address_problem
from sar_desk.errors import InputError
from sar_desk.services import access, staff_desk, team_state
from sar_desk.services.team_files import CACHES, FILE_PREFIX, put_file, write_private
from sar_desk.services.team_link import TeamLink
from sar_desk.store.server import sealing
from sar_desk.store.server import state as server_state
from sar_desk.store.server.errors import ServerInUse, StaleSave
from sar_desk.store.server.store import ServerStore, where
from sar_desk.store.workspace import MANIFEST, Workspace

SKIPPED = {MANIFEST}  # the manifest lives in the server's meta table


def check_url(url: str) -> str:
    problem = address_problem(url)
    if problem:
        raise InputError(problem, code="server.bad_url")
    return url


def cache_folder(workspace_id: str) -> Path:
    """A new private folder (0700) for this process's encrypted copy of a team workspace
    (two windows on one computer keep separate copies); removed when the workspace closes."""
    import tempfile

    import platformdirs

    base = Path(platformdirs.user_cache_dir("sar-desk", appauthor=False)) / "team"
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(base, 0o700)
    folder = Path(tempfile.mkdtemp(prefix=f"{workspace_id}-", dir=base))  # 0700
    for sub in ("cases", "locks", "backups"):
        (folder / sub).mkdir(mode=0o700)
    return folder


def kept_folder(workspace_id: str) -> Path:
    """This computer's durable folder (0700) for a team workspace: its backups and
    destruction certificates, which must outlive the private copy (removed on closing).
    In the user's data folder, one per workspace."""
    import platformdirs

    folder = Path(platformdirs.user_data_dir("sar-desk", appauthor=False)) / "team" / \
        workspace_id
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    for sub in ("backups", "certificates"):
        (folder / sub).mkdir(mode=0o700, exist_ok=True)
    return folder


def _workspace_files(root: Path) -> list[Path]:
    return [p for p in sorted(root.iterdir()) if p.is_file() and not p.name.startswith(".")
            and not p.name.endswith(("-wal", "-shm", ".tmp")) and p.name not in SKIPPED]


def upload(ws: Workspace, store: ServerStore, login: str,
           progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Put a folder workspace's files and every case on the server, each case read back
    and checked against the folder's file; returns the references moved."""
    ws.registry.checkpoint()
    for path in _workspace_files(ws.path):
        store.put_blob(FILE_PREFIX + path.name, path.read_bytes(), 0)
    team_state.seed_new(ws, store)  # users, flags, holds and the audit chain, as rows
    link = TeamLink(ws, store, login)
    refs = sorted(p.name[:-len(".sarcase")] for p in ws.cases_dir.glob("*.sarcase"))
    refs = [r for r in refs if ws.registry.key_entry(r) is not None]
    for count, ref in enumerate(refs, 1):
        link.push(ref)
        stored = store.fetch(ref)
        key = sealing.content_key(link._case_key(ref), ref)
        back = sealing.unseal(key, stored.content, ref, stored.version, "content") \
            if stored else b""
        if hashlib.sha256(back).digest() != hashlib.sha256(ws.case_path(ref).read_bytes()
                                                           ).digest():
            raise InputError(f"{ref} did not arrive intact on the server; the folder "
                             "workspace is unchanged.", code="server.verify_failed",
                             reference=ref)
        if progress:
            progress(count, len(refs))
    return refs


def migrate_to_server(ws: Workspace, url: str,
                      progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Move the folder workspace ``ws`` to a new team workspace at ``url``, verified case by
    case. The folder is kept (until an administrator removes it). Administrators only."""
    from sar_desk.core.roles import Action

    user = access.require(ws, Action.MANAGE_USERS)
    store = ServerStore(check_url(url))
    try:
        manifest = (ws.path / MANIFEST).read_text(encoding="utf-8")
        store.create(ws.id, manifest)
        for (ref, (wrapped, salt)) in _all_keys(ws).items():
            store.put_case_keys([(ref, wrapped, salt)])
        return upload(ws, store, user.login, progress)
    finally:
        store.close()


def _all_keys(ws: Workspace) -> dict[str, tuple[bytes, bytes | None]]:
    found = {}
    for ref in ws.registry.references_with_keys():
        entry = ws.registry.key_entry(ref)
        if entry is not None:
            found[ref] = entry
    return found


def init_team(url: str, *, passphrase: str | None = None, clock: Clock | None = None,
              app_role: str = "") -> tuple[Workspace, str]:
    """Create a team workspace on the server at ``url``; returns it (open) and the
    recovery key. ``app_role``: the database role officers connect as (it may append to
    the audit table only)."""
    from sar_desk.services.workspace import init_workspace

    store = ServerStore(check_url(url))
    try:
        if store.meta("workspace_id"):
            raise ServerInUse(where(url))
    except ServerInUse:
        raise
    except Exception:  # noqa: BLE001 - no tables yet: a new database
        pass
    finally:
        store.close()
    import tempfile

    staging = Path(tempfile.mkdtemp(prefix="sar-desk-new-"))
    os.chmod(staging, 0o700)
    try:
        ws, recovery = init_workspace(staging / "ws", passphrase=passphrase, clock=clock)
        try:
            store = ServerStore(url)
            login = access.current_user(ws).login
            store.create(ws.id, (ws.path / MANIFEST).read_text(encoding="utf-8"),
                         app_role=app_role)
            upload(ws, store, login)
            store.close()
        finally:
            ws.close()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return open_team(url, passphrase=passphrase, clock=clock), recovery


def _fetch_files(store: ServerStore) -> Path:
    """A new private folder holding the workspace's manifest and own files."""
    root = cache_folder(store.workspace_id())
    write_private(root / MANIFEST, store.meta("manifest").encode())
    for name in _blob_names(store):
        found = store.blob(FILE_PREFIX + name)
        if found is not None:
            write_private(root / name, found[1])
    return root


def unlock_team(url: str, recovery_key: str, *, passphrase: str | None = None) -> str:
    """Open the team workspace at ``url`` on this computer with the recovery key (as
    :func:`~sar_desk.services.workspace.unlock_with_recovery_key` does for a folder); what
    that changes in the workspace's files is saved on the server. Returns its name."""
    from sar_desk.services.workspace import unlock_with_recovery_key

    store = ServerStore(check_url(url))
    try:
        root = _fetch_files(store)
        try:
            before = {p.name: p.read_bytes() for p in _workspace_files(root)}
            manifest = (root / MANIFEST).read_text(encoding="utf-8")
            unlock_with_recovery_key(root, recovery_key, passphrase=passphrase)
            if (root / MANIFEST).read_text(encoding="utf-8") != manifest:
                store.set_meta("manifest", (root / MANIFEST).read_text(encoding="utf-8"))
            versions = {n: store.blob(FILE_PREFIX + n)[0] for n in before}
            for path in _workspace_files(root):
                if before.get(path.name) != path.read_bytes():
                    store.put_blob(FILE_PREFIX + path.name, path.read_bytes(),
                                   versions.get(path.name, 0))
        finally:
            shutil.rmtree(root, ignore_errors=True)
    finally:
        store.close()
    return where(url)


def open_team(url: str, *, passphrase: str | None = None, read_only: bool = False,
              clock: Clock | None = None) -> Workspace:
    """Open the team workspace at ``url``: its files into the private cache folder, then
    every case; the workspace returned saves each change on the server."""
    from sar_desk.services.workspace import open_workspace

    store = ServerStore(check_url(url))
    if not server_state.has_state_tables(store):  # made by an earlier SAR Desk
        server_state.upgrade(store)
    root = _fetch_files(store)
    try:
        ws = open_workspace(root, passphrase=passphrase, read_only=read_only, clock=clock,
                            team_copy=True)
    except BaseException:
        store.close()
        shutil.rmtree(root, ignore_errors=True)  # no copy left behind
        raise
    if staff_desk.is_staff_only(ws):  # the ready letters only: no registry, no case keys
        ws.case_store = StaffCopy(ws, store, {n: store.blob(FILE_PREFIX + n)[0]
                                              for n in _blob_names(store)})
        if not read_only:
            ws.case_store.ready_state = team_state.attach(ws, store, None)[1]
        return ws
    try:
        ws.kept_dir = kept_folder(ws.id)
        link = TeamLink(ws, store, access.current_user(ws).login)
        link.file_versions = {n: store.blob(FILE_PREFIX + n)[0] for n in _blob_names(store)}
        link.file_digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                             for p in _workspace_files(root)}
        ws.case_store = link
        if not read_only:
            link.state, link.ready_state = team_state.attach(ws, store, link)
        link.start()
        if not read_only:
            from sar_desk.services.workspace import carry_staff_dispatches

            carry_staff_dispatches(ws)  # what staff sent, into the cases, on the server
    except BaseException:
        ws.close()
        store.close()
        shutil.rmtree(root, ignore_errors=True)
        raise
    return ws


class StaffCopy:
    """The private copy of a user holding only the staff key: the ready letters store,
    whose rows (letters printed, refusals) reach the server at each change. On closing the
    store file is saved as the cache for the next opening, and the copy is removed."""

    kind = "server"

    def __init__(self, ws: Any, store: ServerStore, versions: dict[str, int]) -> None:
        self.ws, self.store, self.versions = ws, store, versions
        self.ready_state: Any = None  # the ready letters' rows in step with the server
        self.digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in _workspace_files(ws.path)}

    def subscribe(self, callback: Callable[[str, int], None]) -> bool:
        return False

    def unsubscribe(self) -> None:
        """Nothing is heard."""

    def close(self) -> None:
        if not self.ws.read_only:
            team_state.flush(self.ws, None, self.ready_state)
        team_state.detach(self.ws, registry=False)
        if not self.ws.read_only:
            team_state.keep_positions(self.ws, None, self.ready_state)
        try:
            for path in [] if self.ws.read_only else _workspace_files(self.ws.path):
                data = path.read_bytes()
                if hashlib.sha256(data).hexdigest() == self.digests.get(path.name):
                    continue
                with contextlib.suppress(StaleSave):
                    put_file(self.store, path.name, data, self.versions.get(path.name, 0),
                             replace=path.name in CACHES)
        finally:
            self.store.close()

    def discard(self) -> None:
        shutil.rmtree(self.ws.path, ignore_errors=True)


def _blob_names(store: ServerStore) -> list[str]:
    return [n[len(FILE_PREFIX):] for n in store.blob_names() if n.startswith(FILE_PREFIX)]


"""Workspace use cases: create, open, unlock with the recovery key, verify, reindex."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlcipher3.dbapi2 import DatabaseError

from sar_desk.core.clock import Clock
from sar_desk.core.roles import Action, Scope, scope_for
from sar_desk.services import (
    access,
    integrity,
    key_rotation,
    purge_finish,
    ready_letters,
    sign_in,
    signed_users,
)
from sar_desk.services.staff_desk import StaffWorkspace
from sar_desk.store import credentials, keys, ready_store
from sar_desk.store.case_store import store_of
from sar_desk.store.errors import (
    PassphraseRequired,
    StoreError,
    WorkspaceExists,
    WrongKeyError,
)
from sar_desk.store.registry import RegistryDamaged
from sar_desk.store.workspace import MANIFEST, REGISTRY, Manifest, Workspace, resolve

PROGRESS_EVERY = 50  # case files between two progress reports of verify

__all__ = [
    "Workspace",
    "init_workspace",
    "open_workspace",
    "unlock_with_recovery_key",
    "verify_workspace",
    "reindex",
    "resolve",
]


def keyring_refusal() -> str | None:
    """Why this computer's OS keyring may not hold the workspace key (it keeps secrets in a
    plain file), or None: then a passphrase must protect the key instead."""
    return keys.keyring_refusal()


def init_workspace(path: Path | str | None = None, *, passphrase: str | None = None,
                   clock: Clock | None = None) -> tuple[Workspace, str]:
    """Create a workspace; returns it and the recovery key (show it once, never store it).

    The master key goes into the OS keyring; if there is none, ``passphrase`` is required
    and wraps it instead (and is also set when a keyring exists, as a second way in).
    ``clock`` says what day it is for the services (default: the computer's date).
    """
    root = resolve(path)
    try:
        used = (root / MANIFEST).exists() or (root.exists() and any(root.iterdir()))
    except OSError as exc:
        raise StoreError(f"Cannot make a workspace at {root}: {exc.strerror or exc}. "
                         "Choose another folder.") from None
    if used:
        raise WorkspaceExists(root)
    manifest = Manifest.new()
    master = keys.new_key()
    recovery_text, recovery = keys.new_recovery_key()
    manifest.key_check = keys.key_check(master, manifest.id)
    manifest.recovery = keys.wrap_with_recovery(master, recovery, manifest.id)
    manifest.recovery_public = credentials.recovery_public(recovery, manifest.id)
    if passphrase is not None:
        manifest.passphrase = keys.wrap_with_passphrase(master, passphrase, manifest.id)
    stored = keys.keyring_set(manifest.id, master)
    if not stored and passphrase is None:
        why = keys.keyring_refusal() or "No usable OS keyring on this computer."
        raise PassphraseRequired(
            f"{why} So the workspace key must be protected by a passphrase. Nothing was "
            "created.", code="workspace.passphrase_required")
    created_root = not root.exists()
    try:
        for sub in ("", "cases", "locks", "backups"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        manifest.write(root)
        ws = Workspace(root, manifest, master, clock=clock)
        ws.registry.create(manifest.id)
        integrity.record_recovery_check(ws)
        sign_in.bootstrap(ws, passphrase=passphrase)  # the creator is the first user
    except BaseException as exc:
        if created_root:
            shutil.rmtree(root, ignore_errors=True)
        if isinstance(exc, OSError):
            raise StoreError(f"Cannot make a workspace at {root}: {exc.strerror or exc}. "
                             "Nothing was created; choose another folder.") from None
        raise
    return ws, recovery_text


def open_workspace(path: Path | str | None = None, *, passphrase: str | None = None,
                   read_only: bool = False, clock: Clock | None = None,
                   team_copy: bool = False) -> Workspace:
    """Open a workspace with the key from the OS keyring, or the passphrase.
    ``team_copy``: the private copy of a team workspace (its change marks are kept).

    ``clock`` says what day it is for the services (default: the computer's date).
    """
    root = resolve(path)
    manifest = Manifest.read(root)
    check_layout(root)
    if not (root / REGISTRY).is_file():  # opening it would create a new, empty one
        raise StoreError(f"The registry {root / REGISTRY} is missing. Restore it from a "
                         "backup (case keys are kept only in the registry, so a backup is "
                         "needed to read existing cases).")
    master, unlocked = sign_in.unlock_master(root, manifest, passphrase)  # its own credential
    if master is None:  # a credential sealed the staff key only
        assert unlocked is not None and unlocked.payload.staff is not None
        return StaffWorkspace(root, manifest, unlocked.payload.staff,  # type: ignore[return-value]
                              unlocked.roster, unlocked.login, clock=clock, read_only=read_only)
    ws = Workspace(root, manifest, master, read_only=read_only, clock=clock)
    previous = unlocked.payload.previous if unlocked is not None else None
    rekeyed = True
    try:
        try:
            stored_id = ws.registry.check()
        except RegistryDamaged:
            if previous is None:
                raise
            # A key rotation cut short before the registry was re-keyed.
            stored_id = _check_with(root, keys.derive(previous, "registry", manifest.id))
            rekeyed = False
    except BaseException as exc:
        ws.close()
        if isinstance(exc, DatabaseError):  # any other driver error at the first read
            raise ws.registry.damaged() from None
        raise
    if stored_id != manifest.id:
        ws.close()
        raise StoreError(f"The registry {root / REGISTRY} belongs to another workspace.")
    try:
        if unlocked is not None and previous is not None:
            ws.roster, ws.staff_key = unlocked.roster, unlocked.payload.staff
            ws.signing_key = unlocked.payload.signing
            key_rotation.finish(ws, previous, registry_rekeyed=rekeyed)
            ready_letters.follow_staff_key(ws, None)
        sign_in.attach_user(ws, passphrase=passphrase, unlocked=unlocked)
    except BaseException:
        ws.close()
        raise
    for sub in ("cases", "locks", "backups"):
        if not (root / sub).exists():
            (root / sub).mkdir(exist_ok=True)
    if not read_only and not team_copy:  # a team workspace's backup restored as a folder
        ws.registry.drop_sync_marks()
        if ws.staff_key is not None:
            ready_store.drop_sync_marks(ws.path, ws.staff_key, ws.id)
        purge_finish.finish_pending(ws)  # a purge cut off part-way; verify names any left
        if not team_copy:  # a team copy carries them once it works with its server
            carry_staff_dispatches(ws)
    return ws


def carry_staff_dispatches(ws: Workspace) -> None:
    """A privacy officer's open records in the case files the dispatches staff recorded in
    the ready letters store (as the staff user's)."""
    if scope_for(access.current_user(ws).roles, Action.DISPATCH_LETTER) is not Scope.ANY:
        return
    if not ready_letters.has_store(ws):
        return
    from sar_desk.services.case_changes import record_dispatch  # the ORM: only when needed

    ready_letters.carry_dispatches(ws, lambda ref, letter_id, on, method, who:
                                   record_dispatch(ws, ref, letter_id, on, method, actor=who))


def check_layout(root: Path) -> None:
    """A clear error naming the path when a file stands where the workspace keeps a folder
    (or a folder where it keeps the registry), instead of a failure half-way through."""
    for sub in ("cases", "locks"):  # backups: the step that writes there says so itself
        place = root / sub
        if place.exists() and not place.is_dir():
            raise StoreError(f"The workspace's {sub} folder {place} is not a folder (a file is "
                             "in its place). Move that file aside and restore the folder from "
                             "a backup.", code="workspace.layout", path=place)
    registry = root / REGISTRY
    if registry.exists() and not registry.is_file():
        raise StoreError(f"The registry {registry} is not a file (a folder is in its place). "
                         "Move it aside and restore the registry from a backup.",
                         code="workspace.layout", path=registry)


def _check_with(root: Path, key: bytes) -> str:
    from sar_desk.store.registry import Registry

    registry = Registry(root / REGISTRY, key)
    try:
        return registry.check()
    finally:
        registry.close()


def unlock_with_recovery_key(path: Path | str | None, recovery_key: str, *,
                             passphrase: str | None = None) -> None:
    """Put the master key into this computer's keyring (or under a new passphrase)."""
    root = resolve(path)
    manifest = Manifest.read(root)
    recovery = keys.parse_recovery_key(recovery_key)
    master = credentials.open_recovery(manifest.recovery, recovery, manifest.id)
    if not keys.matches(master, manifest.id, manifest.key_check):
        raise WrongKeyError("That recovery key does not open this workspace.",
                            code="recovery_key.wrong")
    if sign_in.enrol_after_recovery(root, manifest, master, passphrase, recovery=recovery):
        return  # the key went into this login's own wrap
    stored = keys.keyring_set(manifest.id, master)
    if passphrase is not None:
        manifest.passphrase = keys.wrap_with_passphrase(master, passphrase, manifest.id)
        manifest.write(root)
    elif not stored:
        why = keys.keyring_refusal() or "No usable OS keyring on this computer."
        raise PassphraseRequired(
            f"{why} A new passphrase must protect the workspace key instead.",
            code="key.new_passphrase_required")


def verify_workspace(ws: Workspace, progress: Callable[[int, int], None] | None = None, *,
                     workers: int | None = None) -> list[str]:
    """One line per problem: the registry (integrity, workspace audit chain), the recovery
    wrap, and each bad case file (key, integrity, audit chain and head, content, documents);
    [] when all good.

    ``progress(done, total)`` is called as the case files are checked. Large workspaces are
    checked by ``workers`` forked processes (default: one per CPU, up to 4, or none when
    other threads run, as in the window). Administrators
    and privacy officers only: anyone else is refused (PermissionDenied, recorded in the
    workspace audit) before any case file is opened.
    """
    from sar_desk.services.creation_repair import settle_unfinished

    access.require(ws, Action.MAINTAIN_WORKSPACE)
    problems = settle_unfinished(ws)  # a creation cut off by a crash is no damage
    problems += purge_finish.finish_pending(ws)
    purge_finish.leftovers(ws)
    if ws.roster is not None:  # the registry's copy of the roles against the signed list
        problems += [f"{ws.path / 'users.json'}: {d}"
                     for d in signed_users.list_problems(ws)
                     + signed_users.mirror_differences(ws)]
    check = ws.registry.integrity_check()
    if check != ["ok"]:
        problems += [f"{ws.registry.path}: integrity check: {line}" for line in check]
    problems += integrity.workspace_problems(ws)  # workspace audit chain, recovery wrap
    problems += ready_letters.problems(ws)  # what staff print, and their audit chain
    refs = set(ws.registry.references_with_keys())
    on_disk = {p.stem for p in ws.cases_dir.glob("*.sarcase")}
    every = sorted(refs | on_disk)
    for done, (ref, found) in enumerate(_check_cases(ws, every, refs, workers), 1):
        problems += [f"{ws.case_path(ref)}: {problem}" for problem in found]
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(every)):
            progress(done, len(every))
    return problems


_VERIFYING: list = []  # (workspace, keyed references), set before the workers fork


def _check_one(ref: str) -> tuple[str, list[str]]:
    from sar_desk.services.case_base import check_case

    ws, keyed = _VERIFYING[0]
    if ref not in keyed:
        return ref, ["no key for this file in the registry (it was shredded, or comes from "
                     "another workspace)"]
    return ref, check_case(ws, ref)


def _check_cases(ws: Workspace, every: list[str], keyed: set[str],
                 workers: int | None) -> Iterator[tuple[str, list[str]]]:
    """(reference, problems) for each of ``every``, in order."""
    import multiprocessing

    if workers is None:  # forking a process that runs other threads (a window) is unsafe
        alone = threading.active_count() == 1
        workers = min(os.cpu_count() or 1, 4) if len(every) >= 400 and alone else 1
    if "fork" not in multiprocessing.get_all_start_methods():
        workers = 1
    _VERIFYING[:] = [(ws, keyed)]
    try:
        if workers <= 1:
            yield from map(_check_one, every)
            return
        ws.registry.close()  # no connection crosses the fork; each side opens its own
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_check_one, every, chunksize=PROGRESS_EVERY // 2)
    finally:
        _VERIFYING.clear()


def reindex(ws: Workspace) -> int:
    """Rebuild every registry row from the case files; returns how many were indexed.

    A creation cut off by a crash is settled first (:mod:`creation_repair`): rolled forward
    when its file was committed, back when not. A case whose file cannot be read keeps its
    last row, marked damaged (so it stays in the list and the figures), and the rebuild then
    raises :class:`IndexIncomplete` naming each one. Administrators and privacy officers
    only: anyone else is refused (PermissionDenied, audited) and nothing changes.
    """
    from sar_desk.services import case_search
    from sar_desk.services.cases import open_case_file, summary_row
    from sar_desk.services.complaints import reindex_complaints
    from sar_desk.services.creation_repair import settle_unfinished

    access.require(ws, Action.MAINTAIN_WORKSPACE)
    store_of(ws).ensure_all()  # a team workspace: every case file in its private copy
    purge_finish.finish_pending(ws)
    purge_finish.leftovers(ws)
    unsettled = settle_unfinished(ws)
    rows, damaged = [], {}
    for ref in ws.registry.references_with_keys("SAR"):
        try:
            with open_case_file(ws, ref) as case:
                rows.append(summary_row(ws, case))
        except RegistryDamaged:
            raise  # the registry's fault, not the case's: never shred the case for it
        except StoreError as exc:
            entry = ws.registry.key_entry(ref)
            if entry is not None and not entry[1]:
                continue  # a creation still running (its creator holds the lock)
            damaged[ref] = str(exc)
    kept = {ref: ws.registry.get(ref) for ref in damaged}
    with ws.registry.writing() as conn:
        ws.registry.clear_rows(conn)
        ws.registry.upsert(rows, conn)
        ws.registry.keep_damaged(conn, kept, damaged)
    case_search.rebuild(ws, [row["reference"] for row in rows])  # what the cases say
    complaints = reindex_complaints(ws)
    ready_letters.rebuild(ws)  # what staff print, from the case files
    if damaged or unsettled:
        raise IndexIncomplete(len(rows), damaged, unsettled)
    return len(rows) + complaints


class IndexIncomplete(StoreError):
    """The case index was rebuilt, but some case files could not be read: their rows were
    kept, marked damaged."""

    def __init__(self, indexed: int, damaged: dict[str, str], unsettled: list[str]) -> None:
        lines = [f"{ref}: {problem}" for ref, problem in damaged.items()] + unsettled
        names = ", ".join(damaged) or "an unfinished new case"
        super().__init__(
            f"Re-indexed {indexed} cases, but {len(lines)} could not be read and "
            f"{'is' if len(lines) == 1 else 'are'} kept in the list marked damaged: {names}. "
            + " ".join(lines), code="reindex.damaged", references=list(damaged))
        self.indexed = indexed
        self.damaged = damaged

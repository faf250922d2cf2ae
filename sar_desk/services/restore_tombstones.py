"""A restored archive honours the purges made after it: a purged case stays destroyed.

An archive made before a purge still holds the case and its key. When it is restored into
a new folder, the workspace it came from (the same workspace id) is looked for: the folder
named by the person restoring, the default workspace, and the folders beside the new one.
Each of their tombstones is applied to the restored copy: the case's key is dropped, its
file deleted, the tombstone copied (so the reference stays reserved), a note that the
destruction was applied again is written beside the certificates, and the restore is
recorded in the restored workspace's audit. The tombstones of a live team workspace are
read on its server (:mod:`sar_desk.services.restore_server`) and handed in as
:class:`Read`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sar_desk.services import access, purge_finish, sign_in
from sar_desk.store import case_flags, keys, registry_schema
from sar_desk.store import users as store
from sar_desk.store.case_flags import Tombstone
from sar_desk.store.errors import StoreError
from sar_desk.store.registry import Registry
from sar_desk.store.workspace import MANIFEST, REGISTRY, Manifest, Workspace, resolve


@dataclass(frozen=True)
class Reapplied:
    """What honouring the live workspaces' purges did to a restored copy."""

    destroyed: list[str]  # cases the archive held, destroyed again
    reserved: list[str]  # purged references the archive never held, now reserved
    sources: list[Path | str]  # the live workspaces whose tombstones were read
    unreadable: list[str]  # live workspaces found but not read, with the reason


@dataclass(frozen=True)
class Read:
    """The tombstones of a live workspace read elsewhere (a team workspace on its server)."""

    name: str  # the workspace as named to people (its server, never a password)
    workspace_id: str
    stones: list[Tombstone]
    certificates_from: Path  # the folder whose certificates/ holds its destruction PDFs


def candidates(target: Path, named: Iterable[Path | str] = ()) -> list[Path]:
    """Folders that may hold the live workspace: those named, the default one, and the
    folders beside ``target``."""
    found = [Path(p).expanduser().resolve() for p in named]
    try:
        found.append(resolve(None))
    except OSError:
        pass
    parent = target.parent
    if parent.is_dir():
        found += sorted(p.resolve() for p in parent.iterdir()
                        if p.is_dir() and (p / MANIFEST).is_file())
    unique: list[Path] = []
    for path in found:
        if path != target.resolve() and path not in unique:
            unique.append(path)
    return unique


def _read_tombstones(folder: Path, master: bytes, workspace_id: str) -> list[Tombstone]:
    registry = Registry(folder / REGISTRY, keys.derive(master, "registry", workspace_id))
    try:
        return case_flags.tombstones(registry)
    finally:
        registry.close()


def live_tombstones(ws: Workspace, folders: Iterable[Path], passphrase: str | None = None
                    ) -> tuple[dict[str, tuple[Tombstone, Path]], list[Path], list[str]]:
    """The tombstones of every folder holding this same workspace (by id), read with the
    archive's key or, when the live workspace's key has changed since, with this login's
    own credential for it."""
    stones: dict[str, tuple[Tombstone, Path]] = {}
    sources, unreadable = [], []
    for folder in folders:
        try:
            manifest = Manifest.read(folder)
            if manifest.id != ws.id or not (folder / REGISTRY).is_file():
                continue
        except StoreError:
            continue
        try:
            try:
                found = _read_tombstones(folder, ws.master_key, ws.id)
            except Exception:  # noqa: BLE001 - the key changed since the archive: ask it
                master, _opened = sign_in.unlock_master(folder, manifest, passphrase)
                if master is None:  # staff there: their credential opens no registry
                    unreadable.append(f"{folder} (no key to its cases)")
                    continue
                found = _read_tombstones(folder, master, ws.id)
        except Exception as exc:  # noqa: BLE001 - any driver or key error: say so
            unreadable.append(f"{folder} ({type(exc).__name__})")
            continue
        sources.append(folder)
        for stone in found:
            stones.setdefault(stone.reference, (stone, folder))
    return stones, sources, unreadable


def apply(ws: Workspace, archive: str, folders: Iterable[Path], passphrase: str | None = None,
          read: Iterable[Read] = ()) -> Reapplied:
    """Apply the tombstones of the live workspaces in ``folders`` (and those already
    ``read`` of this same workspace) to the restored ``ws``."""
    from sar_desk.core.clock import now
    from sar_desk.documents.destruction_certificate import ReappliedFacts, reapplied_pdf

    login = access.current_user(ws).login
    stones, sources, unreadable = live_tombstones(ws, folders, passphrase)
    for found in read:
        if found.workspace_id != ws.id:
            unreadable.append(f"{found.name} (another workspace)")
            continue
        sources.append(found.name)
        for stone in found.stones:
            stones.setdefault(stone.reference, (stone, found.certificates_from))
    known = {t.reference for t in case_flags.tombstones(ws.registry)}
    keyed = set(ws.registry.references_with_keys())
    certificates = ws.certificates_dir
    destroyed, reserved = [], []
    for ref, (stone, source) in sorted(stones.items()):
        if ref in known:
            continue
        held = ref in keyed or ws.case_path(ref).exists()
        if not held:
            with ws.registry.writing() as conn:
                case_flags.add_tombstone(conn, stone)
            reserved.append(ref)
            continue
        restored_at = now().isoformat(timespec="seconds")
        pdf = reapplied_pdf(ReappliedFacts(ref, ws.id, stone.purged_at,
                                           stone.certificate_sha256, archive, restored_at,
                                           login))
        note = certificates / f"{ref}-destruction-reapplied.pdf"
        with ws.registry.writing() as conn:
            ws.registry.forget(conn, ref)
            case_flags.add_tombstone(conn, stone)
            case_flags.add_pending_purge(conn, ref, pdf, str(note))
            store.append_audit(conn, login, "purge_reapplied",
                               {"archive": archive, "purged_at": stone.purged_at,
                                "certificate_sha256": stone.certificate_sha256,
                                "note_sha256": keys.sha256_hex(pdf)}, reference=ref)
        purge_finish.finish(ws, case_flags.PendingPurge(ref, pdf, str(note), restored_at))
        original = source / "certificates" / f"{ref}-destruction.pdf"
        copy = certificates / original.name
        if original.is_file() and not copy.exists():
            shutil.copyfile(original, copy)
        destroyed.append(ref)
    if destroyed:
        registry_schema.forget_in_copies(ws.registry, ws.backups_dir, destroyed)
        ws.registry.scrub()
    return Reapplied(destroyed, reserved, sources, unreadable)

"""Replacing the workspace keys when a user leaves (or leaves the roles that read cases, or
the administrator role).

A removed user may have kept a copy of ``users.json`` and their own credential. So the
content (master) key and the staff key are replaced: every case key is re-wrapped under the
new master key (no case file is re-encrypted), the registry is re-keyed, and each remaining
user is sealed the new keys. An old ``users.json`` then opens nothing made afterwards.
What the user could read before they left may have been copied; nothing undoes that.

The administrators' signing key is replaced too: the old key signs a handover to the new
one (kept in the user list, so credentials made before still reach it), the new key is
sealed to the remaining administrators only, and every user is sealed the name of the key
in force, so a list a former administrator signs with the old key is refused.

The steps are ordered so that a crash never loses a key: the new keys are sealed to every
user first, together with the previous content key; the next open by anyone holding the
content key finishes what is left (:func:`finish`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag

from sar_desk.core import user_changes
from sar_desk.core.roles import Role
from sar_desk.errors import PermissionDenied
from sar_desk.services import integrity, ready_letters, signed_users
from sar_desk.store import chain_heads, credentials, keys, rekey, user_keys
from sar_desk.store import roster as signed
from sar_desk.store import users as store
from sar_desk.store.case_store import store_of
from sar_desk.store.roster import Member
from sar_desk.store.workspace import Manifest

if TYPE_CHECKING:
    from sar_desk.store.workspace import Workspace


@dataclass(frozen=True)
class Rotation:
    """What a key rotation leaves for the administrator to do."""

    generation: int
    # Users carried over from a version 1 users file who had not opened since: they need a
    # new first passphrase (their old wrap held the replaced key).
    need_passphrase: tuple[str, ...] = ()
    recovery_key: str | None = None  # a new recovery key, when the old one could not follow


def rotate(ws: Workspace, members: list[Member], entries: dict[str, dict]) -> Rotation:
    """New content, staff and signing keys for ``members`` (the list without whoever left,
    or with their new roles)."""
    roster = signed_users.current(ws)
    previous, previous_staff, previous_signing = ws.master_key, ws.staff_key, ws.signing_key
    if previous_signing is None:
        raise PermissionDenied("Only an administrator can change the signed user list.",
                               code="users.not_signer")
    ws.signing_key, signer = signed.new_signing_key()
    handover = signed.hand_over(ws.id, roster.generation + 1, previous_signing, signer)
    ws.use_master(keys.new_key())
    ws.staff_key = keys.new_key()
    sealed, need = {}, []
    for member in members:
        entry = entries.get(member.login)
        if member.public is None or entry is None:
            continue
        entry = dict(entry)
        if entry.pop("legacy", None) is not None:
            entry.pop("handover", None)
            if not (entry.get("keyring") or entry.get("passphrase")):
                need.append(member.login)
        sealed[member.login] = user_keys.reseal(
            entry, member.public, signed_users.payload_for(ws, member.roles, previous=previous),
            ws.id, member.login)
    signed_users.publish(ws, sealed, members, generation=roster.generation + 1,
                         handover=handover)
    recovery = _follow_recovery(ws)
    finish(ws, previous, registry_rekeyed=False)
    ready_letters.follow_staff_key(ws, previous_staff)
    store_of(ws).keys_replaced()  # a team workspace: the server's sealed copies follow
    return Rotation(roster.generation + 1, tuple(sorted(need)), recovery)


def finish(ws: Workspace, previous: bytes, *, registry_rekeyed: bool) -> None:
    """Finish a rotation whose new keys are already sealed to the users: re-wrap the case
    keys still under ``previous``, re-key the registry, follow with the recovery key, and
    drop the previous key from what is sealed (``registry_rekeyed``: the registry already
    opens with the new key; ``ws.registry`` is the one that opens)."""
    old_registry, new_registry = (keys.derive(k, "registry", ws.id)
                                  for k in (previous, ws.master_key))
    current_kek = keys.derive(ws.master_key, "case-keys", ws.id)
    old_kek = keys.derive(previous, "case-keys", ws.id)

    def rewrap(reference: str, wrapped: bytes) -> bytes | None:
        aad = f"{ws.id}:{reference}"
        try:
            keys.unwrap(current_kek, wrapped, aad)
            return None  # already re-wrapped
        except (InvalidTag, ValueError):
            pass
        try:
            return keys.wrap(current_kek, keys.unwrap(old_kek, wrapped, aad), aad)
        except (InvalidTag, ValueError):
            return None  # neither key: verify names it

    if not registry_rekeyed:
        ws.use_master(ws.master_key, rekey.rekey(ws.registry, old_registry, new_registry))
    # Receipts made under the previous key still check (a one-way sub-key, never the key).
    chain_heads.keep_receipt_key(ws.registry, keys.receipt_key(previous, ws.id))
    rekey.rewrap_case_keys(ws.registry, rewrap)
    manifest = Manifest.read(ws.path)
    if manifest.key_check != keys.key_check(ws.master_key, ws.id) and manifest.recovery_public:
        _follow_recovery(ws)  # cut short before the recovery key followed
    _record_signer(ws)
    if ws.signing_key is None:
        return  # only an administrator can seal every user's keys again (the signing key)
    document = store.read_document(ws.path) or {"users": {}}
    roster = signed_users.current(ws)
    entries = dict(document["users"])
    for member in roster.members:
        if member.public is not None and member.login in entries:
            entries[member.login] = user_keys.reseal(
                entries[member.login], member.public,
                signed_users.payload_for(ws, member.roles), ws.id, member.login)
    store.write_wraps(ws.path, entries)


SIGNING_REPLACED = "signing_key_replaced"


def _record_signer(ws: Workspace) -> None:
    """Record in the workspace audit that the signing key was replaced (once per handover;
    the generation and the administrators sealed the new key, never a key)."""
    roster = signed_users.current(ws)
    last = roster.handovers[-1] if roster.handovers else None
    if last is None or last.signer != roster.signer:
        return
    for record in store.read_audit(ws.registry):
        if record.action == SIGNING_REPLACED and \
                json.loads(record.details).get("generation") == last.generation:
            return
    with ws.registry.writing() as conn:
        store.append_audit(conn, store.current_login(), SIGNING_REPLACED, {
            "generation": last.generation,
            "administrators": sorted(m.login for m in roster.members
                                     if Role.ADMINISTRATOR in m.roles)})


def _follow_recovery(ws: Workspace) -> str | None:
    """Seal the new master key (and, for an administrator, every key) to the recovery key;
    a workspace whose recovery key has no public half gets a new one, returned."""
    manifest = Manifest.read(ws.path)
    text = None
    if not manifest.recovery_public:  # a workspace made before: the old key cannot follow
        text, raw = keys.new_recovery_key()
        manifest.recovery_public = credentials.recovery_public(raw, ws.id)
    manifest.recovery = credentials.seal_recovery(manifest.recovery_public, ws.master_key,
                                                  ws.id)
    manifest.key_check = keys.key_check(ws.master_key, ws.id)
    manifest.write(ws.path)
    ws.manifest = manifest
    integrity.record_recovery_check(ws)  # verify checks the new wrap against the new key
    if ws.signing_key is not None:
        signed_users.seal_for_recovery(ws)
    return text


def remove_member(ws: Workspace, login: str) -> Rotation:
    """Take ``login`` off the signed list, forget its keyring entry here, replace the keys."""
    roster = signed_users.current(ws)
    entries = {k: v for k, v in (store.read_wraps(ws.path) or {}).items() if k != login}
    store.keyring_delete(store.keyring_username(ws.id, login))
    return rotate(ws, [m for m in roster.members if m.login != login], entries)


def change_member(ws: Workspace, login: str, roles: tuple[Role, ...]) -> Rotation | None:
    """Give ``login`` ``roles`` in the signed list and seal them the keys of those roles;
    one who no longer reads cases, or is no longer an administrator, makes the keys change
    (returned)."""
    roster = signed_users.current(ws)
    member = roster.member(login)
    assert member is not None
    members = signed_users.members_with(roster, replace(member, roles=roles))
    entries = dict(store.read_wraps(ws.path) or {})
    if user_changes.replaces_keys(member.roles, roles):
        return rotate(ws, members, entries)
    if member.public is not None and login in entries:
        entries[login] = user_keys.reseal(entries[login], member.public,
                                          signed_users.payload_for(ws, roles), ws.id, login)
    signed_users.publish(ws, entries, members)
    return None

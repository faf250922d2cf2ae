"""The signed user list of an open workspace: publishing it, upgrading a version 1 users
file, and checking the registry's copy of the roles against it.

Roles come from the list an administrator signed (:mod:`sar_desk.store.roster`); the
registry's ``users`` table is a copy kept for the workspace audit, and a copy that differs
from the signed list is named and refused (an administrator's open puts it back).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from sar_desk.core import user_changes
from sar_desk.core.roles import Role
from sar_desk.errors import PermissionDenied
from sar_desk.store import keys, user_keys
from sar_desk.store import roster as signed
from sar_desk.store import users as store
from sar_desk.store.credentials import Payload
from sar_desk.store.roster import Handover, Member, Roster

if TYPE_CHECKING:
    from sar_desk.store.workspace import Workspace

CONTENT_ROLES = user_changes.CONTENT_ROLES  # the roles that read cases (one place: core)


def payload_for(ws: Workspace, roles: tuple[Role, ...], *, previous: bytes | None = None
                ) -> Payload:
    """The keys a user holding ``roles`` is given: the content key to those who may read
    cases (officers, managers, administrators), the staff key to everyone, the signing key
    to administrators; everyone is told which signing key is in force."""
    signer = keys_public(ws.signing_key) if ws.signing_key else current(ws).signer
    return keys_for(roles, Payload(ws.master_key, ws.staff_key, ws.signing_key, previous,
                                   signer))


def keys_for(roles: tuple[Role, ...], every: Payload) -> Payload:
    """The part of ``every`` key a user holding ``roles`` is given (see payload_for)."""
    reads = bool(CONTENT_ROLES & set(roles))
    return Payload(content=every.content if reads else None, staff=every.staff,
                   signing=every.signing if Role.ADMINISTRATOR in roles else None,
                   previous=every.previous if reads else None,
                   signer=keys_public(every.signing) if every.signing else every.signer)


def seal_for_recovery(ws: Workspace) -> None:
    """Seal the workspace's keys to its recovery key (in the manifest), where the recovery
    key has a public half; a workspace made before has none until its keys change."""
    from sar_desk.store import credentials
    from sar_desk.store.workspace import Manifest

    manifest = Manifest.read(ws.path)
    if not manifest.recovery_public:
        return
    bundle = Payload(ws.master_key, ws.staff_key, ws.signing_key)
    manifest.recovery_keys = keys.b64(credentials.seal(
        keys.unb64(manifest.recovery_public), bundle.to_bytes(), f"recovery-keys:{ws.id}"))
    manifest.write(ws.path)
    ws.manifest = manifest


def recovered_keys(manifest_keys: str, recovery: bytes, workspace_id: str) -> Payload | None:
    """The keys sealed to the recovery key; None when the manifest holds none."""
    from sar_desk.store import credentials

    if not manifest_keys:
        return None
    return Payload.from_bytes(credentials.unseal(
        keys.derive(recovery, "recovery-seal", workspace_id), keys.unb64(manifest_keys),
        f"recovery-keys:{workspace_id}"))


def reenrol(root: Path, workspace_id: str, login: str, every: Payload,
            passphrase: str | None) -> dict:
    """Give ``login`` (a user in the signed list) a new credential with the keys recovered
    by the recovery key; the list is signed again with their new public key."""
    document = store.read_document(root) or {"users": {}}
    signing = every.signing
    roster = signed.verify(document.get("roster"), keys_public(signing)) if signing else None
    if roster is None:
        raise user_keys.forged(root, document)
    if roster.signer != keys_public(signing):  # sealed before a key change was cut short
        from sar_desk.store.errors import MissingKeyError

        raise MissingKeyError(
            f"The recovery key of the workspace at {root} holds a signing key replaced since, "
            f"so it cannot give {login} a new credential: an administrator must give them a "
            "new first passphrase.", code="recovery_key.too_old", path=root, login=login)
    member = roster.member(login)
    if member is None:
        raise PermissionDenied(
            f"The OS login {login!r} is not a user of the workspace at {root}; the recovery "
            "key cannot make it one.", code="user.not_a_user", login=login, path=root)
    entry, credential = user_keys.new_entry(workspace_id, login, roster.signer,
                                            keys_for(member.roles, every),
                                            passphrase=passphrase, use_keyring=True)
    members = members_with(roster, replace(member, public=credential.public))
    renewed = replace(roster, serial=roster.serial + 1, members=tuple(members))
    entries = {**document["users"], login: entry}
    store.write_wraps(root, entries, signed.sign(renewed, signing))
    return entry


def current(ws: Workspace) -> Roster:
    roster = ws.roster
    assert isinstance(roster, Roster), "the workspace was opened without a signed user list"
    return roster


def publish(ws: Workspace, entries: dict[str, dict], members: list[Member], *,
            generation: int | None = None, handover: Handover | None = None) -> Roster:
    """Sign ``members`` (the new list) with the administrators' key and write it with
    ``entries`` to users.json; returns the list now in force. ``handover``: the replaced
    signing key passing the list to ``ws.signing_key`` (kept with those before it)."""
    if ws.signing_key is None:
        raise PermissionDenied("Only an administrator can change the signed user list.",
                               code="users.not_signer")
    before = ws.roster if isinstance(ws.roster, Roster) else None
    handovers = (before.handovers if before else ()) + ((handover,) if handover else ())
    roster = Roster(workspace_id=ws.id, serial=(before.serial + 1) if before else 1,
                    generation=generation if generation is not None
                    else (before.generation if before else 1),
                    content_check=keys.key_check(ws.master_key, ws.id),
                    signer=keys_public(ws.signing_key), members=tuple(members),
                    handovers=handovers)
    store.write_wraps(ws.path, entries, signed.sign(roster, ws.signing_key))
    ws.roster = roster
    return roster


def keys_public(signing: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(signing).public_key().public_bytes_raw()


def members_with(roster: Roster, member: Member) -> list[Member]:
    """The list with ``member`` added or put in place of the one with its login."""
    return [*(m for m in roster.members if m.login != member.login), member]


def first_user(ws: Workspace, login: str, roles: tuple[Role, ...], *,
               passphrase: str | None, legacy_passphrase: dict | None = None) -> Member:
    """Make ``login`` the first user of a signed list: new signing and staff keys.

    ``legacy_passphrase`` (a workspace made before users existed, opened from its shared
    keyring entry) keeps the old shared passphrase as a way in until the next key change.
    """
    ws.signing_key, _public = signed.new_signing_key()
    ws.staff_key = keys.new_key()
    entry, credential = user_keys.new_entry(ws.id, login, keys_public(ws.signing_key),
                                            payload_for(ws, roles), passphrase=passphrase,
                                            use_keyring=True)
    if legacy_passphrase and passphrase is None:
        entry["legacy"] = {"passphrase": legacy_passphrase}
        entry["handover"] = user_keys.wrap_handover(ws.master_key, ws.id, login, credential)
    member = Member(login, roles, credential.public, added=store.now_text(), added_by=login)
    publish(ws, {login: entry}, [member], generation=1)
    seal_for_recovery(ws)
    ws.registry.set_meta_value(STAFF_TIER, "1")  # sealed as this release seals staff
    return member


def upgrade_v1(ws: Workspace, login: str, passphrase: str | None) -> None:
    """Turn a version 1 users file into a signed list, on an administrator's open.

    Every user keeps their roles (from the registry). The administrator opening it gets a
    new credential at once; everyone else gets one too, handed over under the master key
    their old wrap still opens, and re-wrapped under their own passphrase or keyring the
    next time they open. The first key change (removing a user) ends that hand-over.
    """
    old = store.read_wraps(ws.path) or {}
    ws.signing_key, _public = signed.new_signing_key()
    ws.staff_key = keys.new_key()
    signer = keys_public(ws.signing_key)
    entries, members = {}, []
    for user in store.list_users(ws.registry):
        previous = old.get(user.login)
        mine = user.login == login
        if previous is None and not mine:  # a colleague who holds no key here
            members.append(Member(user.login, user.roles, None, user.name, user.added,
                                  user.added_by))
            continue
        entry, credential = user_keys.new_entry(
            ws.id, user.login, signer, payload_for(ws, user.roles),
            passphrase=passphrase if mine else None, use_keyring=mine)
        if previous is not None and (not mine or not (entry["keyring"] or entry["passphrase"])):
            entry["legacy"] = {"keyring": bool(previous.get("keyring")),
                               "passphrase": previous.get("passphrase")}
            entry["handover"] = user_keys.wrap_handover(ws.master_key, ws.id, user.login,
                                                        credential)
        entries[user.login] = entry
        members.append(Member(user.login, user.roles, credential.public, user.name, user.added,
                              user.added_by))
    publish(ws, entries, members, generation=1)
    seal_for_recovery(ws)
    ws.registry.set_meta_value(STAFF_TIER, "1")  # sealed as this release seals staff
    with ws.registry.writing() as conn:
        store.append_audit(conn, login, "users_signed",
                           {"users": sorted(m.login for m in members)})


def list_problems(ws: Workspace) -> list[str]:
    """What is wrong with the signed list in users.json now, checked against the signing
    key in force when the workspace was opened (a list signed with a key replaced since,
    or changed outside SAR Desk, is named)."""
    roster = current(ws)
    stored = (store.read_document(ws.path) or {}).get("roster")
    if signed.verify(stored, roster.signer) is not None:
        return []
    claimed = signed.unverified(stored)
    if claimed is not None and any(h.previous == claimed.signer for h in roster.handovers):
        return ["the user list is signed with a signing key that was replaced when an "
                "administrator left or lost the administrator role, so it is not trusted"]
    return ["the user list is not signed by this workspace's administrators (changed "
            "outside SAR Desk)"]


def mirror_differences(ws: Workspace) -> list[str]:
    """Where the registry's copy of the users differs from the signed list (by login)."""
    roster = current(ws)
    copy = {u.login: u.roles for u in store.list_users(ws.registry)}
    listed = {m.login: m.roles for m in roster.members}
    found = []
    for login in sorted(set(copy) | set(listed)):
        if login not in listed:
            found.append(f"{login} is in the registry's user table but not in the signed list")
        elif login not in copy:
            found.append(f"{login} is in the signed list but not in the registry's user table")
        elif set(copy[login]) != set(listed[login]):
            found.append(f"{login} has roles {', '.join(r.value for r in copy[login])} in the "
                         "registry's user table but "
                         f"{', '.join(r.value for r in listed[login])} in the signed list")
    return found


def restore_mirror(ws: Workspace, actor: str, differences: list[str]) -> None:
    """Put the registry's copy of the users back as the signed list says (audited)."""
    roster = current(ws)
    with ws.registry.writing() as conn:
        listed = {m.login for m in roster.members}
        for user in store.list_users(ws.registry):
            if user.login not in listed:
                store.delete_user(conn, user.login)
        for m in roster.members:
            store.put_user(conn, m.login, m.roles, m.added_by or actor, m.name)
        store.append_audit(conn, actor, "users_table_restored", {"differences": differences})


def enrol_member(ws: Workspace, login: str, roles: tuple[Role, ...], name: str, by: str, *,
                 passphrase: str | None, use_keyring: bool) -> Member:
    """Add ``login`` to the signed list with a new credential sealed the keys of ``roles``."""
    roster = current(ws)
    entries = dict(store.read_wraps(ws.path) or {})
    entry, credential = user_keys.new_entry(ws.id, login, roster.signer,
                                            payload_for(ws, roles), passphrase=passphrase,
                                            use_keyring=use_keyring)
    entries[login] = entry
    member = Member(login, roles, credential.public, name, store.now_text(), by)
    publish(ws, entries, members_with(roster, member))
    return member


def list_member(ws: Workspace, login: str, roles: tuple[Role, ...], name: str, by: str
                ) -> Member:
    """Add ``login`` to the signed list without any credential (they cannot open it)."""
    roster = current(ws)
    member = Member(login, roles, None, name, store.now_text(), by)
    publish(ws, dict(store.read_wraps(ws.path) or {}), members_with(roster, member))
    return member


def reissue(ws: Workspace, login: str, passphrase: str) -> Member:
    """Give ``login`` a new credential under a new first passphrase (their old one, and any
    carried-over wrap, no longer opens anything); roles are kept."""
    roster = current(ws)
    member = roster.member(login)
    assert member is not None
    entries = dict(store.read_wraps(ws.path) or {})
    entry, credential = user_keys.new_entry(ws.id, login, roster.signer,
                                            payload_for(ws, member.roles),
                                            passphrase=passphrase, use_keyring=False)
    entries[login] = entry
    renewed = replace(member, public=credential.public)
    publish(ws, entries, members_with(roster, renewed))
    return renewed


STAFF_TIER = "staff_keys_only"  # registry meta: staff entries no longer hold the content key


def seal_staff_keys_only(ws: Workspace, actor: str) -> list[str]:
    """Once per workspace, on an administrator's open: seal the users who read no cases
    (staff) only their keys, in place of entries made when staff were still given the
    content key. Returns their logins. Their old credential keeps the content key it opened
    until the next key change (removing a user, or a role change that leaves case reading).
    """
    if ws.registry.meta_value(STAFF_TIER) == "1":
        return []
    roster = current(ws)
    entries = dict(store.read_wraps(ws.path) or {})
    changed = []
    for member in roster.members:
        if member.public is None or member.login not in entries:
            continue
        if not CONTENT_ROLES & set(member.roles):
            entries[member.login] = user_keys.reseal(
                entries[member.login], member.public, payload_for(ws, member.roles), ws.id,
                member.login)
            changed.append(member.login)
    if changed:
        store.write_wraps(ws.path, entries)
        with ws.registry.writing() as conn:
            store.append_audit(conn, actor, "staff_keys_resealed", {"users": changed})
    ws.registry.set_meta_value(STAFF_TIER, "1")
    return changed

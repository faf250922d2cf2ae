"""Opening a workspace as one login, with that login's own credential (``users.json`` v2).

The acting user is the one whose credential opened the keys, never just the login name:

1. the credential comes from the login's OS keyring entry, or its passphrase wrap in
   ``users.json`` (bound to the workspace and the login);
2. the signed user list must verify with the signing key that credential trusts;
3. the credential's public key must be the one the signed list gives for the login;
4. only then are the keys sealed to that login opened.

A user carried over from a version 1 users file (``legacy``) still opens with their old
wrap of the old master key until their first open, which re-wraps their new credential
under their own passphrase or keyring; a key rotation ends that carrying over.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag

from sar_desk.errors import PermissionDenied
from sar_desk.store import credentials as cred
from sar_desk.store import keys, users
from sar_desk.store import roster as signed
from sar_desk.store.credentials import Credential, Payload
from sar_desk.store.errors import MissingKeyError, PassphraseRequired, StoreError, WrongKeyError
from sar_desk.store.roster import Roster


class UsersForged(StoreError):
    """The user list (or the registry's copy of it) was changed outside SAR Desk."""

    code = "users.forged"


@dataclass
class Unlocked:
    """What a login's credential opened: who they are and the keys sealed to them."""

    login: str
    roster: Roster
    payload: Payload
    credential: Credential


def _not_a_user(root: Path, login: str) -> PermissionDenied:
    return PermissionDenied(
        f"The OS login {login!r} is not a user of the workspace at {root}, so it cannot be "
        "opened.", code="user.not_a_user", login=login, path=root)


def handover_aad(workspace_id: str, login: str) -> str:
    return f"handover:{workspace_id}:user:{login}"


def wrap_handover(old_master: bytes, workspace_id: str, login: str, credential: Credential
                  ) -> str:
    """A carried-over user's new credential, under the master key their old wrap holds."""
    kek = keys.derive(old_master, "handover", workspace_id)
    return keys.b64(keys.wrap(kek, credential.to_text().encode(),
                              handover_aad(workspace_id, login)))


def _from_handover(entry: dict, old_master: bytes, workspace_id: str, login: str
                   ) -> Credential | None:
    try:
        kek = keys.derive(old_master, "handover", workspace_id)
        text = keys.unwrap(kek, keys.unb64(entry["handover"]), handover_aad(workspace_id, login))
    except (InvalidTag, ValueError, KeyError, TypeError):
        return None
    return Credential.from_text(text.decode("utf-8", "replace"))


def credential_for(root: Path, workspace_id: str, login: str, entry: dict,
                   passphrase: str | None, *, use_keyring: bool = True) -> Credential:
    """``login``'s credential, from its keyring entry (``use_keyring``) or ``passphrase``."""
    return _credential(root, workspace_id, login, entry, passphrase, use_keyring)[0]


def _credential(root: Path, workspace_id: str, login: str, entry: dict,
                passphrase: str | None, use_keyring: bool = True) -> tuple[Credential, str]:
    """``login``'s credential and how it was found (keyring, passphrase or legacy)."""
    legacy = entry.get("legacy") if isinstance(entry.get("legacy"), dict) else None
    keyring_problem, text = "", None
    try:
        if use_keyring:
            text = users.keyring_text(workspace_id, login)
    except PassphraseRequired as exc:
        text, keyring_problem = None, str(exc)
    if text is not None:
        found = Credential.from_text(text)
        if found is not None:
            return found, "keyring"
        if legacy and legacy.get("keyring"):  # a version 1 entry: the old master key
            try:
                found = _from_handover(entry, keys.unb64(text), workspace_id, login)
            except ValueError:
                found = None
            if found is not None:
                return found, "legacy"
    if passphrase is not None:
        if entry.get("passphrase"):
            data = users.passphrase_unwrap(entry["passphrase"], passphrase, workspace_id,
                                           login, purpose="credential")
            found = Credential.from_text(data.decode("utf-8", "replace"))
            if found is None:
                raise WrongKeyError(f"The passphrase does not unlock this workspace for "
                                    f"{login}.", code="key.wrong_user_passphrase")
            return found, "passphrase"
        if legacy and legacy.get("passphrase"):
            old = users.passphrase_unwrap(legacy["passphrase"], passphrase, workspace_id, login)
            found = _from_handover(entry, old, workspace_id, login)
            if found is not None:
                return found, "legacy"
            raise WrongKeyError(f"The passphrase does not unlock this workspace for {login}.",
                                code="key.wrong_user_passphrase")
        raise MissingKeyError(f"{login} has no passphrase for the workspace at {root}.",
                              code="key.no_passphrase_set", path=root)
    if text is not None:  # something under this login's name that is not its credential
        raise WrongKeyError(f"The key in the OS keyring for the workspace at {root} does not "
                            "open it.", code="keyring.wrong_key", path=root)
    where = keyring_problem or "The OS keyring holds no key for it on this computer."
    if entry.get("passphrase") or (legacy and legacy.get("passphrase")):
        raise PassphraseRequired(f"No key to open the workspace at {root}. {where}",
                                 code="key.passphrase_required", path=root, whose="your")
    raise MissingKeyError(f"No key to open the workspace at {root}. {where}",
                          code="key.recovery_required", path=root)


def forged(root: Path, document: dict, trusted: bytes | None = None, *,
           replaced: bool = False) -> UsersForged:
    """The refusal for a user list that does not verify, naming what it now says
    (``replaced``: it is signed with a signing key the workspace has replaced)."""
    claimed = signed.unverified(document.get("roster"))
    said = ""
    if claimed is not None:
        said = " It now says: " + "; ".join(
            f"{m.login} {', '.join(r.value for r in m.roles)}" for m in claimed.members) + "."
    why = ("it is signed with a signing key that was replaced when an administrator left "
           "or lost the administrator role (whoever held that key could forge it), so the "
           "list is not trusted" if replaced else
           "a role, user or key in it was changed outside SAR Desk")
    return UsersForged(
        f"The user list in {users.wraps_path(root)} is not signed by this workspace's "
        f"administrators: {why}, so the workspace is not opened.{said} Restore users.json "
        "from a backup, or ask an administrator to check the users.",
        path=users.wraps_path(root), reason="replaced_signer" if replaced else "forged")


def unlock(root: Path, workspace_id: str, login: str, passphrase: str | None,
           document: dict, *, remember: bool = True) -> Unlocked:
    """Open ``login``'s keys with its own credential (see the module docstring)."""
    entries = document["users"]
    entry = entries.get(login)
    if entry is None:
        raise _not_a_user(root, login)
    try:
        found, how = _credential(root, workspace_id, login, entry, passphrase)
    except (KeyError, TypeError, AttributeError):  # a wrap of the wrong shape
        raise StoreError(f"The users file {users.wraps_path(root)} is damaged ({login}'s "
                         "entry). Restore it from a backup of the workspace folder.",
                         code="users.damaged", path=users.wraps_path(root)) from None
    roster = signed.verify(document.get("roster"), found.signer)
    if roster is None or roster.workspace_id != workspace_id:
        raise forged(root, document)
    member = roster.member(login)
    if member is None:
        raise _not_a_user(root, login)
    if member.public != found.public:
        raise WrongKeyError(
            f"The credential found for {login} is not {login}'s own (its key is not the one "
            "the signed user list gives), so the workspace is not opened.",
            code="user.credential_not_theirs", login=login, path=root)
    try:
        payload = cred.unseal_payload(found.secret, str(entry.get("sealed") or ""),
                                      workspace_id, login)
    except (ValueError, KeyError, TypeError):
        raise WrongKeyError(f"The keys sealed for {login} in users.json are damaged.",
                            code="user.sealed_wrong", login=login, path=root) from None
    if payload.signer is not None and payload.signer != roster.signer:
        raise forged(root, document, replaced=True)
    if payload.content is not None and keys.key_check(payload.content, workspace_id) != \
            roster.content_check:
        raise WrongKeyError(f"The keys sealed for {login} in users.json are not this "
                            "workspace's current keys.", code="user.sealed_wrong", login=login,
                            path=root)
    if remember:
        _keep(root, workspace_id, login, entries, found, how, passphrase)
    return Unlocked(login, roster, payload, found)


def _keep(root: Path, workspace_id: str, login: str, entries: dict, found: Credential,
          how: str, passphrase: str | None) -> None:
    """After a passphrase or carried-over open: keep the credential in the OS keyring (and a
    carried-over user's under their own passphrase), so the old wrap is no longer needed.

    Only this login's wrap fields change, in the users file as it is now (another user may
    have written it since it was read)."""
    if how == "keyring":
        return
    changes: dict = {}
    if users.keyring_set(workspace_id, login, found.to_text()):
        changes["keyring"] = True
    if how == "legacy" and passphrase is not None:
        changes["passphrase"] = users.passphrase_wrap(
            found.to_text().encode(), passphrase, workspace_id, login, purpose="credential")
    if not changes:
        return
    fresh = users.read_document(root) or {"users": {}}
    entry = fresh["users"].get(login)
    if entry is None:
        return
    entry.update(changes)
    if "passphrase" in changes:  # their own passphrase now wraps it: the hand-over ends
        entry.pop("legacy", None)
        entry.pop("handover", None)
    users.write_wraps(root, fresh["users"])


def new_entry(workspace_id: str, login: str, signer: bytes, payload: Payload, *,
              passphrase: str | None, use_keyring: bool) -> tuple[dict, Credential]:
    """A new credential for ``login``: its users.json entry and the credential."""
    found = cred.new_credential(signer)
    entry: dict = {"keyring": False, "passphrase": None,
                   "sealed": cred.seal_payload(found.public, payload, workspace_id, login)}
    if passphrase is not None:
        entry["passphrase"] = users.passphrase_wrap(found.to_text().encode(), passphrase,
                                                    workspace_id, login, purpose="credential")
    if use_keyring and users.keyring_set(workspace_id, login, found.to_text()):
        entry["keyring"] = True
    return entry, found


def reseal(entry: dict, public: bytes, payload: Payload, workspace_id: str, login: str
           ) -> dict:
    """``entry`` with ``payload`` sealed to ``public`` in place of what it held."""
    return {**entry, "sealed": cred.seal_payload(public, payload, workspace_id, login)}


"""The signed user list: who the users are, their roles and public keys, signed by the
administrators' Ed25519 key.

The list lives in ``users.json`` (not secret: logins, display names, roles, public keys).
Its signature is checked at every open against the signing key the opener's own credential
trusts, so an edited role (or an added user, or a swapped public key) is refused and named.
Only administrators hold the private signing key (sealed to them in ``users.json``).

When the signing key is replaced (a key rotation), the old key signs a *handover* to the new
one, kept in the list: a credential made before still reaches the key in force through the
handovers, while the keys sealed to each user name the key in force, so a list signed with
a replaced key is refused (:func:`sar_desk.store.user_keys.unlock`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from sar_desk.core.roles import Role
from sar_desk.store import keys


@dataclass(frozen=True)
class Member:
    """One user in the signed list."""

    login: str
    roles: tuple[Role, ...]
    public: bytes | None  # None: still on the old (version 1) wrap until they next open
    name: str = ""
    added: str = ""
    added_by: str = ""

    def to_json(self) -> dict:
        return {"login": self.login, "roles": [r.value for r in self.roles],
                "public": keys.b64(self.public) if self.public else None, "name": self.name,
                "added": self.added, "added_by": self.added_by}

    @classmethod
    def from_json(cls, data: dict) -> Member:
        return cls(login=str(data["login"]), roles=tuple(Role(r) for r in data["roles"]),
                   public=keys.unb64(data["public"]) if data.get("public") else None,
                   name=str(data.get("name") or ""), added=str(data.get("added") or ""),
                   added_by=str(data.get("added_by") or ""))


@dataclass(frozen=True)
class Handover:
    """The signing key ``previous`` passing the list to ``signer`` at key ``generation``,
    signed by ``previous``."""

    previous: bytes
    signer: bytes
    generation: int
    signature: bytes

    def to_json(self) -> dict:
        return {"previous": keys.b64(self.previous), "signer": keys.b64(self.signer),
                "generation": self.generation, "signature": keys.b64(self.signature)}

    @classmethod
    def from_json(cls, data: dict) -> Handover:
        return cls(previous=keys.unb64(data["previous"]), signer=keys.unb64(data["signer"]),
                   generation=int(data["generation"]), signature=keys.unb64(data["signature"]))


def _handover_text(workspace_id: str, previous: bytes, signer: bytes, generation: int
                   ) -> bytes:
    return canonical({"handover": workspace_id, "previous": keys.b64(previous),
                      "signer": keys.b64(signer), "generation": generation})


def hand_over(workspace_id: str, generation: int, previous: bytes, signer: bytes
              ) -> Handover:
    """The private key ``previous`` passing the list to the public key ``signer``."""
    old = Ed25519PrivateKey.from_private_bytes(previous)
    public = old.public_key().public_bytes_raw()
    return Handover(public, signer, generation,
                    old.sign(_handover_text(workspace_id, public, signer, generation)))


@dataclass(frozen=True)
class Roster:
    """The user list as signed: the workspace, a serial number, the key generation and a
    check value of the current content key, and the members."""

    workspace_id: str
    serial: int
    generation: int
    content_check: str
    signer: bytes
    members: tuple[Member, ...] = field(default_factory=tuple)
    handovers: tuple[Handover, ...] = field(default_factory=tuple)  # oldest first

    def member(self, login: str) -> Member | None:
        return next((m for m in self.members if m.login == login), None)

    def body(self) -> dict:
        body = {"workspace": self.workspace_id, "serial": self.serial,
                "generation": self.generation, "content_check": self.content_check,
                "signer": keys.b64(self.signer),
                "users": [m.to_json() for m in sorted(self.members, key=lambda m: m.login)]}
        if self.handovers:
            body["handovers"] = [h.to_json() for h in self.handovers]
        return body

    @classmethod
    def from_body(cls, body: dict) -> Roster:
        return cls(workspace_id=str(body["workspace"]), serial=int(body["serial"]),
                   generation=int(body["generation"]),
                   content_check=str(body["content_check"]),
                   signer=keys.unb64(body["signer"]),
                   members=tuple(Member.from_json(m) for m in body["users"]),
                   handovers=tuple(Handover.from_json(h) for h in body.get("handovers") or ()))

    def reaches(self, trusted: bytes) -> bool:
        """Whether the signing key in force is ``trusted``, or one it handed over to
        (through each handover in turn, each signed by the key before)."""
        current, seen = trusted, {trusted}
        while current != self.signer:
            step = next((h for h in self.handovers if h.previous == current
                         and _signed(current, h.signature, _handover_text(
                             self.workspace_id, current, h.signer, h.generation))), None)
            if step is None or step.signer in seen:
                return False
            current = step.signer
            seen.add(current)
        return True


def _signed(public: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def canonical(body: dict) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def new_signing_key() -> tuple[bytes, bytes]:
    """A fresh (private, public) Ed25519 pair for a workspace's administrators."""
    private = Ed25519PrivateKey.generate()
    return private.private_bytes_raw(), private.public_key().public_bytes_raw()


def sign(roster: Roster, signing: bytes) -> dict:
    """The stored form of ``roster``: its body and the signature by ``signing``."""
    body = roster.body()
    signature = Ed25519PrivateKey.from_private_bytes(signing).sign(canonical(body))
    return {"body": body, "signature": keys.b64(signature)}


def verify(stored: object, trusted: bytes) -> Roster | None:
    """The roster in ``stored`` when it is signed by ``trusted`` or by a key ``trusted``
    handed over to (:meth:`Roster.reaches`); else None."""
    try:
        body, signature = stored["body"], keys.unb64(stored["signature"])  # type: ignore[index]
        roster = Roster.from_body(body)
        Ed25519PublicKey.from_public_bytes(roster.signer).verify(signature, canonical(body))
    except (InvalidSignature, ValueError, TypeError, KeyError, AttributeError):
        return None
    return roster if roster.reaches(trusted) else None


def unverified(stored: object) -> Roster | None:
    """The roster in ``stored`` read without checking it (to name what was changed)."""
    try:
        return Roster.from_body(stored["body"])  # type: ignore[index]
    except (ValueError, TypeError, KeyError):
        return None

"""The signed user list: who the users are, their roles and public keys, signed by the
administrators' Ed25519 key.

The list lives in ``users.json`` (not secret: logins, display names, roles, public keys).
Its signature is checked at every open against the signing key the opener's own credential
trusts, so an edited role (or an added user, or a swapped public key) is refused and named.
Only administrators hold the private signing key (sealed to them in ``users.json``).
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
class Roster:
    """The user list as signed: the workspace, a serial number, the key generation and a
    check value of the current content key, and the members."""

    workspace_id: str
    serial: int
    generation: int
    content_check: str
    signer: bytes
    members: tuple[Member, ...] = field(default_factory=tuple)

    def member(self, login: str) -> Member | None:
        return next((m for m in self.members if m.login == login), None)

    def body(self) -> dict:
        return {"workspace": self.workspace_id, "serial": self.serial,
                "generation": self.generation, "content_check": self.content_check,
                "signer": keys.b64(self.signer),
                "users": [m.to_json() for m in sorted(self.members, key=lambda m: m.login)]}

    @classmethod
    def from_body(cls, body: dict) -> Roster:
        return cls(workspace_id=str(body["workspace"]), serial=int(body["serial"]),
                   generation=int(body["generation"]),
                   content_check=str(body["content_check"]),
                   signer=keys.unb64(body["signer"]),
                   members=tuple(Member.from_json(m) for m in body["users"]))


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
    """The roster in ``stored`` when its signature checks with ``trusted``; else None."""
    try:
        body, signature = stored["body"], keys.unb64(stored["signature"])  # type: ignore[index]
        Ed25519PublicKey.from_public_bytes(trusted).verify(signature, canonical(body))
        roster = Roster.from_body(body)
    except (InvalidSignature, ValueError, TypeError, KeyError):
        return None
    return roster if roster.signer == trusted else None


def unverified(stored: object) -> Roster | None:
    """The roster in ``stored`` read without checking it (to name what was changed)."""
    try:
        return Roster.from_body(stored["body"])  # type: ignore[index]
    except (ValueError, TypeError, KeyError):
        return None

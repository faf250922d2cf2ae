"""Per-user credentials: the secret that proves who a user is, and what it unseals.

Each user holds an X25519 key pair. The secret half is their *credential*: it lives in
their OS keyring entry or in ``users.json`` wrapped by their passphrase (scrypt + AES-GCM,
bound to the workspace and the login), together with the administrators' public signing
key they trust (so a user list re-signed with another key is refused). The public half is
in the signed user list. What the user may hold (the content key, the staff key, the
administrators' signing key) is *sealed* to their public key: anyone may seal to it (an
administrator re-seals for everyone when keys rotate), only the credential unseals it.

Holding another login's sealed keys, or putting any key under another login's name in a
keyring, does not make one that login: the secret must match the public key the signed list
gives for the login.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sar_desk.store import keys
from sar_desk.store.errors import WrongKeyError

CREDENTIAL_VERSION = 2


@dataclass(frozen=True)
class Credential:
    """A user's secret key and the signing key of the administrators they trust."""

    secret: bytes
    signer: bytes

    @property
    def public(self) -> bytes:
        return public_of(self.secret)

    def to_text(self) -> str:
        return json.dumps({"v": CREDENTIAL_VERSION, "secret": keys.b64(self.secret),
                           "signer": keys.b64(self.signer)}, sort_keys=True)

    @classmethod
    def from_text(cls, text: str) -> Credential | None:
        """The credential in ``text``; None when it is not one (e.g. a bare key)."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("v") != CREDENTIAL_VERSION:
                return None
            secret, signer = keys.unb64(data["secret"]), keys.unb64(data["signer"])
        except (ValueError, TypeError, KeyError):
            return None
        if len(secret) != keys.KEY_BYTES or len(signer) != keys.KEY_BYTES:
            return None
        return cls(secret, signer)


def new_credential(signer: bytes) -> Credential:
    """A fresh secret for a user who trusts ``signer``."""
    return Credential(X25519PrivateKey.generate().private_bytes_raw(), signer)


def public_of(secret: bytes) -> bytes:
    return X25519PrivateKey.from_private_bytes(secret).public_key().public_bytes_raw()


def _seal_key(shared: bytes, ephemeral: bytes, public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=keys.KEY_BYTES, salt=None,
                info=b"sar-desk seal" + ephemeral + public).derive(shared)


def seal(public: bytes, data: bytes, aad: str) -> bytes:
    """``data`` encrypted so only the holder of ``public``'s secret reads it."""
    ephemeral = X25519PrivateKey.generate()
    eph_public = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public))
    nonce = os.urandom(12)
    box = AESGCM(_seal_key(shared, eph_public, public))
    return eph_public + nonce + box.encrypt(nonce, data, aad.encode())


def unseal(secret: bytes, blob: bytes, aad: str) -> bytes:
    """Open what :func:`seal` made for ``secret``; WrongKeyError when it is not theirs."""
    try:
        private = X25519PrivateKey.from_private_bytes(secret)
        public = private.public_key().public_bytes_raw()
        shared = private.exchange(X25519PublicKey.from_public_bytes(blob[:32]))
        box = AESGCM(_seal_key(shared, blob[:32], public))
        return box.decrypt(blob[32:44], blob[44:], aad.encode())
    except (InvalidTag, ValueError):
        raise WrongKeyError("The keys in users.json were not sealed for this credential.",
                            code="user.sealed_wrong") from None


def payload_aad(workspace_id: str, login: str) -> str:
    return f"keys:{workspace_id}:user:{login}"


@dataclass(frozen=True)
class Payload:
    """The keys sealed to one user: the content (master) key for those who read cases,
    the staff key, and the administrators' signing key for administrators; with them the
    public half of the signing key in force (``signer``), so a user list signed with a
    replaced signing key is refused (None: sealed before signing keys were replaced)."""

    content: bytes | None
    staff: bytes | None
    signing: bytes | None = None
    previous: bytes | None = None  # the content key before a rotation not yet finished
    signer: bytes | None = None

    def to_bytes(self) -> bytes:
        return json.dumps({k: keys.b64(v) if v else None for k, v in (
            ("content", self.content), ("staff", self.staff), ("signing", self.signing),
            ("previous", self.previous), ("signer", self.signer))}, sort_keys=True).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Payload:
        found = json.loads(data)
        return cls(**{k: keys.unb64(found[k]) if found.get(k) else None
                      for k in ("content", "staff", "signing", "previous", "signer")})


def seal_payload(public: bytes, payload: Payload, workspace_id: str, login: str) -> str:
    return keys.b64(seal(public, payload.to_bytes(), payload_aad(workspace_id, login)))


def unseal_payload(secret: bytes, sealed: str, workspace_id: str, login: str) -> Payload:
    try:
        blob = keys.unb64(sealed)
    except ValueError:
        blob = b""
    return Payload.from_bytes(unseal(secret, blob, payload_aad(workspace_id, login)))


# --- the recovery key, as a key pair (so a new master key can be sealed to it) ---------

SEALED = "sealed:"


def recovery_public(recovery: bytes, workspace_id: str) -> str:
    """The public half of the key pair a recovery key stands for (kept in the manifest)."""
    return keys.b64(public_of(keys.derive(recovery, "recovery-seal", workspace_id)))


def seal_recovery(public: str, master: bytes, workspace_id: str) -> str:
    """``master`` sealed to the recovery key (the manifest's ``recovery`` field)."""
    return SEALED + keys.b64(seal(keys.unb64(public), master, f"recovery:{workspace_id}"))


def open_recovery(wrapped: str, recovery: bytes, workspace_id: str) -> bytes:
    """The master key from the manifest's ``recovery`` field (sealed or wrapped)."""
    if not wrapped.startswith(SEALED):
        return keys.unwrap_with_recovery(wrapped, recovery, workspace_id)
    try:
        return unseal(keys.derive(recovery, "recovery-seal", workspace_id),
                      keys.unb64(wrapped[len(SEALED):]), f"recovery:{workspace_id}")
    except (WrongKeyError, ValueError):
        raise WrongKeyError(
            "That recovery key does not belong to this workspace; check it against the one "
            "printed when the workspace was created (or when a user was last removed).",
            code="recovery_key.wrong") from None

"""Key handling: the workspace master key, case keys, passphrase and recovery-key wrapping.

* Each case file has its own random 256-bit key, given to SQLCipher as a raw key.
* Case keys are wrapped with AES-GCM under a key derived from the workspace master key and
  kept (wrapped) in the registry; destroying one wrapped key shreds that case.
* The master key lives in the OS keyring (``keyring`` API). Where there is no usable keyring,
  it is wrapped by a passphrase (scrypt) in the manifest; never stored in plaintext.
* ``init`` prints a recovery key once; it unwraps a second copy of the master key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from sar_desk.errors import InputError
from sar_desk.store.errors import MissingKeyError, PassphraseRequired, StoreError, WrongKeyError

KEY_BYTES = 32
KEYRING_SERVICE = "sar-desk"
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
# The scrypt costs a stored wrap may ask for: anything past them is a damaged or hostile
# file (an absurd cost would exhaust memory or run for hours before the passphrase is tried).
MAX_SCRYPT_MEMORY = 1024 * 1024 * 1024  # 128 * n * r bytes
MAX_SCRYPT_P = 16


def new_key() -> bytes:
    """A fresh random 256-bit key."""
    return secrets.token_bytes(KEY_BYTES)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def derive(master: bytes, purpose: str, workspace_id: str) -> bytes:
    """A sub-key of the master key for one purpose (registry, case-key wrapping, key check)."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_BYTES,
        salt=None,
        info=f"sar-desk {purpose} {workspace_id}".encode(),
    ).derive(master)


def key_check(master: bytes, workspace_id: str) -> str:
    """A non-secret value that tells whether a master key belongs to the workspace."""
    return derive(master, "key-check", workspace_id).hex()[:32]


def matches(master: bytes, workspace_id: str, check: str) -> bool:
    return hmac.compare_digest(key_check(master, workspace_id), check)


def sqlcipher_raw_key(key: bytes) -> str:
    """The SQLCipher raw-key literal (no KDF at open): ``x'<64 hex digits>'``."""
    return f"x'{key.hex()}'"


# --- AES-GCM wrapping -------------------------------------------------------------------


def wrap(kek: bytes, key: bytes, aad: str) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(kek).encrypt(nonce, key, aad.encode())


def unwrap(kek: bytes, blob: bytes, aad: str) -> bytes:
    """Unwrap; raises ``InvalidTag`` if the wrapping key or the data is wrong."""
    return AESGCM(kek).decrypt(blob[:12], blob[12:], aad.encode())


def wrap_case_key(master: bytes, workspace_id: str, reference: str, key: bytes) -> bytes:
    return wrap(derive(master, "case-keys", workspace_id), key, f"{workspace_id}:{reference}")


def unwrap_case_key(master: bytes, workspace_id: str, reference: str, blob: bytes) -> bytes:
    try:
        kek = derive(master, "case-keys", workspace_id)
        return unwrap(kek, blob, f"{workspace_id}:{reference}")
    except (InvalidTag, ValueError):
        raise WrongKeyError(
            f"The stored key for {reference} does not unwrap with this workspace's master key "
            "(the registry entry was altered or belongs to another workspace). "
            "Restore the registry from a backup.",
            code="case_key.wrong", reference=reference,
        ) from None


# --- passphrase wrapping (scrypt) ---------------------------------------------------------


def scrypt_params_reason(n: object, r: object, p: object) -> str | None:
    """Why stored scrypt parameters cannot be used (None: they are sane)."""
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (n, r, p)):
        return "its scrypt parameters are not whole numbers"
    if n < 2 or n & (n - 1) or r < 1 or not 1 <= p <= MAX_SCRYPT_P:  # type: ignore[operator]
        return "its scrypt parameters are out of range"
    if 128 * n * r > MAX_SCRYPT_MEMORY:  # type: ignore[operator]
        return "its scrypt parameters ask for more memory than any wrap SAR Desk writes"
    return None


def check_passphrase_wrap(entry: object, where: str) -> dict:
    """``entry`` (a stored passphrase wrap), checked before use: a dict with sane scrypt
    parameters and base64 salt and key; :class:`StoreError` naming ``where`` otherwise."""
    if not isinstance(entry, dict):
        reason = "it is not a key wrap"
    elif entry.get("legacy"):
        return entry
    else:
        reason = scrypt_params_reason(entry.get("n"), entry.get("r"), entry.get("p"))
        if reason is None:
            try:
                unb64(entry.get("salt"))  # type: ignore[arg-type]
                unb64(entry.get("wrapped"))  # type: ignore[arg-type]
            except (binascii.Error, ValueError, TypeError, AttributeError):
                reason = "its salt or wrapped key is not base64"
    if reason:
        raise StoreError(f"The passphrase wrap in {where} is damaged: {reason}. Restore the "
                         "file from a backup of the workspace folder.", code="wrap.damaged",
                         path=where)
    return entry  # type: ignore[return-value]


def passphrase_kek(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    """The key-encryption key scrypt derives from a passphrase (with the wrap's parameters)."""
    reason = scrypt_params_reason(n, r, p)
    if reason:
        raise StoreError(f"The passphrase wrap is damaged: {reason}.", code="wrap.damaged")
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def wrap_with_passphrase(master: bytes, passphrase: str, workspace_id: str) -> dict:
    from sar_desk.core.input_rules import passphrase_reason

    reason = passphrase_reason(passphrase)
    if reason:
        raise InputError(reason)
    salt = os.urandom(16)
    kek = passphrase_kek(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return {
        "kdf": "scrypt",
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": b64(salt),
        "wrapped": b64(wrap(kek, master, f"master:{workspace_id}")),
    }


def unwrap_with_passphrase(entry: dict, passphrase: str, workspace_id: str) -> bytes:
    check_passphrase_wrap(entry, "the workspace manifest")
    kek = passphrase_kek(passphrase, unb64(entry["salt"]), entry["n"], entry["r"], entry["p"])
    try:
        return unwrap(kek, unb64(entry["wrapped"]), f"master:{workspace_id}")
    except InvalidTag:
        raise WrongKeyError(
            "The passphrase does not unlock this workspace.", code="key.wrong_passphrase"
        ) from None


# --- recovery key -------------------------------------------------------------------------


def new_recovery_key() -> tuple[str, bytes]:
    """A printable recovery key (groups of base32) and its bytes."""
    raw = secrets.token_bytes(KEY_BYTES)
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4)), raw


def parse_recovery_key(text: str) -> bytes:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != KEY_BYTES:
        raise InputError(
            "That is not a SAR Desk recovery key: it should be 13 groups of letters and digits "
            "separated by dashes, exactly as shown when the workspace was created.",
            code="recovery_key.malformed",
        )
    return raw


def wrap_with_recovery(master: bytes, recovery: bytes, workspace_id: str) -> str:
    kek = derive(recovery, "recovery", workspace_id)
    return b64(wrap(kek, master, f"master:{workspace_id}"))


def unwrap_with_recovery(wrapped: str, recovery: bytes, workspace_id: str) -> bytes:
    try:
        return unwrap(derive(recovery, "recovery", workspace_id), unb64(wrapped),
                      f"master:{workspace_id}")
    except InvalidTag:
        raise WrongKeyError(
            "That recovery key does not belong to this workspace; check it against the one "
            "printed when the workspace was created.", code="recovery_key.wrong"
        ) from None


def recovery_mac(master: bytes, workspace_id: str, wrapped: str) -> str:
    """A MAC of the recovery wrap under the master key: whether the recovery wrap is still
    the one made for this master key can be checked without the recovery key."""
    return hmac.new(derive(master, "recovery-check", workspace_id), wrapped.encode("utf-8"),
                    hashlib.sha256).hexdigest()


def receipt_key(master: bytes, workspace_id: str) -> bytes:
    """The key audit receipts are signed with (a one-way sub-key of the master key)."""
    return derive(master, "audit-receipt", workspace_id)


def receipt_signature(key: bytes, body: bytes) -> str:
    """HMAC-SHA256 of an audit receipt's body under a receipt key."""
    return hmac.new(key, body, hashlib.sha256).hexdigest()


# --- the OS keyring -----------------------------------------------------------------------


def keyring_username(workspace_id: str) -> str:
    return f"workspace-{workspace_id}"


def _describe(backend: object) -> object:
    """The facts the keyring rule judges, for one keyring backend object."""
    from sar_desk.core.keyring_rules import Backend

    kind = type(backend)
    priority = getattr(backend, "priority", None)
    encrypted = getattr(backend, "encrypted", None)
    return Backend(name=kind.__name__, module=kind.__module__,
                   priority=priority if isinstance(priority, int | float) else None,
                   encrypted=encrypted if isinstance(encrypted, bool) else None,
                   description=(kind.__doc__ or "").strip().split("\n")[0])


def keyring_refusal() -> str | None:
    """Why the OS keyring may not hold workspace keys here (a plain file), or None.

    A chain of backends is judged by the one it writes to first (the highest priority)."""
    import keyring

    from sar_desk.core.keyring_rules import plaintext_keyring_reason

    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - no keyring at all: the callers find out themselves
        return None
    chained = getattr(backend, "backends", None)
    if isinstance(chained, list | tuple) and chained:
        backend = chained[0]
    return plaintext_keyring_reason(_describe(backend))  # type: ignore[arg-type]


def keyring_get(workspace_id: str) -> bytes | None:
    """The master key from the OS keyring, or None when absent; raises when no keyring works
    (or when it keeps secrets in a plain file)."""
    import keyring
    from keyring.errors import KeyringError

    refusal = keyring_refusal()
    if refusal:
        raise PassphraseRequired(refusal, code="key.plaintext_keyring", whose="the")
    try:
        value = keyring.get_password(KEYRING_SERVICE, keyring_username(workspace_id))
    except KeyringError as exc:  # NoKeyringError, locked keychain, ...
        raise PassphraseRequired(
            f"No usable OS keyring ({type(exc).__name__}).", code="key.no_keyring", whose="the",
        ) from None
    if value is None:
        return None
    try:
        return unb64(value)
    except (binascii.Error, ValueError):
        raise MissingKeyError(
            "The OS keyring entry for this workspace is damaged.", code="keyring.damaged"
        ) from None


def keyring_set(workspace_id: str, master: bytes) -> bool:
    """Store the master key in the OS keyring; False when no keyring can be used (or the
    only one keeps secrets in a plain file)."""
    import keyring
    from keyring.errors import KeyringError

    if keyring_refusal():
        return False
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_username(workspace_id), b64(master))
    except KeyringError:
        return False
    return True


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

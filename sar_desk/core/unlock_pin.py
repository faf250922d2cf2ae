"""The unlock PIN of a keyring-only user: what a PIN must be, and its salted scrypt verifier.

A user whose key lives only in the OS keyring has no passphrase to type at the lock screen,
so they choose an unlock PIN the first time they lock. Only a verifier is kept: scrypt of the
PIN under a random salt (:class:`cryptography.hazmat.primitives.kdf.scrypt.Scrypt`). Pure
functions: the caller gives the salt and keeps the verifier (see services.unlock_pin).
"""

from __future__ import annotations

import base64

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MIN_LENGTH = 4
MAX_LENGTH = 64
SALT_BYTES = 16
# scrypt cost: about 50 ms and 16 MiB here; a lock screen unlocks once, not in a loop.
N, R, P, LENGTH = 2**14, 8, 1, 32
SCHEME = "scrypt"


def pin_reason(pin: str, repeated: str | None = None) -> str | None:
    """Why ``pin`` cannot be the unlock PIN (None: it can). ``repeated`` must match it."""
    if not pin or not pin.strip():
        return "Type an unlock PIN."
    if pin != pin.strip():
        return "The PIN cannot start or end with a space."
    if len(pin) < MIN_LENGTH:
        return f"The PIN needs at least {MIN_LENGTH} characters."
    if len(pin) > MAX_LENGTH:
        return f"The PIN can have at most {MAX_LENGTH} characters."
    if len(set(pin)) == 1:
        return "The PIN cannot be one character repeated."
    if repeated is not None and repeated != pin:
        return "The two PINs are not the same."
    return None


def _kdf(salt: bytes, n: int = N, r: int = R, p: int = P) -> Scrypt:
    return Scrypt(salt=salt, length=LENGTH, n=n, r=r, p=p)


def make_verifier(pin: str, salt: bytes) -> dict[str, object]:
    """The verifier to keep for ``pin`` (salted scrypt; the PIN itself is never kept)."""
    if len(salt) < SALT_BYTES:
        raise ValueError("the salt must be random and at least 16 bytes")
    key = _kdf(salt).derive(pin.encode("utf-8"))
    return {"scheme": SCHEME, "n": N, "r": R, "p": P,
            "salt": base64.b64encode(salt).decode("ascii"),
            "hash": base64.b64encode(key).decode("ascii")}


def pin_matches(pin: str, verifier: object) -> bool:
    """True only when ``pin`` is the PIN behind ``verifier``; an empty PIN never is."""
    if not pin or not isinstance(verifier, dict) or verifier.get("scheme") != SCHEME:
        return False
    try:
        salt = base64.b64decode(str(verifier["salt"]), validate=True)
        expected = base64.b64decode(str(verifier["hash"]), validate=True)
        n, r, p = int(verifier["n"]), int(verifier["r"]), int(verifier["p"])  # type: ignore[call-overload]
    except (KeyError, ValueError, TypeError):
        return False
    if not salt or len(expected) != LENGTH or not (2 <= n <= 2**20) or r < 1 or p < 1:
        return False
    try:
        _kdf(salt, n, r, p).verify(pin.encode("utf-8"), expected)
    except (InvalidKey, ValueError):
        return False
    return True

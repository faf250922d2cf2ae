"""Sealing for the server: AES-GCM bound to a reference and version, and the blind index.

Requester details are sealed with a key derived from the workspace's master key; case
content with a key derived from the case's own key (destroying that key shreds the copy on
the server too). The blind index is an HMAC of normalised name and e-mail tokens, so the
server can match a search without ever holding a name.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sar_desk.core.names import fold
from sar_desk.store import keys

NONCE = 12


def _aad(reference: str, version: int, what: str) -> bytes:
    return f"sar_desk/server/{what}/{reference}/v{version}".encode()


def seal(key: bytes, data: bytes, reference: str, version: int, what: str) -> bytes:
    """``data`` sealed with ``key`` (AES-GCM), bound to ``reference`` and ``version``."""
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(key).encrypt(nonce, data, _aad(reference, version, what))


def unseal(key: bytes, blob: bytes, reference: str, version: int, what: str) -> bytes:
    """The data :func:`seal` sealed (raises ``InvalidTag`` for anything else)."""
    return AESGCM(key).decrypt(bytes(blob[:NONCE]), bytes(blob[NONCE:]),
                               _aad(reference, version, what))


def requester_key(master: bytes, workspace_id: str) -> bytes:
    return keys.derive(master, "server requester", workspace_id)


def index_key(master: bytes, workspace_id: str) -> bytes:
    return keys.derive(master, "server blind index", workspace_id)


def content_key(case_key: bytes, reference: str) -> bytes:
    """The key sealing a case's content on the server, derived from the case's own key."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=f"sar_desk/server/content/{reference}".encode()).derive(case_key)


def seal_requester(key: bytes, reference: str, version: int, details: dict) -> bytes:
    return seal(key, json.dumps(details, sort_keys=True).encode(), reference, version,
                "requester")


def unseal_requester(key: bytes, reference: str, version: int, blob: bytes) -> dict:
    return json.loads(unseal(key, blob, reference, version, "requester"))


_WORD = re.compile(r"\w+", re.UNICODE)


def tokens(name: str = "", email: str = "") -> set[str]:
    """The normalised search tokens of a name and an e-mail address."""
    found = {f"n:{w}" for w in _WORD.findall(fold(name or "").lower())}
    email = (email or "").strip().lower()
    if email:
        found.add(f"e:{email}")
        found |= {f"n:{w}" for w in _WORD.findall(email.split("@")[0])}
    return found


def blind(key: bytes, token: str) -> bytes:
    """One blind-index entry: the keyed HMAC of a token."""
    return hmac.new(key, token.encode(), hashlib.sha256).digest()


def query_tokens(text: str) -> set[str]:
    """The tokens a search for ``text`` must all match (an e-mail, or name words)."""
    text = (text or "").strip()
    if "@" in text:
        return {f"e:{text.lower()}"}
    return {f"n:{w}" for w in _WORD.findall(fold(text).lower())}

"""Workspace-wide tamper checks run by ``verify``: the workspace audit chain and the
recovery self-check.

The recovery wrap (the master key wrapped by the recovery key, in ``workspace.json``) cannot
be opened without the recovery key, so the registry keeps a MAC of it under the master key
(:func:`record_recovery_check`). ``verify`` recomputes it: a wrap that was replaced or
damaged is named before anyone needs it. A workspace made before the check existed gets its
MAC at its first verify, which vouches for the wrap as it is then.
"""

from __future__ import annotations

import hmac

from sar_desk.store import chain_heads, credentials, keys
from sar_desk.store import users as user_store
from sar_desk.store.errors import StoreError
from sar_desk.store.workspace import MANIFEST, Manifest, Workspace

WRAP_BYTES = 12 + keys.KEY_BYTES + 16  # AES-GCM nonce, master key, tag
SEALED_BYTES = 32 + WRAP_BYTES  # the same, after an X25519 public key (a sealed wrap)


def record_recovery_check(ws: Workspace, wrapped: str | None = None) -> None:
    """Store the MAC of the recovery wrap (``wrapped``, default the manifest's) in the
    registry: call it whenever the wrap is written."""
    wrapped = ws.manifest.recovery if wrapped is None else wrapped
    chain_heads.set_recovery_mac(ws.registry, keys.recovery_mac(ws.master_key, ws.id, wrapped))


def recovery_problems(ws: Workspace) -> list[str]:
    """A sentence when the recovery wrap in ``workspace.json`` would not work; [] if it holds."""
    path = ws.path / MANIFEST
    try:
        wrapped = Manifest.read(ws.path).recovery
    except StoreError as exc:
        return [f"{exc} The recovery key could not be used until it is restored"]
    broken = (f"{path}: the recovery wrap was replaced or damaged, so the recovery key would "
              "not work (recovery would not work). Restore workspace.json from a backup")
    try:
        sealed = isinstance(wrapped, str) and wrapped.startswith(credentials.SEALED)
        body = wrapped[len(credentials.SEALED):] if sealed else wrapped
        well_formed = (isinstance(body, str)
                       and len(keys.unb64(body)) == (SEALED_BYTES if sealed else WRAP_BYTES))
    except ValueError:
        well_formed = False
    if not well_formed:
        return [broken]
    recorded = chain_heads.recovery_mac(ws.registry)
    if recorded is None:
        if not ws.read_only:
            record_recovery_check(ws, wrapped)  # made before the check: it starts now
        return []
    if not hmac.compare_digest(recorded, keys.recovery_mac(ws.master_key, ws.id, wrapped)):
        return [broken]
    return []


def workspace_problems(ws: Workspace) -> list[str]:
    """What is wrong with the workspace audit chain and the recovery wrap ([] when both hold)."""
    audit = [f"{ws.registry.path}: {line}" for line in user_store.verify_audit(ws.registry)]
    return audit + recovery_problems(ws)

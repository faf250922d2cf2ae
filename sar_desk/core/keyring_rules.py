"""Which OS keyring may hold a workspace key: never one that keeps secrets in a plain file.

keyring's fallback backends (keyrings.alt's PlaintextKeyring and the like) write passwords
to a file anyone with the disk can read. The master key must not go there: a passphrase
protects it instead. The caller describes the backend; this rule only judges it.
"""

from __future__ import annotations

from dataclasses import dataclass

PLAINTEXT_WORDS = ("plaintext", "plain_text", "plain text", "unencrypted", "cleartext")
# keyring: a priority below 1 is "not recommended"; keyrings.alt's plain file sits at 0.5.
PLAINTEXT_PRIORITY = 0.5


@dataclass(frozen=True)
class Backend:
    """What is known of a keyring backend: its class, module, priority and whether it says
    it encrypts (None: it does not say)."""

    name: str
    module: str = ""
    priority: float | None = None
    encrypted: bool | None = None
    description: str = ""


def plaintext_keyring_reason(backend: Backend) -> str | None:
    """Why ``backend`` may not hold a workspace key (None: it may)."""
    label = backend.name or "the keyring"
    said = f"{backend.name} {backend.module} {backend.description}".casefold()
    plain = (backend.encrypted is False
             or any(word in said for word in PLAINTEXT_WORDS)
             or (backend.encrypted is None and backend.module.startswith("keyrings.alt.file")
                 and "encrypted" not in said)
             or (backend.encrypted is None and backend.priority == PLAINTEXT_PRIORITY
                 and "keyrings.alt" in backend.module))
    if not plain:
        return None
    return (f"The only OS keyring on this computer ({label}) keeps secrets in a plain file "
            "that anyone with access to the disk can read, so the workspace key is not "
            "kept there.")

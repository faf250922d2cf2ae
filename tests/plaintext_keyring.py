"""A stand-in for keyrings.alt's PlaintextKeyring: same name, priority and promise (none)."""

from __future__ import annotations

from tests.memory_keyring import MemoryKeyring


class PlaintextKeyring(MemoryKeyring):
    """Simple File Keyring with no encryption"""

    priority = 0.5  # type: ignore[assignment]

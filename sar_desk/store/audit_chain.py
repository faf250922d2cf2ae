"""The hashing shared by every audit chain: a case file's and the workspace's.

Entry ``n`` stores ``hash = sha256(hash[n-1] | seq | at | actor | action | details)``, the
first entry chained to :data:`GENESIS`. Plain Python (no database), so reading the
workspace's chain does not load the ORM.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sar_desk.core import clock

GENESIS = "0" * 64


def canonical(details: dict[str, Any]) -> str:
    """``details`` as the one JSON text its hash is taken over (sorted keys, no spaces)."""
    return json.dumps(details, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)


def entry_hash(prev: str, seq: int, at: str, actor: str, action: str, details_json: str) -> str:
    """The hash of one entry, chained to the hash of the entry before it."""
    payload = json.dumps([prev, seq, at, actor, action, details_json], ensure_ascii=False,
                         separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def now_text() -> str:
    """The current UTC time as an entry's ``at`` (ISO 8601, microseconds)."""
    return clock.now().isoformat(timespec="microseconds")

"""Case references: ``SAR-2026-0042``, however it was typed (``sar 2026 42``)."""

from __future__ import annotations

import re

REFERENCE = re.compile(r"^\s*SAR[-\s]?(\d{4})[-\s]?(\d{1,6})\s*$", re.IGNORECASE)


def normal_reference(text: str) -> str | None:
    """``text`` as a case reference written the one way (``SAR-YYYY-NNNN``), or None when it
    is not one."""
    match = REFERENCE.match(text or "")
    if not match:
        return None
    return f"SAR-{match.group(1)}-{int(match.group(2)):04d}"

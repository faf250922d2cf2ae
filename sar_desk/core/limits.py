"""Size limits on what people and files hand SAR Desk, stated once and configurable.

Every limit has a default and a ceiling. The organisation profile may set its own values in
an optional ``[limits]`` table (whole numbers from 1 to the ceiling); anything else is
refused, naming the setting. docs/limits.md lists them for users.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

__all__ = ["CEILINGS", "MAX_PROFILE_BYTES", "Limits", "limits_from", "limits_reason"]

# The profile file itself: read before its [limits] table can be, so this one is fixed.
MAX_PROFILE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The limits in force. Attachments are counted in megabytes (2^20 bytes)."""

    attachment_mb: int = 512
    profile_value_chars: int = 10_000
    profile_list_items: int = 200
    template_output_chars: int = 1_000_000
    template_loop_steps: int = 200_000
    archive_entries: int = 10_000  # files in one .zip added to a case
    archive_mb: int = 2048  # all of one .zip's files together, unpacked
    archive_ratio: int = 200  # how many times larger than packed one file may unpack

    @property
    def attachment_bytes(self) -> int:
        return self.attachment_mb * 1024 * 1024

    @property
    def archive_bytes(self) -> int:
        return self.archive_mb * 1024 * 1024


# The largest value the profile may set for each limit.
CEILINGS: dict[str, int] = {
    "attachment_mb": 4096,
    "profile_value_chars": 100_000,
    "profile_list_items": 2000,
    "template_output_chars": 10_000_000,
    "template_loop_steps": 2_000_000,
    "archive_entries": 1_000_000,
    "archive_mb": 65_536,
    "archive_ratio": 10_000,
}


def limits_reason(table: Any) -> str | None:
    """Why a profile's ``[limits]`` table cannot be used (None: it can, or it is absent)."""
    if table is None:
        return None
    if not isinstance(table, dict):
        return "'limits' must be a table of size limits, like [limits]"
    for key, value in table.items():
        if key not in CEILINGS:
            known = ", ".join(sorted(CEILINGS))
            return f"'limits.{key}' is not a limit SAR Desk knows (it knows {known})"
        if not isinstance(value, int) or isinstance(value, bool) \
                or not 1 <= value <= CEILINGS[key]:
            return (f"'limits.{key}' must be a whole number from 1 to {CEILINGS[key]:,} "
                    f"(it is {str(value)[:40]!r})")
    return None


def limits_from(table: Any) -> Limits:
    """The limits a valid ``[limits]`` table sets (the defaults for the rest, or for an
    invalid table: validation refuses those before use)."""
    if limits_reason(table) is not None or not table:
        return Limits()
    names = {f.name for f in fields(Limits)}
    return Limits(**{k: v for k, v in table.items() if k in names})

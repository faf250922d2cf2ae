"""Text that a spreadsheet program would run as a formula, made plain text: one rule for
every CSV and worksheet SAR Desk writes (the register, reports, portability exports)."""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Text starting like a formula (``=``, ``+``, ``-``, ``@``, a tab or a carriage return)
    gets a leading ``'``, so a spreadsheet shows it instead of running it; anything else is
    returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value

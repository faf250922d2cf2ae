"""Errors shown to users, as data: a plain message, a stable ``code`` and the ``facts``.

The message says what went wrong in words that fit every front end: it never names a
command, an option or a menu. What to do next is worded by each front end from the code:
the CLI's table (:mod:`sar_desk.cli.remedies`) names commands and options, the window's
(:mod:`sar_desk.ui.remedies`) names dialogs and menus. ``facts`` holds the values a remedy
may quote (a reference, a path, a field); they can hold personal data, so they are never
logged. The CLI exits with ``error.exit_code``. Nothing derived from :class:`SarDeskError`
should ever reach a user as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Remedy = str | Callable[[Mapping[str, Any]], str | None] | None


class SarDeskError(Exception):
    """Base class for every error SAR Desk reports to a person.

    ``code`` is a short stable id (``"workspace.not_found"``); a subclass sets a default.
    Keyword arguments other than ``code`` are the facts.
    """

    exit_code: int = 1
    code: str = "error"

    def __init__(self, message: str = "", *, code: str | None = None, **facts: Any) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.facts: dict[str, Any] = facts

    @property
    def message(self) -> str:
        """The plain message (what went wrong), without any front end's remedy."""
        return str(self.args[0]) if self.args and self.args[0] else type(self).__name__


class InputError(SarDeskError):
    """The user gave something that cannot be accepted (a bad date, an unknown reference...)."""

    exit_code = 2
    code = "input"


class PermissionDenied(SarDeskError):
    """The current user's role does not allow the action."""

    exit_code = 3
    code = "permission"


def remedy_for(exc: SarDeskError, table: Mapping[str, Remedy]) -> str | None:
    """The remedy ``table`` gives for ``exc``'s code, filled in from its facts (or None).

    A code not in the table falls back to its dotted prefix (``key.wrong``, then ``key``),
    then to the entry ``"*"``, the table's default. A template naming a fact the error does
    not carry gives no remedy rather than a half-filled sentence: an error report must never
    fail itself.
    """
    parts = exc.code.split(".")
    candidates = [".".join(parts[:n]) for n in range(len(parts), 0, -1)] + ["*"]
    entry = next((table[c] for c in candidates if c in table), None)
    if entry is None:
        return None
    try:
        text = entry(exc.facts) if callable(entry) else entry.format_map(exc.facts)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return None
    return text or None


def worded(exc: SarDeskError, table: Mapping[str, Remedy]) -> str:
    """The message followed by the remedy ``table`` gives for it, as one text."""
    remedy = remedy_for(exc, table)
    return f"{exc.message} {remedy}" if remedy else exc.message

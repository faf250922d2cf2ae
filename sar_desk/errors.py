"""Errors shown to users: every one carries a message that says what went wrong and what to do.

The CLI prints ``str(error)`` on stderr and exits with ``error.exit_code``; the window shows
the same text in a dialog. Nothing derived from :class:`SarDeskError` should ever reach a
user as a traceback.
"""

from __future__ import annotations


class SarDeskError(Exception):
    """Base class for every error SAR Desk reports to a person."""

    exit_code: int = 1


class InputError(SarDeskError):
    """The user gave something that cannot be accepted (a bad date, an unknown reference...)."""

    exit_code = 2


class PermissionDenied(SarDeskError):
    """The current user's role does not allow the action."""

    exit_code = 3

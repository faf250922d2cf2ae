"""Text that cannot be stored or exported as typed: unpaired surrogates and control characters.

Pure functions. :func:`text_reason` says why a piece of text cannot be accepted at all (a
lone surrogate cannot be written as UTF-8, so it can never reach a case file);
:func:`printable` makes any text safe for a spreadsheet cell, whose format (XLSX) cannot
hold most control characters — one function, shared by every export.
"""

from __future__ import annotations

import re

__all__ = ["CONTROL_RE", "REPLACEMENT", "has_surrogate", "printable", "single_line_reason",
           "text_reason"]

# C0 controls other than tab, line feed and carriage return, plus DEL and the C1 controls.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What an export shows where a control character or an unpaired surrogate was.
REPLACEMENT = "\ufffd"
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\n\r\u2028\u2029\x85]")


def has_surrogate(text: str) -> bool:
    """True when ``text`` holds an unpaired surrogate (bytes that were not valid UTF-8)."""
    return bool(_SURROGATE_RE.search(text))


def text_reason(text: str, what: str) -> str | None:
    """Why ``text`` (the ``what``: "note", "requester's name"...) cannot be stored: it holds
    characters that are not text (None: it can)."""
    if has_surrogate(text):
        return (f"The {what} holds bytes that are not valid text (an unpaired surrogate, "
                "often from a file name or a terminal in another encoding): retype it.")
    if "\x00" in text:
        return f"The {what} holds a NUL character, which cannot be stored: retype it."
    return None


def single_line_reason(text: str, what: str) -> str | None:
    """:func:`text_reason`, and no control characters or line breaks: for names, which are
    printed on one line in letters and registers."""
    reason = text_reason(text, what)
    if reason:
        return reason
    if CONTROL_RE.search(text) or _LINE_BREAKS.search(text.strip()):
        return f"The {what} holds a control character or a line break: retype it on one line."
    return None


def printable(value: object) -> object:
    """``value`` with every control character (tab and line breaks kept) and every unpaired
    surrogate replaced by U+FFFD, when it is text; anything else unchanged."""
    if not isinstance(value, str):
        return value
    value = CONTROL_RE.sub(REPLACEMENT, value)
    return _SURROGATE_RE.sub(REPLACEMENT, value) if has_surrogate(value) else value

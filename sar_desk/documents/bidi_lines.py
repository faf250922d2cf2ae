"""Right-to-left text for the PDF: shape it, wrap it in logical order, then reorder each line.

The Unicode bidi algorithm reorders text line by line, after the paragraph is broken into
lines. Reordering a whole paragraph first and wrapping it afterwards puts a wrapped
right-to-left paragraph's first words on its last line. So Arabic is shaped
(arabic-reshaper), the logical text is broken into lines that fit (measured by the caller
with the embedded fonts), and each line is reordered for display (python-bidi) with the
paragraph's own base direction: that of its first strong letter (rule P2), the same rule
the DOCX relies on when it marks a paragraph right to left.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# Spaces a line may break at: any whitespace except newlines and the no-break spaces.
_BREAK = re.compile(r"[^\S\n\u00a0\u2007\u202f]+")


def has_rtl(text: str) -> bool:
    """True when the text holds right-to-left letters (Arabic, Hebrew...)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def base_is_rtl(text: str) -> bool:
    """True when the paragraph's base direction is right to left (its first strong letter)."""
    if not has_rtl(text):
        return False
    from bidi import get_base_level

    return get_base_level(text) == 1


def shape(text: str) -> str:
    """Arabic letters replaced by their joined (presentation) forms; order unchanged."""
    if not has_rtl(text):
        return text
    import arabic_reshaper

    return arabic_reshaper.reshape(text)


def _pieces(word: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """A word wider than the line, cut into pieces that fit (at least one character each)."""
    if measure(word) <= width:
        return [word]
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and measure(current + ch) > width:
            pieces.append(current)
            current = ""
        current += ch
    return [*pieces, current]


def wrap_logical(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Break text (logical order) into lines no wider than ``width``, greedily, at spaces.

    ``measure`` gives a string's drawn width; a newline always ends a line (blank lines at
    either end are dropped); runs of spaces collapse to one; a word too long for a line is
    cut between characters.
    """
    lines: list[str] = []
    for hard in text.split("\n"):
        current = ""
        for word in _BREAK.split(hard.strip()):
            if not word:
                continue
            for index, piece in enumerate(_pieces(word, width, measure)):
                candidate = f"{current} {piece}" if current else piece
                if current and (index or measure(candidate) > width):
                    lines.append(current)
                    current = piece
                else:
                    current = candidate
        lines.append(current)
    while lines and not lines[-1]:
        lines.pop()
    start = next((i for i, line in enumerate(lines) if line), len(lines))
    return lines[start:]


def display_line(line: str, rtl: bool) -> str:
    """One line (logical order) reordered for drawing left to right on the page."""
    if not has_rtl(line):
        return line
    from bidi import get_display

    return get_display(line, base_dir="R" if rtl else "L")


def layout(text: str, width: float, measure: Callable[[str], float],
           rtl: bool | None = None) -> list[str]:
    """The lines of a paragraph as drawn, top to bottom, each in visual (left-to-right) order.

    ``rtl`` is the paragraph's base direction; by default that of its first strong letter.
    """
    if rtl is None:
        rtl = base_is_rtl(text)
    return [display_line(line, rtl) for line in wrap_logical(shape(text), width, measure)]

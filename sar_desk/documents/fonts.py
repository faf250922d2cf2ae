"""Embedded fonts for PDF letters: registration, per-run fallback, Arabic shaping, coverage.

The fonts ship in ``sar_desk/resources/fonts`` (with their licences), so a letter never
depends on the fonts of the machine that renders it. Text is split into runs by the first
font that covers each character; a character no font covers is reported, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from sar_desk.documents.bidi_lines import has_rtl as is_rtl
from sar_desk.documents.errors import UncoveredCharacters

REGULAR = "SarDesk-Sans"
BOLD = "SarDesk-Sans-Bold"
FALLBACK = "SarDesk-Fallback"

# Font name -> file. Order of the chains below is the order of preference.
_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    FALLBACK: "DroidSansFallbackFull.ttf",
}
_CHAINS = {False: (REGULAR, FALLBACK), True: (BOLD, REGULAR, FALLBACK)}

# Characters that never need a glyph (layout only).
_NO_GLYPH = {"\n", "\r", "\t", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff"}


def font_dir() -> Path:
    return Path(str(resources.files("sar_desk") / "resources" / "fonts"))


@dataclass(frozen=True)
class _Font:
    name: str
    charset: frozenset[int]


@cache
def _load(name: str) -> _Font:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = font_dir() / _FILES[name]
    font = TTFont(name, str(path))
    pdfmetrics.registerFont(font)
    return _Font(name, frozenset(font.face.charToGlyph))


def register_fonts() -> None:
    """Register every embedded font with reportlab (once per process)."""
    from reportlab.pdfbase.pdfmetrics import registerFontFamily

    for name in _FILES:
        _load(name)
    registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)


def _font_for(ch: str, bold: bool) -> str | None:
    code = ord(ch)
    for name in _CHAINS[bold]:
        if code in _load(name).charset:
            return name
    return None


def visual(text: str) -> str:
    """One line of text as it must be drawn: Arabic shaped, right-to-left runs reordered.

    Left-to-right text is returned unchanged; the base direction is left to right. Text that
    may wrap onto several lines is laid out by :mod:`sar_desk.documents.bidi_lines` instead.
    """
    if not is_rtl(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(text), base_dir="L")


def uncovered(text: str, bold: bool = False) -> list[str]:
    """Characters of ``text`` (as drawn) that no embedded font covers, in order, once each."""
    missing: list[str] = []
    for ch in visual(text):
        if ch in _NO_GLYPH or ch in missing:
            continue
        if _font_for(ch, bold) is None:
            missing.append(ch)
    return missing


def check_coverage(items: list[tuple[str, str]]) -> None:
    """Raise :class:`UncoveredCharacters` listing every (character, where) no font can draw."""
    problems: list[tuple[str, str]] = []
    for text, where in items:
        for ch in uncovered(text):
            if (ch, where) not in problems:
                problems.append((ch, where))
    if problems:
        raise UncoveredCharacters(problems)


def runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """Split one line of text, as drawn (see :func:`visual`), into (font name, text) runs."""
    return drawn_runs(visual(text), bold, source=text)


def drawn_runs(drawn: str, bold: bool = False, source: str | None = None
               ) -> list[tuple[str, str]]:
    """Split text already in drawing order into (font name, text) runs, each drawable by its font.

    Characters needing no glyph stay with the run before them. Raises
    :class:`UncoveredCharacters` for a character no font covers.
    """
    out: list[tuple[str, str]] = []
    current: str | None = None
    buf: list[str] = []
    for ch in drawn:
        if ch in _NO_GLYPH or ch == " ":
            name = current or _CHAINS[bold][0]
        else:
            found = _font_for(ch, bold)
            if found is None:
                raise UncoveredCharacters([(ch, repr((source or drawn)[:40]))])
            name = found
        if name != current and buf:
            out.append((current or name, "".join(buf)))
            buf = []
        current = name
        buf.append(ch)
    if buf:
        out.append((current or _CHAINS[bold][0], "".join(buf)))
    return out


def drawn_width(drawn: str, size: float, bold: bool = False) -> float:
    """Width in points of text drawn with the embedded fonts (run by run) at ``size``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(chunk, name, size) for name, chunk in drawn_runs(drawn, bold))


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def paragraph_markup(text: str, bold: bool = False, style_font: str | None = None) -> str:
    """reportlab Paragraph markup for plain text: escaped, with a font tag per run.

    Runs in ``style_font`` (the paragraph style's font; by default the regular or bold
    face) are left untagged.
    """
    return drawn_markup(visual(text), bold, style_font, source=text)


def drawn_markup(drawn: str, bold: bool = False, style_font: str | None = None,
                 source: str | None = None) -> str:
    """Like :func:`paragraph_markup` for text already in drawing order (no reordering)."""
    parts: list[str] = []
    base = style_font or (BOLD if bold else REGULAR)
    for name, chunk in drawn_runs(drawn, bold, source):
        escaped = _xml_escape(chunk).replace("\n", "<br/>")
        parts.append(escaped if name == base else f'<font face="{name}">{escaped}</font>')
    return "".join(parts)

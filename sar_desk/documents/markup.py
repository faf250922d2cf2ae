"""The small line-based markup letter templates produce, parsed into document-model blocks.

One block per line (blank lines are ignored):

    # Subject line                   -> Heading(level=1)
    ## Section heading               -> Heading(level=2)
    - list item                      -> consecutive items form one BulletList
    |= Header | Header               -> a Table's header row
    | cell | cell                    -> a Table row (follows its header)
    ! bold paragraph                 -> Paragraph(bold=True)
    any other text                   -> Paragraph

Values inserted by the template are escaped (see :func:`escape_value`) so user text can
never start a block, split a line or a cell; entities are decoded after parsing, so a name
like ``<b>Ann & "Bob"</b>`` comes out exactly as typed.
"""

from __future__ import annotations

import html

from markupsafe import Markup, escape

from sar_desk.documents.model import Block, BulletList, Heading, Paragraph, Table

# One pass: HTML escaping plus the markup's own characters (lines, cells, block markers).
_ESCAPE = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;",
    "\n": "&#10;", "\r": "&#13;", "|": "&#124;", "#": "&#35;", "-": "&#45;", "!": "&#33;",
})


_SAFE_IN_MARKUP = str.maketrans({"\n": "&#10;", "\r": "&#13;", "|": "&#124;"})


def escape_value(value: object) -> Markup:
    """Jinja finalize hook: HTML-escape a value and neutralise the markup's own characters."""
    if isinstance(value, Markup):  # already escaped (a filter's result): guard lines and cells
        return Markup(str(value).translate(_SAFE_IN_MARKUP))
    if hasattr(value, "__html__"):
        return Markup(str(escape(value)).translate(_SAFE_IN_MARKUP))
    return Markup(str(value).translate(_ESCAPE))


def _text(raw: str) -> str:
    return html.unescape(raw.strip())


def _cells(raw: str) -> tuple[str, ...]:
    return tuple(_text(cell) for cell in raw.split("|"))


def parse_markup(source: str) -> tuple[Block, ...]:
    """Turn rendered template text into blocks (see the module docstring for the syntax)."""
    blocks: list[Block] = []
    items: list[str] = []
    header: tuple[str, ...] | None = None
    rows: list[tuple[str, ...]] = []

    def flush_list() -> None:
        if items:
            blocks.append(BulletList(tuple(items)))
            items.clear()

    def flush_table() -> None:
        nonlocal header
        if header is not None:
            width = len(header)
            fitted = [(row + ("",) * width)[:width] for row in rows]
            blocks.append(Table(header, tuple(fitted)))
            header = None
            rows.clear()

    for line in source.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("- "):
            flush_table()
            items.append(_text(stripped[2:]))
            continue
        flush_list()
        if stripped.startswith("|="):
            flush_table()
            header = _cells(stripped[2:])
            continue
        if stripped.startswith("|") and header is not None:
            rows.append(_cells(stripped[1:]))
            continue
        flush_table()
        if stripped.startswith("## "):
            blocks.append(Heading(_text(stripped[3:]), level=2))
        elif stripped.startswith("# "):
            blocks.append(Heading(_text(stripped[2:]), level=1))
        elif stripped.startswith("! "):
            blocks.append(Paragraph(_text(stripped[2:]), bold=True))
        else:
            blocks.append(Paragraph(_text(stripped)))
    flush_list()
    flush_table()
    return tuple(blocks)

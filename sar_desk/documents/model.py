"""The document model both renderers walk: a letter is a fixed frame plus body blocks.

Text in the model is plain Unicode exactly as it should read (never markup); each
renderer escapes it for its own format. :meth:`Document.paragraphs` gives the text
sequence both outputs must show, in order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 = the letter's subject line, 2 = a section heading


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def column_weights(self) -> tuple[float, ...]:
        """Relative column widths from the longest text in each column (same in both formats);
        a column is never narrower than its longest word (a word is not broken across lines),
        the wide columns giving up what that takes."""
        columns = len(self.header)
        longest = [len(self.header[i]) for i in range(columns)]
        word = [max((len(w) for w in self.header[i].split()), default=0)
                for i in range(columns)]
        for row in self.rows:
            for i, cell in enumerate(row[:columns]):
                longest[i] = max(longest[i], min(len(cell), 60))
                word[i] = max([word[i], *(len(w) for w in cell.split())])
        total = sum(max(n, 8) for n in longest)
        weights = [max(n, 8) / total for n in longest]
        need = [min((w + 2) / LINE_CHARS, 0.5) for w in word]
        short = [i for i in range(columns) if weights[i] < need[i]]
        if short and sum(need[i] for i in short) < 1:
            free = 1 - sum(need[i] for i in short)
            rest = sum(weights[i] for i in range(columns) if i not in short) or 1
            weights = [need[i] if i in short else weights[i] * free / rest
                       for i in range(columns)]
        return tuple(weights)


LINE_CHARS = 80  # about how many characters of table text fit across the letter's width


Block = Heading | Paragraph | BulletList | Table


@dataclass(frozen=True)
class AddressBlock:
    """The recipient's name and address, printed where a DL window envelope shows it."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Letterhead:
    name: str
    lines: tuple[str, ...]  # address and contact lines, printed beside the name
    legal_line: str = ""  # company number etc., printed in every page footer


@dataclass(frozen=True)
class SignatureBlock:
    closing: str
    name: str
    role: str
    organisation: str


@dataclass(frozen=True)
class Document:
    """One letter. ``details`` are (label, value) pairs printed beside the address."""

    title: str
    reference: str
    letterhead: Letterhead
    recipient: AddressBlock
    details: tuple[tuple[str, str], ...]
    body: tuple[Block, ...]
    signature: SignatureBlock
    author: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)
    dated: dt.date | None = None  # the day on its Date line: its file says it was made then

    def detail_lines(self) -> tuple[str, ...]:
        return tuple(f"{label}: {value}" for label, value in self.details)

    def paragraphs(self) -> list[str]:
        """Every paragraph of text in reading order, as both renderers lay it out."""
        out: list[str] = [self.letterhead.name, *self.letterhead.lines]
        out += [*self.recipient.lines, *self.detail_lines()]
        for block in self.body:
            if isinstance(block, Heading | Paragraph):
                out.append(block.text)
            elif isinstance(block, BulletList):
                out += list(block.items)
            elif isinstance(block, Table):
                out += list(block.header)
                for row in block.rows:
                    out += list(row)
        sig = self.signature
        out += [sig.closing, sig.name, sig.role, sig.organisation]
        return [p for p in out if p]

    def texts_with_place(self) -> list[tuple[str, str]]:
        """(text, where) for every piece of text, so a problem can be located for the user."""
        places: list[tuple[str, str]] = [(self.letterhead.name, "the letterhead")]
        places += [(line, "the letterhead") for line in self.letterhead.lines]
        places.append((self.letterhead.legal_line, "the page footer"))
        places += [(line, "the recipient's address") for line in self.recipient.lines]
        places += [(line, "the letter details") for line in self.detail_lines()]
        for number, block in enumerate(self.body, start=1):
            where = f"body block {number}"
            if isinstance(block, Heading | Paragraph):
                places.append((block.text, where))
            elif isinstance(block, BulletList):
                places += [(item, where) for item in block.items]
            elif isinstance(block, Table):
                places += [(cell, where) for cell in block.header]
                places += [(cell, where) for row in block.rows for cell in row]
        sig = self.signature
        places += [(text, "the signature block") for text in (sig.closing, sig.name, sig.role)]
        places.append((sig.organisation, "the signature block"))
        return [(text, where) for text, where in places if text]

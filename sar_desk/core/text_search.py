"""Full-text search rules: how text and queries are folded, and the snippet shown for a match.

Pure functions. Text is folded the way names are (as :func:`sar_desk.core.names.fold` does: case
folding, compatibility decomposition, accents and punctuation dropped), character by
character, so a match found in the folded text is shown in the words as written. Scripts
without spaces between words (Chinese, Japanese) need no word splitting: a query matches
any run of characters.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

__all__ = ["MAX_TERMS", "MIN_INDEXED", "SearchHit", "fold_with_map", "long_enough",
           "query_reason", "query_terms", "snippet"]

MAX_TERMS = 16  # words one search may hold
MIN_INDEXED = 3  # shortest term the trigram index can find by itself
SNIPPET_CONTEXT = 40  # characters of context shown on each side of a match

_FOLD_ONE = {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe",
             "þ": "th", "ð": "d"}


@dataclass(frozen=True)
class SearchHit:
    """One place in one case where the searched text was found."""

    reference: str
    requester_name: str
    where: str  # "request text", "note of 3 May 2026", "document 4 'letter.pdf' page 2"...
    snippet: str


def _fold_char(ch: str) -> str:
    out = []
    for part in unicodedata.normalize("NFKD", ch.casefold()):
        if unicodedata.combining(part):
            continue
        part = _FOLD_ONE.get(part, part)
        out.append(part if unicodedata.category(part[0])[0] in "LN" else " ")
    return "".join(out)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """``text`` folded (as :func:`fold` folds it, runs of spaces kept as one) and, for each
    folded character, the index of the character of ``text`` it came from."""
    folded: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(unicodedata.normalize("NFC", text)):
        for part in _fold_char(ch):
            if part == " " and (not folded or folded[-1] == " "):
                continue
            folded.append(part)
            where.append(i)
    return "".join(folded), where


def query_terms(text: str) -> list[str]:
    """The folded words of what the user typed, each once (every one must be found)."""
    return list(dict.fromkeys(fold_with_map(text)[0].split()))


def long_enough(text: str) -> bool:
    """Whether typed ``text`` is worth searching inside cases as the user types: three
    characters, or two of a script written without spaces (a Chinese name)."""
    text = "".join(text.split())
    wide = any(unicodedata.east_asian_width(ch) in "WF" for ch in text)
    return len(text) >= (2 if wide else MIN_INDEXED)


def query_reason(terms: list[str]) -> str | None:
    """Why a search of ``terms`` cannot be run (too many words), or None."""
    if len(terms) > MAX_TERMS:
        return (f"A search can hold up to {MAX_TERMS} different words; this one has "
                f"{len(terms)}. Search for fewer words.")
    return None


def snippet(text: str, terms: list[str], context: int = SNIPPET_CONTEXT) -> str:
    """A short extract of ``text`` around the first of ``terms`` found (folded comparison),
    the match in square brackets, on one line; "" when no term is in ``text``."""
    text = unicodedata.normalize("NFC", text)
    folded, where = fold_with_map(text)
    found = [(folded.find(t), t) for t in terms if t and folded.find(t) >= 0]
    if not found:
        return ""
    at, term = min(found)
    start, end = where[at], where[at + len(term) - 1] + 1
    before = text[max(0, start - context):start]
    after = text[end:end + context]
    line = (("…" if start > context else "") + before + "[" + text[start:end] + "]" + after
            + ("…" if end + context < len(text) else ""))
    return " ".join(line.split())

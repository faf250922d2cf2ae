"""Normalised forms of names and e-mail addresses, for spotting repeat requests."""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into a base letter plus a mark.
_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe",
                       "þ": "th", "ð": "d"})


def fold(text: str) -> str:
    """Lower case, accents and punctuation removed, words kept in order: 'Łódź!' -> 'lodz'."""
    text = unicodedata.normalize("NFKD", text.casefold()).translate(_FOLD)
    kept = "".join(
        ch if (unicodedata.category(ch)[0] in "LN") else " "
        for ch in text
        if not unicodedata.combining(ch)
    )
    return " ".join(kept.split())


def normalise_name(name: str) -> str:
    """Case-, accent-, punctuation- and order-insensitive key: 'Łódź, Anna' == 'anna lodz'."""
    return " ".join(sorted(fold(name).split()))


def normalise_email(email: str) -> str:
    return email.strip().casefold()

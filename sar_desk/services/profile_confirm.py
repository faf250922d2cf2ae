"""Confirm profile fields: the ``CONFIRM`` flag in a comment becomes ``Confirmed``.

The organisation's profile marks what it still has to check with comments saying CONFIRM
(:mod:`sar_desk.services.profile_form`). Ticking "confirmed" rewrites just those comments
through ``tomlkit``: every other comment, value and the layout stay as they were.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import tomlkit
from tomlkit.items import Comment, Table

from sar_desk.errors import InputError
from sar_desk.services.profile_form import form_sections, parse, unconfirmed_fields

if TYPE_CHECKING:
    from sar_desk.store.workspace import Workspace

# The sections an administrator must confirm before a real workspace's first letter.
FIRST_LETTER_SECTIONS: tuple[str, ...] = ("organisation", "privacy_contact", "fees")
_FLAG = re.compile(r"\bCONFIRM\b")


def _confirm(item: object) -> None:
    trivia = item.trivia  # type: ignore[attr-defined]
    trivia.comment = _FLAG.sub("Confirmed", trivia.comment)


def confirm_fields(text: str, names: list[str]) -> str:
    """``text`` with the CONFIRM flag cleared for each of ``names``: a dotted field (its own
    comment lines and the comment on its line) or a section key (the comment opening the
    table, which flags every field in it)."""
    doc = parse(text)
    known = {s.key: s for s in form_sections(text)}
    for name in names:
        section, _, key = name.partition(".")
        table = doc.get(section)
        if section not in known or not isinstance(table, Table):
            raise InputError(f"the profile has no section {section!r} to confirm")
        body = table.value.body
        keys = [k for k, _ in body if k is not None]
        pending: list[object] = []
        first = True
        for item_key, item in body:
            if isinstance(item, Comment):
                pending.append(item)
                continue
            if item_key is None:
                pending = []
                continue
            opening = first and len(keys) > 1
            first = False
            if not key and opening:
                for comment in pending:
                    _confirm(comment)
                break
            if key and item_key.key == key:
                for comment in ([] if opening else pending):
                    _confirm(comment)
                if item.trivia.comment:
                    _confirm(item)
                break
            pending = []
        else:
            if key:
                raise InputError(f"the profile has no field {name!r} to confirm")
    return tomlkit.dumps(doc)


def unconfirmed_sections(text: str, sections: tuple[str, ...] = FIRST_LETTER_SECTIONS
                         ) -> list[str]:
    """The fields of ``sections`` still flagged as not confirmed."""
    return [f for f in unconfirmed_fields(text) if f.split(".", 1)[0] in sections]


def confirm_profile(ws: Workspace, names: list[str]) -> list[str]:
    """Confirm ``names`` in the workspace's profile (administrators; the file is written
    through the profile's own checks). Returns the fields still not confirmed."""
    from sar_desk.services.access import save_profile
    from sar_desk.services.settings import profile_path, read_profile_text

    text = confirm_fields(read_profile_text(profile_path(ws.path)), names)
    save_profile(ws, text)
    return unconfirmed_fields(text)

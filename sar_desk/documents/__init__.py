"""Letters: one document model rendered to PDF and DOCX (no Qt).

Public API::

    render_letter(kind, case, *, fmt, profile, sender, as_of, deadline=None) -> bytes
    build_document(kind, case, *, profile, sender, as_of, deadline) -> Document
    LETTER_KINDS  # code -> LetterKind (title, description, precondition, sign-off...)
    load_profile(path=None) -> Profile
    Sender(name, role)
"""

from sar_desk.documents.context import Sender
from sar_desk.documents.errors import (
    LetterNotAllowed,
    ProfileError,
    TemplateFieldError,
    UncoveredCharacters,
    UnknownLetterKind,
)
from sar_desk.documents.letter_kinds import LETTER_KINDS, LetterKind, letter_kind
from sar_desk.documents.profile import Profile, load_profile
from sar_desk.documents.render import (
    FORMATS,
    build_document,
    default_sender,
    render_document,
    render_letter,
)
from sar_desk.documents.templates import check_template

__all__ = [
    "FORMATS",
    "LETTER_KINDS",
    "LetterKind",
    "LetterNotAllowed",
    "Profile",
    "ProfileError",
    "Sender",
    "TemplateFieldError",
    "UncoveredCharacters",
    "UnknownLetterKind",
    "build_document",
    "check_template",
    "default_sender",
    "letter_kind",
    "load_profile",
    "render_document",
    "render_letter",
]

"""Errors raised while building or rendering a letter; each names what is wrong."""

from __future__ import annotations

from sar_desk.errors import InputError


class LetterNotAllowed(InputError):
    """The case is not in a state where this letter can be sent (a decision or event is missing)."""


class UnknownLetterKind(InputError):
    """No letter of that kind exists."""


class ProfileError(InputError):
    """The organisation profile is missing a field or holds a bad value."""


class TemplateFieldError(InputError):
    """A letter template uses a field that letters do not provide, or is not valid Jinja."""


class UncoveredCharacters(InputError):
    """Text holds characters that no embedded font can draw; they are listed, never dropped."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems  # (character, where) pairs
        listed = "; ".join(
            f"{ch!r} (U+{ord(ch):04X}) in {where}" for ch, where in problems[:10]
        )
        more = f" and {len(problems) - 10} more" if len(problems) > 10 else ""
        super().__init__(
            f"no font available to SAR Desk can draw these characters: {listed}{more}. "
            "Correct the text (for example retype the name) and try again."
        )


class BundleItemUnreadable(InputError):
    """An item's PDF cannot be opened, so the bundle cannot hold its pages."""

    code = "bundle.item_unreadable"

    def __init__(self, number: int, title: str, why: str) -> None:
        super().__init__(f"Item {number} ({title}) cannot be put in the bundle: its PDF cannot "
                         f"be read ({why}). Nothing was built.", number=number, title=title)


class DocumentError(InputError):
    """A document cannot be read or redacted as it is (not a PDF, protected, a scan...)."""

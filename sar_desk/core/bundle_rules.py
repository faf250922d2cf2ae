"""What goes in a disclosure bundle, and what stops one being built (pure rules).

Every document of the case is an item, numbered as the case numbers it. A provided item
and an item provided in part bring their pages; a withheld item appears in the schedule
only; a duplicate (``duplicate_of`` another item) is left out by default and listed as
"duplicate of item N". An e-mail's attachment (a child item) is titled "attachment of item
N" after its message. An undecided item that is not a duplicate blocks the bundle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sar_desk.core.entities import BundleInfo, DisclosureStatus, DocumentInfo, LetterInfo


class ItemRole(StrEnum):
    PROVIDED = "provided"
    PARTLY = "provided in part"
    WITHHELD = "withheld"
    DUPLICATE = "duplicate"
    UNDECIDED = "undecided"


_ROLE = {
    DisclosureStatus.DISCLOSE: ItemRole.PROVIDED,
    DisclosureStatus.PARTLY: ItemRole.PARTLY,
    DisclosureStatus.WITHHOLD: ItemRole.WITHHELD,
    DisclosureStatus.UNDECIDED: ItemRole.UNDECIDED,
}


@dataclass(frozen=True)
class PlannedItem:
    """One document's place in the bundle."""

    number: int
    document: DocumentInfo
    role: ItemRole
    duplicate_of: int | None = None  # the item it duplicates (kept even when included)
    attachment_of: int | None = None  # the item (an e-mail) it is an attachment of

    @property
    def included(self) -> bool:
        """Whether the item's pages go in the bundle."""
        return self.role in (ItemRole.PROVIDED, ItemRole.PARTLY)

    @property
    def status_text(self) -> str:
        """The status as the schedule words it."""
        if self.role == ItemRole.DUPLICATE:
            return f"duplicate of item {self.duplicate_of}"
        if self.duplicate_of is not None:
            return f"{self.role.value} (duplicate of item {self.duplicate_of})"
        return self.role.value


def plan_items(numbered: Sequence[tuple[int, DocumentInfo]], *,
               include_duplicates: bool = False) -> tuple[PlannedItem, ...]:
    """Each numbered document's role, in order (see the module notes)."""
    known = {n for n, _d in numbered}
    number_of = {d.id: n for n, d in numbered}
    planned = []
    for number, document in numbered:
        original = getattr(document, "duplicate_of", None)
        dup = number_of.get(original) if original is not None else None
        if dup is not None and dup not in known:
            dup = None
        role = _ROLE[DisclosureStatus(document.status)]
        if dup is not None and not include_duplicates:
            role = ItemRole.DUPLICATE
        parent = number_of.get(getattr(document, "parent_id", None))
        planned.append(PlannedItem(number, document, role, dup, parent))
    return tuple(planned)


def _named(items: Sequence[PlannedItem]) -> str:
    listed = ", ".join(f"{p.number} ({p.document.filename})" for p in items)
    return f"item {listed}" if len(items) == 1 else f"items {listed}"


def bundle_reason(reference: str, plan: Sequence[PlannedItem]) -> str | None:
    """Why the bundle of case ``reference`` cannot be built from ``plan`` (None: it can)."""
    if not plan:
        return f"Case {reference} has no documents, so there is nothing to bundle."
    undecided = [p for p in plan if p.role == ItemRole.UNDECIDED]
    if undecided:
        return (f"The bundle of {reference} cannot be built: {_named(undecided)} "
                f"{'has' if len(undecided) == 1 else 'have'} no disclosure decision yet.")
    return None


def partly_blocked_reason(reference: str, items: Sequence[PlannedItem]) -> str | None:
    """The reason items provided in part, still without a verified redacted copy, block."""
    if not items:
        return None
    return (f"The bundle of {reference} cannot be built: {_named(items)} "
            f"{'is' if len(items) == 1 else 'are'} provided in part, and no redacted copy "
            "has been made and verified yet.")


def letter_with_bundle_reason(reference: str, letter: LetterInfo | None,
                              bundle: BundleInfo) -> str | None:
    """Why ``letter`` cannot be sent with ``bundle``: a final response written before the
    bundle was built may give the wrong page count (None: it can be sent)."""
    if letter is None or letter.kind != "final-response":
        return None
    if letter.generated_at is None or bundle.built_at is None:
        return None
    if letter.generated_at < bundle.built_at:
        return (f"Letter {letter.id} of {reference} was written before bundle {bundle.id} was "
                "built, so what it says about the bundle may be out of date: the final "
                "response must be written again. Nothing was changed.")
    return None

"""Which items go in the bundle, how the schedule words them, and what blocks it."""

from __future__ import annotations

import dataclasses

from sar_desk.core.bundle_rules import (
    ItemRole,
    bundle_reason,
    partly_blocked_reason,
    plan_items,
)
from sar_desk.core.entities import DisclosureStatus, DocumentInfo


@dataclasses.dataclass(frozen=True)
class Doc(DocumentInfo):
    duplicate_of: int | None = None


def numbered(*docs: DocumentInfo) -> tuple[tuple[int, DocumentInfo], ...]:
    return tuple((d.id, d) for d in docs)


def doc(ident: int, status: str, duplicate_of: int | None = None) -> Doc:
    return Doc(ident, f"file{ident}.pdf", "0" * 64, 1, DisclosureStatus(status),
               duplicate_of=duplicate_of)


def test_roles_follow_the_decisions_and_duplicates_are_left_out_by_default():
    plan = plan_items(numbered(doc(1, "disclose"), doc(2, "withhold"), doc(3, "partly"),
                               doc(4, "disclose", duplicate_of=1)))
    assert [p.role for p in plan] == [ItemRole.PROVIDED, ItemRole.WITHHELD, ItemRole.PARTLY,
                                      ItemRole.DUPLICATE]
    assert [p.included for p in plan] == [True, False, True, False]
    assert plan[3].status_text == "duplicate of item 1"


def test_duplicates_can_be_included_and_still_say_what_they_duplicate():
    plan = plan_items(numbered(doc(1, "disclose"), doc(4, "disclose", duplicate_of=1)),
                      include_duplicates=True)
    assert plan[1].included and plan[1].status_text == "provided (duplicate of item 1)"


def test_a_duplicate_of_a_document_no_longer_in_the_case_is_an_item_of_its_own():
    plan = plan_items(numbered(doc(2, "disclose", duplicate_of=1)))
    assert plan[0].role == ItemRole.PROVIDED and plan[0].duplicate_of is None


def test_documents_without_the_duplicate_field_are_never_duplicates():
    plain = DocumentInfo(1, "a.pdf", "0" * 64, 1, DisclosureStatus.DISCLOSE)
    assert plan_items(numbered(plain))[0].role == ItemRole.PROVIDED


def test_undecided_items_block_by_name_but_an_undecided_duplicate_does_not():
    plan = plan_items(numbered(doc(1, "disclose"), doc(2, "undecided"), doc(3, "undecided"),
                               doc(4, "undecided", duplicate_of=1)))
    assert bundle_reason("SAR-1", plan) == (
        "The bundle of SAR-1 cannot be built: items 2 (file2.pdf), 3 (file3.pdf) have no "
        "disclosure decision yet.")
    assert bundle_reason("SAR-1", plan[:1]) is None
    assert "has no documents" in bundle_reason("SAR-1", ())


def test_items_provided_in_part_without_a_redacted_copy_are_named():
    plan = plan_items(numbered(doc(3, "partly")))
    assert "item 3 (file3.pdf) is provided in part" in partly_blocked_reason("SAR-1", plan)
    assert partly_blocked_reason("SAR-1", ()) is None

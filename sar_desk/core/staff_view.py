"""What a reader without ``read_case_details`` (staff) may see of a case.

Staff print letters: they see the reference, the requester's name and address, the dates
the deadline needs and the letters. The request text, the data subject, notes, searches,
documents, exemptions and decisions (their reasoning), the rights record and the audit trail
are left out. Services return this view instead of the whole snapshot.
"""

from __future__ import annotations

from dataclasses import replace

from sar_desk.core.entities import CaseSnapshot, Person

# The stored extras a staff reader still needs (the deadline is computed with the policy).
KEPT_EXTRAS = frozenset({"deadline_policy"})


def staff_view(case: CaseSnapshot) -> CaseSnapshot:
    """``case`` with everything but the letter-printing facts removed (``redacted`` set)."""
    requester = Person(name=case.requester.name, address=case.requester.address)
    return replace(
        case, requester=requester, subject=None, authority_evidence="", request_text="",
        events=tuple(replace(e, note="") for e in case.events), exemptions=(),
        decisions=(), documents=(), search_log=(), notes=(), rights=None,
        extra={k: v for k, v in case.extra.items() if k in KEPT_EXTRAS},
        voided_events=(),
        withdrawn_exemptions=(), removed_documents=(), corrections=(), redacted=True)

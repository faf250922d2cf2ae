"""Sign-off before disclosure: a final response or refusal is dispatched only once approved.

A privacy officer asks for approval of a stored letter; a *second* privacy officer (not the
one who generated the letter or asked for approval) or a manager approves it. The approval
(who, when, the letter's sha256) is an entry in the case's audit chain. Recording the
dispatch of a final letter checks that the latest approval names exactly the letter's
current bytes, so a letter changed (or regenerated) after approval needs approving again.

Before any of that, a privacy officer marks a case ready for staff (:func:`mark_ready`):
staff print the letters of ready cases only (from the ready letters store).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from sar_desk.core.entities import CaseSnapshot
from sar_desk.core.letter_status import LetterStatus, letter_status
from sar_desk.core.redaction import MarkState
from sar_desk.core.roles import Action
from sar_desk.errors import InputError, PermissionDenied
from sar_desk.services import access, ready_letters
from sar_desk.services.case_base import normalise_reference, open_case_file
from sar_desk.services.redaction_guard import (
    approved_set,
    current_set,
    dispatch_refusal,
    refusal_in,
)
from sar_desk.services.unit_of_work import change_case
from sar_desk.store import audit, bundle_store, case_flags, keys, redaction_store
from sar_desk.store import case_records as records
from sar_desk.store.row_time import row_and_audit_times
from sar_desk.store.workspace import Workspace

REQUESTED, APPROVED = "approval_requested", "letter_approved"
# When the workspace's day is not the computer's date, an asking or an approval records the
# time it is shown at (that day, at the real time of day) beside its real audit time.
SHOWN_AT = "shown_at"


def needs_signoff(kind: str) -> bool:
    """Whether a letter of ``kind`` is a final response or refusal (its kind's record says)."""
    from sar_desk.documents.letter_kinds import needs_signoff as kind_needs_signoff

    return kind_needs_signoff(kind)


@dataclass(frozen=True)
class Approval:
    letter_id: int
    sha256: str
    by: str
    at: str


def _entries(rows, action: str, letter_id: int) -> list[tuple[object, dict]]:
    found = []
    for row in rows:
        if row.action != action:
            continue
        try:
            details = json.loads(row.details)
        except ValueError:
            continue
        if details.get("letter_id") == letter_id:
            found.append((row, details))
    return found


def _append(session: Session, who: str, action: str, details: dict):  # noqa: ANN202
    """Append an asking or an approval, with the time it is shown at when that differs from
    its (real) audit time."""
    shown, real = row_and_audit_times(session)
    if shown != real:
        details = {**details, SHOWN_AT: shown}
    return audit.append(session, who, action, details, at=real)


def _shown_at(row, details: dict) -> str:  # noqa: ANN001 - an audit row
    return details.get(SHOWN_AT) or row.at


def approvals(session: Session, letter_id: int) -> list[Approval]:
    return [Approval(letter_id, d.get("sha256", ""), row.actor, _shown_at(row, d))
            for row, d in _entries(audit.read_all(session), APPROVED, letter_id)]


def _letter(session: Session, before: CaseSnapshot, letter_id: int):
    letter = next((x for x in before.letters if x.id == letter_id), None)
    data = records.letter_bytes(session, letter_id)
    if letter is None or data is None:
        raise InputError(f"{before.reference} has no letter {letter_id}.")
    return letter, keys.sha256_hex(data)


def request_approval(ws: Workspace, ref: str, letter_id: int) -> None:
    """Ask for a final letter to be approved (recorded in the case's audit chain)."""
    ref = normalise_reference(ref)
    user = access.require(ws, Action.REQUEST_APPROVAL, ref)

    def change(session, before: CaseSnapshot, who: str) -> None:
        letter, digest = _letter(session, before, letter_id)
        _append(session, who, REQUESTED,
                {"letter_id": letter_id, "kind": letter.kind, "sha256": digest})

    change_case(ws, ref, user.login, change, action=Action.REQUEST_APPROVAL)
    note_waiting(ws, ref)


def note_waiting(ws: Workspace, ref: str) -> None:
    """Note in the registry that case ``ref`` holds something awaiting approval (a letter
    asked about, a bundle built, a redacted copy verified), so the queue looks at it."""
    with ws.registry.writing() as conn:
        case_flags.set_approval_waits(conn, {normalise_reference(ref): True})


def approve_letter(ws: Workspace, ref: str, letter_id: int) -> Approval:
    """Approve a letter as the current user: a manager, or a privacy officer other than the
    one who generated it or asked for approval. Chains who, when and the letter's sha256."""
    ref = normalise_reference(ref)
    user = access.require(ws, Action.APPROVE_LETTER, ref)

    def change(session, before: CaseSnapshot, who: str) -> Approval:
        letter, digest = _letter(session, before, letter_id)
        authors = {letter.generated_by} | {row.actor for row, _d in _entries(
            audit.read_all(session), REQUESTED, letter_id)}
        if user.login in authors:
            raise PermissionDenied(
                f"{user.login} wrote or asked for approval of letter {letter_id} of {ref}, so "
                "cannot approve it: a second privacy officer or a manager must. Nothing was "
                "changed.")
        details = {"letter_id": letter_id, "kind": letter.kind, "sha256": digest}
        row = _append(session, user.login, APPROVED, details)
        return Approval(letter_id, digest, user.login, _shown_at(row, json.loads(row.details)))

    return change_case(ws, ref, user.login, change, action=Action.APPROVE_LETTER)[0]


def guard_dispatch(session: Session, before: CaseSnapshot, letter_id: int | None) -> None:
    """Refuse to record the dispatch of a final letter that is not approved as it stands."""
    if letter_id is None:
        return
    letter, digest = _letter(session, before, letter_id)
    if not needs_signoff(letter.kind):
        return
    latest = approvals(session, letter_id)
    if not latest:
        raise InputError(f"Letter {letter_id} of {before.reference} ({letter.kind}) has not "
                         "been approved: a second privacy officer or a manager must approve a "
                         "final response or refusal before it is issued. Nothing was changed.")
    if latest[-1].sha256 != digest:
        raise InputError(f"Letter {letter_id} of {before.reference} changed after it was "
                         "approved (its sha256 differs); it must be approved again. Nothing "
                         "was changed.")
    redaction = dispatch_refusal(session, before)
    if redaction:
        raise InputError(f"{redaction} The final response cannot be issued until then. "
                         "Nothing was changed.", code="redaction.unusable",
                         reference=before.reference)


def letter_approval(ws: Workspace, ref: str, letter_id: int) -> Approval | None:
    """The latest approval of a letter, if it still matches the letter's bytes."""
    ref = normalise_reference(ref)
    access.require(ws, Action.READ_CASE, ref)
    with open_case_file(ws, ref) as case, case.reading() as session:
        data = records.letter_bytes(session, letter_id)
        found = approvals(session, letter_id)
    if not found or data is None or found[-1].sha256 != keys.sha256_hex(data):
        return None
    return found[-1]


def issuable(ws: Workspace, ref: str, letter) -> bool:  # noqa: ANN001 - a LetterInfo
    """Whether a stored letter may be issued now (not final, or approved as it stands)."""
    return not needs_signoff(letter.kind) or letter_approval(ws, ref, letter.id) is not None


def mark_ready(ws: Workspace, ref: str, ready: bool = True, *, actor: str | None = None
               ) -> None:
    """Mark a case ready (or not) for staff to print its letters (the ready letters store)."""
    ref = normalise_reference(ref)
    user = access.require(ws, Action.MARK_READY, ref)
    who = actor or user.login
    change_case(ws, ref, who, lambda s, _b, w: audit.append(
        s, w, "marked_ready" if ready else "ready_withdrawn", {"ready": ready}),
        action=Action.MARK_READY)
    with ws.registry.writing() as conn:
        case_flags.set_ready(conn, ref, ready, who)
    ready_letters.refresh(ws, ref)  # staff read the ready letters store only


# --- where each letter stands, and the approvals waiting for the current user ----------


def _statuses(session: Session, snap: CaseSnapshot) -> dict[int, LetterStatus]:
    rows = audit.read_all(session)
    sent = {d.letter_id for d in snap.dispatches}
    found = {}
    for letter in snap.letters:
        data = records.letter_bytes(session, letter.id)
        latest = [d.get("sha256") for _r, d in _entries(rows, APPROVED, letter.id)]
        found[letter.id] = letter_status(
            needs_signoff=needs_signoff(letter.kind), dispatched=letter.id in sent,
            approved=bool(latest and data is not None
                          and latest[-1] == keys.sha256_hex(data)),
            requested=bool(_entries(rows, REQUESTED, letter.id)),
            superseded=bool(getattr(letter, "superseded", False)))
    return found


def letter_statuses(ws: Workspace, ref: str) -> dict[int, LetterStatus]:
    """letter id -> its status (draft, awaiting approval, approved, dispatched, superseded)."""
    ref = normalise_reference(ref)
    access.require(ws, Action.READ_CASE, ref)
    with open_case_file(ws, ref) as case, case.reading() as session:
        return _statuses(session, records.read_snapshot(session))


LETTER, BUNDLE, REDACTIONS = "letter", "bundle", "redactions"


@dataclass(frozen=True)
class PendingApproval:
    """Something awaiting the current user's approval: a letter someone asked to be approved,
    a built bundle (``what`` "bundle", ``bundle_id``) or a case's verified redacted set
    (``what`` "redactions"); ``letter_id`` is None for the last two."""

    reference: str
    requester: str
    letter_id: int | None
    kind: str
    asked_by: str
    asked_at: str
    what: str = LETTER
    bundle_id: int | None = None

    @property
    def label(self) -> str:
        """What it is, in words ("letter 3", "bundle 2", "redacted set")."""
        if self.what == BUNDLE:
            return f"bundle {self.bundle_id}"
        if self.what == REDACTIONS:
            return "redacted set"
        return f"letter {self.letter_id}"


def _bundle_waiting(session: Session, snap: CaseSnapshot
                    ) -> list[tuple[PendingApproval, frozenset[str]]]:
    """The case's latest bundle when it is built and not approved (who built it may not)."""
    info = bundle_store.latest(session)
    if info is None or info.approved:
        return []
    at = info.built_at.isoformat(timespec="seconds") if info.built_at else ""
    return [(PendingApproval(snap.reference, snap.requester.name, None, "disclosure bundle",
                             info.built_by, at, BUNDLE, info.id), frozenset({info.built_by}))]


def _redactions_waiting(session: Session, snap: CaseSnapshot
                        ) -> list[tuple[PendingApproval, frozenset[str]]]:
    """The case's redacted set when every current copy passed verification and the set is
    not approved as it stands (who accepted or applied its marks may not approve it)."""
    copies = redaction_store.current_copies(session)
    if not copies or approved_set(session) == current_set(session):
        return []
    if any(refusal_in(session, doc, str(doc), approval=False) for doc in copies):
        return []
    authors = {m.decided_by for m in redaction_store.marks(session)
               if m.state == MarkState.ACCEPTED} | {c.made_by for c in copies.values()}
    last = max(copies.values(), key=lambda c: c.verified_at or c.made_at)
    return [(PendingApproval(snap.reference, snap.requester.name, None,
                             f"redacted set ({len(copies)} document(s))",
                             last.verified_by or last.made_by, last.verified_at or last.made_at,
                             REDACTIONS), frozenset(a for a in authors if a))]


# (workspace id, reference) -> (the case's audit head, what awaits approval in it): a case
# is read again only once its audit chain moved on. In memory only, never on disk.
_WAITING: dict[tuple[str, str], tuple[str, list[tuple[PendingApproval, frozenset[str]]]]] = {}


def _waiting_in(ws: Workspace, ref: str) -> list[tuple[PendingApproval, frozenset[str]]]:
    """What in case ``ref`` awaits approval (letters, the bundle, the redacted set), each
    with who may not approve it."""
    row = ws.registry.get(ref) or {}
    head = str(row.get("audit_head") or "")
    cached = _WAITING.get((ws.id, ref))
    if head and cached is not None and cached[0] == head:
        return cached[1]
    with open_case_file(ws, ref) as case, case.reading() as session:
        snap = records.read_snapshot(session)
        statuses = _statuses(session, snap)
        rows = audit.read_all(session)
        others = _bundle_waiting(session, snap) + _redactions_waiting(session, snap)
    found = []
    for letter in snap.letters:
        if statuses[letter.id] != LetterStatus.AWAITING_APPROVAL:
            continue
        asked = _entries(rows, REQUESTED, letter.id)
        authors = frozenset({letter.generated_by} | {r.actor for r, _d in asked})
        found.append((PendingApproval(snap.reference, snap.requester.name, letter.id,
                                      letter.kind, asked[-1][0].actor,
                                      _shown_at(*asked[-1])),
                      authors))
    found += others
    if head:
        _WAITING[(ws.id, ref)] = (head, found)
    return found


def awaiting_my_approval(ws: Workspace) -> list[PendingApproval]:
    """What awaits approval that the current user may approve, oldest request first: letters
    (a manager, or an officer who neither wrote the letter nor asked for its approval), built
    bundles (not by whoever built them) and verified redacted sets (not by whoever accepted
    or applied their marks).

    Only the case files the registry lists as holding such a letter are opened (all open
    ones, once, after an upgrade); a case found to hold none any more is taken off the list.
    """
    from sar_desk.services.case_list import cases_of, list_cases

    user = access.require(ws, Action.APPROVE_LETTER)
    listed = case_flags.approval_waits(ws.registry)
    rows = list_cases(ws, status="all") if listed is None else cases_of(ws, sorted(listed))
    pending, seen = [], {}
    for row in rows:
        if row.status.value in ("closed", "withdrawn"):
            continue
        found = _waiting_in(ws, row.reference)
        seen[row.reference] = bool(found)
        pending += [p for p, authors in found if user.login not in authors]
    stale = {ref: False for ref in (listed or set()) if not seen.get(ref)}
    changes = {**stale, **({ref: w for ref, w in seen.items()} if listed is None else {})}
    if (changes or listed is None) and not ws.read_only:
        with ws.registry.writing() as conn:
            case_flags.set_approval_waits(conn, changes, scanned=listed is None)
    return sorted(pending, key=lambda p: p.asked_at)


def pending_count(ws: Workspace) -> int | None:
    """How many letters, bundles and redacted sets await the current user's approval
    (None: they may not approve)."""
    if not access.can(ws, Action.APPROVE_LETTER):
        return None
    return len(awaiting_my_approval(ws))


def guard_print(ws: Workspace, ref: str, letter) -> None:  # noqa: ANN001 - a LetterInfo
    """Refuse to print a final, refusal or outcome letter that is not approved as it stands,
    exactly as its dispatch would be refused."""
    access.require(ws, Action.DISPATCH_LETTER, normalise_reference(ref))
    if not issuable(ws, ref, letter):
        raise InputError(f"Letter {letter.id} of {normalise_reference(ref)} ({letter.kind}) is "
                         "not approved as it stands: a second privacy officer or a manager "
                         "must approve a final response, refusal or outcome letter before it "
                         "is printed. Nothing was printed.", code="letter.not_approved",
                         reference=normalise_reference(ref))


def letter_for_printing(ws: Workspace, ref: str, letter_id: int) -> bytes:
    """The bytes of a stored letter to print; a final, refusal or outcome letter only once
    approved as it stands (:func:`guard_print`)."""
    from sar_desk.services.case_base import get_case, get_letter_bytes

    case = get_case(ws, ref)
    letter = next((x for x in case.letters if x.id == letter_id), None)
    if letter is None:
        raise InputError(f"{case.reference} has no letter {letter_id}.")
    guard_print(ws, case.reference, letter)
    return get_letter_bytes(ws, case.reference, letter_id)

"""Redaction of a case's documents: propose marks, decide them, apply them to a copy, verify
the copy and have the redacted set approved.

Documents are addressed by their number in the case (as the case display shows them), marks
by their number within the document. The original document is never changed; a redacted
copy is usable (bundle, dispatch, export) only when it passed verification and still matches
the accepted marks, and, for the bundle and dispatch, once the case's redacted set is
approved (:func:`sar_desk.core.redaction.copy_use_refusal`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from sar_desk.core.entities import CaseSnapshot, DocumentInfo
from sar_desk.core.exemptions import get_exemption
from sar_desk.core.redaction import (
    Mark,
    MarkCounts,
    MarkSource,
    MarkState,
    Proposal,
    Rect,
    RedactedCopy,
    approver_refusal,
    counts,
    marks_digest,
    rect_refusal,
)
from sar_desk.core.redaction_patterns import pattern_named, pattern_spans, regex_spans, term_spans
from sar_desk.core.roles import Action
from sar_desk.errors import InputError, PermissionDenied
from sar_desk.services import access
from sar_desk.services.case_base import (
    document_numbered,
    get_case,
    normalise_reference,
    open_case_file,
)
from sar_desk.services.redaction_guard import APPROVED, approved_set, current_set, refusal_in
from sar_desk.services.redaction_parties import (  # noqa: F401 - re-exported
    add_parties,
    import_directory,
    parties_of,
)
from sar_desk.services.signoff import note_waiting
from sar_desk.services.unit_of_work import change_case
from sar_desk.store import audit
from sar_desk.store import redaction_store as store
from sar_desk.store.workspace import Workspace

APPLIED, VERIFIED = "redaction_applied", "redaction_verified"


@dataclass(frozen=True)
class Proposed:
    """What a finder proposed: marks added, places found, pages it could not read."""

    added: int
    found: int
    unread_pages: tuple[int, ...] = ()


def _source_pdf(ws: Workspace, ref: str, document: DocumentInfo) -> bytes:
    """The PDF to redact for ``document``: its PDF rendition (the original when it is a PDF);
    a document with none is named, with why."""
    from sar_desk.services.renditions import rendition_pdf

    return rendition_pdf(ws, ref, document.id)


def _document(ws: Workspace, ref: str, number: int) -> tuple[str, DocumentInfo]:
    case = get_case(ws, ref)
    access.require(ws, Action.READ_CASE_DETAILS, case.reference)
    return case.reference, document_numbered(case, number)


def _actor(ws: Workspace, ref: str, actor: str | None) -> str:
    """Who acts: ``actor``, else the user of this workspace handle (refused if they may not
    change documents of the case)."""
    return actor or access.require(ws, Action.SET_DOCUMENT_STATUS, ref).login


def _reason(code: str) -> str:
    return get_exemption(code).code


def _add(ws: Workspace, ref: str, document: DocumentInfo,
         groups: list[tuple[MarkSource, str, list[Proposal]]], *, reason: str, note: str,
         actor: str | None) -> int:
    """Store each group's proposals (source, finder, places) as proposed marks, in one unit
    of work with one audit entry; returns how many marks are new."""
    def change(session: Session, _before: CaseSnapshot, who: str) -> int:
        added = {}
        for source, finder, proposals in groups:
            count = store.add_marks(session, document.id, proposals, source=source,
                                    finder=finder, reason=reason, note=note, actor=who)
            added[source.value] = added.get(source.value, 0) + count
        total = sum(added.values())
        if total:
            audit.append(session, who, "redaction_proposed",
                         {"document_id": document.id, "marks": total, "reason": reason,
                          "sources": {k: v for k, v in added.items() if v}})
        return total

    if not any(proposals for _s, _f, proposals in groups):
        return 0
    return change_case(ws, ref, _actor(ws, ref, actor), change,
                       action=Action.SET_DOCUMENT_STATUS)[0]


def propose(ws: Workspace, ref: str, number: int, *, reason: str, term: str | None = None,
            regex: str | None = None, pattern: str | None = None, parties: bool = False,
            note: str = "", actor: str | None = None) -> Proposed:
    """Search document ``number`` with one finder and propose a mark for each place found
    (a place already marked is not proposed again). Nothing is applied."""
    from sar_desk.documents.redaction_find import find_many

    reason = _reason(reason)
    ref, document = _document(ws, ref, number)
    access.require(ws, Action.SET_DOCUMENT_STATUS, ref)
    data = _source_pdf(ws, ref, document)
    jobs: list[tuple[MarkSource, str, object]] = []
    if term is not None:
        if not term.split():
            raise InputError("The search term is empty. Nothing was proposed.",
                             code="redaction.term")
        jobs.append((MarkSource.TERM, term, lambda t: term_spans(t, term)))
    elif regex is not None:
        regex_spans("", regex)  # refuses an unusable expression before reading the file
        jobs.append((MarkSource.TERM, regex, lambda t: regex_spans(t, regex)))
    elif pattern is not None:
        rule = pattern_named(pattern)
        jobs.append((MarkSource.PATTERN, rule.name, lambda t: pattern_spans(t, rule)))
    elif parties:
        people = parties_of(ws, ref)  # the case's third parties and staff directory
        if not people:
            raise InputError(f"{ref} lists no third parties and no staff directory. Nothing "
                             "was proposed.", code="redaction.no_parties", reference=ref)
        for p in people:
            jobs.append((MarkSource(p.kind), p.name, lambda t, n=p.name: term_spans(t, n)))
    else:
        raise InputError("Say what to look for: a term, a regular expression, a pattern or "
                         "the case's third parties.", code="redaction.finder")
    places, unread = find_many(data, [spans for _s, _f, spans in jobs])  # type: ignore[misc]
    groups = [(source, finder, proposals)
              for (source, finder, _spans), proposals in zip(jobs, places, strict=True)]
    found = sum(len(p) for _s, _f, p in groups)
    added = _add(ws, ref, document, groups, reason=reason, note=note, actor=actor)
    return Proposed(added, found, tuple(sorted(unread)))


def draw(ws: Workspace, ref: str, number: int, page: int, rect: Rect, reason: str, *,
         note: str = "", actor: str | None = None) -> Mark:
    """Propose a mark drawn by hand: a box on ``page`` (1-based) in PDF points."""
    from sar_desk.documents.redaction_find import page_sizes, text_under

    reason = _reason(reason)
    ref, document = _document(ws, ref, number)
    access.require(ws, Action.SET_DOCUMENT_STATUS, ref)
    data = _source_pdf(ws, ref, document)
    sizes = page_sizes(data)
    if not 1 <= page <= len(sizes):
        raise InputError(f"Document {number} has {len(sizes)} pages; there is no page {page}. "
                         "Nothing was marked.", code="redaction.page", page=page)
    refusal = rect_refusal(rect, sizes[page - 1])
    if refusal:
        raise InputError(f"{refusal} Nothing was marked.", code="redaction.rect")
    proposal = Proposal(page, (tuple(float(v) for v in rect),), text_under(data, page, rect))
    _add(ws, ref, document, [(MarkSource.DRAWN, "", [proposal])], reason=reason, note=note,
         actor=actor)
    return marks_of(ws, ref, number)[-1]


def page_source(ws: Workspace, ref: str, number: int):  # noqa: ANN201 - a PageSource
    """The document's pages to review marks on (held in memory; close it when done)."""
    from sar_desk.documents.redaction_render import PageSource

    ref, document = _document(ws, ref, number)
    return PageSource(_source_pdf(ws, ref, document))


def copy_page_source(ws: Workspace, ref: str, number: int):  # noqa: ANN201 - PageSource
    """The redacted copy's pages, to look at before approving it (None: no copy yet)."""
    from sar_desk.documents.redaction_render import PageSource

    ref, document = _document(ws, ref, number)
    with open_case_file(ws, ref) as case, case.reading() as session:
        copy = store.current_copies(session).get(document.id)
        data = store.copy_bytes(session, copy.id) if copy else None
    return PageSource(data) if data else None


def marks_of(ws: Workspace, ref: str, number: int) -> list[Mark]:
    ref, document = _document(ws, ref, number)
    with open_case_file(ws, ref) as case, case.reading() as session:
        return store.marks(session, document.id)


def all_counts(ws: Workspace, ref: str) -> dict[int, MarkCounts]:
    """Document number -> how many of its marks are proposed, accepted and rejected."""
    ref = normalise_reference(ref)
    access.require(ws, Action.READ_CASE_DETAILS, ref)
    with open_case_file(ws, ref) as case, case.reading() as session:
        found = store.marks(session)
    by_doc: dict[int, list[Mark]] = {}
    for m in found:
        by_doc.setdefault(m.document_id, []).append(m)
    return {doc: counts(ms) for doc, ms in by_doc.items()}


def decide(ws: Workspace, ref: str, number: int, numbers: Iterable[int] | None,
           state: MarkState | str, *, actor: str | None = None) -> int:
    """Accept or reject the marks ``numbers`` of document ``number`` (None: every mark still
    proposed); returns how many changed. A redacted copy made before is then out of date."""
    state = MarkState(state)
    ref, document = _document(ws, ref, number)

    def change(session: Session, _before: CaseSnapshot, who: str) -> int:
        marks = store.marks(session, document.id)
        if numbers is None:
            chosen = [m for m in marks if m.state == MarkState.PROPOSED]
        else:
            by_number = {m.number: m for m in marks}
            wanted = list(dict.fromkeys(numbers))
            missing = [n for n in wanted if n not in by_number]
            if missing:
                raise InputError(f"Document {number} of {ref} has no mark "
                                 f"{', '.join(map(str, missing))} (it has {len(marks)}). "
                                 "Nothing was changed.", code="redaction.mark_number",
                                 reference=ref)
            chosen = [by_number[n] for n in wanted]
        changed = store.decide(session, [m.id for m in chosen], state, who)
        if changed:
            audit.append(session, who, f"redaction_{state.value}",
                         {"document_id": document.id, "marks": [m.number for m in chosen]})
        return changed

    return change_case(ws, ref, _actor(ws, ref, actor), change,
                       action=Action.SET_DOCUMENT_STATUS)[0]


def apply(ws: Workspace, ref: str, number: int, *, actor: str | None = None) -> RedactedCopy:
    """Make the redacted copy of document ``number`` from its accepted marks (the original
    stays as it was); it must be verified before it can be used."""
    from sar_desk.documents.redaction_apply import Cut, apply_cuts

    ref, document = _document(ws, ref, number)
    access.require(ws, Action.SET_DOCUMENT_STATUS, ref)
    accepted = [m for m in marks_of(ws, ref, number) if m.state == MarkState.ACCEPTED]
    if not accepted:
        raise InputError(f"Document {number} of {ref} has no accepted marks, so there is "
                         "nothing to apply.", code="redaction.none_accepted", reference=ref)
    data = apply_cuts(_source_pdf(ws, ref, document),
                      [Cut(m.page, m.rects, m.reason) for m in accepted])

    def change(session: Session, _before: CaseSnapshot, who: str) -> RedactedCopy:
        marks = store.marks(session, document.id)
        copy = store.store_copy(session, document.id, data, marks_digest(marks), who)
        audit.append(session, who, APPLIED, {"document_id": document.id, "sha256": copy.sha256,
                                             "marks": len(accepted)})
        return copy

    return change_case(ws, ref, _actor(ws, ref, actor), change,
                       action=Action.SET_DOCUMENT_STATUS)[0]


def verify(ws: Workspace, ref: str, number: int, *, actor: str | None = None) -> RedactedCopy:
    """Check the redacted copy of document ``number`` against its accepted marks and record
    the result (with the copy's sha256) in the audit chain."""
    from sar_desk.documents.redaction_find import scanned_pages
    from sar_desk.documents.redaction_verify import Expect
    from sar_desk.documents.redaction_verify import verify as check

    ref, document = _document(ws, ref, number)
    access.require(ws, Action.SET_DOCUMENT_STATUS, ref)
    with open_case_file(ws, ref) as case, case.reading() as session:
        marks = store.marks(session, document.id)
        copy = store.current_copies(session).get(document.id)
        data = store.copy_bytes(session, copy.id) if copy else None
    if copy is None or data is None:
        raise InputError(f"Document {number} of {ref} has no redacted copy to verify: apply "
                         "its accepted marks first.", code="redaction.no_copy", reference=ref)
    accepted = [m for m in marks if m.state == MarkState.ACCEPTED]
    kept = [m.text for m in marks if m.state != MarkState.ACCEPTED and m.text]
    problems = check(data, [Expect(m.page, m.rects, m.text, m.reason) for m in accepted],
                     scanned=scanned_pages(_source_pdf(ws, ref, document)), kept=kept)
    if copy.marks_digest != marks_digest(marks):
        problems.insert(0, "the accepted marks changed after the copy was made")

    def change(session: Session, _before: CaseSnapshot, who: str) -> RedactedCopy:
        done = store.record_verification(session, copy.id, problems, who)
        audit.append(session, who, VERIFIED, {"document_id": document.id,
                                              "sha256": copy.sha256, "passed": not problems,
                                              "problems": len(problems)})
        return done

    done = change_case(ws, ref, _actor(ws, ref, actor), change,
                       action=Action.SET_DOCUMENT_STATUS)[0]
    if not problems:
        note_waiting(ws, ref)  # the redacted set may now await its senior check
    return done


# --- the redacted set: approval, and whether a copy may be used --------------------------


def approve(ws: Workspace, ref: str) -> dict[str, str]:
    """Approve the case's redacted set as it stands, as the current user (a manager, or a
    privacy officer who neither accepted nor applied its marks); returns document id ->
    sha256 of the approved copies. A copy made afterwards needs approving again."""
    ref = normalise_reference(ref)
    user = access.require(ws, Action.APPROVE_LETTER, ref)

    def change(session: Session, before: CaseSnapshot, who: str) -> dict[str, str]:
        copies = store.current_copies(session)
        if not copies:
            raise InputError(f"{ref} has no redacted copies to approve.",
                             code="redaction.no_copy", reference=ref)
        names = {d.id: f"document {d.id} ({d.filename})" for d in before.documents}
        for doc in copies:
            refusal = refusal_in(session, doc, names.get(doc, f"document {doc}"),
                                  approval=False)
            if refusal:
                raise InputError(f"{refusal} Nothing was approved.", code="redaction.unusable",
                                 reference=ref)
        authors = {m.decided_by for m in store.marks(session)
                   if m.state == MarkState.ACCEPTED} | {c.made_by for c in copies.values()}
        refusal = approver_refusal(who, authors)
        if refusal:
            raise PermissionDenied(f"{refusal} Nothing was changed.",
                                   code="redaction.approver", reference=ref)
        chosen = current_set(session)
        audit.append(session, who, APPROVED, {"copies": chosen})
        return chosen

    return change_case(ws, ref, user.login, change, action=Action.APPROVE_LETTER)[0]


def verified_redacted_pdf(ws: Workspace, ref: str, document_id: int) -> bytes | None:
    """The verified and approved redacted copy of a document, or None when there is none or
    it may not be used (not verified, failed, out of date or not approved as it stands)."""
    ref = normalise_reference(ref)
    access.require(ws, Action.READ_CASE_DETAILS, ref)
    with open_case_file(ws, ref) as case, case.reading() as session:
        copy = store.current_copies(session).get(document_id)
        if copy is None or refusal_in(session, document_id, f"document {document_id}"):
            return None
        data = store.copy_bytes(session, copy.id)
    from sar_desk.store.keys import sha256_hex

    return data if data is not None and sha256_hex(data) == copy.sha256 else None


def redacted_for_export(ws: Workspace, ref: str, number: int) -> tuple[DocumentInfo, bytes]:
    """The verified redacted copy of document ``number`` (approval not needed, so an
    approver can read it first); InputError saying why when it may not be used."""
    ref, document = _document(ws, ref, number)
    name = f"document {number} ({document.filename})"
    with open_case_file(ws, ref) as case, case.reading() as session:
        refusal = refusal_in(session, document.id, name, approval=False)
        copy = store.current_copies(session).get(document.id)
        data = store.copy_bytes(session, copy.id) if copy and not refusal else None
    if refusal or data is None:
        raise InputError(f"{refusal} Nothing was written.", code="redaction.unusable",
                         reference=ref)
    return document, data


def copy_of(ws: Workspace, ref: str, number: int) -> RedactedCopy | None:
    ref, document = _document(ws, ref, number)
    with open_case_file(ws, ref) as case, case.reading() as session:
        return store.current_copies(session).get(document.id)


def redaction_approved(ws: Workspace, ref: str) -> bool:
    ref = normalise_reference(ref)
    access.require(ws, Action.READ_CASE_DETAILS, ref)
    with open_case_file(ws, ref) as case, case.reading() as session:
        current = current_set(session)
        return bool(current) and approved_set(session) == current

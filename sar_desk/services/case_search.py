"""Search inside cases: what each case says, indexed in the registry, and the search itself.

:func:`case_pieces` is the one place that decides what of a case is searchable (its
reference and people, request text, notes, the notes of events, search-log entries, the
original e-mail and the text of its documents) and how each piece is named in a result.
The unit of work calls :func:`pieces_to_index` after every change, and so do the repairs
that rewrite a case's registry row (on loading it, a creation rolled forward), so the index
keeps step with the case; :func:`rebuild` fills it for every case (the case index rebuild,
or the first search after an upgrade). :func:`search_cases` finds text and says where it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy.orm import Session

from sar_desk.core.dates import long_date
from sar_desk.core.entities import CaseSnapshot, DocumentInfo
from sar_desk.core.roles import Action
from sar_desk.core.text_search import SearchHit, query_reason, query_terms, snippet
from sar_desk.documents.text_extract import (
    EMAIL_SUFFIXES,
    document_pages,
    email_text,
    may_hold_text,
)
from sar_desk.errors import InputError
from sar_desk.services import access
from sar_desk.services.case_files import open_case_file
from sar_desk.store import case_records as records
from sar_desk.store import case_text
from sar_desk.store.case_text import TextPiece
from sar_desk.store.document_bytes import iter_bytes
from sar_desk.store.errors import StoreError
from sar_desk.store.keys import sha256_hex
from sar_desk.store.workspace import Workspace

__all__ = ["SearchHit", "case_pieces", "pieces_to_index", "rebuild", "search_cases"]

PUBLIC_SOURCES = ("reference", "people")  # what a user who may not read details finds


def _day(when: dt.date | dt.datetime | None) -> str:
    return long_date(when.date() if isinstance(when, dt.datetime) else when)


def _document_pieces(session: Session, doc: DocumentInfo) -> list[TextPiece]:
    label = f"document {doc.id} '{doc.filename}'"
    if doc.filename.lower().endswith(EMAIL_SUFFIXES):
        label = f"e-mail {doc.id} '{doc.filename}'"
    pages: list[str] = []
    chunks = iter_bytes(session, doc.id)
    try:
        head = next(chunks, b"")
        if may_hold_text(doc.filename, head, doc.size):
            pages = document_pages(doc.filename, head + b"".join(chunks))
    finally:
        chunks.close()
    pieces = [TextPiece(f"document:{doc.id}:0", label, doc.filename)]  # also: read once
    many = len(pages) > 1
    pieces += [TextPiece(f"document:{doc.id}:{n}", f"{label} page {n}" if many else label, text)
               for n, text in enumerate(pages, start=1) if text.strip()]
    return pieces


def case_pieces(session: Session, snap: CaseSnapshot, indexed: Iterable[str] = ()
                ) -> tuple[list[TextPiece], set[str]]:
    """What of the case is searchable: (pieces to write, sources already indexed to keep).

    The text of a document or of the original e-mail never changes once stored, so a
    document already in ``indexed`` is kept as it is instead of being read again."""
    indexed = set(indexed)
    people = [snap.requester.name, snap.requester.email]
    if snap.subject is not None:
        people += [snap.subject.name, snap.subject.email]
    pieces = [TextPiece("reference", "reference", snap.reference),
              TextPiece("people", "requester", "\n".join(p for p in people if p))]
    if snap.request_text.strip():
        pieces.append(TextPiece("request", "request text", snap.request_text))
    for n, note in enumerate(snap.notes, start=1):
        pieces.append(TextPiece(f"note:{n}", f"note of {_day(note.recorded_at)}".strip(),
                                note.text))
    for event in snap.events:
        if event.note.strip():
            pieces.append(TextPiece(f"event:{event.id}",
                                    f"note on the {event.kind.value.replace('_', ' ')} "
                                    f"event of {_day(event.date)}", event.note))
    for n, entry in enumerate(snap.search_log, start=1):
        body = "\n".join(p for p in (entry.system, entry.terms, entry.people) if p)
        pieces.append(TextPiece(f"search:{n}", f"search log ({entry.system}, "
                                f"{_day(entry.searched_on)})", body))
    keep = set()
    if "email" in indexed:
        keep.add("email")
    else:
        raw = records.request_row(session).source_message
        if raw and not any(d.sha256 == sha256_hex(raw) for d in snap.documents):
            # cases started from an e-mail since v10 keep the message as a document too:
            # it is found there, once
            text = email_text(raw)
            pieces.append(TextPiece("email", "original e-mail", text))
    for doc in snap.documents:
        if doc.note.strip():
            pieces.append(TextPiece(f"docnote:{doc.id}", f"note on document {doc.id}",
                                    doc.note))
        mine = {s for s in indexed if s.startswith(f"document:{doc.id}:")}
        if mine:
            keep |= mine
        else:
            pieces += _document_pieces(session, doc)
    return pieces, keep


def pieces_to_index(ws: Workspace, session: Session, snap: CaseSnapshot
                    ) -> tuple[list[TextPiece], set[str]]:
    """:func:`case_pieces` of a case being changed, given what the index already holds."""
    return case_pieces(session, snap, case_text.indexed_sources(ws.registry, snap.reference))


def index_case(ws: Workspace, ref: str) -> None:
    """Bring the index of one case up to date from its file (after it was created)."""
    with open_case_file(ws, ref) as case, case.reading() as session:
        pieces, keep = pieces_to_index(ws, session, records.read_snapshot(session))
    with ws.registry.writing() as conn:
        case_text.replace(conn, ref, pieces, keep)


def rebuild(ws: Workspace, references: Iterable[str] | None = None) -> int:
    """Index every case (or ``references``) afresh from its file; returns how many. A case
    whose file cannot be read is left out (the case index rebuild names it)."""
    refs = list(ws.registry.references_with_keys("SAR") if references is None else references)
    with ws.registry.writing() as conn:
        case_text.clear(conn)
    done = 0
    for ref in refs:
        try:
            with open_case_file(ws, ref) as case, case.reading() as session:
                pieces, _keep = case_pieces(session, records.read_snapshot(session))
        except StoreError:
            continue
        with ws.registry.writing() as conn:
            case_text.replace(conn, ref, pieces)
        done += 1
    return done


def _ensure_indexed(ws: Workspace) -> None:
    if not ws.read_only and ws.registry.meta_value(case_text.UNINDEXED):
        rebuild(ws)


def search_cases(ws: Workspace, text: str, *, limit: int = case_text.MAX_ROWS
                 ) -> list[SearchHit]:
    """Every place in the cases the user may read where all the words of ``text`` are
    found (case, accents and script folded), newest case first, with where and a snippet.
    Users who may not read a case's details find its reference and requester only."""
    access.require(ws, Action.LIST_CASES)
    terms = query_terms(text)
    if not terms:
        return []
    reason = query_reason(terms)
    if reason:
        raise InputError(reason, code="search.too_many_words")
    _ensure_indexed(ws)
    rows = case_text.find(ws.registry, terms, limit)
    summaries = {s.reference: s for s in
                 access.visible(ws, ws.registry.list_of({r[0] for r in rows}))}
    details: dict[str, bool] = {}
    hits = []
    for ref, source, place, body in rows:
        summary = summaries.get(ref)
        if summary is None:
            continue
        if ref not in details:
            details[ref] = access.can(ws, Action.READ_CASE_DETAILS, ref)
        if not details[ref] and source not in PUBLIC_SOURCES:
            continue
        hits.append(SearchHit(ref, summary.requester_name, place,
                              snippet(body, terms) or " ".join(body.split())[:80]))
    return hits

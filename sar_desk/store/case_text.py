"""The search index of what cases say, kept only inside the encrypted registry.

One row per piece of text of a case (``case_text``: its request text, a note, a search-log
entry, a page of a document...), named by ``source`` (``note:3``, ``document:4:2``) and
labelled by ``place`` (what a result shows: "note of 3 May 2026"), with its folded form in
the FTS5 table ``case_text_fts`` (trigram tokenizer: any run of three characters is found,
in every script, spaces or not). Terms shorter than three characters are looked for in the
folded text directly. Purging a case deletes its rows here with its key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sar_desk.core.text_search import MIN_INDEXED, fold_with_map

if TYPE_CHECKING:
    import sqlalchemy as sa

MAX_ROWS = 500  # pieces of text a search returns at most
UNINDEXED = "case_text_unindexed"  # meta key: the registry's case text is not yet indexed


@dataclass(frozen=True)
class TextPiece:
    """One piece of a case's text, as it is indexed."""

    source: str  # stable name within the case: "request", "note:3", "document:4:2"
    place: str  # where it is, as a result says it
    body: str


def _has_table(conn: sa.Connection) -> bool:
    return conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'case_text'").first() is not None


def indexed_sources(registry: Any, reference: str) -> set[str]:
    """The sources of ``reference`` already in the index."""
    return {r[0] for r in registry.query(
        "SELECT source FROM case_text WHERE reference = ?", (reference,))}


def replace(conn: sa.Connection, reference: str, pieces: Iterable[TextPiece],
            keep: Iterable[str] = ()) -> None:
    """Make ``pieces`` the indexed text of ``reference``: every other row of the case is
    deleted, except the sources named in ``keep`` (left as they are); a piece already
    indexed with the same words is not written again."""
    kept = set(keep)
    wanted = {p.source: p for p in pieces if p.source not in kept}
    rows = conn.exec_driver_sql("SELECT id, source, place, body FROM case_text "
                                "WHERE reference = :r", {"r": reference}).all()
    for row_id, source, place, body in rows:
        same = wanted.get(source)
        if same is not None and (same.place, same.body) == (place, body):
            del wanted[source]  # unchanged: its index entry stays as it is
        elif source not in kept:
            _delete(conn, row_id)
    for piece in wanted.values():
        new_id = conn.exec_driver_sql(
            "INSERT INTO case_text (reference, source, place, body) VALUES (:r, :s, :p, :b) "
            "RETURNING id", {"r": reference, "s": piece.source, "p": piece.place,
                             "b": piece.body}).scalar_one()
        conn.exec_driver_sql("INSERT INTO case_text_fts (rowid, folded) VALUES (:i, :f)",
                             {"i": new_id, "f": fold_with_map(piece.body)[0]})


def _delete(conn: sa.Connection, row_id: int) -> None:
    conn.exec_driver_sql("DELETE FROM case_text_fts WHERE rowid = :i", {"i": row_id})
    conn.exec_driver_sql("DELETE FROM case_text WHERE id = :i", {"i": row_id})


def forget(conn: sa.Connection, reference: str) -> None:
    """Delete every indexed piece of ``reference`` (a purge; a registry from before the
    index has none)."""
    if not _has_table(conn):
        return
    for (row_id,) in conn.exec_driver_sql("SELECT id FROM case_text WHERE reference = :r",
                                          {"r": reference}).all():
        _delete(conn, row_id)


def clear(conn: sa.Connection) -> None:
    """Empty the index (a rebuild)."""
    conn.exec_driver_sql("DELETE FROM case_text")
    conn.exec_driver_sql("DELETE FROM case_text_fts")
    conn.exec_driver_sql("DELETE FROM meta WHERE key = :k", {"k": UNINDEXED})


def optimize(conn: sa.Connection) -> None:
    """Merge the index segments (so deleted text leaves no trace in them)."""
    if _has_table(conn):
        conn.exec_driver_sql("INSERT INTO case_text_fts (case_text_fts) VALUES ('optimize')")


def count_rows(registry: Any, reference: str) -> int:
    """How many indexed pieces ``reference`` has (the index and its text table)."""
    (text,), = registry.query("SELECT count(*) FROM case_text WHERE reference = ?",
                              (reference,))
    (fts,), = registry.query("SELECT count(*) FROM case_text_fts WHERE rowid IN "
                             "(SELECT id FROM case_text WHERE reference = ?)", (reference,))
    return text + fts


def find(registry: Any, terms: Sequence[str], limit: int = MAX_ROWS
         ) -> list[tuple[str, str, str, str]]:
    """(reference, source, place, body) of the pieces holding every folded term."""
    terms = [t for t in terms if t]
    if not terms:
        return []
    long_terms = [t for t in terms if len(t) >= MIN_INDEXED]
    where, params = [], []
    if long_terms:
        where.append("case_text_fts MATCH ?")
        params.append(" AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms))
    for term in terms:
        if len(term) < MIN_INDEXED:
            where.append("instr(f.folded, ?) > 0")
            params.append(term)
    sql = ("SELECT t.reference, t.source, t.place, t.body FROM case_text_fts f "
           "JOIN case_text t ON t.id = f.rowid WHERE " + " AND ".join(where)
           + " ORDER BY t.reference DESC, t.id LIMIT ?")
    return [tuple(r) for r in registry.query(sql, (*params, limit))]

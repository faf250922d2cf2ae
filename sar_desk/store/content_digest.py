"""The canonical digest of a case's content: every table of the case file except the audit.

This is the one place that defines how a case's content is serialised for hashing. Each
audit entry that closes a change commits to this digest (see :mod:`sar_desk.store.audit`),
so an edit to a note, a date or a decision made with the case key but without an audit
entry no longer matches the newest entry, and ``verify`` names it.

Serialisation: tables in name order; for each, one JSON line ``[table, [columns], [rows]]``
with rows ordered by primary key, each row its values in column (schema) order, raw SQLite
values (ASCII-escaped JSON; a ``bytes`` value becomes ``{"sha256": hex}``). The digest is
the SHA-256 of those lines. The bytes of documents (and of their chunks), letters and
portability exports are left out: their ``sha256`` columns are in the digest, and
``verify`` checks the bytes against them (:func:`sar_desk.store.case_records.stored_blobs`),
so a write does not re-read every attached file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from sar_desk.store.case_schema import Base

NOT_CONTENT = {"audit"}  # the chain itself
RIGHTS_TABLE = "right_action"
_LAYOUT: list[tuple[str, list[str], list[str]]] = []  # filled on first use
# Blob columns whose bytes are checked against a sha256 column of the same row.
BLOBS_CHECKED_ELSEWHERE = {
    "document": {"data"},
    "document_chunk": {"data"},
    "rendition_chunk": {"data"},
    "letter": {"data"},
    "portability_export": {"json_data", "csv_data"},
    "bundle": {"data"},
    "redacted_copy": {"data"},
}


def _layout() -> list[tuple[str, list[str], list[str]]]:
    """(table, columns hashed, primary-key columns) for every content table, name order.

    Every case file is opened through :mod:`sar_desk.store.casefile`, which loads the rights
    tables into the metadata; a digest without them would differ, so that is refused.
    """
    if _LAYOUT:
        return _LAYOUT
    if RIGHTS_TABLE not in Base.metadata.tables:
        raise RuntimeError("the rights tables are not loaded: import sar_desk.store.casefile")
    out = _LAYOUT
    for name in sorted(Base.metadata.tables):
        if name in NOT_CONTENT:
            continue
        table = Base.metadata.tables[name]
        skip = BLOBS_CHECKED_ELSEWHERE.get(name, set())
        columns = [c.name for c in table.columns if c.name not in skip]
        out.append((name, columns, [c.name for c in table.primary_key.columns]))
    return out


def _value(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"sha256": hashlib.sha256(bytes(value)).hexdigest()}
    return value


def _line(item: Any) -> bytes:
    return json.dumps(item, ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n"


def digest_tables(tables: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> str:
    """The digest of ``(table, columns, rows)`` given in :func:`_layout` order and shape."""
    hasher = hashlib.sha256()
    for name, columns, rows in tables:
        hasher.update(_line([name, list(columns), [[_value(v) for v in row] for row in rows]]))
    return hasher.hexdigest()


def content_digest(session: Session) -> str:
    """The digest of the case content as this session sees it (pending changes flushed)."""
    session.flush()
    # The driver's own connection, inside the session's transaction: a dozen small reads
    # without SQLAlchemy's per-statement cost.
    cursor = session.connection().connection.driver_connection.cursor()

    def rows(name: str, columns: list[str], key: list[str]) -> Iterable[Sequence[Any]]:
        names = ", ".join(f'"{c}"' for c in columns)
        order = ", ".join(f'"{c}"' for c in key)
        return cursor.execute(
            f'SELECT {names} FROM "{name}" ORDER BY {order}').fetchall()  # noqa: S608

    try:
        return digest_tables((name, columns, rows(name, columns, key))
                             for name, columns, key in _layout())
    finally:
        cursor.close()


def digest_of_rows(tables: dict[str, tuple[Sequence[str], list[tuple]]]) -> str:
    """The same digest over plain rows (``table -> (columns, rows)``, as a bulk copy holds
    them), e.g. to re-seal a case copied row by row."""
    def pick(name: str, columns: list[str], key: list[str]) -> Iterable[Sequence[Any]]:
        stored, rows = tables.get(name, ((), []))
        at = {c: i for i, c in enumerate(stored)}
        chosen = [tuple(row[at[c]] for c in columns) for row in rows]
        keyed = [at[c] for c in key]
        order = sorted(range(len(rows)), key=lambda i: tuple(rows[i][k] for k in keyed))
        return (chosen[i] for i in order)

    return digest_tables((name, columns, pick(name, columns, key))
                         for name, columns, key in _layout())

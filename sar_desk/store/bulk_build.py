"""Copying whole case files row by row: the fast path for large benchmark workspaces.

A case file made by the record functions is read back as plain rows (:func:`case_rows`);
:func:`write_case_rows` writes such rows into a new encrypted file with its own key, in one
transaction on a bare SQLCipher connection (no ORM). Rows never touch the disk unencrypted.
"""

from __future__ import annotations

import os
from pathlib import Path

from sar_desk.store.case_schema import SCHEMA_VERSION, Base
from sar_desk.store.casefile import CaseFile, schema_ddl
from sar_desk.store.engine import connect, file_header

# Table name -> (column names, rows in physical order).
CaseRows = dict[str, tuple[tuple[str, ...], list[tuple]]]

def table_names() -> list[str]:
    """Every case-file table, parents before children (insert order)."""
    schema_ddl()  # loads the rights tables into the metadata
    return [t.name for t in Base.metadata.sorted_tables]


def case_rows(case: CaseFile) -> CaseRows:
    """Every row of every table of an open case file."""
    raw = case.engine.raw_connection()
    try:
        out: CaseRows = {}
        for name in table_names():
            cur = raw.cursor()
            cur.execute(f'SELECT * FROM "{name}" ORDER BY rowid')  # noqa: S608 - our own names
            out[name] = (tuple(d[0] for d in cur.description), cur.fetchall())
            cur.close()
        return out
    finally:
        raw.close()


def write_case_rows(path: Path, key: bytes, tables: CaseRows) -> bytes:
    """Make a new case file at ``path`` holding ``tables``; returns its salt.

    Refuses to overwrite an existing file. Written without fsync (bulk builds only).
    """
    path = Path(path)
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    conn = connect(path, key, bulk=True)
    try:
        conn.execute("BEGIN")
        for statement in schema_ddl():
            conn.execute(statement)
        for name, (columns, rows) in tables.items():
            if rows:
                marks = ", ".join("?" * len(columns))
                names = ", ".join(f'"{c}"' for c in columns)
                conn.executemany(f'INSERT INTO "{name}" ({names}) VALUES ({marks})', rows)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    finally:
        conn.close()
    return file_header(path)[:16]

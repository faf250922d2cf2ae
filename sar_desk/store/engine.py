"""SQLAlchemy engines over SQLCipher files, keyed with raw 256-bit keys.

Engine creation is isolated here so the driver and key handling can be swapped. Every
connection gets ``cipher_log_level = NONE`` (no HMAC noise on stderr), WAL, foreign keys and
full fsync; the first statement is run at open so a bad key or file fails right away.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.pool import NullPool

from sar_desk.store.keys import sqlcipher_raw_key

SQLITE_HEADER = b"SQLite format 3\x00"
PAGE_SIZE = 4096  # SQLCipher 4 default


def make_engine(
    path: Path, key: bytes, *, bulk: bool = False, immediate: bool = True, pooled: bool = False
) -> sa.Engine:
    """An engine for one SQLCipher file.

    ``immediate`` makes every transaction take the write lock up front (writers never
    deadlock; a connection can ask for it with the execution option ``immediate=True``);
    ``bulk`` trades fsync for speed (demo builds only); ``pooled`` keeps connections (and
    their decrypted page cache) open between uses.
    """
    url = sa.URL.create(
        "sqlite+pysqlcipher", password=sqlcipher_raw_key(key), database=str(Path(path).resolve())
    )
    if pooled:
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})
    else:
        engine = sa.create_engine(url, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record) -> None:  # runs after the key pragma
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA cipher_log_level = NONE")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA busy_timeout = 5000")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = " + ("OFF" if bulk else "FULL"))
        cur.close()
        # The driver's own transaction handling is off: the BEGIN below is ours.
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        wants = immediate or conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if wants else "BEGIN")

    return engine


def is_not_a_database(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "not a database" in text or "malformed" in text or "encrypted" in text


def file_header(path: Path, size: int = 16) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(size)


def looks_random(data: bytes) -> bool:
    """True for bytes that look like ciphertext (a SQLCipher salt), not text or a file magic."""
    if len(data) < 16:
        return False
    printable = sum(1 for b in data if 32 <= b < 127)
    return len(set(data)) >= 10 and printable < len(data) - 2


def run_outside_transaction(engine: sa.Engine, sql: str) -> list[tuple]:
    """Run a statement that must not be inside a transaction (checkpoint, integrity check)."""
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(sql)
        rows = cur.fetchall()
        cur.close()
        return rows
    finally:
        raw.close()

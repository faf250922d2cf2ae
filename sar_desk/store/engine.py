"""SQLCipher connections and SQLAlchemy engines, keyed with raw 256-bit keys.

Engine creation is isolated here so the driver and key handling can be swapped. Every
connection gets ``cipher_log_level = NONE`` (no HMAC noise on stderr), WAL, foreign keys,
secure delete and full fsync; the first statement is run at open so a bad key or file fails
right away.
SQLAlchemy is imported only when an engine is made: reading the registry (the dashboard,
``overdue``) needs bare connections only, and a short command should not pay for the ORM.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sar_desk.store.keys import sqlcipher_raw_key

if TYPE_CHECKING:
    import sqlalchemy as sa

SQLITE_HEADER = b"SQLite format 3\x00"
PAGE_SIZE = 4096  # SQLCipher 4 default
FULL_BELOW = 1024 * 1024  # bytes free under which a disk counts as full


_TEMPLATE: sa.Engine | None = None


def _template() -> sa.Engine:
    """One initialised SQLCipher dialect and compiled-statement cache for every file.

    Case files are many and short-lived; giving each its own dialect would recompile every
    statement for every file (most of the cost of building a demo workspace).
    """
    global _TEMPLATE
    if _TEMPLATE is None:
        import sqlalchemy as sa
        from sqlalchemy.pool import NullPool

        url = sa.URL.create("sqlite+pysqlcipher", password="x'" + "00" * 32 + "'")
        engine = sa.create_engine(url, poolclass=NullPool, query_cache_size=2000)
        engine.connect().close()  # the first connection initialises the dialect
        _TEMPLATE = engine
    return _TEMPLATE


def connect(path: Path, key: bytes, *, bulk: bool = False):
    """A DBAPI connection to one SQLCipher file: keyed, quiet, WAL, foreign keys, fsync.

    On a full disk SQLite cannot grow the shared-memory index a WAL file needs, so the open
    fails with an I/O error although nothing is wrong with the file. Then the file is opened
    again in exclusive locking mode, which keeps that index in memory: reads work, and a
    write fails with "database or disk is full" (:func:`is_disk_full`).
    """
    import sqlcipher3

    try:
        return _connect(path, key, bulk=bulk, exclusive=False)
    except sqlcipher3.OperationalError as exc:
        if not (is_disk_full(exc) or "disk i/o error" in str(exc).lower()) \
                or not disk_nearly_full(Path(path).parent):
            raise
    return _connect(path, key, bulk=bulk, exclusive=True)


_EXCLUSIVE: list[type] = []


def _exclusive_class() -> type:
    import sqlcipher3

    if not _EXCLUSIVE:
        _EXCLUSIVE.append(type("ExclusiveConnection", (sqlcipher3.Connection,), {}))
    return _EXCLUSIVE[0]


def is_exclusive(conn: object) -> bool:
    """True for a connection opened on a full disk (it holds the file's lock until closed,
    so it must not be kept for later)."""
    return bool(_EXCLUSIVE) and isinstance(conn, _EXCLUSIVE[0])


def disk_nearly_full(folder: Path, *, below: int = FULL_BELOW) -> bool:
    """True when the file system holding ``folder`` has less than ``below`` bytes free."""
    import shutil

    try:
        return shutil.disk_usage(folder).free < below
    except OSError:
        return False


def _connect(path: Path, key: bytes, *, bulk: bool, exclusive: bool):
    import sqlcipher3

    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False,
                              factory=_exclusive_class() if exclusive else sqlcipher3.Connection)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{sqlcipher_raw_key(key)}"')
        if exclusive:  # before the first read: the WAL index is then kept in memory
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")  # no temporary files (sorts, indexes) on disk
        # Deleted content is overwritten, not left in free pages (a removed document).
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        # synchronous first: switching a new file to WAL must not fsync in bulk builds.
        conn.execute("PRAGMA synchronous = " + ("OFF" if bulk else "FULL"))
        conn.execute("PRAGMA journal_mode = WAL")
    except BaseException:
        conn.close()
        raise
    return conn


def _on_begin(conn: sa.Connection) -> None:
    wants = conn.get_execution_options().get("immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if wants else "BEGIN")


def make_engine(
    path: Path, key: bytes, *, bulk: bool = False, immediate: bool = True, pooled: bool = False
) -> sa.Engine:
    """An engine for one SQLCipher file (raw 256-bit key, no KDF at open).

    ``immediate`` makes every transaction take the write lock up front (writers never
    deadlock; a connection can ask for it with the execution option ``immediate=True``);
    ``bulk`` trades fsync for speed (demo builds only); ``pooled`` keeps connections (and
    their decrypted page cache) open between uses.
    """
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from sqlalchemy.pool import QueuePool

    template = _template()
    path = Path(path).resolve()

    def creator():
        return connect(path, key, bulk=bulk)

    pool = QueuePool(creator, pool_size=2 if pooled else 1, max_overflow=8)
    engine = Engine(pool, template.dialect, template.url, query_cache_size=0,
                    execution_options={"compiled_cache": template._compiled_cache,
                                       "immediate": immediate})
    event.listen(engine, "begin", _on_begin)
    return engine


def is_disk_full(exc: BaseException) -> bool:
    import errno

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(getattr(exc, "orig", exc)).lower()
    return "disk is full" in text or "no space left" in text


DAMAGE_WORDS = ("not a database", "malformed", "encrypted", "vtable constructor failed",
                "corrupt")


def is_disk_full_at(exc: BaseException, folder: Path) -> bool:
    """:func:`is_disk_full`, or an I/O error while the disk holding ``folder`` is full (SQLite
    reports a shared-memory index it cannot grow as an I/O error)."""
    text = str(getattr(exc, "orig", exc)).lower()
    return is_disk_full(exc) or ("disk i/o error" in text and disk_nearly_full(folder))


def is_not_a_database(exc: BaseException) -> bool:
    """True for SQLite's words for a file that is not a database, or whose pages are damaged
    (a damaged page of a search index fails as "vtable constructor failed")."""
    text = str(getattr(exc, "orig", exc)).lower()
    return any(word in text for word in DAMAGE_WORDS)


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


def vacuum_into(conn, dest: Path) -> None:  # noqa: ANN001 - a DBAPI connection
    """Write a consistent, still encrypted copy of ``conn``'s database to ``dest`` (a new
    file), through SQLite itself: never by reading a file another program is writing.
    SQLCipher keeps the key and the salt, so the copy opens exactly as the original."""
    cur = conn.cursor()
    try:
        cur.execute("VACUUM INTO ?", (str(dest),))
    finally:
        cur.close()

"""The workspace registry: one encrypted database with a summary row per case.

It also holds each case file's wrapped key and the salt the file was created with (so a
swapped file is recognised), allocates references (``SAR-<year>-<seq>``), finds requests by
full-text search (FTS5) and flags possible repeat requests.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sar_desk.core import clock
from sar_desk.core.entities import CaseSummary
from sar_desk.core.names import fold
from sar_desk.store import case_text, registry_schema, synced_tables
from sar_desk.store.engine import (
    connect,
    is_disk_full_at,
    is_exclusive,
    is_not_a_database,
    make_engine,
)
from sar_desk.store.errors import StoreError
from sar_desk.store.registry_keys import CaseKeys
from sar_desk.store.registry_rows import (
    LIST_COLUMNS,
    ROW_COLUMNS,
    UPSERT_SQL,
    bulk_allocation,
    fts_query,
    row_to_summary,
    settled_before,
    twelve_months_before,
)

if TYPE_CHECKING:
    import sqlalchemy as sa

class RegistryDamaged(StoreError):
    """The registry does not open with the workspace key, or a page of it is damaged."""


_writing = threading.local()  # .depth: write transactions open; .settled: no catching up
IDLE_READERS = 2  # bare read connections kept open, each with its decrypted page cache


class Registry(CaseKeys):
    """The encrypted registry of one workspace.

    Reads (:meth:`query`, :meth:`list`, :meth:`check`) use bare SQLCipher connections; the
    SQLAlchemy engine used for writes is made on first use, so opening a workspace to read
    it (the dashboard, ``sar-desk overdue``) never loads SQLAlchemy.
    """

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self._key = key
        self._engine: sa.Engine | None = None
        self._lock = threading.Lock()
        self._idle: list[Any] = []
        self._closes = 0  # how many times close() ran: a read begun before one is not kept
        # A team workspace's copy: keeps the workspace's own rows in step with the server
        # (sar_desk.services.team_state.StateSync); None for a folder workspace.
        self.sync: Any = None

    @property
    def engine(self) -> sa.Engine:
        """The SQLAlchemy engine over the registry (made on first use)."""
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = make_engine(self.path, self._key, immediate=False,
                                               pooled=True)
        return self._engine

    @contextlib.contextmanager
    def reading(self) -> Iterator[Any]:
        """A bare SQLCipher connection in autocommit mode (each statement sees the latest
        committed state). Kept open afterwards for the next read, up to ``IDLE_READERS``."""
        import sqlcipher3

        self.catch_up()  # what other workstations changed, taken in first
        with self._lock:
            conn = self._idle.pop() if self._idle else None
            closes = self._closes
        try:
            if conn is None:
                conn = connect(self.path, self._key)
            yield conn
        except BaseException as exc:
            if conn is not None:
                conn.close()
            if isinstance(exc, sqlcipher3.DatabaseError) and is_not_a_database(exc):
                raise self.damaged() from None
            raise
        with self._lock:  # not kept if the registry was closed while it was in use
            if len(self._idle) < IDLE_READERS and self._closes == closes \
                    and not is_exclusive(conn):
                self._idle.append(conn)
                conn = None
        if conn is not None:
            conn.close()

    def catch_up(self) -> None:
        """A team workspace's copy: take in what other workstations changed since it last
        looked (nothing for a folder workspace, inside a write, or within :meth:`settled`)."""
        sync = self.sync
        if sync is not None and not getattr(_writing, "depth", 0) \
                and not getattr(_writing, "settled", 0):
            sync.catch_up(self._touch)

    @contextlib.contextmanager
    def settled(self) -> Iterator[None]:
        """Catch up once, then read this copy as it is for the block (a loop over every
        case asks the server once, not once per case)."""
        self.catch_up()
        _writing.settled = getattr(_writing, "settled", 0) + 1
        try:
            yield
        finally:
            _writing.settled -= 1

    def _touch(self) -> None:
        with self.writing():
            pass

    def damaged(self) -> RegistryDamaged:
        """The error for a registry that the workspace key does not open, or whose pages
        are damaged: it names the file and the way back."""
        return RegistryDamaged(
            f"The registry {self.path} does not open with the workspace key (damaged or "
            "replaced). Restore it from a backup, or move it aside and rebuild the case index "
            "(case keys are kept only in the registry, so a backup is needed to read existing "
            "cases).", code="registry.damaged", path=self.path)

    def query(self, sql: str, params: Sequence | dict = ()) -> list[tuple]:
        """Every row of one read-only statement (``?`` or ``:name`` parameters)."""
        with self.reading() as conn:
            cur = conn.execute(sql, params)
            try:
                return cur.fetchall()
            finally:
                cur.close()

    def create(self, workspace_id: str) -> None:
        """Make the tables of a new registry, at the current version."""
        with self.writing() as conn:
            registry_schema.create(conn, workspace_id)

    def check(self) -> str:
        """Run a first query (so a bad key fails now); returns the stored workspace id.

        A wrong key or a damaged file raises :class:`RegistryDamaged`; a registry written
        by a newer SAR Desk raises :class:`~sar_desk.store.registry_schema.RegistryTooNew`.
        An older one is upgraded by :func:`~sar_desk.store.registry_schema.upgrade`.
        """
        with self.reading() as conn:
            rows = conn.execute("SELECT value FROM meta WHERE key = 'workspace_id'").fetchall()
            (version,), = conn.execute("PRAGMA user_version").fetchall()
        registry_schema.refuse_newer(self.path, version)
        return rows[0][0] if rows else ""

    def meta_value(self, key: str) -> str:
        """A workspace fact kept in the registry's ``meta`` table ("" when not set)."""
        rows = self.query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else ""

    def set_meta_value(self, key: str, value: str) -> None:
        """Set a workspace fact in the registry's ``meta`` table."""
        with self.writing() as conn:
            conn.exec_driver_sql("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                                 (key, value))

    def version(self) -> int:
        """The registry's schema version (``PRAGMA user_version``)."""
        return self.query("PRAGMA user_version")[0][0]

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the registry file (before it is copied)."""
        with self.reading() as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def snapshot(self, dest: Path) -> None:
        """A consistent copy of the registry at ``dest`` (encrypted, same key and salt); a
        damaged registry raises :class:`RegistryDamaged` naming it."""
        import sqlcipher3

        from sar_desk.store.engine import vacuum_into

        try:
            conn = connect(self.path, self._key)
        except sqlcipher3.DatabaseError:
            raise self.damaged() from None
        try:
            # Every page's HMAC, free pages included (a copy reads only the live ones).
            if conn.execute("PRAGMA cipher_integrity_check").fetchall():
                raise self.damaged()
            vacuum_into(conn, dest)
        except sqlcipher3.DatabaseError:
            raise self.damaged() from None
        finally:
            conn.close()

    def integrity_check(self) -> list[str]:
        """SQLCipher's check of every page's HMAC, then SQLite's integrity check of the
        registry: ``["ok"]`` or one line per problem.

        Run on a new connection: a kept read connection may hold a stale view of the
        search index that the check would report as corruption."""
        import sqlcipher3

        try:
            conn = connect(self.path, self._key)
        except sqlcipher3.DatabaseError as exc:
            return [f"the registry does not open ({exc})"]
        try:
            pages = [r[0] for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
            return pages or [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        except sqlcipher3.DatabaseError as exc:
            return [f"the registry is damaged ({exc})"]
        finally:
            conn.close()

    def scrub(self) -> None:
        """Leave no trace of deleted rows in the file: merge the search index segments,
        rewrite the file without free pages and empty the write-ahead log."""
        with self.writing() as conn:
            conn.exec_driver_sql("INSERT INTO cases_fts (cases_fts) VALUES ('optimize')")
            case_text.optimize(conn)
        with self.reading() as conn:
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    @contextlib.contextmanager
    def writing(self) -> Iterator[sa.Connection]:
        """A connection in a write transaction (BEGIN IMMEDIATE), committed on success."""
        from sqlalchemy.exc import DatabaseError

        _writing.depth = getattr(_writing, "depth", 0) + 1
        try:
            with self.engine.connect().execution_options(immediate=True) as conn, conn.begin():
                sync = self.sync
                if sync is not None:
                    sync.before_write(conn)
                yield conn
                if sync is not None:
                    sync.after_write(conn)
        except MemoryError:
            # SQLCipher reports a page failing its HMAC as "out of memory" on some writes.
            if self.integrity_check() != ["ok"]:
                raise self.damaged() from None
            raise
        except DatabaseError as exc:
            if is_not_a_database(exc):
                raise self.damaged() from None
            if not is_disk_full_at(exc, self.path.parent):
                raise
            raise StoreError(f"The disk is full (No space left on device): the registry "
                             f"{self.path} was not changed. Free some space, then rebuild the "
                             "case index.", code="registry.disk_full", path=self.path) from None
        finally:
            _writing.depth -= 1

    def drop_sync_marks(self) -> bool:
        """Take a team copy's change marks out of this registry (a folder workspace restored
        from a team workspace's backup); True when there were any."""
        with self.reading() as conn:
            if not synced_tables.has_marks(conn):
                return False
        with self.writing() as conn:
            return synced_tables.remove(conn, synced_tables.REGISTRY)

    def close(self) -> None:
        """Close every connection (the registry opens again on next use)."""
        with self._lock:
            idle, self._idle = self._idle, []
            self._closes += 1
        for conn in idle:
            conn.close()
        if self._engine is not None:
            self._engine.dispose()

    def at(self, path: Path) -> Registry:
        """The same registry key over another file (a backup copy of this registry)."""
        return Registry(path, self._key)

    # --- summary rows --------------------------------------------------------------

    def upsert(self, rows: Iterable[dict], conn: sa.Connection | None = None) -> None:
        """Write summary rows (dicts with the ``cases`` columns plus ``email``)."""
        if conn is None:
            with self.writing() as c:
                self.upsert(rows, c)
            return
        marked = bool(conn.exec_driver_sql("SELECT count(*) FROM damaged_cases").scalar_one())
        for row in rows:
            values = dict(row)
            email = values.pop("email", "")
            if marked:  # a row written from the case file: the file reads again
                conn.exec_driver_sql("DELETE FROM damaged_cases WHERE reference = :r",
                                     {"r": values["reference"]})
            new_id = conn.exec_driver_sql(UPSERT_SQL, values).scalar_one()
            conn.exec_driver_sql("DELETE FROM cases_fts WHERE rowid = :id", {"id": new_id})
            conn.exec_driver_sql(
                "INSERT INTO cases_fts (rowid, reference, requester, email) "
                "VALUES (:id, :r, :n, :e)",
                {"id": new_id, "r": values["reference"],
                 "n": f"{values['requester_name']} {fold(values['requester_name'])}",
                 "e": email})

    def delete_rows(self, conn: sa.Connection, references: Iterable[str]) -> None:
        for ref in references:
            row = conn.exec_driver_sql("SELECT id FROM cases WHERE reference = :r",
                                       {"r": ref}).first()
            if row:
                conn.exec_driver_sql("DELETE FROM cases_fts WHERE rowid = :id", {"id": row[0]})
                conn.exec_driver_sql("DELETE FROM cases WHERE id = :id", {"id": row[0]})
            case_text.forget(conn, ref)

    def clear_rows(self, conn: sa.Connection) -> None:
        conn.exec_driver_sql("DELETE FROM cases")
        conn.exec_driver_sql("DELETE FROM cases_fts")

    def list(self, *, status: str = "all", search: str | None = None,
             active_since: dt.date | None = None) -> list[CaseSummary]:
        """Summary rows, newest reference last. ``status``: open, closed or all.

        ``active_since`` leaves out the rows :func:`settled_before` that day (for figures
        of the months from then on, which they never change).
        """
        where, params = [], []
        if status == "open":
            where.append("c.status = 'open'")
        elif status == "closed":
            where.append("c.status != 'open'")
        sql = f"SELECT {', '.join('c.' + c.strip() for c in LIST_COLUMNS.split(','))} FROM cases c"
        if search and search.strip():
            query = fts_query(search)
            sql += " JOIN cases_fts f ON f.rowid = c.id"
            where.append("cases_fts MATCH ?")
            params.append(query)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY c.id"
        with bulk_allocation():
            if active_since is None:
                found = [row_to_summary(r) for r in self.query(sql, params)]
            else:
                since = active_since.isoformat()
                found = [row_to_summary(r) for r in self.query(sql, params)
                         if not settled_before(r, since)]
        return self._mark_damaged(found)

    def list_of(self, references: Iterable[str]) -> list[CaseSummary]:
        """The summary rows of ``references`` (those still in the registry), in list order."""
        refs = sorted(set(references))
        rows: list[CaseSummary] = []
        columns = ", ".join(c.strip() for c in LIST_COLUMNS.split(","))
        for start in range(0, len(refs), 500):  # within SQLite's limit on parameters
            chunk = refs[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            rows += [(i, row_to_summary(r)) for i, *r in self.query(
                f"SELECT id, {columns} FROM cases WHERE reference IN ({marks})", chunk)]
        return self._mark_damaged([r for _i, r in sorted(rows, key=lambda p: p[0])])

    # --- damaged cases -------------------------------------------------------------

    def damaged_cases(self) -> dict[str, str]:
        """The cases a rebuild of the index could not read: reference -> the problem."""
        return dict(self.query("SELECT reference, problem FROM damaged_cases"))

    def _mark_damaged(self, summaries: list[CaseSummary]) -> list[CaseSummary]:
        damaged = self.damaged_cases()
        if not damaged:
            return summaries
        return [dataclasses.replace(s, damaged=True) if s.reference in damaged else s
                for s in summaries]

    def keep_damaged(self, conn: sa.Connection, kept: dict[str, dict | None],
                     problems: dict[str, str]) -> None:
        """Mark ``problems`` (reference -> problem) damaged, writing back each one's row
        ``kept`` from before the rebuild (a placeholder when it had none), so the case stays
        in the list and the figures."""
        conn.exec_driver_sql("DELETE FROM damaged_cases")
        found = clock.now().isoformat(timespec="seconds")
        for ref, problem in problems.items():
            row = kept.get(ref)
            if row is None:
                created = conn.exec_driver_sql("SELECT created FROM case_keys WHERE reference "
                                               "= :r", {"r": ref}).scalar_one_or_none()
                row = {"reference": ref, "requester_name": "", "status": "open",
                       "jurisdiction": "uk-ew", "received": (created or found)[:10],
                       "due": None, "extended_due": None, "paused": 0, "assignee": "",
                       "updated": None, "request_types": "access", "events": "",
                       "possible_repeat_of": "", "refusals": "", "exemptions": "",
                       "deadline_policy": "", "name_key": "", "email_key": "",
                       "audit_seq": 0, "audit_head": ""}
            values = {c: row[c] for c in ROW_COLUMNS}
            new_id = conn.exec_driver_sql(UPSERT_SQL, values).scalar_one()
            conn.exec_driver_sql(
                "INSERT INTO cases_fts (rowid, reference, requester, email) "
                "VALUES (:id, :r, :n, '')",
                {"id": new_id, "r": ref,
                 "n": f"{values['requester_name']} {fold(values['requester_name'])}"})
            conn.exec_driver_sql("INSERT INTO damaged_cases VALUES (:r, :p, :f)",
                                 {"r": ref, "p": problem, "f": found})

    def get(self, reference: str) -> dict | None:
        """The whole ``cases`` row of ``reference`` (column -> value), or None."""
        with self.reading() as conn:
            cur = conn.execute("SELECT * FROM cases WHERE reference = ?", (reference,))
            try:
                row = cur.fetchone()
                names = [d[0] for d in cur.description]
            finally:
                cur.close()
        return dict(zip(names, row, strict=True)) if row else None

    def find_repeat(self, name_key: str, email_key: str, received: dt.date,
                    exclude: str = "") -> str:
        """The latest earlier case from the same requester within 12 months, or ""."""
        since = twelve_months_before(received).isoformat()
        rows = self.query(
            "SELECT reference FROM cases WHERE (name_key = :n OR (:e != '' AND email_key = :e))"
            " AND received >= :since AND received <= :until AND reference != :x "
            "ORDER BY received DESC, id DESC LIMIT 1",
            {"n": name_key, "e": email_key, "since": since,
             "until": received.isoformat(), "x": exclude})
        return rows[0][0] if rows else ""

"""The server store: one team workspace in a PostgreSQL database (all its SQL is here and
in :mod:`sar_desk.store.server.locks`).

Every case save names the version it was read at; the server refuses a stale one
(:class:`StaleSave`) and announces each save on a channel with the reference and the new
version only.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sar_desk.store.server import schema
from sar_desk.store.server.errors import (
    ServerInUse,
    ServerNotInitialised,
    ServerUnreachable,
    StaleSave,
)


def where(url: str) -> str:
    """The server named for people: host and database, never a password."""
    return re.sub(r"//[^@/]*@", "//", url.split("?", 1)[0])


def connect(url: str, *, autocommit: bool = False) -> Any:
    """A psycopg connection (``sslmode`` and the rest of the URL are passed through)."""
    import psycopg

    try:
        return psycopg.connect(url, autocommit=autocommit, connect_timeout=10)
    except psycopg.OperationalError as exc:
        problem = str(exc).strip().splitlines()[0] if str(exc).strip() else "no answer"
        raise ServerUnreachable(where(url), problem) from None


@dataclass(frozen=True)
class StoredCase:
    """A case as the server holds it: its version and its sealed parts."""

    reference: str
    version: int
    requester: bytes
    content: bytes
    updated: str | None = None  # when the case was last changed, as its row says


class ServerStore:
    """One team workspace's database. Opens one connection, reopened when lost."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn: Any = None
        self._pid = os.getpid()
        self._lock = threading.RLock()  # one transaction at a time (the listener's too)

    # --- connection ------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        import psycopg

        with self._lock:
            if self._pid != os.getpid():  # a forked worker: never share the parent's socket
                self._conn, self._pid = None, os.getpid()
            if self._conn is None or self._conn.closed:
                self._conn = connect(self.url)
            try:
                with self._conn.transaction():
                    yield self._conn
            except psycopg.OperationalError as exc:
                self.close()
                raise ServerUnreachable(where(self.url), str(exc).strip() or "lost") from None

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None

    # --- the workspace ---------------------------------------------------------------

    def create(self, workspace_id: str, manifest: str, *, app_role: str = "") -> None:
        """Make the tables of a new team workspace (refused when the database holds one)."""
        with self.transaction() as conn:
            for statement in schema.DDL:
                conn.execute(statement)
            if conn.execute("SELECT 1 FROM sd_meta WHERE key = 'workspace_id'").fetchone():
                raise ServerInUse(where(self.url))
            conn.cursor().executemany("INSERT INTO sd_meta (key, value) VALUES (%s, %s)",
                             [("workspace_id", workspace_id), ("manifest", manifest),
                              ("schema_version", str(schema.SCHEMA_VERSION))])
            for statement in schema.grants(app_role) if app_role else ():
                conn.execute(statement)

    def meta(self, key: str) -> str:
        try:
            with self.transaction() as conn:
                row = conn.execute("SELECT value FROM sd_meta WHERE key = %s", (key,)).fetchone()
        except Exception as exc:
            import psycopg

            if isinstance(exc, psycopg.errors.UndefinedTable):
                raise ServerNotInitialised(where(self.url)) from None
            raise
        return row[0] if row else ""

    def drop_workspace(self, workspace_id: str) -> bool:
        """Remove the workspace ``workspace_id`` and its tables (a restore cut short leaves
        the database empty again); False, changing nothing, when the database holds another
        workspace or none."""
        with self.transaction() as conn:
            found = conn.execute("SELECT to_regclass('sd_meta')").fetchone()[0]
            row = conn.execute("SELECT value FROM sd_meta WHERE key = 'workspace_id'"
                               ).fetchone() if found else None
            if not row or row[0] != workspace_id:
                return False
            tables = ", ".join(schema.APP_TABLES + schema.APPEND_ONLY)
            conn.execute(f"DROP TABLE IF EXISTS {tables} CASCADE")
            conn.execute("DROP SEQUENCE IF EXISTS sd_state_seq, sd_cases_seq")
        return True

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO sd_meta (key, value) VALUES (%s, %s) ON CONFLICT (key) "
                         "DO UPDATE SET value = excluded.value", (key, value))

    def workspace_id(self) -> str:
        found = self.meta("workspace_id")
        if not found:
            raise ServerNotInitialised(where(self.url))
        return found

    # --- sealed blobs (the workspace registry file) ---------------------------------

    def blob(self, name: str) -> tuple[int, bytes] | None:
        with self.transaction() as conn:
            row = conn.execute("SELECT version, sealed FROM sd_blobs WHERE name = %s",
                               (name,)).fetchone()
        return (row[0], bytes(row[1])) if row else None

    def blob_names(self) -> list[str]:
        with self.transaction() as conn:
            return [r[0] for r in conn.execute("SELECT name FROM sd_blobs ORDER BY name")]

    def put_blob(self, name: str, sealed: bytes, expected: int) -> int:
        """Store a sealed blob over version ``expected`` (0: new); a stale write is refused."""
        with self.transaction() as conn:
            if expected == 0:
                done = conn.execute("INSERT INTO sd_blobs VALUES (%s, 1, %s) ON CONFLICT DO "
                                    "NOTHING RETURNING version", (name, sealed)).fetchone()
            else:
                done = conn.execute("UPDATE sd_blobs SET sealed = %s, version = version + 1 "
                                    "WHERE name = %s AND version = %s RETURNING version",
                                    (sealed, name, expected)).fetchone()
            if done is None:
                row = conn.execute("SELECT version FROM sd_blobs WHERE name = %s",
                                   (name,)).fetchone()
                raise StaleSave(name, expected, row[0] if row else 0)
            conn.execute("SELECT pg_notify(%s, %s)", (schema.CHANNEL, f"{name} {done[0]}"))
        return done[0]

    # --- case keys -------------------------------------------------------------------

    def put_case_keys(self, rows: Iterable[tuple[str, bytes, bytes | None]]) -> None:
        with self.transaction() as conn:
            conn.cursor().executemany("INSERT INTO sd_case_keys VALUES (%s, %s, %s) ON CONFLICT "
                             "(reference) DO UPDATE SET wrapped = excluded.wrapped, "
                             "salt = excluded.salt", list(rows))

    def case_keys(self, references: Iterable[str] | None = None
                  ) -> dict[str, tuple[bytes, bytes | None]]:
        """Wrapped case keys (and salts): every case's, or those of ``references``."""
        sql, params = "SELECT reference, wrapped, salt FROM sd_case_keys", []
        if references is not None:
            sql, params = sql + " WHERE reference = ANY(%s)", [list(references)]
        with self.transaction() as conn:
            rows = conn.execute(sql, params).fetchall()
        return {r: (bytes(w), bytes(s) if s is not None else None) for r, w, s in rows}

    def destroy_case(self, reference: str, *, login: str) -> None:
        """Crypto-shred a case on the server: its wrapped key, sealed copy and index go."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM sd_case_keys WHERE reference = %s", (reference,))
            conn.execute("DELETE FROM sd_cases WHERE reference = %s", (reference,))
            conn.execute("INSERT INTO sd_audit (login, action, reference) VALUES (%s, %s, %s)",
                         (login, "destroy_case", reference))
            conn.execute("SELECT pg_notify(%s, %s)", (schema.CHANNEL, f"{reference} 0"))

    # --- cases -----------------------------------------------------------------------

    def versions(self) -> dict[str, int]:
        with self.transaction() as conn:
            return dict(conn.execute("SELECT reference, version FROM sd_cases").fetchall())

    def version_of(self, reference: str) -> int:
        """The server's version of ``reference`` (0: the server has no such case)."""
        with self.transaction() as conn:
            row = conn.execute("SELECT version FROM sd_cases WHERE reference = %s",
                               (reference,)).fetchone()
        return row[0] if row else 0

    def changed_since(self, after: int) -> list[tuple[str, int, int]]:
        """(reference, version, number) of every case saved after number ``after``."""
        with self.transaction() as conn:
            return conn.execute("SELECT reference, version, seq FROM sd_cases WHERE seq > %s "
                                "ORDER BY seq", (after,)).fetchall()

    def last_saved(self) -> int:
        """The number of the last case save."""
        with self.transaction() as conn:
            return conn.execute("SELECT coalesce(max(seq), 0) FROM sd_cases").fetchone()[0]

    def heads(self) -> dict[str, tuple[int, int, str]]:
        """reference -> (version, audit_seq, audit_head) of every case."""
        with self.transaction() as conn:
            return {r: (v, q, h) for r, v, q, h in conn.execute(
                "SELECT reference, version, audit_seq, audit_head FROM sd_cases")}

    def fetch(self, reference: str) -> StoredCase | None:
        with self.transaction() as conn:
            row = conn.execute("SELECT version, requester, content, updated FROM sd_cases "
                               "WHERE reference = %s", (reference,)).fetchone()
        return StoredCase(reference, row[0], bytes(row[1]), bytes(row[2]), row[3]) \
            if row else None

    def save(self, reference: str, expected: int, clear: dict, requester: bytes,
             content: bytes, tokens: Iterable[bytes], *, login: str) -> int:
        """Store a case over version ``expected`` (0: a new case); returns the new version.

        ``requester`` and ``content`` must be sealed for version ``expected + 1``. A save
        whose ``expected`` is not the server's version is refused (:class:`StaleSave`).
        Announced on the changes channel with the reference and version once committed.
        """
        values = {c: clear.get(c) if clear.get(c) is not None else schema.DEFAULTS.get(c)
                  for c in schema.CLEAR_COLUMNS}
        values["paused"] = bool(values["paused"])
        cols = ", ".join(schema.CLEAR_COLUMNS)
        new = expected + 1
        with self.transaction() as conn:
            if expected == 0:
                done = conn.execute(
                    f"INSERT INTO sd_cases (reference, version, {cols}, requester, content, "
                    f"saved_by, seq) VALUES (%(ref)s, 1, "
                    + ", ".join(f"%({c})s" for c in schema.CLEAR_COLUMNS)
                    + ", %(req)s, %(content)s, %(login)s, nextval('sd_cases_seq')) "
                    "ON CONFLICT DO NOTHING "
                    "RETURNING version",
                    {**values, "ref": reference, "req": requester, "content": content,
                     "login": login}).fetchone()
            else:
                done = conn.execute(
                    "UPDATE sd_cases SET version = version + 1, "
                    + ", ".join(f"{c} = %({c})s" for c in schema.CLEAR_COLUMNS)
                    + ", requester = %(req)s, content = %(content)s, saved_by = %(login)s, "
                    "saved_at = now(), seq = nextval('sd_cases_seq') "
                    "WHERE reference = %(ref)s AND version = %(expected)s "
                    "RETURNING version",
                    {**values, "ref": reference, "req": requester, "content": content,
                     "login": login, "expected": expected}).fetchone()
            if done is None:
                row = conn.execute("SELECT version FROM sd_cases WHERE reference = %s",
                                   (reference,)).fetchone()
                raise StaleSave(reference, expected, row[0] if row else 0)
            conn.execute("DELETE FROM sd_index WHERE reference = %s", (reference,))
            conn.cursor().executemany("INSERT INTO sd_index VALUES (%s, %s) ON CONFLICT DO NOTHING",
                             [(t, reference) for t in set(tokens)])
            conn.execute("INSERT INTO sd_audit (login, action, reference, version) "
                         "VALUES (%s, %s, %s, %s)",
                         (login, "create_case" if expected == 0 else "save_case",
                          reference, new))
            conn.execute("SELECT pg_notify(%s, %s)", (schema.CHANNEL, f"{reference} {new}"))
        return new

    def add_cases(self, items: Iterable[tuple[str, dict, bytes, bytes, Iterable[bytes]]],
                  *, login: str) -> None:
        """Bulk insert new cases at version 1: (reference, clear columns, sealed requester,
        sealed content, blind tokens) each (demo builds and benchmarks; one audit entry)."""
        cols = ", ".join(schema.CLEAR_COLUMNS)
        marks = ", ".join(["%s"] * (len(schema.CLEAR_COLUMNS) + 4))
        cases, index = [], []
        for ref, clear, requester, content, tokens in items:
            values = [clear.get(c) if clear.get(c) is not None else schema.DEFAULTS.get(c)
                      for c in schema.CLEAR_COLUMNS]
            values[schema.CLEAR_COLUMNS.index("paused")] = bool(
                values[schema.CLEAR_COLUMNS.index("paused")])  # a registry row says 0 / 1
            cases.append((ref, *values, requester, content, login))
            index += [(t, ref) for t in set(tokens)]
        with self.transaction() as conn:
            cur = conn.cursor()
            cur.executemany(f"INSERT INTO sd_cases (reference, {cols}, requester, content, "
                            f"saved_by, version, seq) VALUES ({marks}, 1, "
                            "nextval('sd_cases_seq'))", cases)
            cur.executemany("INSERT INTO sd_index VALUES (%s, %s) ON CONFLICT DO NOTHING",
                            index)
            conn.execute("INSERT INTO sd_audit (login, action, version) VALUES (%s, %s, %s)",
                         (login, "add_cases", len(cases)))

    def reseal(self, items: Iterable[tuple[str, int, bytes, Iterable[bytes]]], *,
               login: str) -> None:
        """Replace cases' sealed requester and blind index (new workspace keys): (reference,
        version the requester is sealed for, sealed requester, blind tokens) each; a case
        saved since that version is left as its save made it."""
        with self.transaction() as conn:
            cur = conn.cursor()
            for ref, version, requester, tokens in items:
                done = cur.execute("UPDATE sd_cases SET requester = %s WHERE reference = %s "
                                   "AND version = %s RETURNING 1",
                                   (requester, ref, version)).fetchone()
                if done is None:
                    continue
                cur.execute("DELETE FROM sd_index WHERE reference = %s", (ref,))
                cur.executemany("INSERT INTO sd_index VALUES (%s, %s) ON CONFLICT DO NOTHING",
                                [(t, ref) for t in set(tokens)])
            conn.execute("INSERT INTO sd_audit (login, action) VALUES (%s, 'keys_replaced')",
                         (login,))

    def rows(self, *, status: str = "all", tokens: Iterable[bytes] = (),
             references: Iterable[str] | None = None) -> list[tuple]:
        """List rows: reference, version, the clear columns, then the sealed requester.
        ``tokens``: only cases whose blind index holds every one of them."""
        where_, params = ["kind = 'case'"], []
        if status == "open":
            where_.append("status = 'open'")
        elif status == "closed":
            where_.append("status <> 'open'")
        wanted = list(tokens)
        for token in wanted:
            where_.append("reference IN (SELECT reference FROM sd_index WHERE token = %s)")
            params.append(token)
        if references is not None:
            where_.append("reference = ANY(%s)")
            params.append(list(references))
        sql = (f"SELECT reference, version, {', '.join(schema.CLEAR_COLUMNS)}, requester "
               "FROM sd_cases WHERE " + " AND ".join(where_))
        with self.transaction() as conn:
            return conn.execute(sql + " ORDER BY received, reference", params).fetchall()

    def audit(self, login: str, action: str, reference: str = "", version: int = 0) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO sd_audit (login, action, reference, version) "
                         "VALUES (%s, %s, %s, %s)", (login, action, reference, version))

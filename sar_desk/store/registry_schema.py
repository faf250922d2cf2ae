"""The registry schema: every table of ``registry.db`` and its versioned upgrades.

The version is ``PRAGMA user_version``. Version 1 is the registry of the first releases: the
case tables, with the users, workspace audit, flag and tombstone tables added on open. Each
step in ``STEPS`` takes a registry from version ``n`` to ``n + 1``; an older registry is
upgraded on open, in one transaction, after a backup copy
(``registry.v<N>.<timestamp>.db.bak`` in the workspace's backups folder). A new registry
is made by the same path (version 1, then every step), so a new and an upgraded registry
cannot drift apart. A registry from a newer SAR Desk is refused.

Steps are frozen once released: a later change adds a step, it never edits one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sar_desk.store.errors import StoreError

if TYPE_CHECKING:
    import sqlalchemy as sa

REGISTRY_VERSION = 10  # v2: users, audit, flag and tombstone tables; v3: a user's display
# name; v4: each case row records the deadline policy its dates follow; v5: which cases hold
# a letter awaiting approval; v6: a summary row per data protection complaint; v7: purges
# begun but not yet finished; v8: the cases a rebuild of the index found damaged; v9: the
# search index of what cases say; v10: who handles each complaint
KIND = "sar-desk-registry"

V1_DDL = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS case_keys (
        reference TEXT PRIMARY KEY, year INTEGER NOT NULL, seq INTEGER NOT NULL,
        wrapped BLOB NOT NULL, salt BLOB, created TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS case_keys_year ON case_keys (year, seq)",
    """CREATE TABLE IF NOT EXISTS cases (
        id INTEGER PRIMARY KEY, reference TEXT NOT NULL UNIQUE, requester_name TEXT NOT NULL,
        status TEXT NOT NULL, jurisdiction TEXT NOT NULL, received TEXT NOT NULL, due TEXT,
        extended_due TEXT, paused INTEGER NOT NULL DEFAULT 0, assignee TEXT NOT NULL DEFAULT '',
        updated TEXT, request_types TEXT NOT NULL DEFAULT 'access',
        events TEXT NOT NULL DEFAULT '', possible_repeat_of TEXT NOT NULL DEFAULT '',
        refusals TEXT NOT NULL DEFAULT '', exemptions TEXT NOT NULL DEFAULT '',
        name_key TEXT NOT NULL DEFAULT '', email_key TEXT NOT NULL DEFAULT '',
        audit_seq INTEGER NOT NULL DEFAULT 0, audit_head TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX IF NOT EXISTS cases_name_key ON cases (name_key)",
    "CREATE INDEX IF NOT EXISTS cases_email_key ON cases (email_key)",
    """CREATE VIRTUAL TABLE IF NOT EXISTS cases_fts USING fts5(
        reference, requester, email, tokenize = 'unicode61 remove_diacritics 2')""",
]


def _v1_to_v2(conn: sa.Connection) -> None:
    """v2 makes the users, workspace audit, flag and tombstone tables part of the schema
    (version 1 added them on open and counted them with a ``users_version`` meta row)."""
    for statement in (
        """CREATE TABLE IF NOT EXISTS users (
            login TEXT PRIMARY KEY, roles TEXT NOT NULL, added TEXT NOT NULL,
            added_by TEXT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS workspace_audit (
            seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,
            action TEXT NOT NULL, reference TEXT NOT NULL DEFAULT '', details TEXT NOT NULL,
            hash TEXT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS case_flags (
            reference TEXT PRIMARY KEY, ready INTEGER NOT NULL DEFAULT 0, ready_by TEXT,
            ready_at TEXT, hold INTEGER NOT NULL DEFAULT 0, hold_reason TEXT, hold_by TEXT,
            hold_at TEXT)""",
        """CREATE TABLE IF NOT EXISTS tombstones (
            reference TEXT PRIMARY KEY, received TEXT NOT NULL, closed TEXT NOT NULL,
            retain_until TEXT NOT NULL, purged_at TEXT NOT NULL, purged_by TEXT NOT NULL,
            reason TEXT NOT NULL, audit_seq INTEGER NOT NULL, audit_head TEXT NOT NULL,
            certificate_sha256 TEXT NOT NULL DEFAULT '')""",
        "DELETE FROM meta WHERE key = 'users_version'",
    ):
        conn.exec_driver_sql(statement)


def _v2_to_v3(conn: sa.Connection) -> None:
    """v3 gives a user a display name (the name cases are assigned by; empty: the login)."""
    conn.exec_driver_sql("ALTER TABLE users ADD COLUMN name TEXT NOT NULL DEFAULT ''")


def _v3_to_v4(conn: sa.Connection) -> None:
    """v4 records on each case row the deadline policy the case was created under (the
    case file's ``deadline_policy``, "" for the defaults), so lists and the dashboard work
    out the same dates as the case itself.

    The registry cannot read the case files, so an upgraded row starts with "" (the default
    policy): it takes the case's policy when the case is next written, or for every case at
    once when the case index is rebuilt.
    """
    conn.exec_driver_sql("ALTER TABLE cases ADD COLUMN deadline_policy TEXT NOT NULL DEFAULT ''")


def _v4_to_v5(conn: sa.Connection) -> None:
    """v5 lists the cases holding a letter someone asked to be approved, so the approvals
    queue opens those case files only. An upgraded registry cannot know them yet: it is
    marked for one full look through the open cases, the first time the queue is read."""
    conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS approval_waits (reference TEXT PRIMARY KEY)")
    conn.exec_driver_sql("INSERT OR REPLACE INTO meta (key, value) "
                         "VALUES ('approvals_unscanned', '1')")


def _v5_to_v6(conn: sa.Connection) -> None:
    """v6 keeps a summary row per data protection complaint (``CMP-YYYY-NNNN``), beside the
    case rows: the complaint's file holds everything else. Its key sits in ``case_keys``
    like a case's. An upgraded registry has no complaints yet."""
    conn.exec_driver_sql("""CREATE TABLE IF NOT EXISTS complaints (
        reference TEXT PRIMARY KEY, complainant TEXT NOT NULL, status TEXT NOT NULL,
        jurisdiction TEXT NOT NULL, channel TEXT NOT NULL, received TEXT NOT NULL,
        ack_due TEXT, acknowledged TEXT, target TEXT, closed TEXT,
        case_ref TEXT NOT NULL DEFAULT '', outcomes TEXT NOT NULL DEFAULT '',
        updated TEXT, audit_seq INTEGER NOT NULL DEFAULT 0,
        audit_head TEXT NOT NULL DEFAULT '')""")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS complaints_case ON complaints (case_ref)")


def _v6_to_v7(conn: sa.Connection) -> None:
    """v7 records each purge from the moment its key is destroyed until its case file is
    deleted and its certificate written (the certificate's bytes and where they go), so a
    purge cut off part-way is finished on the next open."""
    conn.exec_driver_sql("""CREATE TABLE IF NOT EXISTS purges_pending (
        reference TEXT PRIMARY KEY, certificate BLOB NOT NULL, certificate_path TEXT NOT NULL,
        started TEXT NOT NULL)""")


def _v7_to_v8(conn: sa.Connection) -> None:
    """v8 lists the cases whose file a rebuild of the case index could not read: their row
    is kept (so they stay in the list and the overdue figures), marked damaged, until the
    file is readable again."""
    conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS damaged_cases (reference TEXT PRIMARY KEY, "
                         "problem TEXT NOT NULL, found TEXT NOT NULL)")


def _v8_to_v9(conn: sa.Connection) -> None:
    """v9 indexes what cases say (request text, notes, search log, documents) for search,
    one row per piece of text (:mod:`sar_desk.store.case_text`). An upgraded registry has
    none yet: it is marked, and the first search fills it from the case files."""
    conn.exec_driver_sql("""CREATE TABLE IF NOT EXISTS case_text (
        id INTEGER PRIMARY KEY, reference TEXT NOT NULL, source TEXT NOT NULL,
        place TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (reference, source))""")
    conn.exec_driver_sql("CREATE VIRTUAL TABLE IF NOT EXISTS case_text_fts USING "
                         "fts5(folded, tokenize = 'trigram')")
    conn.exec_driver_sql("INSERT OR REPLACE INTO meta (key, value) "
                         "VALUES ('case_text_unindexed', '1')")


def _v9_to_v10(conn: sa.Connection) -> None:
    """v10 names who handles each complaint (a user's login) in its summary row, for the
    list and "My work". The complaints of an upgraded registry have no handler yet."""
    conn.exec_driver_sql("ALTER TABLE complaints ADD COLUMN handler TEXT NOT NULL DEFAULT ''")


STEPS: dict[int, Callable[[sa.Connection], None]] = {1: _v1_to_v2, 2: _v2_to_v3,
                                                      3: _v3_to_v4, 4: _v4_to_v5,
                                                      5: _v5_to_v6, 6: _v6_to_v7,
                                                      7: _v7_to_v8, 8: _v8_to_v9,
                                                      9: _v9_to_v10}


class RegistryFile(Protocol):
    """What upgrades need of :class:`sar_desk.store.registry.Registry`."""

    path: Path

    def version(self) -> int: ...
    def checkpoint(self) -> None: ...
    def writing(self) -> AbstractContextManager[sa.Connection]: ...
    def at(self, path: Path) -> RegistryFile: ...
    def forget(self, conn: sa.Connection, reference: str, *, flags: bool = True) -> None: ...
    def scrub(self) -> None: ...
    def close(self) -> None: ...


class RegistryTooNew(StoreError):
    """The registry was written by a newer SAR Desk than this one."""

    def __init__(self, path: Path, version: int) -> None:
        super().__init__(
            f"The registry {path} was written by a newer SAR Desk (registry version {version}; "
            f"this version reads up to {REGISTRY_VERSION}). Install that newer SAR Desk to "
            "open this workspace; nothing was changed.")
        self.path = path
        self.version = version


def refuse_newer(path: Path, version: int) -> None:
    """Raise :class:`RegistryTooNew` for a registry this SAR Desk cannot read."""
    if version > REGISTRY_VERSION:
        raise RegistryTooNew(path, version)


def create(conn: sa.Connection, workspace_id: str) -> None:
    """Make the tables of a new registry (version 1, then every step) and its meta rows."""
    for statement in V1_DDL:
        conn.exec_driver_sql(statement)
    for version in range(1, REGISTRY_VERSION):
        STEPS[version](conn)
    conn.exec_driver_sql("INSERT OR REPLACE INTO meta (key, value) VALUES ('workspace_id', :w), "
                         "('kind', :k)", {"w": workspace_id, "k": KIND})
    conn.exec_driver_sql("DELETE FROM meta WHERE key IN ('approvals_unscanned', "
                         "'case_text_unindexed')")  # no cases yet
    conn.exec_driver_sql(f"PRAGMA user_version = {REGISTRY_VERSION}")


def upgrade(registry: RegistryFile, backup_dir: Path,
            record: Callable[[sa.Connection, dict], object] | None = None) -> Path | None:
    """Bring an older registry up to ``REGISTRY_VERSION``; returns the backup copy taken
    first, or None when it was already current.

    ``record(conn, {"from", "to", "backup"})`` runs after each step, in its transaction (the
    workspace audit entry). Another process upgrading at the same moment is waited for; the
    steps it has run are not run twice.
    """
    version = registry.version()
    refuse_newer(registry.path, version)
    if version == REGISTRY_VERSION:
        return None
    from sar_desk.store.migrations import copy_aside  # loads SQLAlchemy: only to upgrade

    registry.checkpoint()
    try:
        backup = copy_aside(registry.path, version, backup_dir)
    except OSError as exc:
        raise StoreError(f"The registry {registry.path} needs upgrading, but no backup copy of "
                         f"it could be written to {backup_dir} ({exc.strerror or exc}), so it "
                         "was left as it was. Make sure that folder can be written and has "
                         "space, then open the workspace again.") from None
    with registry.writing() as conn:
        version = conn.exec_driver_sql("PRAGMA user_version").scalar_one()
        refuse_newer(registry.path, version)
        while version < REGISTRY_VERSION:
            STEPS[version](conn)
            if record is not None:
                record(conn, {"from": version, "to": version + 1, "backup": backup.name})
            version += 1
            conn.exec_driver_sql(f"PRAGMA user_version = {version}")
    return backup


def forget_in_copies(registry: RegistryFile, backup_dir: Path, references: Iterable[str]) -> None:
    """Forget ``references`` (their keys and summary rows) in the backup copies the upgrades
    took, so a purged case stays unreadable; a copy that no longer opens is deleted."""
    refs = list(references)
    for path in sorted(backup_dir.glob(f"{registry.path.stem}.v*{registry.path.suffix}.bak")):
        copy = registry.at(path)
        try:
            with copy.writing() as conn:
                for ref in refs:  # a copy from before the flags table may lack it
                    copy.forget(conn, ref, flags=False)
            copy.scrub()
        except StoreError:
            copy.close()
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
        finally:
            copy.close()

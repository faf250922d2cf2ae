"""Versioned upgrades of case files, run on open after a backup copy.

Each step takes a file from version ``n`` to ``n + 1`` inside one transaction and writes an
audit entry. The version is ``PRAGMA user_version``. Version 1 is the first released schema
(``tests/data/make_first_schema_case.py`` builds a fixture of it).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from sar_desk.core import clock
from sar_desk.store import audit
from sar_desk.store.bundle_store import v7_to_v8
from sar_desk.store.case_schema import SCHEMA_VERSION
from sar_desk.store.complaint_schema import v4_to_v5
from sar_desk.store.engine import run_outside_transaction
from sar_desk.store.redaction_schema import v8_to_v9
from sar_desk.store.rights_schema import v2_to_v3


def _v1_to_v2(session: Session) -> None:
    """v2 records the deadline policy per case and adds free key/value facts."""
    session.execute(sa.text(
        "ALTER TABLE request ADD COLUMN deadline_policy VARCHAR NOT NULL DEFAULT ''"))
    session.execute(sa.text(
        "CREATE TABLE extra (key VARCHAR NOT NULL, value TEXT NOT NULL, PRIMARY KEY (key))"))


V4_COLUMNS = {
    "event": ("voided_at", "voided_by", "void_reason"),
    "exemption": ("withdrawn_at", "withdrawn_by", "withdraw_reason"),
    "document": ("removed_at", "removed_by", "remove_reason"),
    "letter": ("superseded_at", "superseded_by", "supersede_reason"),
}


def _v3_to_v4(session: Session) -> None:
    """v4 lets the record be corrected: voided events, withdrawn exemptions, removed
    documents, superseded letters (each with who, when and why) and edited details."""
    for table, columns in V4_COLUMNS.items():
        for column in columns:
            kind = "TEXT" if column.endswith("reason") else "VARCHAR"
            session.execute(sa.text(
                f"ALTER TABLE {table} ADD COLUMN {column} {kind} NOT NULL DEFAULT ''"))
    session.execute(sa.text(
        "CREATE TABLE correction (id INTEGER NOT NULL, field VARCHAR NOT NULL, "
        "before TEXT NOT NULL, after TEXT NOT NULL, reason TEXT NOT NULL, "
        "corrected_at VARCHAR NOT NULL, corrected_by VARCHAR NOT NULL, PRIMARY KEY (id))"))


V6_COLUMNS = {
    "event": ("wording",),
    "exemption": ("wording",),
    "decision": ("wording",),
    "document": ("note", "wording"),
}


def _v5_to_v6(session: Session) -> None:
    """v6 keeps what a letter may tell the requester apart from the internal notes: a
    wording beside events, exemptions and decisions; a note and a wording on documents."""
    for table, columns in V6_COLUMNS.items():
        for column in columns:
            session.execute(sa.text(
                f"ALTER TABLE {table} ADD COLUMN {column} TEXT NOT NULL DEFAULT ''"))


def _v6_to_v7(session: Session) -> None:
    """v7 stores a document's bytes in 1 MiB chunks, each with its sha256, so a file is
    written and read piece by piece; documents attached before keep their single blob."""
    session.execute(sa.text(
        "CREATE TABLE document_chunk (document_id INTEGER NOT NULL, seq INTEGER NOT NULL, "
        "sha256 VARCHAR NOT NULL, data BLOB NOT NULL, PRIMARY KEY (document_id, seq), "
        "FOREIGN KEY(document_id) REFERENCES document (id))"))


V10_COLUMNS = (
    "parent_id INTEGER", "rendition_state VARCHAR NOT NULL DEFAULT ''",
    "rendition_note TEXT NOT NULL DEFAULT ''", "rendition_sha256 VARCHAR NOT NULL DEFAULT ''",
    "page_count INTEGER NOT NULL DEFAULT 0", "duplicate_of INTEGER",
    "email_key VARCHAR NOT NULL DEFAULT ''", "body_hash VARCHAR NOT NULL DEFAULT ''",
    "thread_key VARCHAR NOT NULL DEFAULT ''", "dated VARCHAR NOT NULL DEFAULT ''")


def _v9_to_v10(session: Session) -> None:
    """v10 turns documents into pages: each gets a PDF rendition stored in chunks beside its
    original, an e-mail's attachments become child items, and duplicates and threads are
    recorded. Documents attached before get their rendition when first needed."""
    for column in V10_COLUMNS:
        session.execute(sa.text(f"ALTER TABLE document ADD COLUMN {column}"))
    session.execute(sa.text(
        "CREATE TABLE rendition_chunk (document_id INTEGER NOT NULL, seq INTEGER NOT NULL, "
        "sha256 VARCHAR NOT NULL, data BLOB NOT NULL, PRIMARY KEY (document_id, seq), "
        "FOREIGN KEY(document_id) REFERENCES document (id))"))


STEPS: dict[int, Callable[[Session], None]] = {
    1: _v1_to_v2, 2: v2_to_v3, 3: _v3_to_v4, 4: v4_to_v5, 5: _v5_to_v6, 6: _v6_to_v7,
    7: v7_to_v8, 8: v8_to_v9, 9: _v9_to_v10}


def copy_aside(path: Path, version: int, backup_dir: Path) -> Path:
    """Copy a database file (still encrypted, WAL already folded in) into ``backup_dir`` as
    ``<stem>.v<version>.<UTC timestamp><suffix>.bak``; returns the copy's path."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = clock.now().strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"{path.stem}.v{version}.{stamp}{path.suffix}.bak"
    shutil.copy2(path, target)
    return target


def backup_copy(engine: sa.Engine, path: Path, version: int, backup_dir: Path) -> Path:
    """Checkpoint the WAL into the file, then copy it (still encrypted) beside the others."""
    run_outside_transaction(engine, "PRAGMA wal_checkpoint(TRUNCATE)")
    return copy_aside(path, version, backup_dir)


def upgrade(engine: sa.Engine, path: Path, version: int, backup_dir: Path, actor: str) -> Path:
    """Bring the file from ``version`` up to the current schema; returns the backup path."""
    backup = backup_copy(engine, path, version, backup_dir)
    with Session(engine) as session, session.begin():
        while version < SCHEMA_VERSION:
            STEPS[version](session)
            audit.append(session, actor, "schema_migrated",
                         {"from": version, "to": version + 1, "backup": backup.name})
            version += 1
            session.execute(sa.text(f"PRAGMA user_version = {version}"))
        session.execute(sa.text("UPDATE meta SET value = :v WHERE key = 'schema_version'"),
                        {"v": str(version)})
        audit.seal(session)  # the last step's entry commits to the upgraded content
    return backup

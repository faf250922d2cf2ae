"""One encrypted case file: create, open (with error typing and migration), read, check.

Opening maps SQLCipher's single "file is not a database" answer to a typed error using the
file header (plain SQLite? random salt?), its size (whole pages?) and the salt the registry
recorded when the file was made.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from sar_desk.store import (
    audit,
    bundle_store,  # noqa: F401 - its table joins Base.metadata
    complaint_schema,  # noqa: F401 - its tables join Base.metadata
    migrations,
    redaction_schema,  # noqa: F401 - its tables join Base.metadata
    rights_schema,  # noqa: F401 - its tables join Base.metadata
)
from sar_desk.store.case_schema import FILE_KIND, SCHEMA_VERSION, Base
from sar_desk.store.engine import (
    PAGE_SIZE,
    SQLITE_HEADER,
    file_header,
    is_disk_full_at,
    looks_random,
    make_engine,
    run_outside_transaction,
)
from sar_desk.store.errors import (
    CaseFileMissing,
    CorruptCaseFile,
    DiskFull,
    ForeignCaseFile,
    NewerSchemaError,
    NotACaseFile,
    TruncatedCaseFile,
    WrongKeyError,
)

SUFFIX = ".sarcase"
_DDL: list[str] | None = None


def schema_ddl() -> list[str]:
    """The CREATE statements of a new case file (:func:`create_ddl`, compiled once)."""
    global _DDL
    if _DDL is None:
        _DDL = create_ddl()
    return _DDL


def create_ddl() -> list[str]:
    """CREATE statements for the current schema, compiled once (faster than create_all).

    The schema is every table on the case files' metadata: the case tables, and the rights
    tables that ``rights_schema`` (imported above) adds when it loads.
    """
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    dialect = sqlite.dialect()
    statements = []
    for table in Base.metadata.sorted_tables:
        statements.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        for index in table.indexes:
            statements.append(str(CreateIndex(index).compile(dialect=dialect)).strip())
    return statements


def precheck(path: Path, reference: str, expected_salt: bytes | None) -> None:
    """Reject what can be told from the outside: missing, empty, plain SQLite, foreign file."""
    try:
        if not path.exists():
            raise CaseFileMissing(path, f"The case file for {reference} is missing: {path}. "
                                  "Restore it from a backup.", reference=reference)
        if not path.is_file():
            raise NotACaseFile(path, f"{path} is not a file (a folder or something else is in "
                               f"the place of the case file for {reference}). Move it aside "
                               "and restore the case file from a backup.")
        size = path.stat().st_size
        head = file_header(path) if size else b""
    except OSError as exc:
        raise CaseFileMissing(path, f"The case file for {reference} cannot be read: {path} "
                              f"({exc.strerror or exc}). Restore it from a backup.",
                              reference=reference) from None
    if size == 0:
        raise TruncatedCaseFile(path, f"The case file {path} is empty (truncated to 0 bytes). "
                                "Restore it from a backup.")
    if head.startswith(SQLITE_HEADER[:15]):
        raise NotACaseFile(path, f"{path} is a plain, unencrypted SQLite database, not a SAR "
                           "Desk case file. Move it out of the workspace's cases folder.")
    if expected_salt and head[:16] != expected_salt:
        if looks_random(head) and size % 512 == 0:
            raise ForeignCaseFile(path, f"{path} is an encrypted file, but not the case file "
                                  f"this workspace made for {reference}: it comes from another "
                                  "workspace or was replaced. Put the right file back (from a "
                                  "backup), or open it in the workspace it came from.")
        raise NotACaseFile(path, f"{path} is not a SAR Desk case file (its contents do not "
                           "look like an encrypted case). Move it out of the cases folder and "
                           "restore the case from a backup.")
    if not looks_random(head) and size < PAGE_SIZE:
        raise NotACaseFile(path, f"{path} is not a SAR Desk case file. Move it out of the "
                           "cases folder.")
    if size % PAGE_SIZE:
        raise TruncatedCaseFile(path, f"The case file {path} is truncated ({size} bytes is not "
                                "a whole number of pages). Restore it from a backup.")


def _damaged(path: Path, reference: str, salt_known: bool) -> Exception:
    size = path.stat().st_size
    if size % PAGE_SIZE:
        return TruncatedCaseFile(path, f"The case file {path} is truncated. Restore it from a "
                                 "backup.")
    if salt_known:
        return CorruptCaseFile(path, f"The case file {path} is damaged (corrupt or cut short): "
                               f"its key is right but its pages do not check out. Restore "
                               f"{reference} from a backup.")
    return WrongKeyError(f"The key for {reference} does not open {path}: either the key is "
                         "wrong or the file is damaged or from another workspace.",
                         code="casefile.key_wrong", reference=reference, path=path)


class CaseFile:
    """An open case file. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: Path, engine: sa.Engine, *, reference: str,
                 read_only: bool = False) -> None:
        self.path = path
        self.engine = engine
        self.reference = reference
        self.read_only = read_only
        self.backup: Path | None = None
        self.fill_result: Any = None

    # --- lifecycle ------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, key: bytes, *, workspace_id: str, reference: str,
               bulk: bool = False, fill: Callable[[Session], Any] | None = None) -> CaseFile:
        """Make a new case file (schema, meta rows); refuses to overwrite.

        ``fill`` writes the first rows in the same transaction as the schema, so a new case
        costs one commit; what it returns is kept in ``fill_result``.
        """
        path = Path(path)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        engine = make_engine(path, key, bulk=bulk)
        result = None
        try:
            with engine.begin() as conn:
                for statement in schema_ddl():
                    conn.exec_driver_sql(statement)
                conn.execute(sa.text("INSERT INTO meta (key, value) VALUES (:k, :v)"), [
                    {"k": "kind", "v": FILE_KIND},
                    {"k": "schema_version", "v": str(SCHEMA_VERSION)},
                    {"k": "workspace_id", "v": workspace_id},
                    {"k": "reference", "v": reference},
                ])
                conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
                if fill is not None:
                    with Session(bind=conn, expire_on_commit=False) as session:
                        result = fill(session)
                        audit.seal(session)
                        session.flush()
        except BaseException as exc:
            engine.dispose()
            if isinstance(exc, DatabaseError) and is_disk_full_at(exc, path.parent):
                raise DiskFull(path, f"cannot write the new case file {path}") from None
            raise
        case = cls(path, engine, reference=reference)
        case.fill_result = result
        return case

    @classmethod
    def open(cls, path: Path, key: bytes, *, workspace_id: str, reference: str,
             expected_salt: bytes | None = None, read_only: bool = False,
             backup_dir: Path | None = None, actor: str = "sar-desk") -> CaseFile:
        """Open and check a case file, upgrading an older schema (after a backup copy)."""
        path = Path(path)
        precheck(path, reference, expected_salt)
        engine = make_engine(path, key, immediate=not read_only)
        try:
            with engine.connect().execution_options(immediate=False) as conn:
                version = conn.exec_driver_sql("PRAGMA user_version").scalar_one()
                meta = dict(conn.exec_driver_sql("SELECT key, value FROM meta").all())
        except DatabaseError as exc:
            engine.dispose()
            text = str(exc.orig).lower()
            if "no such table" in text:
                raise NotACaseFile(path, f"{path} opens with the key but is not a SAR Desk "
                                   "case file.") from None
            raise _damaged(path, reference, bool(expected_salt)) from None
        if meta.get("kind") != FILE_KIND:
            engine.dispose()
            raise NotACaseFile(path, f"{path} is a database, but not a SAR Desk case file.")
        if meta.get("workspace_id") != workspace_id or meta.get("reference") != reference:
            engine.dispose()
            raise ForeignCaseFile(path, f"{path} holds case {meta.get('reference')} of another "
                                  f"workspace, not {reference} of this one. Put the right file "
                                  "back from a backup.")
        if version > SCHEMA_VERSION:
            engine.dispose()
            raise NewerSchemaError(path, f"{path} was written by a newer SAR Desk (schema "
                                   f"{version}, this version reads up to {SCHEMA_VERSION}). "
                                   "Upgrade SAR Desk to open it.")
        case = cls(path, engine, reference=reference, read_only=read_only)
        if version < SCHEMA_VERSION:
            if read_only:
                # Reading an old file is fine; it is upgraded the next time it is written.
                engine.dispose()
                raise NewerSchemaError(path, f"{path} uses schema {version} and is open "
                                       "elsewhere for writing; it will be upgraded when that "
                                       "program closes it. Try again then.")
            case.backup = migrations.upgrade(engine, path, version,
                                             backup_dir or path.parent, actor)
        return case

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> CaseFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- access ---------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose changes commit together, or not at all. The newest audit entry
        it appended is sealed with the content digest before the commit."""
        if self.read_only:
            from sar_desk.store.errors import StoreError

            raise StoreError(f"{self.reference} is open read-only; nothing was changed.")
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session
            audit.seal(session)

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads: a plain BEGIN, so it never waits for a writer (WAL)."""
        with Session(self.engine.execution_options(immediate=False)) as session:
            yield session

    def damaged(self, exc: BaseException) -> CorruptCaseFile:
        """The typed error for a page that fails to decrypt or parse after opening."""
        return CorruptCaseFile(self.path, f"The case file {self.path} is damaged ({exc}). "
                               f"Restore {self.reference} from a backup.")

    def salt(self) -> bytes:
        return file_header(self.path)[:16]

    def integrity_problems(self) -> list[str]:
        import sqlcipher3

        try:
            rows = [r[0] for r in run_outside_transaction(self.engine, "PRAGMA integrity_check")]
        except sqlcipher3.DatabaseError as exc:
            return [str(self.damaged(exc))]
        return [] if rows == ["ok"] else [f"integrity check: {row}" for row in rows]

    def snapshot(self, dest: Path) -> None:
        """A consistent copy of this case file at ``dest`` (encrypted, same key and salt)."""
        import sqlcipher3

        from sar_desk.store.engine import vacuum_into

        raw = self.engine.raw_connection()
        try:
            vacuum_into(raw.driver_connection, dest)
        except sqlcipher3.DatabaseError as exc:
            raise self.damaged(exc) from None
        finally:
            raw.close()

    def checkpoint(self) -> None:
        run_outside_transaction(self.engine, "PRAGMA wal_checkpoint(TRUNCATE)")

    def audit_rows(self) -> list:
        with self.reading() as session:
            return audit.read_all(session)

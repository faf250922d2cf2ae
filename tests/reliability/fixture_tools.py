"""What the fixture makers share: checking a version can be made, a fresh folder, taking an
encrypted SQLite file back through ``DOWNGRADES`` and leaving one tidy file per database."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any


def check_version(version: int, current: int, downgrades: Mapping[int, list[str]],
                  what: str) -> None:
    """Stop unless ``what`` v``version`` can be made by undoing steps down from ``current``."""
    if not 1 <= version <= current or any(
            v not in downgrades for v in range(version + 1, current + 1)):
        raise SystemExit(f"cannot make {what} v{version} (current v{current}; "
                         "DOWNGRADES must cover every later version)")


def fresh_folder(target: Path) -> Path:
    """``target``, emptied (made if missing)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    return target


def connect(path: Path, key: bytes) -> Any:
    """A raw SQLCipher connection to an encrypted file, in autocommit mode."""
    import sqlcipher3

    from sar_desk.store.keys import sqlcipher_raw_key

    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f'PRAGMA key = "{sqlcipher_raw_key(key)}"')
    return conn


def settle(path: Path, key: bytes) -> None:
    """Fold the WAL into the file and leave it in rollback-journal mode (one file to ship)."""
    conn = connect(path, key)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def downgrade(path: Path, key: bytes, downgrades: Mapping[int, list[str]], current: int,
              target: int, extra: Iterable[tuple[str, tuple]] = ()) -> None:
    """Undo the steps from ``current`` down to ``target`` in one transaction, set the
    file's user_version, run the ``extra`` (statement, parameters) pairs, then vacuum."""
    conn = connect(path, key)
    conn.execute("BEGIN")
    for version in range(current, target, -1):
        for statement in downgrades[version]:
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {target}")
    for statement, params in extra:
        conn.execute(statement, params)
    conn.execute("COMMIT")
    conn.execute("VACUUM")
    conn.close()


def record_version(manifest: Path, field: str, version: int) -> None:
    """Write ``version`` into the workspace manifest's ``field`` if that version has it."""
    data = json.loads(manifest.read_text(encoding="utf-8"))
    if field in data:  # what the code of that version would have recorded
        data[field] = version
        manifest.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")


def remove_leftovers(root: Path) -> None:
    """Delete write-ahead logs, shared-memory files and lock files under ``root``."""
    for leftover in list(root.rglob("*")):
        if leftover.name.endswith(("-wal", "-shm")) or (
                leftover.parent.name == "locks" and leftover.is_file()):
            leftover.unlink()

"""The registry's case keys and references: allocating ``SAR-``/``CMP-<year>-<seq>``
references (a purged one is never reissued), storing each file's wrapped key and salt, and
forgetting a case (crypto-shredding). A mixin of :class:`sar_desk.store.registry.Registry`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from sar_desk.core import clock

if TYPE_CHECKING:
    import sqlalchemy as sa


def purged_numbers(conn: Any, year: int, prefix: str = "SAR") -> dict[str, int]:
    """The purged references of ``year`` and their numbers: a tombstone reserves its
    reference for ever, so no new case is ever given the reference of a destroyed one."""
    sql = "SELECT reference FROM tombstones WHERE reference LIKE ?"
    if hasattr(conn, "exec_driver_sql"):
        rows = conn.exec_driver_sql(sql, (f"{prefix}-{year}-%",)).all()
    else:
        rows = conn.execute(sql, (f"{prefix}-{year}-%",)).fetchall()
    found = {}
    for (reference,) in rows:
        number = reference.rsplit("-", 1)[-1]
        if number.isdigit():
            found[reference] = int(number)
    return found


class CaseKeys:
    """Keys and references. The registry it is mixed into provides ``engine``,
    ``writing()``, ``reading()``, ``query()`` and ``delete_rows()``."""

    def reserve(self, year: int, wrap: Callable[[str], bytes], taken: Callable[[str], bool],
                on_reserved: Callable[[str], object] | None = None, *,
                prefix: str = "SAR") -> str:
        """Allocate the next reference for ``year`` and store its wrapped case key.

        ``prefix`` numbers its own series (``SAR`` cases, ``CMP`` complaints).
        ``on_reserved(reference)`` runs inside the same transaction, before the commit.
        """
        with self.writing() as conn:
            seq = conn.exec_driver_sql("SELECT coalesce(max(seq), 0) FROM case_keys "
                                       "WHERE year = :y AND reference LIKE :p",
                                       {"y": year, "p": f"{prefix}-%"}).scalar_one()
            purged = purged_numbers(conn, year, prefix)
            seq = max([seq, *purged.values()])
            while True:
                seq += 1
                reference = f"{prefix}-{year}-{seq:04d}"
                if reference not in purged and not taken(reference):
                    break
            if on_reserved is not None:
                on_reserved(reference)
            conn.exec_driver_sql("INSERT INTO case_keys VALUES (:r, :y, :s, :w, NULL, :c)",
                                 {"r": reference, "y": year, "s": seq, "w": wrap(reference),
                                  "c": clock.now().isoformat()})
        return reference

    def reserve_exact(self, reference: str, wrap: Callable[[str], bytes],
                      on_reserved: Callable[[str], object] | None = None) -> bool:
        """Store the wrapped case key of a given ``reference`` (``SAR-YYYY-NNNN``, as an
        imported register names it); False, nothing stored, when it already has one."""
        _prefix, year, seq = reference.split("-")
        with self.engine.connect().execution_options(immediate=True) as conn, conn.begin():
            if conn.exec_driver_sql("SELECT 1 FROM case_keys WHERE reference = :r",
                                    {"r": reference}).first():
                return False
            if on_reserved is not None:
                on_reserved(reference)
            conn.exec_driver_sql("INSERT INTO case_keys VALUES (:r, :y, :s, :w, NULL, :c)",
                                 {"r": reference, "y": int(year), "s": int(seq),
                                  "w": wrap(reference), "c": clock.now().isoformat()})
        return True

    def add_keys(self, rows: Iterable[tuple[str, int, int, bytes, bytes]]) -> None:
        """Bulk insert (reference, year, seq, wrapped, salt) rows (demo builds)."""
        now = clock.now().isoformat()
        with self.writing() as conn:
            conn.exec_driver_sql("INSERT INTO case_keys VALUES (:r, :y, :s, :w, :salt, :c)",
                                 [{"r": r, "y": y, "s": s, "w": w, "salt": salt, "c": now}
                                  for r, y, s, w, salt in rows])

    def next_seq(self, year: int) -> int:
        """The first number of ``year`` after every reference in use or ever purged."""
        rows = self.query("SELECT coalesce(max(seq), 0) FROM case_keys WHERE year = ?", (year,))
        with self.reading() as conn:
            purged = purged_numbers(conn, year)
        return max([rows[0][0], *purged.values()]) + 1

    def key_entry(self, reference: str) -> tuple[bytes, bytes | None] | None:
        rows = self.query("SELECT wrapped, salt FROM case_keys WHERE reference = ?", (reference,))
        if not rows:
            return None
        wrapped, salt = rows[0]
        return bytes(wrapped), bytes(salt) if salt is not None else None

    def set_salt(self, reference: str, salt: bytes) -> None:
        with self.writing() as conn:
            self.set_salts(conn, [(reference, salt)])

    def set_salts(self, conn: sa.Connection, pairs: Iterable[tuple[str, bytes]]) -> None:
        """Record the salt each (reference, salt) case file was created with."""
        rows = [{"s": salt, "r": reference} for reference, salt in pairs]
        if rows:
            conn.exec_driver_sql("UPDATE case_keys SET salt = :s WHERE reference = :r", rows)

    def destroy_key(self, reference: str) -> bool:
        """Crypto-shred: forget the wrapped key (and the summary row). True if one existed."""
        with self.writing() as conn:
            gone = conn.exec_driver_sql("DELETE FROM case_keys WHERE reference = :r",
                                        {"r": reference}).rowcount
            self.delete_rows(conn, [reference])
        return bool(gone)

    def forget(self, conn: sa.Connection, reference: str, *, flags: bool = True) -> None:
        """Everything the registry holds about one case: its wrapped key (so the case file,
        and any copy of it on its own, can no longer be read), summary row, search entry and
        (``flags``) flags."""
        conn.exec_driver_sql("DELETE FROM case_keys WHERE reference = :r", {"r": reference})
        self.delete_rows(conn, [reference])
        if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'complaints'").first():
            conn.exec_driver_sql("DELETE FROM complaints WHERE reference = :r", {"r": reference})
        if flags:
            conn.exec_driver_sql("DELETE FROM case_flags WHERE reference = :r", {"r": reference})
            conn.exec_driver_sql("DELETE FROM damaged_cases WHERE reference = :r",
                                 {"r": reference})
            conn.exec_driver_sql("DELETE FROM approval_waits WHERE reference = :r",
                                 {"r": reference})

    def unfinished_references(self) -> list[str]:
        """Case references whose creation did not finish: no salt recorded, or no row.
        (Complaints keep their rows elsewhere and are not settled this way.)"""
        return [r[0] for r in self.query(
            "SELECT k.reference FROM case_keys k LEFT JOIN cases c ON c.reference = k.reference "
            "WHERE k.reference LIKE 'SAR-%' AND (k.salt IS NULL OR c.reference IS NULL) "
            "ORDER BY k.year, k.seq")]

    def references_with_keys(self, prefix: str = "") -> list[str]:
        """Every reference holding a key (``prefix``: only ``SAR`` cases or ``CMP``
        complaints)."""
        return [r[0] for r in self.query("SELECT reference FROM case_keys WHERE reference "
                                         "LIKE ? ORDER BY year, seq", (f"{prefix}%",))]

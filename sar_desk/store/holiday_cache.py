"""A disk cache of the holiday tables the ``holidays`` package produced.

Importing ``holidays`` and building its year tables costs a new process about 0.1 s. The
tables are public data (no personal data), so they are kept in one JSON file in the user's
cache folder, named after a fingerprint of the installed package (found without importing
it). A damaged or foreign file is ignored and rewritten; a folder that cannot be written
only means the library is asked every time. The dates are always the library's own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import json
import os
import sys
import zlib
from pathlib import Path

from sar_desk.core.calendars import HolidaySource, LibraryHolidays, use_holiday_source

FORMAT = 1


def package_fingerprint() -> str | None:
    """A short hash naming the installed ``holidays`` files, or None if they cannot be seen.

    In a frozen app the package ships inside the executable, so the executable names it.
    """
    if getattr(sys, "frozen", False):
        files = [Path(sys.executable)]
    else:
        try:
            spec = importlib.util.find_spec("holidays")
        except (ImportError, ValueError):
            return None
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            return None
        files = [Path(spec.origin), Path(spec.origin).with_name("version.py")]
    init = files[0]
    parts = []
    try:
        for file in files:
            if file is init or file.exists():
                st = file.stat()
                parts.append(f"{file}:{st.st_mtime_ns}:{st.st_size}")
    except OSError:
        return None
    return f"{zlib.crc32('|'.join(parts).encode()):08x}"  # zlib: hashlib costs ~4 ms to import


def _key(country: str, subdiv: str | None, year: int) -> str:
    return f"{country}/{subdiv or ''}/{year}"


def _parse(data: object) -> tuple[str | None, dict[str, dict[dt.date, str]]] | None:
    """The version and tables of a cache file's content, or None if it is not valid."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    version, tables = data.get("version"), data.get("tables")
    if not isinstance(version, str) or not isinstance(tables, dict):
        return None
    parsed: dict[str, dict[dt.date, str]] = {}
    try:
        for key, rows in tables.items():
            year = int(key.rsplit("/", 1)[1])
            table = {}
            for day_text, name in rows:
                day = dt.date.fromisoformat(day_text)
                if day.year != year or not isinstance(name, str):
                    return None
                table[day] = name
            parsed[key] = table
    except (TypeError, ValueError, IndexError, AttributeError):
        return None
    return version, parsed


class CachedHolidays:
    """Holiday tables from ``folder``'s cache file, computed by ``library`` on a miss."""

    def __init__(self, folder: Path, library: HolidaySource | None = None) -> None:
        self.folder = Path(folder)
        self.library: HolidaySource = library or LibraryHolidays()
        fingerprint = package_fingerprint()
        self.file = None if fingerprint is None else self.folder / f"holidays-{fingerprint}.json"
        self._loaded = False
        self._version: str | None = None
        self._tables: dict[str, dict[dt.date, str]] = {}

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        if self.file is None:
            return
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        parsed = _parse(data)
        if parsed is not None:
            self._version, self._tables = parsed

    def version(self) -> str:
        self._load()
        if self._version is None:
            self._version = self.library.version()
            self._save()
        return self._version

    def table(self, country: str, subdiv: str | None, year: int) -> dict[dt.date, str]:
        self._load()
        key = _key(country, subdiv, year)
        found = self._tables.get(key)
        if found is None:
            found = self._tables[key] = {
                day: str(name)
                for day, name in self.library.table(country, subdiv, year).items()
                if day.year == year
            }
            if self._version is None:
                self._version = self.library.version()
            self._save()
        return dict(found)

    def _save(self) -> None:
        """Write the whole file atomically; any OSError is ignored (the cache is optional)."""
        if self.file is None:
            return
        content = {
            "format": FORMAT,
            "version": self._version,
            "tables": {
                key: [[day.isoformat(), name] for day, name in sorted(table.items())]
                for key, table in sorted(self._tables.items())
            },
        }
        import tempfile  # only on a miss: not worth its import time on warm runs

        tmp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".holidays-", suffix=".tmp", dir=self.folder)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(content, out, ensure_ascii=False)
            os.replace(tmp, self.file)
            tmp = None
            for stale in self.folder.glob("holidays-*.json"):
                if stale != self.file:
                    with contextlib.suppress(OSError):
                        stale.unlink()
        except OSError:
            pass
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def install(folder: Path | None = None) -> None:
    """Take holiday tables from the cache in ``folder`` (default: the user's cache folder)."""
    if folder is None:
        import platformdirs

        folder = Path(platformdirs.user_cache_dir("sar-desk", appauthor=False))
    use_holiday_source(CachedHolidays(folder))

"""The disk cache of holiday tables: same dates as the library, warm runs skip the import."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sar_desk.core import calendars
from sar_desk.core.calendars import LibraryHolidays, get_calendar, holidays_version
from sar_desk.core.deadlines import compute_deadline
from sar_desk.store import holiday_cache
from sar_desk.store.holiday_cache import CachedHolidays
from tests.core.deadline_vectors import day, vector_events, vector_params

REPO = Path(__file__).resolve().parents[2]
YEARS = (2024, 2025, 2026, 2027, 2030)
REGIONS = [("GB", "ENG"), ("GB", "SCT"), ("GB", "NIR"), ("DE", None), ("FR", None), ("IE", None)]


class CountingLibrary(LibraryHolidays):
    """The real library, counting how often it is asked."""

    def __init__(self) -> None:
        self.calls = 0

    def table(self, country, subdiv, year):
        self.calls += 1
        return super().table(country, subdiv, year)


def cache_file(folder: Path) -> Path:
    (found,) = folder.glob("holidays-*.json")
    return found


@pytest.fixture(scope="module")
def library_tables():
    library = LibraryHolidays()
    return {
        (country, subdiv, year): library.table(country, subdiv, year)
        for country, subdiv in REGIONS
        for year in YEARS
    }


def test_cached_tables_equal_the_library_cold_and_warm(tmp_path, library_tables):
    cold = CachedHolidays(tmp_path)
    for (country, subdiv, year), expected in library_tables.items():
        assert cold.table(country, subdiv, year) == expected
    assert cold.version() == LibraryHolidays().version()
    counting = CountingLibrary()
    warm = CachedHolidays(tmp_path, counting)
    for (country, subdiv, year), expected in library_tables.items():
        assert warm.table(country, subdiv, year) == expected
    assert warm.version() == LibraryHolidays().version()
    assert counting.calls == 0  # every answer came from the file
    assert all(expected for expected in library_tables.values())  # no empty years compared


def test_calendars_through_the_cache_give_the_library_dates(tmp_path):
    plain = {code: get_calendar(code).holidays_in(2026) for code in ("uk-ew", "uk-sct", "uk-ni")}
    holiday_cache.install(tmp_path)
    try:
        for code, expected in plain.items():
            assert get_calendar(code).holidays_in(2026) == expected
        # the override still applies on top of the cached table
        assert dt.date(2026, 6, 15) in get_calendar("uk-sct").holidays_in(2026)
        assert holidays_version() == LibraryHolidays().version()
    finally:
        calendars.use_holiday_source(None)
    assert isinstance(calendars.holiday_source(), LibraryHolidays)


@pytest.fixture(scope="module")
def warm_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("holiday-cache")


@pytest.mark.parametrize("vector", vector_params())
def test_every_deadline_vector_with_the_cache(vector, warm_folder):
    holiday_cache.install(warm_folder)
    result = compute_deadline(
        day(vector["received"]),
        vector["jurisdiction"],
        vector_events(vector),
        as_of=dt.date(2030, 1, 1),
    )
    assert result.due == day(vector["expected_due"]), vector["source"]
    if "expected_extended_due" in vector:
        assert result.extended_due == day(vector["expected_extended_due"]), vector["source"]


def test_warm_cache_never_imports_holidays(tmp_path):
    script = textwrap.dedent(
        """
        import datetime as dt, sys
        from pathlib import Path
        from sar_desk.store import holiday_cache
        from sar_desk.core.deadlines import compute_deadline
        holiday_cache.install(Path(sys.argv[1]))
        result = compute_deadline(dt.date(2026, 3, 20), "uk-sct", [], as_of=dt.date(2026, 4, 1))
        print(result.due.isoformat(), result.holidays_version, "holidays" in sys.modules)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def run() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path)],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            timeout=60,
            check=True,
        )
        return done.stdout.split()

    cold = run()
    warm = run()
    assert cold[2] == "True"  # the first run had to ask the library
    assert warm[2] == "False"
    assert warm[:2] == cold[:2]
    assert warm[1] == LibraryHolidays().version()


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        None,  # truncated: filled in below
        json.dumps({"format": 99, "version": "1", "tables": {}}),
        json.dumps({"format": 1, "version": "1", "tables": {"GB/ENG/2026": [["2027-01-01", "X"]]}}),
        json.dumps({"format": 1, "version": "1", "tables": {"GB/ENG/2026": [["2026-13-01", "X"]]}}),
        json.dumps({"format": 1, "version": "1", "tables": {"GB/ENG/2026": [["2026-01-01", 5]]}}),
        json.dumps(["a", "list"]),
        "",
    ],
    ids=["not-json", "truncated", "format", "wrong-year", "bad-date", "bad-name", "list", "empty"],
)
def test_a_damaged_file_is_ignored_and_rewritten(tmp_path, library_tables, content):
    CachedHolidays(tmp_path).table("GB", "ENG", 2026)
    file = cache_file(tmp_path)
    good = file.read_text(encoding="utf-8")
    file.write_text(good[: len(good) // 2] if content is None else content, encoding="utf-8")
    counting = CountingLibrary()
    fresh = CachedHolidays(tmp_path, counting)
    assert fresh.table("GB", "ENG", 2026) == library_tables[("GB", "ENG", 2026)]
    assert fresh.version() == LibraryHolidays().version()
    assert counting.calls == 1
    assert json.loads(file.read_text(encoding="utf-8")) == json.loads(good)


def test_a_new_fingerprint_uses_a_new_file_and_removes_the_stale_one(tmp_path, monkeypatch):
    CachedHolidays(tmp_path).table("GB", "NIR", 2026)
    old = cache_file(tmp_path)
    monkeypatch.setattr(holiday_cache, "package_fingerprint", lambda: "01234567")
    counting = CountingLibrary()
    upgraded = CachedHolidays(tmp_path, counting)
    assert upgraded.table("GB", "NIR", 2026) == LibraryHolidays().table("GB", "NIR", 2026)
    assert counting.calls == 1  # the old file was not used
    assert cache_file(tmp_path).name == "holidays-01234567.json"
    assert not old.exists()


def test_fingerprint_follows_the_installed_package():
    first = holiday_cache.package_fingerprint()
    assert first and len(first) == 8
    assert holiday_cache.package_fingerprint() == first


def test_a_frozen_app_is_fingerprinted_by_its_executable(tmp_path, monkeypatch):
    exe = tmp_path / "sar-desk"
    exe.write_bytes(b"build 1")
    monkeypatch.setattr(holiday_cache.sys, "frozen", True, raising=False)
    monkeypatch.setattr(holiday_cache.sys, "executable", str(exe))
    first = holiday_cache.package_fingerprint()
    assert first is not None and first == holiday_cache.package_fingerprint()
    exe.write_bytes(b"build 2, a newer holidays inside")  # an upgraded app
    assert holiday_cache.package_fingerprint() != first
    exe.unlink()
    assert holiday_cache.package_fingerprint() is None


def test_no_fingerprint_means_straight_to_the_library(tmp_path, monkeypatch):
    monkeypatch.setattr(holiday_cache, "package_fingerprint", lambda: None)
    counting = CountingLibrary()
    source = CachedHolidays(tmp_path, counting)
    assert source.table("FR", None, 2026) == LibraryHolidays().table("FR", None, 2026)
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_folder_still_gives_correct_tables(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    folder = blocker / "cache"  # cannot be created, even by root
    source = CachedHolidays(folder)
    assert source.table("GB", "SCT", 2026) == LibraryHolidays().table("GB", "SCT", 2026)
    assert source.version() == LibraryHolidays().version()
    assert source.table("GB", "SCT", 2026) == LibraryHolidays().table("GB", "SCT", 2026)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_a_vanished_folder_still_works(tmp_path):
    folder = tmp_path / "gone"
    source = CachedHolidays(folder)
    source.table("GB", "ENG", 2026)
    cache_file(folder).unlink()
    folder.rmdir()
    assert source.table("DE", None, 2026) == LibraryHolidays().table("DE", None, 2026)
    assert source.table("GB", "ENG", 2026) == LibraryHolidays().table("GB", "ENG", 2026)


def test_back_to_the_library_clears_cached_calendars(tmp_path):
    before = get_calendar("uk-ew")
    holiday_cache.install(tmp_path)
    assert isinstance(calendars.holiday_source(), CachedHolidays)
    during = get_calendar("uk-ew")
    assert during is not before
    calendars.use_holiday_source(None)
    assert isinstance(calendars.holiday_source(), LibraryHolidays)
    assert get_calendar("uk-ew") is not during
    assert get_calendar("uk-ew").holidays_in(2026) == before.holidays_in(2026)

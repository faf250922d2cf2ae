"""Test set-up: offscreen Qt, an in-memory keyring, a pinned language and no real user data."""

from __future__ import annotations

import datetime as dt
import os

# Must happen before any QApplication exists (Qt aborts without a display otherwise).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LANG"] = "en_GB.UTF-8"
os.environ["LC_ALL"] = "C.UTF-8"
# Subprocesses never see a real keyring: the "fail" backend forces the passphrase path.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

import keyring  # noqa: E402
import pytest  # noqa: E402

from sar_desk.core.calendars import LibraryHolidays, holiday_source, use_holiday_source  # noqa: E402
from tests.memory_keyring import MemoryKeyring  # noqa: E402


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch, tmp_path_factory):
    """Every test gets a fresh in-memory keyring and its own empty data folders."""
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))  # the log file
    monkeypatch.delenv("SAR_DESK_WORKSPACE", raising=False)
    monkeypatch.delenv("SAR_DESK_TODAY", raising=False)
    yield backend
    keyring.set_keyring(previous)
    if not isinstance(holiday_source(), LibraryHolidays):  # e.g. installed by cli.main()
        use_holiday_source(None)


@pytest.fixture
def today():
    """'Today' for the services under test: 30 June 2026."""
    return dt.date(2026, 6, 30)


@pytest.fixture
def clock(today):
    """The clock the test's workspace is given (services ask it what day it is)."""
    from sar_desk.core.clock import FixedClock

    return FixedClock(today)


@pytest.fixture
def ws(tmp_path, clock):
    """A fresh workspace in the test's folder (in-memory keyring), closed afterwards."""
    from sar_desk.services.workspace import init_workspace

    workspace, _recovery = init_workspace(tmp_path / "ws", clock=clock)
    yield workspace
    workspace.close()


@pytest.fixture(autouse=True)
def confirmed_profile(request, monkeypatch):
    """Letters in tests go out as from a workspace whose profile an administrator has
    confirmed; tests marked ``profile_gate`` keep the check (the built-in profile flags
    fields as not confirmed, so a real workspace refuses its letters until then)."""
    if "profile_gate" in request.keywords:
        return
    monkeypatch.setattr("sar_desk.services.letters.first_letter_refusal",
                        lambda _ws, _profile: None)


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL cluster for the whole session (tests/pg_server.py), stopped
    at the end. Skipped, saying why, when none can start here; in CI (``CI=true``) that
    is a failure instead."""
    from tests import pg_server as pg

    try:
        server = pg.start()
    except pg.NoServer as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"No PostgreSQL server could start: {exc}", pytrace=False)
        pytest.skip(f"No PostgreSQL server could start: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server, request):
    """The URL of a new, empty database on the session's PostgreSQL cluster."""
    import re

    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:40]
    return pg_server.create_database(name)

"""The server run of tests/services: every module's tests again, with the ``ws`` fixture a
team workspace on the session's PostgreSQL cluster, and each multi-user team of
tests/services/team.py made on a database of its own."""

from __future__ import annotations

import itertools
import os

import pytest

from tests.server.team_helpers import PASSPHRASE

_numbers = itertools.count(1)


@pytest.fixture(scope="module", autouse=True)
def teams_on_the_server(pg_server, tmp_path_factory):
    """While this module runs, tests/services/team.py makes its teams on the server (and
    module-wide workspaces keep their private copies in a folder of the module's own)."""
    from tests.services import team

    home = tmp_path_factory.mktemp("module-home")
    with pytest.MonkeyPatch.context() as env:
        for name in ("DATA", "CACHE", "STATE", "CONFIG"):
            env.setenv(f"XDG_{name}_HOME", str(home / name.lower()))
        team.NEW_SERVER_DATABASE = lambda: pg_server.create_database(
            f"team_{next(_numbers)}")
        login = os.environ.get("LOGNAME")
        yield
        team.NEW_SERVER_DATABASE = None
        if login is None:  # the login as it was: these modules run before tests/services
            os.environ.pop("LOGNAME", None)
        else:
            os.environ["LOGNAME"] = login


@pytest.fixture
def ws(pg_url, clock):
    """A fresh team workspace on PostgreSQL, closed afterwards."""
    from sar_desk.services.team import init_team

    workspace, _recovery = init_team(pg_url, passphrase=PASSPHRASE, clock=clock)
    yield workspace
    workspace.close()

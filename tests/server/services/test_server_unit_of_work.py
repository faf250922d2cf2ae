"""tests/services/test_unit_of_work.py on a team workspace (PostgreSQL)."""

import pytest

from tests.services.test_unit_of_work import *  # noqa: F403

pytestmark = pytest.mark.slow  # the whole server run: about 1.5 minutes on 2 cores


del test_a_read_only_workspace_refuses_before_the_change_runs  # noqa: F821 - by its folder


def test_a_read_only_team_workspace_refuses_before_the_change_runs(ws, pg_url):
    """The same on a team workspace, opened again read-only from its server."""
    from sar_desk.services.team import open_team
    from sar_desk.services.unit_of_work import change_case
    from sar_desk.store.errors import ReadOnlyWorkspace
    from tests.server.team_helpers import PASSPHRASE

    ref = new_case(ws)  # noqa: F405
    ws.close()
    ran = []
    with open_team(pg_url, passphrase=PASSPHRASE, read_only=True) as reader:
        with pytest.raises(ReadOnlyWorkspace,  # noqa: F405
                           match="read-only; nothing was changed"):
            change_case(reader, ref, "ada", lambda *args: ran.append(args))
    assert ran == []

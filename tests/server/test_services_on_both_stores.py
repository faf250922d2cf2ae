"""The case services' tests (case create/list/show/change, letters, closing...), run
against both stores: a folder workspace and a team workspace on PostgreSQL (the same test
functions, the ``ws`` fixture parametrised)."""

from __future__ import annotations

import pytest

from tests.server.team_helpers import PASSPHRASE

# The tests to run on both stores: case create/list/show/search/change, letters and
# documents, deadlines, closing, corrections, assignment, complaints, other rights, intake,
# register import and user settings.
from tests.services.test_assignment import *  # noqa: F403
from tests.services.test_cases import *  # noqa: F403
from tests.services.test_closed_case_changes import *  # noqa: F403
from tests.services.test_closing import *  # noqa: F403
from tests.services.test_complaints import *  # noqa: F403
from tests.services.test_corrections import *  # noqa: F403
from tests.services.test_deadline_cases import *  # noqa: F403
from tests.services.test_input_rules_enforced import *  # noqa: F403
from tests.services.test_intake import *  # noqa: F403
from tests.services.test_register_import import *  # noqa: F403
from tests.services.test_rights import *  # noqa: F403
from tests.services.test_user_settings import *  # noqa: F403

del test_the_cli_gives_the_same_sentence  # noqa: F821 - names a folder on the command line

pytestmark = pytest.mark.slow


@pytest.fixture(params=["folder", "server"])
def ws(request, tmp_path, clock):
    """A fresh workspace of each kind, closed afterwards."""
    if request.param == "folder":
        from sar_desk.services.workspace import init_workspace

        workspace, _recovery = init_workspace(tmp_path / "ws", clock=clock)
    else:
        from sar_desk.services.team import init_team

        url = request.getfixturevalue("pg_url")
        workspace, _recovery = init_team(url, passphrase=PASSPHRASE, clock=clock)
    yield workspace
    workspace.close()

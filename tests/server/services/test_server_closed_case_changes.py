"""tests/services/test_closed_case_changes.py on a team workspace (PostgreSQL)."""

import pytest

from tests.services.test_closed_case_changes import *  # noqa: F403

pytestmark = pytest.mark.slow  # the whole server run: about 1.5 minutes on 2 cores

del test_the_cli_gives_the_same_sentence  # noqa: F821 - names a folder on the command line

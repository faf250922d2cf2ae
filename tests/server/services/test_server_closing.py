"""tests/services/test_closing.py on a team workspace (PostgreSQL)."""

import pytest

from tests.services.test_closing import *  # noqa: F403

pytestmark = pytest.mark.slow  # the server run: about 3 minutes on 2 cores

"""tests/services/test_window_services.py on a team workspace (PostgreSQL)."""

import pytest

from tests.services.test_window_services import *  # noqa: F403

pytestmark = pytest.mark.slow  # the server run: about 3 minutes on 2 cores

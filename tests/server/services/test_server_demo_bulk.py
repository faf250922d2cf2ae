"""tests/services/test_demo_bulk.py on a team workspace (PostgreSQL)."""

import pytest

from tests.services.test_demo_bulk import *  # noqa: F403

pytestmark = pytest.mark.slow  # the server run: about 3 minutes on 2 cores

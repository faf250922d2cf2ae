"""tests/services/test_case_search.py on a team workspace (PostgreSQL)."""

import pytest

from tests.services.test_case_search import *  # noqa: F403

pytestmark = pytest.mark.slow  # the server run: about 3 minutes on 2 cores

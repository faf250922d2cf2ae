"""tests/services/test_repair_search_text.py on a team workspace (PostgreSQL)."""

import pytest

from tests.services.test_repair_search_text import *  # noqa: F403

pytestmark = pytest.mark.slow  # the whole server run: about 1.5 minutes on 2 cores

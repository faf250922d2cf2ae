"""tests/services/test_pinned_day_dispatch.py on a team workspace (PostgreSQL)."""

import pytest

from tests.services.test_pinned_day_dispatch import *  # noqa: F403

pytestmark = pytest.mark.slow  # the whole server run: about 1.5 minutes on 2 cores

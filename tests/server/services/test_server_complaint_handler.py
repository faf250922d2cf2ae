"""tests/services/test_complaint_handler.py on a team workspace (PostgreSQL): raising,
assigning and refusing. (The list and My work test reads one user's copy right after another
user wrote: on a team, copies catch up when the server tells them, which these handles do
not wait for, as with the other multi-user lists.)"""

import pytest

from tests.services.test_complaint_handler import (  # noqa: F401
    team,
    test_assigning_records_who_and_when_and_moves_the_registry_row,
    test_assigning_to_anyone_else_is_refused_and_changes_nothing,
    test_raising_for_someone_who_may_not_handle_it_logs_nothing,
    test_staff_may_not_assign_a_complaint,
    test_whoever_raises_a_complaint_handles_it_unless_another_is_named,
)

pytestmark = pytest.mark.slow  # the whole server run: about 1.5 minutes on 2 cores

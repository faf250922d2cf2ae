"""The dashboard reads only the registry rows that can change its figures: leaving out the
rows :func:`settled_before` its first month gives the same dashboard, on random caseloads
(rows the deadline rules refuse, endings before the day received, facts dated after the
case ended, ended statuses without an ending event)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from sar_desk.core import case_state, metrics
from sar_desk.core.entities import CaseStatus, CaseSummary
from sar_desk.store.registry_rows import (
    encode_events,
    encode_pairs,
    row_to_summary,
    settled_before,
)
from tests.core.test_dashboard_window import AS_OF, SETTINGS, caseloads


def raw(s: CaseSummary) -> tuple:
    """The registry row of ``s`` as the registry stores it (``LIST_COLUMNS`` order)."""
    return (s.reference, s.requester_name, s.status.value, s.jurisdiction,
            s.received.isoformat(), None, None, 0, s.assignee,
            s.updated.isoformat() if s.updated else None,
            ",".join(t.value for t in s.request_types), encode_events(s.events),
            s.possible_repeat_of, ";".join(d.isoformat() for d in s.refusals),
            encode_pairs(s.exemptions), s.deadline_policy)


@SETTINGS
@given(caseloads(), st.integers(0, 400), st.integers(1, 12))
def test_leaving_out_settled_rows_changes_nothing_on_the_dashboard(summaries, back, months):
    as_of = AS_OF - dt.timedelta(days=back)
    since = dt.date(*metrics.last_months(as_of, months)[0], 1).isoformat()
    rows = [raw(s) for s in summaries]
    assert [row_to_summary(r) for r in rows] == summaries
    kept = [s for s, r in zip(summaries, rows, strict=True) if not settled_before(r, since)]
    case_state.clear_cache()
    assert metrics.dashboard(kept, as_of, months=months) == \
        metrics.dashboard(summaries, as_of, months=months)


def test_a_case_settled_long_ago_is_left_out_and_one_with_a_late_fact_is_kept():
    old = raw(CaseSummary("SAR-2024-0001", "Ann", CaseStatus.CLOSED, "uk-ew", dt.date(2024, 1, 5),
                          None, None, False, "", None))
    old = old[:11] + ("responded@2024-02-01",) + old[12:]
    assert settled_before(old, "2025-12-01")
    late_refusal = old[:13] + ("2025-12-01",) + old[14:]
    assert not settled_before(late_refusal, "2025-12-01")
    still_open = old[:2] + ("open",) + old[3:11] + ("id_requested@2024-01-06",) + old[12:]
    assert not settled_before(still_open, "2025-12-01")

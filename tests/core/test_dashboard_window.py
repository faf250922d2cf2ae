"""The dashboard leaves out cases received and ended before its months without changing a
figure: on random caseloads (including rows the deadline rules refuse, endings dated before
the day received and ended rows with no ending event) it equals the dashboard worked out
from every case's state, and each case it keeps has the state the full evaluation gives."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sar_desk.core import case_state, metrics
from sar_desk.core.entities import CaseStatus, CaseSummary, EventKind, RequestType

D = dt.date
AS_OF = D(2026, 11, 24)
START = D(2024, 6, 1)
ENDINGS = (EventKind.RESPONDED, EventKind.CLOSED, EventKind.WITHDRAWN)
CLOCK = (EventKind.ID_REQUESTED, EventKind.ID_RECEIVED, EventKind.FEE_REQUESTED,
         EventKind.FEE_RECEIVED, EventKind.CLARIFICATION_REQUESTED,
         EventKind.CLARIFICATION_RECEIVED, EventKind.EXTENDED)
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

days = st.integers(0, (AS_OF - START).days + 40)  # some dates after as_of: entered ahead


@st.composite
def rows(draw, n: int) -> CaseSummary:
    received = START + dt.timedelta(days=draw(days))
    events = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(CLOCK + ENDINGS))
        # Mostly after the day received; sometimes before it (a timeline the rules refuse).
        offset = draw(st.integers(-5, 400))
        events.append((kind, received + dt.timedelta(days=offset)))
    ended = [k for k, _d in events if k in ENDINGS]
    status = draw(st.sampled_from(CaseStatus)) if not ended or draw(st.booleans()) else (
        CaseStatus.WITHDRAWN if ended[0] is EventKind.WITHDRAWN else CaseStatus.RESPONDED)
    updated = draw(st.none() | st.datetimes(min_value=dt.datetime(2024, 1, 1),
                                            max_value=dt.datetime(2027, 1, 31)))
    policy = draw(st.sampled_from(("", '{"eu_clarification_pause": true}')))
    return CaseSummary(
        reference=f"SAR-2026-{n:04d}", requester_name=f"Person {n}", status=status,
        jurisdiction=draw(st.sampled_from(("uk-ew", "uk-sct", "eu-de"))), received=received,
        due=None, extended_due=None, paused=False, assignee=draw(st.sampled_from(("", "Ann"))),
        updated=updated, request_types=(draw(st.sampled_from(RequestType)),),
        events=tuple(events), deadline_policy=policy,
        refusals=tuple(START + dt.timedelta(days=draw(days))
                       for _ in range(draw(st.integers(0, 1)))),
    )


@st.composite
def caseloads(draw) -> list[CaseSummary]:
    return [draw(rows(n)) for n in range(draw(st.integers(1, 40)))]


def full_dashboard(summaries: list[CaseSummary], as_of: D, months: int) -> metrics.DashboardData:
    """The dashboard from every case's state (what ``metrics.dashboard`` computed before)."""
    window = metrics.last_months(as_of, months)
    first = D(*window[0], 1)
    states = metrics.evaluate_all(summaries, as_of, judge_from=first)
    open_ = [s for s in states if s.ended_on is None]
    return metrics.DashboardData(
        as_of=as_of, figures=metrics.figures(open_), overdue=metrics.overdue_rows(open_),
        due_soon=metrics.due_soon_rows(open_), paused=metrics.paused_rows(open_),
        by_assignee=metrics.by_assignee(open_),
        months=metrics.monthly(summaries, states, window, as_of),
        by_type=metrics.by_request_type(states, first, as_of))


@SETTINGS
@given(caseloads(), st.integers(0, 60), st.integers(1, 12))
def test_leaving_out_early_cases_changes_no_figure(summaries, back, months):
    as_of = AS_OF - dt.timedelta(days=back)
    case_state.clear_cache()
    assert metrics.dashboard(summaries, as_of, months=months) == \
        full_dashboard(summaries, as_of, months)


@SETTINGS
@given(caseloads(), st.integers(0, 400))
def test_the_cases_kept_are_evaluated_as_in_full(summaries, back):
    as_of = AS_OF - dt.timedelta(days=back)
    first = D(2025, 12, 1)
    full = case_state.evaluate_all(summaries, as_of, judge_from=first)
    kept = case_state.evaluate_window(summaries, as_of, first)
    assert kept == [s for s in full if not (s.ended_on is not None and s.ended_on < first
                                            and s.received < first)]

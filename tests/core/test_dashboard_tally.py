"""The dashboard kept up to date case by case gives exactly what a full recompute gives."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sar_desk.core import metrics
from sar_desk.core.dashboard_tally import DashboardTally
from sar_desk.core.entities import CaseStatus, CaseSummary, EventKind, RequestType
from tests.core.test_metrics import AS_OF, CASES, case

E = EventKind
FIRST = dt.date(2025, 3, 1)


@st.composite
def summaries(draw, reference: str) -> CaseSummary:
    received = FIRST + dt.timedelta(days=draw(st.integers(0, 450)))
    events = draw(st.lists(st.tuples(
        st.sampled_from(list(EventKind)),
        st.integers(-5, 120).map(lambda d: received + dt.timedelta(days=d))), max_size=4))
    ended = any(k in (E.RESPONDED, E.WITHDRAWN, E.CLOSED) for k, _ in events)
    status = draw(st.sampled_from([CaseStatus.CLOSED, CaseStatus.WITHDRAWN, CaseStatus.OPEN])
                  if not ended else st.sampled_from([CaseStatus.RESPONDED, CaseStatus.CLOSED]))
    return CaseSummary(
        reference=reference, requester_name=f"Person {reference}", status=status,
        jurisdiction=draw(st.sampled_from(["uk-ew", "uk-sct", "uk-ni"])), received=received,
        due=None, extended_due=None, paused=False,
        assignee=draw(st.sampled_from(["", "Ann", "bob", "Łukasz"])),
        updated=dt.datetime.combine(received + dt.timedelta(days=draw(st.integers(0, 90))),
                                    dt.time(9)),
        request_types=tuple(draw(st.sets(st.sampled_from(list(RequestType)), min_size=1,
                                         max_size=2))),
        events=tuple(events),
        refusals=tuple(draw(st.lists(st.just(received + dt.timedelta(days=10)), max_size=1))),
        exemptions=tuple(draw(st.lists(st.just(("sch2-p16", received + dt.timedelta(days=20))),
                                       max_size=1))),
    )


def caseload(count: int):
    return st.tuples(*(summaries(f"SAR-2026-{n:04d}") for n in range(count))).map(list)


def test_the_worked_example_matches_the_full_dashboard():
    for months in (1, 4, 12):
        assert DashboardTally(CASES, AS_OF, months=months).data() == \
            metrics.dashboard(CASES, AS_OF, months=months)


def test_a_case_answered_moves_from_overdue_to_closed_on_the_day():
    tally = DashboardTally(CASES, AS_OF, months=4)
    answered = [c if c.reference != "A" else case(
        "A", "2026-03-02", (E.RESPONDED, "2026-04-14"), assignee="Ann") for c in CASES]
    tally.replace(["A"], [answered[0]])
    data = tally.data()
    assert data == metrics.dashboard(answered, AS_OF, months=4)
    assert data.figures.open == 7 and data.figures.overdue == 2
    assert "A" not in {r.reference for r in data.overdue}
    assert data.months[-1].closed == 2  # I on 1 Apr, and now A on 14 Apr


@settings(max_examples=40, deadline=None)
@given(before=caseload(12), after=caseload(12), changed=st.sets(st.integers(0, 11)),
       as_of=st.integers(0, 500).map(lambda d: FIRST + dt.timedelta(days=d)),
       months=st.sampled_from([1, 3, 12]))
def test_changing_some_cases_gives_what_a_full_recompute_gives(before, after, changed, as_of,
                                                                months):
    tally = DashboardTally(before, as_of, months=months)
    assert tally.data() == metrics.dashboard(before, as_of, months=months)
    now = [after[i] if i in changed else c for i, c in enumerate(before)]
    tally.replace([before[i].reference for i in changed], [after[i] for i in changed])
    assert tally.data() == metrics.dashboard(now, as_of, months=months)


@settings(max_examples=25, deadline=None)
@given(rows=caseload(10), gone=st.sets(st.integers(0, 9)), new=caseload(2),
       as_of=st.integers(100, 500).map(lambda d: FIRST + dt.timedelta(days=d)))
def test_cases_removed_and_added_are_counted_as_a_full_recompute_counts_them(rows, gone, new,
                                                                               as_of):
    new = [dataclasses.replace(c, reference=f"NEW-{n}") for n, c in enumerate(new)]
    tally = DashboardTally(rows, as_of)
    tally.replace([rows[i].reference for i in gone], new)
    now = [c for i, c in enumerate(rows) if i not in gone] + new
    assert len(tally) == len(now)
    assert tally.data() == metrics.dashboard(now, as_of)


def test_at_least_one_month():
    with pytest.raises(ValueError, match="at least one month"):
        DashboardTally(CASES, AS_OF, months=0)

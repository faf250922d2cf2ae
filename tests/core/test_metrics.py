"""Dashboard figures from hand-built registry rows, checked against dates worked out by hand.

Calendar: England and Wales, 2026 (Good Friday 3 Apr, Easter Monday 6 Apr, May Day 4 May).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sar_desk.core import metrics
from sar_desk.core.entities import CaseStatus, CaseSummary, EventKind, RequestType

D = dt.date.fromisoformat
E = EventKind
AS_OF = D("2026-04-15")  # a Wednesday


def case(ref, received, *events, assignee="", status=None, types=(RequestType.ACCESS,),
         refusals=(), exemptions=(), name=None):
    evs = tuple((kind, D(day)) for kind, day in events)
    ended = {k for k, _ in evs} & {E.RESPONDED, E.WITHDRAWN, E.CLOSED}
    if status is None:
        status = CaseStatus.OPEN if not ended else CaseStatus.CLOSED
    return CaseSummary(
        reference=ref, requester_name=name or f"Person {ref}", status=status,
        jurisdiction="uk-ew", received=D(received), due=None, extended_due=None, paused=False,
        assignee=assignee, updated=None, request_types=types, events=evs,
        refusals=tuple(D(d) for d in refusals),
        exemptions=tuple((code, D(d)) for code, d in exemptions),
    )


CASES = [
    # due Thu 2 Apr -> 13 days overdue on 15 Apr
    case("A", "2026-03-02", assignee="Ann", name="Łódź Wiśniewska"),
    # due Fri 10 Apr -> 5 days overdue
    case("B", "2026-03-10", assignee="Ann"),
    # due Mon 20 Apr -> 5 days left: due soon
    case("C", "2026-03-20", assignee="Bob", types=(RequestType.ERASURE,)),
    # waiting for ID since 6 Mar: clock stopped
    case("D", "2026-03-05", (E.ID_REQUESTED, "2026-03-06"), assignee="Bob"),
    # valid extension: 10 May (Sun) -> Mon 11 May; open, extended, not due soon
    case("E", "2026-02-10", (E.EXTENDED, "2026-02-20"), assignee="Bob"),
    # due Thu 5 Feb, answered 4 Feb: on time (closed Feb)
    case("F", "2026-01-05", (E.RESPONDED, "2026-02-04"), assignee="Ann",
         refusals=("2026-02-04",), exemptions=(("sch2-p16", "2026-02-03"),)),
    # due Fri 6 Feb, answered 20 Feb: late (closed Feb)
    case("G", "2026-01-06", (E.RESPONDED, "2026-02-20"), assignee="Ann"),
    # due Sat 7 Feb -> Mon 9 Feb; extension notice on 10 Feb is too late; answered 20 Mar: late
    case("H", "2026-01-07", (E.EXTENDED, "2026-02-10"), (E.RESPONDED, "2026-03-20"),
         assignee="Cy", types=(RequestType.ACCESS, RequestType.ERASURE)),
    # extended in time to Tue 5 May (2 May Sat, 4 May bank holiday); answered 1 Apr: on time
    case("I", "2026-02-02", (E.EXTENDED, "2026-02-16"), (E.RESPONDED, "2026-04-01"),
         assignee="Cy", exemptions=(("sch2-p16", "2026-03-30"), ("sch3-p3", "2026-03-31"))),
    # withdrawn in Feb: not in the on-time rate
    case("J", "2026-02-03", (E.WITHDRAWN, "2026-02-10"), assignee="Cy"),
    # received after as_of: not there yet
    case("K", "2026-04-20", assignee="Ann"),
    # due Thu 16 Apr, answered 20 Apr (after as_of): open and due soon on 15 Apr
    case("L", "2026-03-16", (E.RESPONDED, "2026-04-20")),
    # clarification 10-14 Mar pauses 5 days: 2 Apr + 5 = Tue 7 Apr -> 8 days overdue
    case("N", "2026-03-02", (E.CLARIFICATION_REQUESTED, "2026-03-10"),
         (E.CLARIFICATION_RECEIVED, "2026-03-14"), assignee="Bob"),
    # fee asked 4 Mar, paid 25 Mar: due 25 Apr (Sat) -> Mon 27 Apr, 12 days left
    case("O", "2026-03-02", (E.FEE_REQUESTED, "2026-03-04"), (E.FEE_RECEIVED, "2026-03-25"),
         assignee="Ann"),
]


@pytest.fixture(scope="module")
def board():
    return metrics.dashboard(CASES, AS_OF, months=4)


def test_headline_figures(board):
    assert board.figures == metrics.Figures(open=8, overdue=3, due_soon=2, paused=1, extended=1)


def test_overdue_list_grouped_by_assignee_most_late_first(board):
    assert [(r.assignee, r.reference, r.days_overdue, r.due) for r in board.overdue] == [
        ("Ann", "A", 13, D("2026-04-02")),
        ("Ann", "B", 5, D("2026-04-10")),
        ("Bob", "N", 8, D("2026-04-07")),
    ]
    assert board.overdue[0].requester_name == "Łódź Wiśniewska"


def test_due_soon_and_paused(board):
    assert [(r.reference, r.days_left, r.due) for r in board.due_soon] == [
        ("L", 1, D("2026-04-16")),
        ("C", 5, D("2026-04-20")),
    ]
    assert [(r.reference, r.state, r.since) for r in board.paused] == [
        ("D", "awaiting_id", D("2026-03-06"))
    ]


def test_workload_by_assignee_unassigned_last(board):
    assert [(r.assignee, r.open, r.overdue, r.due_soon, r.paused, r.extended)
            for r in board.by_assignee] == [
        ("Ann", 3, 2, 0, 0, 0),
        ("Bob", 4, 1, 1, 1, 1),
        ("", 1, 0, 1, 0, 0),
    ]


def test_monthly_activity_and_on_time_rate(board):
    rows = {m.month: m for m in board.months}
    assert list(rows) == ["2026-01", "2026-02", "2026-03", "2026-04"]
    jan, feb, mar, apr = rows.values()
    assert (jan.received, feb.received, mar.received, apr.received) == (3, 3, 7, 0)
    # Feb: F on time, G late; J withdrawn and left out of the rate.
    assert (feb.closed, feb.closed_on_time, feb.withdrawn) == (2, 1, 1)
    assert feb.on_time_rate == pytest.approx(0.5)
    # Mar: H late (its extension came after the first deadline).
    assert (mar.closed, mar.closed_on_time, mar.on_time_rate) == (1, 0, 0.0)
    # Apr: I on time; L's answer on 20 Apr is after as_of.
    assert (apr.closed, apr.closed_on_time, apr.on_time_rate) == (1, 1, 1.0)
    assert jan.closed == 0 and jan.on_time_rate is None
    assert (feb.extensions, feb.fees_charged, mar.fees_charged) == (3, 0, 1)
    assert (feb.refusals, feb.exemptions_used, mar.exemptions_used) == (1, 1, 2)


def test_a_past_day_shows_what_the_desk_saw_then():
    board = metrics.dashboard(CASES, D("2026-02-10"), months=1)
    # G (due 6 Feb) was then open and 4 days late; H was due the day before (9 Feb).
    assert [(r.reference, r.days_overdue) for r in board.overdue] == [("G", 4), ("H", 1)]
    assert board.months[0].withdrawn == 1  # J withdrawn that day


def test_closed_case_judged_against_deadline_in_force_when_it_closed():
    state = metrics.evaluate(CASES[7], AS_OF)  # H
    assert state.ended_on == D("2026-03-20") and state.due == D("2026-02-09")
    assert state.on_time is False and state.extended is False
    state = metrics.evaluate(CASES[8], AS_OF)  # I
    assert state.due == D("2026-05-05") and state.on_time is True and state.extended


def test_case_ended_while_clock_stopped_is_on_time():
    c = case("P", "2026-01-05", (E.ID_REQUESTED, "2026-01-06"), (E.CLOSED, "2026-03-30"))
    state = metrics.evaluate(c, AS_OF)
    assert state.is_closed and state.on_time is True


def test_status_closed_without_ending_event_uses_last_update():
    c = case("Q", "2026-01-05", status=CaseStatus.CLOSED)
    c = CaseSummary(**{**c.__dict__, "updated": dt.datetime(2026, 2, 20, 9, 0)})
    state = metrics.evaluate(c, AS_OF)
    assert state.ended_on == D("2026-02-20") and state.on_time is False
    assert metrics.evaluate(c, D("2026-02-10")).is_overdue


def test_by_request_type_counts_each_right_exercised(board):
    states = metrics.evaluate_all(CASES, AS_OF)
    rows = {r.request_type: r for r in
            metrics.by_request_type(states, D("2026-01-01"), D("2026-04-30"))}
    erasure = rows["erasure"]
    assert (erasure.received, erasure.open, erasure.closed, erasure.closed_on_time) == (2, 1, 1, 0)
    access = rows["access"]
    assert (access.received, access.open, access.overdue) == (12, 7, 3)
    assert (access.closed, access.closed_on_time) == (4, 2)
    assert rows["portability"].received == 0 and rows["portability"].on_time_rate is None


def test_exemptions_by_code():
    assert metrics.exemptions_by_code(CASES, D("2026-01-01"), D("2026-12-31")) == (
        ("sch2-p16", 2), ("sch3-p3", 1))
    assert metrics.exemptions_by_code(CASES, D("2026-03-01"), D("2026-03-30")) == (
        ("sch2-p16", 1),)


def test_month_helpers():
    assert metrics.last_months(D("2026-02-15"), 3) == [(2025, 12), (2026, 1), (2026, 2)]
    assert metrics.month_range((2025, 11), (2026, 2)) == [(2025, 11), (2025, 12), (2026, 1),
                                                          (2026, 2)]
    assert metrics.month_range((2026, 3), (2026, 2)) == []


def test_empty_registry():
    board = metrics.dashboard([], AS_OF)
    assert board.figures == metrics.Figures(0, 0, 0, 0, 0)
    assert len(board.months) == 12 and all(m.on_time_rate is None for m in board.months)
    assert board.to_json()["months"][-1]["month"] == "2026-04"


def test_cases_ended_before_the_window_are_skipped_without_changing_a_figure():
    board = metrics.dashboard(CASES, AS_OF, months=2)  # Mar-Apr: F, G, J ended in Feb
    everything = metrics.evaluate_all(CASES, AS_OF)
    assert board.months == metrics.monthly(CASES, everything, [(2026, 3), (2026, 4)], AS_OF)
    skipped = {s.reference: s for s in metrics.evaluate_all(CASES, AS_OF,
                                                            judge_from=D("2026-03-01"))}
    assert skipped["G"].on_time is None and skipped["H"].on_time is False


@st.composite
def registries(draw):
    start = D("2025-01-01")
    rows = []
    for n in range(draw(st.integers(0, 25))):
        received = start + dt.timedelta(days=draw(st.integers(0, 450)))
        events = []
        if draw(st.booleans()):
            events.append((E.EXTENDED, received + dt.timedelta(days=draw(st.integers(0, 40)))))
        if draw(st.booleans()):
            asked = received + dt.timedelta(days=draw(st.integers(0, 10)))
            events.append((E.CLARIFICATION_REQUESTED, asked))
            if draw(st.booleans()):
                events.append((E.CLARIFICATION_RECEIVED,
                               asked + dt.timedelta(days=draw(st.integers(0, 20)))))
        if draw(st.booleans()):
            last = max([received, *(d for _, d in events)])
            kind = draw(st.sampled_from([E.RESPONDED, E.WITHDRAWN, E.CLOSED]))
            events.append((kind, last + dt.timedelta(days=draw(st.integers(0, 90)))))
        rows.append(CaseSummary(
            reference=f"R{n}", requester_name="x", status=CaseStatus.OPEN,
            jurisdiction=draw(st.sampled_from(["uk-ew", "uk-sct", "eu"])), received=received,
            due=None, extended_due=None, paused=False,
            assignee=draw(st.sampled_from(["", "Ann", "Bob"])), updated=None,
            events=tuple(events)))
    return rows


@settings(max_examples=25, deadline=None)
@given(rows=registries(), offset=st.integers(0, 500))
def test_figures_agree_with_the_lists_and_the_workload(rows, offset):
    as_of = D("2025-01-01") + dt.timedelta(days=offset)
    board = metrics.dashboard(rows, as_of, months=24)
    f = board.figures
    assert f.overdue == len(board.overdue) and f.due_soon == len(board.due_soon)
    assert f.paused == len(board.paused)
    assert f.open == sum(r.open for r in board.by_assignee)
    assert f.overdue == sum(r.overdue for r in board.by_assignee)
    assert f.open >= f.overdue + f.due_soon + f.paused
    received = sum(1 for r in rows if r.received <= as_of)
    assert sum(m.received for m in board.months) == received  # 24 months cover them all
    for m in board.months:
        assert 0 <= m.closed_on_time <= m.closed
    assert all(r.days_overdue > 0 for r in board.overdue)

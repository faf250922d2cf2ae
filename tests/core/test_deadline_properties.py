"""Properties of the deadline engine over thousands of random dates and timelines (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sar_desk.core.calendars import JURISDICTIONS, get_calendar
from sar_desk.core.deadlines import DeadlineInputError, add_months, compute_deadline
from sar_desk.core.entities import EventKind
from sar_desk.core.policy import ExtensionBase, MonthRule, PauseCount, Policy

D = dt.date
AS_OF = D(2100, 1, 1)
MANY = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

received_dates = st.dates(min_value=D(1995, 1, 1), max_value=D(2075, 12, 31))
jurisdictions = st.sampled_from(JURISDICTIONS)
policies = st.builds(
    Policy,
    pause_count=st.sampled_from(PauseCount),
    extension_base=st.sampled_from(ExtensionBase),
    roll_extended=st.booleans(),
    month_rule=st.sampled_from(MonthRule),
    show_internal_target=st.booleans(),
)


@st.composite
def pause_offsets(draw) -> list[tuple[int, int]]:
    """Up to three closed pauses as (start, end) day offsets from the received date.

    Each starts well inside the running month, so every one of them stops the clock.
    """
    pauses = []
    start = draw(st.integers(0, 20))
    for _ in range(draw(st.integers(0, 3))):
        end = start + draw(st.integers(0, 40))
        pauses.append((start, end))
        start = end + draw(st.integers(1, 3))
    return pauses


@st.composite
def timelines(draw) -> list[tuple[str, int]]:
    """A valid clock timeline as (kind, day offset from received) pairs."""
    events: list[tuple[str, int]] = []
    for ask, answer in (("id_requested", "id_received"), ("fee_requested", "fee_received")):
        if draw(st.booleans()):
            asked = draw(st.integers(0, 10))
            events += [(ask, asked), (answer, asked + draw(st.integers(0, 30)))]
    for start, end in draw(pause_offsets()):
        events += [("clarification_requested", start), ("clarification_received", end)]
    if draw(st.booleans()):
        events.append(("extended", draw(st.integers(0, 90))))
    return events


def shifted(received: D, offsets: list[tuple[str, int]]) -> list[tuple[str, D]]:
    return [(kind, received + dt.timedelta(days=n)) for kind, n in offsets]


@MANY
@given(received_dates, jurisdictions, timelines(), policies)
def test_due_is_a_working_day_of_its_calendar(received, jurisdiction, offsets, policy):
    result = compute_deadline(
        received, jurisdiction, shifted(received, offsets), as_of=AS_OF, policy=policy
    )
    calendar = get_calendar(jurisdiction)
    assert calendar.is_working_day(result.due)
    assert result.due == calendar.roll_forward(result.unrolled_due)
    if result.extended_due and policy.roll_extended:
        assert calendar.is_working_day(result.extended_due)


@MANY
@given(received_dates, jurisdictions, timelines(), st.sampled_from(PauseCount))
def test_due_never_before_relevant_date_plus_28_days(received, jurisdiction, offsets, pause):
    result = compute_deadline(
        received,
        jurisdiction,
        shifted(received, offsets),
        as_of=AS_OF,
        policy=Policy(pause_count=pause),
    )
    assert result.relevant_date >= received
    assert result.due >= result.relevant_date + dt.timedelta(days=28)


@MANY
@given(received_dates, jurisdictions, timelines(), policies)
def test_extended_never_before_due(received, jurisdiction, offsets, policy):
    result = compute_deadline(
        received, jurisdiction, shifted(received, offsets), as_of=AS_OF, policy=policy
    )
    if result.extended_due is not None:
        assert result.extension_valid
        assert result.extended_due >= result.due
        assert result.effective_due == result.extended_due
    else:
        assert result.effective_due == result.due


@MANY
@given(received_dates, st.integers(0, 400), jurisdictions, timelines())
def test_later_received_never_gives_an_earlier_due(received, later_by, jurisdiction, offsets):
    """The same timeline, moved later with the received date, never gives earlier dates."""
    later = received + dt.timedelta(days=later_by)
    first = compute_deadline(received, jurisdiction, shifted(received, offsets), as_of=AS_OF)
    second = compute_deadline(later, jurisdiction, shifted(later, offsets), as_of=AS_OF)
    assert second.due >= first.due
    assert second.extension_notice_by >= first.extension_notice_by


def test_later_received_never_gives_an_earlier_due_day_by_day():
    """Every received day from 2000 to 2040 in each UK calendar and the EU one."""
    for jurisdiction in ("uk-ew", "uk-sct", "uk-ni", "eu"):
        day, previous = D(2000, 1, 1), D(1, 1, 1)
        while day < D(2040, 1, 1):
            due = compute_deadline(day, jurisdiction, (), as_of=day).due
            assert due >= previous, (jurisdiction, day)
            previous, day = due, day + dt.timedelta(days=1)


@MANY
@given(received_dates, jurisdictions, pause_offsets(), st.sampled_from(PauseCount))
def test_each_pause_adds_exactly_its_days_before_rolling(received, jurisdiction, pauses, count):
    policy = Policy(pause_count=count, eu_clarification_pause=True)
    events = []
    expected = 0
    for start, end in pauses:
        events += [("clarification_requested", start), ("clarification_received", end)]
        length = end - start + 1  # both end days included
        expected += length if count is PauseCount.INCLUSIVE else max(0, length - 2)
    plain = compute_deadline(received, jurisdiction, (), as_of=AS_OF, policy=policy)
    paused = compute_deadline(
        received, jurisdiction, shifted(received, events), as_of=AS_OF, policy=policy
    )
    assert paused.paused_days == expected
    assert paused.unrolled_due == add_months(received, 1)[0] + dt.timedelta(days=expected)
    assert paused.unrolled_due == plain.unrolled_due + dt.timedelta(days=expected)
    assert paused.due == get_calendar(jurisdiction).roll_forward(paused.unrolled_due)


event_kinds = st.sampled_from([kind.value for kind in EventKind])


@settings(max_examples=1000, deadline=None)
@given(
    received_dates,
    jurisdictions,
    st.lists(st.tuples(event_kinds, st.integers(-3, 120)), max_size=8),
    st.integers(-5, 200),
)
def test_any_timeline_gives_a_result_or_a_clear_refusal(received, jurisdiction, offsets, as_of):
    """Random event soup: never a crash, only a result or a DeadlineInputError naming an event."""
    try:
        result = compute_deadline(
            received,
            jurisdiction,
            shifted(received, offsets),
            as_of=received + dt.timedelta(days=as_of),
        )
    except DeadlineInputError as exc:
        message = str(exc)
        assert any(kind.replace("_", " ")[:5].lower() in message.lower() for kind, _ in offsets)
        return
    assert get_calendar(jurisdiction).is_working_day(result.due)
    assert result.explanation and result.state_text
    assert result.to_json()["due"] == result.due.isoformat()


@st.composite
def touching_pauses(draw) -> list[tuple[int, int]]:
    """Up to four closed pauses; the next may be asked the day the last was answered."""
    pauses = []
    start = draw(st.integers(0, 20))
    for _ in range(draw(st.integers(1, 4))):
        end = start + draw(st.integers(0, 30))
        pauses.append((start, end))
        start = end + draw(st.integers(0, 2))
    return pauses


@MANY
@given(received_dates, jurisdictions, touching_pauses())
def test_paused_days_are_the_distinct_days_inside_the_pauses(received, jurisdiction, pauses):
    """A day shared by an answer and the next question is excluded once, not twice."""
    events = []
    days: set[int] = set()
    for start, end in pauses:
        events += [("clarification_requested", start), ("clarification_received", end)]
        days.update(range(start, end + 1))
    result = compute_deadline(
        received, jurisdiction, shifted(received, events), as_of=AS_OF,
        policy=Policy(eu_clarification_pause=True),
    )
    assert result.paused_days == len(days)
    assert result.unrolled_due == add_months(received, 1)[0] + dt.timedelta(days=len(days))


eu_countries = st.sampled_from([code for code in JURISDICTIONS if code.startswith("eu")])
eu_policies = st.builds(
    Policy,
    pause_count=st.sampled_from(PauseCount),
    extension_base=st.sampled_from(ExtensionBase),
    roll_extended=st.booleans(),
    month_rule=st.sampled_from(MonthRule),
)


@MANY
@given(received_dates, eu_countries, timelines(), touching_pauses(), eu_policies)
def test_eu_clarifications_never_move_the_dates_unless_the_policy_allows(
    received, jurisdiction, offsets, pauses, policy
):
    base = [(kind, n) for kind, n in offsets if not kind.startswith("clarification")]
    asked = list(base)
    for start, end in pauses:
        asked += [("clarification_requested", start), ("clarification_received", end)]
    without = compute_deadline(received, jurisdiction, shifted(received, base), as_of=AS_OF,
                               policy=policy)
    with_pauses = compute_deadline(received, jurisdiction, shifted(received, asked),
                                   as_of=AS_OF, policy=policy)
    assert with_pauses.due == without.due
    assert with_pauses.extended_due == without.extended_due
    assert with_pauses.paused_days == 0
    allowed = Policy(**{**policy.to_dict(), "eu_clarification_pause": True})
    paused = compute_deadline(received, jurisdiction, shifted(received, asked), as_of=AS_OF,
                              policy=allowed)
    assert paused.unrolled_due >= without.unrolled_due

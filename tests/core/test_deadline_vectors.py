"""Every shared worked example gives its published due date through the Python API."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.deadlines import compute_deadline
from sar_desk.core.entities import EventKind, TimelineEvent
from sar_desk.core.policy import DEFAULT_POLICY
from tests.core.deadline_vectors import VECTORS, day, vector_events, vector_params

AS_OF = dt.date(2030, 1, 1)


def test_vectors_are_all_there_with_their_sources():
    assert len(VECTORS) >= 24
    assert len({v["id"] for v in VECTORS}) == len(VECTORS)
    for vector in VECTORS:
        assert vector["source"].strip(), vector["id"]


@pytest.mark.parametrize("vector", vector_params())
def test_vector_through_api(vector):
    result = compute_deadline(
        day(vector["received"]),
        vector["jurisdiction"],
        vector_events(vector),
        as_of=AS_OF,
        policy=DEFAULT_POLICY,
    )
    assert result.due == day(vector["expected_due"]), vector["source"]
    if "expected_extended_due" in vector:
        assert result.extended_due == day(vector["expected_extended_due"]), vector["source"]
        assert result.extension_valid is (vector["expected_extended_due"] is not None)
    assert result.effective_due == (result.extended_due or result.due)
    assert result.to_json()["due"] == vector["expected_due"]


@pytest.mark.parametrize("vector", vector_params())
def test_vector_with_timeline_event_objects(vector):
    """The store's TimelineEvent objects work as well as (kind, date) pairs."""
    events = [TimelineEvent(kind=EventKind(kind), date=d) for kind, d in vector_events(vector)]
    result = compute_deadline(day(vector["received"]), vector["jurisdiction"], events, as_of=AS_OF)
    assert result.due == day(vector["expected_due"])

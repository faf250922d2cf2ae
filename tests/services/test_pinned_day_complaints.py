"""What a complaint records as done falls on the workspace clock's day, as for a case: a
workspace whose clock is pinned far from the computer's date records a complaint's handler,
issue, event, note and letter on the pinned day (at the real time of day), while the
complaint's audit chain keeps the real time."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from sar_desk.core import clock as clock_module
from sar_desk.core.entities import Person
from sar_desk.services import complaints, staff_desk
from sar_desk.services.case_base import open_case_file
from sar_desk.services.complaint_letters import generate_complaint_letter
from sar_desk.services.complaints import NewComplaint
from sar_desk.store import complaint_schema as rows

PINNED = dt.date(2024, 2, 14)  # far from any day these tests run on


@pytest.fixture
def today():
    return PINNED


def _recorded_days(ws, ref) -> dict[str, set[dt.date]]:
    """The days the complaint file's rows say each thing was recorded on."""
    tables = {"issue": rows.ComplaintIssueRow, "event": rows.ComplaintEventRow,
              "note": rows.ComplaintNoteRow}
    with open_case_file(ws, ref) as file, file.reading() as session:
        return {name: {dt.datetime.fromisoformat(at).date()
                       for at in session.scalars(select(table.recorded_at))}
                for name, table in tables.items()}


def test_the_pinned_day_is_far_from_the_computers_date():
    assert abs((clock_module.now().date() - PINNED).days) > 300


def test_what_a_complaint_records_is_done_on_the_pinned_day(ws):
    view = complaints.create_complaint(ws, NewComplaint(
        complainant=Person("Ada Pinned", "ada@example.org", "1 Quay Street\nBristol"),
        received=dt.date(2024, 2, 1)))  # its handler (whoever raised it) recorded at once
    ref = view.complaint.reference
    assert view.complaint.logged == PINNED
    number, _view = complaints.add_issue(ws, ref, "The reply was late")
    complaints.record_complaint_event(ws, ref, "acknowledged", PINNED)
    complaints.record_outcome(ws, ref, number, "upheld", "It was late.")
    complaints.add_complaint_note(ws, ref, "Called Ada about the quokka photographs")
    days = _recorded_days(ws, ref)
    assert days == {"issue": {PINNED}, "event": {PINNED}, "note": {PINNED}}
    assert [e.date for e in complaints.get_complaint(ws, ref).complaint.events] == [PINNED]
    # the audit chain keeps the real time of each
    real = clock_module.now().date()
    assert {e.at.date() for e in complaints.complaint_audit(ws, ref)} == {real}


def test_a_complaint_letter_is_kept_and_given_to_staff_as_made_on_the_pinned_day(ws):
    ref = complaints.create_complaint(ws, NewComplaint(
        complainant=Person("Bea Pinned", "bea@example.org", "2 Quay Street\nBristol"),
        received=dt.date(2024, 2, 2))).complaint.reference
    generate_complaint_letter(ws, ref, "acknowledgement", "pdf")
    complaints.mark_complaint_ready(ws, ref)
    [entry] = [c for c in staff_desk.ready_cases(ws) if c.reference == ref]
    assert [x.kind for x in entry.letters] == ["complaint-acknowledgement"]
    assert {dt.datetime.fromisoformat(x.created).date() for x in entry.letters} == {PINNED}

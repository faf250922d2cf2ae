"""Exam marks in the window: the tick and date in New case, the results day recorded later
from the case view, and the header showing the five-month date until that day is known."""

from __future__ import annotations

import datetime as dt

from sar_desk.core.entities import EventKind
from sar_desk.services.cases import deadline_for, get_case
from sar_desk.ui.dialogs.base import qdate
from sar_desk.ui.dialogs.event_dialog import EventDialog
from sar_desk.ui.dialogs.new_case_dialog import NewCaseDialog
from tests.ui.window_helpers import idle, make_case, open_case

DAY = dt.date(2026, 3, 10)


def test_new_case_dialog_exam_tick_and_results_day(qtbot):
    dialog = NewCaseDialog(DAY)
    qtbot.addWidget(dialog)
    dialog.requester.name.setText("Siân Jones")
    assert not dialog.exam_results_known.isEnabled() and not dialog.exam_results.isEnabled()
    new = dialog.new_case()
    assert (new.exam_marks, new.exam_results) == (False, None)
    dialog.exam_marks.click()
    assert dialog.exam_results_known.isEnabled() and not dialog.exam_results.isEnabled()
    assert dialog.new_case().exam_marks and dialog.new_case().exam_results is None
    dialog.exam_results_known.click()
    dialog.exam_results.setDate(qdate(dt.date(2026, 8, 13)))  # ahead of today: allowed
    assert dialog.errors() == [] and dialog.ok_button.isEnabled()
    assert dialog.new_case().exam_results == dt.date(2026, 8, 13)
    dialog.exam_results.setDate(qdate(dt.date(2026, 3, 1)))
    assert any("ordinary one month applies" in e for e in dialog.errors())
    assert not dialog.ok_button.isEnabled()
    dialog.exam_marks.click()  # unticked: the results day is not used
    assert dialog.errors() == [] and dialog.new_case().exam_results is None


def test_results_day_may_be_ahead_but_other_events_may_not(qtbot):
    ahead = DAY + dt.timedelta(days=60)
    results = EventDialog(EventKind.EXAM_RESULTS_ANNOUNCED, DAY)
    qtbot.addWidget(results)
    results.date.setDate(qdate(ahead))
    assert results.errors() == []
    other = EventDialog(EventKind.EXAM_MARKS_REQUESTED, DAY)
    qtbot.addWidget(other)
    other.date.setDate(qdate(ahead))
    assert other.errors() != []


def test_case_view_records_the_results_day(qtbot, window, workspace, errors, today):
    ref = make_case(workspace, received=dt.date(2026, 3, 2), exam_marks=True).reference
    view = open_case(qtbot, window, ref)
    assert view.header.due.text() == (
        "Due Monday 03 August 2026, or 40 days after the results, if earlier")
    assert not view.event_actions[EventKind.EXTENDED].isEnabled()
    assert view.event_actions[EventKind.EXAM_RESULTS_ANNOUNCED].isEnabled()
    dialog = view.record_event(EventKind.EXAM_RESULTS_ANNOUNCED)
    dialog.date.setDate(qdate(dt.date(2026, 6, 20)))
    assert dialog.errors() == []
    dialog.ok_button.click()
    idle(qtbot, window)
    assert errors == []
    case = get_case(workspace, ref)
    assert deadline_for(case, as_of=today).due == dt.date(2026, 7, 29)
    assert view.header.due.text() == "Due Wednesday 29 July 2026"
    assert not view.event_actions[EventKind.EXAM_RESULTS_ANNOUNCED].isEnabled()

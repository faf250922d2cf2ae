"""The case view greys out what an ended case no longer allows, saying why, on top of roles."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.case_actions import why_not, why_not_event
from sar_desk.core.entities import EventKind
from sar_desk.services.cases import get_case, record_event
from sar_desk.ui.role_gate import CASE_BUTTONS
from tests.ui.window_helpers import make_case, open_case, window_of_user

PASS = "correct horse battery staple"


def buttons(view):
    return {name: getattr(view, name) for name in CASE_BUTTONS}


def test_a_responded_case_keeps_notes_and_greys_out_the_extension(qtbot, window, workspace,
                                                                   errors):
    ref = make_case(workspace).reference
    record_event(workspace, ref, EventKind.RESPONDED, dt.date(2026, 3, 12),
        override="ended for this test's set-up")
    case = get_case(workspace, ref)
    view = open_case(qtbot, window, ref)
    for name in ("note_button", "search_button", "assign_button", "event_button",
                 "decision_button"):
        assert getattr(view, name).isEnabled(), name
    assert view.note_button.toolTip() == ""
    assert not view.extend_button.isEnabled()
    assert view.extend_button.toolTip() == why_not_event(EventKind.EXTENDED, case)
    assert view.extend_button.toolTip().startswith("The response was sent on 12 March 2026")
    for name in ("exemption_button", "status_button", "document_button"):
        assert not getattr(view, name).isEnabled(), name
    assert view.exemption_button.toolTip() == why_not("apply_exemption", case)
    # the event menu: it can still be closed, but the clock has stopped
    assert view.event_actions[EventKind.CLOSED].isEnabled()
    extend = view.event_actions[EventKind.EXTENDED]
    assert not extend.isEnabled() and "clock has stopped" in extend.toolTip()
    assert view.event_menu.toolTipsVisible()
    # letters stay possible (final response, reprints, dispatch)
    assert view.letters.generate_button.isEnabled()
    assert errors == []


def test_opening_an_open_case_after_an_ended_one_enables_everything(qtbot, window, workspace):
    closed = make_case(workspace, name="Ελένη Παπαδοπούλου").reference
    record_event(workspace, closed, EventKind.WITHDRAWN, dt.date(2026, 3, 5))
    open_ref = make_case(workspace, name="王芳").reference
    view = open_case(qtbot, window, closed)
    disabled = {n for n, b in buttons(view).items() if not b.isEnabled()}
    assert {"extend_button", "decision_button", "exemption_button"} <= disabled
    assert "withdrawn on 5 March 2026" in view.decision_button.toolTip()
    assert view.event_button.isEnabled()  # it can still be closed
    view = open_case(qtbot, window, open_ref)
    assert {n: b.isEnabled() for n, b in buttons(view).items()} == dict.fromkeys(CASE_BUTTONS,
                                                                                 True)
    assert all(b.toolTip() == "" for b in buttons(view).values())
    # Every event kind, except the exam results day on a case not asking for exam marks.
    assert all(a.isEnabled() for k, a in view.event_actions.items()
               if k != EventKind.EXAM_RESULTS_ANNOUNCED)
    assert "exam marks first" in view.event_actions[EventKind.EXAM_RESULTS_ANNOUNCED].toolTip()


@pytest.fixture
def manager_window(qtbot, tmp_path, monkeypatch, today, errors):
    for win, _ws, ref in window_of_user(
            qtbot, tmp_path, monkeypatch, errors, login="mgr", roles="manager",
            passphrase=PASS, prepare=lambda owner: make_case(owner).reference):
        yield win, ref


def test_the_roles_and_the_case_must_both_allow_a_button(qtbot, manager_window):
    win, ref = manager_window
    view = open_case(qtbot, win, ref)  # an open case: the case allows everything
    enabled = {n for n, b in buttons(view).items() if b.isEnabled()}
    assert enabled == {"assign_button"}  # a manager only reassigns
    assert view.note_button.isHidden() and not view.note_button.isEnabled()

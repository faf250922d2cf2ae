"""Creating cases through the window: the New case dialog and a dropped email."""

from __future__ import annotations

import datetime as dt
import hashlib
import pathlib

from sar_desk.services.cases import audit_trail, get_case, list_cases
from sar_desk.ui.dialogs.new_case_dialog import NewCaseDialog
from tests.ui.window_helpers import drop_files, idle

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"


def test_create_a_case_through_the_dialog(qtbot, window, workspace, errors):
    dialog = window.new_case()
    assert isinstance(dialog, NewCaseDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.requester.name, "Smith and Co Solicitors")
    qtbot.keyClicks(dialog.requester.email, "office@smith.example")
    dialog.on_behalf.click()
    dialog.subject.name.setText("Ελένη Παπαδοπούλου")
    qtbot.keyClicks(dialog.authority, "Signed letter of authority")
    dialog.jurisdiction.setCurrentIndex(dialog.jurisdiction.findData("uk-sct"))
    qtbot.keyClicks(dialog.request_text, "All records about my client")
    assert dialog.errors() == []
    dialog.ok_button.click()
    idle(qtbot, window)
    assert errors == []

    rows = list_cases(workspace, status="all")
    assert len(rows) == 1
    case = get_case(workspace, rows[0].reference)
    assert case.requester.name == "Smith and Co Solicitors"
    assert case.requester.email == "office@smith.example"
    assert case.subject is not None and case.subject.name == "Ελένη Παπαδοπούλου"
    assert case.authority_evidence == "Signed letter of authority"
    assert case.jurisdiction == "uk-sct" and case.received == dt.date(2026, 3, 16)
    assert case.request_text == "All records about my client"
    # the window opened the new case and the list shows it
    assert window.current_view() == "case" and window.case_view.reference == case.reference
    assert window.cases.visible_references() == [case.reference]


def test_a_dropped_eml_becomes_a_case_after_the_officer_confirms(qtbot, window, workspace, errors):
    eml = DATA / "sar_request.eml"
    drop_files(window, [eml])
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, NewCaseDialog), timeout=10_000)
    dialog = window.active_dialog
    assert dialog.requester.name.text() == "Łukasz Żółkiewski"
    assert dialog.requester.email.text() == "lukasz.z@example.org"
    assert dialog.received_date() == dt.date(2026, 3, 2)
    assert "CCTV from January 2026" in dialog.request_text.toPlainText()
    assert list_cases(workspace, status="all") == []  # nothing saved before confirmation
    dialog.ok_button.click()
    idle(qtbot, window)
    assert errors == []

    (row,) = list_cases(workspace, status="all")
    case = get_case(workspace, row.reference)
    assert case.requester.name == "Łukasz Żółkiewski"
    assert case.received == dt.date(2026, 3, 2)
    assert case.channel.value == "email"
    assert "including emails and CCTV from January 2026." in case.request_text
    created = audit_trail(workspace, case.reference)[0]
    assert created.details["source_sha256"] == hashlib.sha256(eml.read_bytes()).hexdigest()


def test_a_dropped_outlook_msg_fills_the_dialog(qtbot, window, workspace):
    drop_files(window, [DATA / "sar_request.msg"])
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, NewCaseDialog), timeout=10_000)
    dialog = window.active_dialog
    assert dialog.requester.name.text() == "Ελένη Παπαδοπούλου"
    assert dialog.received_date() == dt.date(2026, 3, 3)
    dialog.reject()
    idle(qtbot, window)
    assert list_cases(workspace, status="all") == []


def test_a_bad_dropped_email_gives_a_readable_error(qtbot, window, workspace, errors, tmp_path):
    bad = tmp_path / "junk.eml"
    bad.write_bytes((DATA / "not_an_email.eml").read_bytes())
    drop_files(window, [bad])
    idle(qtbot, window)
    assert errors == ["junk.eml is not an email message (no headers were found)"]
    assert not isinstance(window.active_dialog, NewCaseDialog)


def test_the_dialog_refuses_a_future_date_and_saves_nothing(qtbot, window, workspace):
    from sar_desk.ui.dialogs.base import qdate

    dialog = window.new_case()
    qtbot.keyClicks(dialog.requester.name, "Ada")
    dialog.received.setDate(qdate(dt.date(2026, 3, 17)))
    assert not dialog.ok_button.isEnabled()
    dialog.accept()
    idle(qtbot, window)
    assert dialog.isVisible()
    assert list_cases(workspace, status="all") == []

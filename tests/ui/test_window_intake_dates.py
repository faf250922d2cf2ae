"""A dropped e-mail without a date asks for the received day; one more than a year old asks
for confirmation; neither ever defaults to today."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate

from sar_desk.ui.dialogs.intake_date import IntakeDateDialog
from sar_desk.ui.dialogs.new_case_dialog import NewCaseDialog
from tests.ui.window_helpers import drop_files, idle


def _eml(tmp_path, date_line=b""):
    path = tmp_path / "request.eml"
    path.write_bytes(b"From: Ann Lee <ann@example.org>\r\n" + date_line
                     + b"Subject: my data\r\n\r\nPlease send me my data.\r\n")
    return path


def test_undated_email_asks_for_the_day_before_the_form(qtbot, window, tmp_path, errors):
    drop_files(window, [_eml(tmp_path)])
    idle(qtbot, window)
    dialog = window.active_dialog
    assert isinstance(dialog, IntakeDateDialog) and dialog.isVisible()
    assert "request.eml has no Date header" in dialog.message.text()
    assert not dialog.confirm.isVisible()
    assert dialog.chosen() is None and not dialog.ok_button.isEnabled()  # never today
    dialog.date.setDate(QDate(2026, 3, 9))
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    idle(qtbot, window)
    form = window.active_dialog
    assert isinstance(form, NewCaseDialog)
    assert form.received_date() == dt.date(2026, 3, 9)
    assert errors == []


def test_an_old_email_is_taken_only_once_confirmed(qtbot, window, tmp_path, errors):
    drop_files(window, [_eml(tmp_path, b"Date: Tue, 4 Mar 2025 09:00:00 +0000\r\n")])
    idle(qtbot, window)
    dialog = window.active_dialog
    assert isinstance(dialog, IntakeDateDialog)
    assert dialog.confirm.isVisible() and "4 March 2025" in dialog.confirm.text()
    assert not dialog.ok_button.isEnabled()
    dialog.confirm.setChecked(True)
    dialog.ok_button.click()
    idle(qtbot, window)
    form = window.active_dialog
    assert isinstance(form, NewCaseDialog) and form.received_date() == dt.date(2025, 3, 4)
    assert errors == []


def test_cancelling_opens_no_form_and_creates_nothing(qtbot, window, workspace, tmp_path,
                                                      errors):
    from sar_desk.services.cases import list_cases

    drop_files(window, [_eml(tmp_path)])
    idle(qtbot, window)
    window.active_dialog.reject()
    idle(qtbot, window)
    assert not window.findChildren(NewCaseDialog) and errors == []
    assert list_cases(workspace, status="all") == []

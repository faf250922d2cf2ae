"""Bad input in the dialogs is named next to the field and OK stays disabled."""

from __future__ import annotations

import datetime as dt

from sar_desk.core.entities import EventKind
from sar_desk.ui.dialogs.base import qdate
from sar_desk.ui.dialogs.event_dialog import EventDialog
from sar_desk.ui.dialogs.new_case_dialog import NewCaseDialog, email_problem

TODAY = dt.date(2026, 3, 10)


def test_new_case_needs_a_requester(qtbot):
    dialog = NewCaseDialog(TODAY)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    assert "Enter the requester's name." in dialog.errors()
    assert dialog.requester.name_error.text() == "Enter the requester's name."
    dialog.requester.name.setText("عائشة الحربي")
    assert dialog.errors() == [] and dialog.ok_button.isEnabled()
    assert dialog.requester.name_error.isHidden()


def test_new_case_refuses_a_future_received_date(qtbot):
    dialog = NewCaseDialog(TODAY)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.requester.name, "Ada")
    dialog.received.setDate(qdate(TODAY + dt.timedelta(days=1)))
    assert dialog.errors() == [
        "The received date 11 Mar 2026 is in the future (today is 10 Mar 2026)."
    ]
    assert not dialog.ok_button.isEnabled()
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted


def test_new_case_refuses_a_bad_email(qtbot):
    dialog = NewCaseDialog(TODAY)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.requester.name, "Ada")
    qtbot.keyClicks(dialog.requester.email, "ada.example.org")
    assert (
        dialog.requester.email_error.text() == "An email address needs an @, like name@example.org."
    )
    assert not dialog.ok_button.isEnabled()
    dialog.requester.email.setText("ada@example")
    assert "does not look like an email address" in dialog.requester.email_error.text()
    dialog.requester.email.setText("ada@example.org")
    assert dialog.ok_button.isEnabled()


def test_on_behalf_needs_the_data_subject(qtbot):
    dialog = NewCaseDialog(TODAY)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.requester.name, "Smith & Co Solicitors")
    dialog.on_behalf.click()
    assert dialog.on_behalf.isChecked()
    assert "Enter the data subject's name." in dialog.errors()
    dialog.subject.email.setText("not an address")
    assert len(dialog.errors()) == 2
    dialog.subject.name.setText("Ελένη")
    dialog.subject.email.setText("")
    assert dialog.errors() == []


def test_at_least_one_right(qtbot):
    dialog = NewCaseDialog(TODAY)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.requester.name, "Ada")
    for box in dialog.request_types.values():
        box.setChecked(False)
    assert dialog.errors() == ["Tick at least one right the person is asking to use."]


def test_email_problem():
    assert email_problem("") == ""
    assert email_problem("王芳@例子.中国") == ""
    assert email_problem("a@b.c") != ""
    assert email_problem("two@@example.org") != ""


def test_extension_needs_reasons_and_the_first_month(qtbot):
    dialog = EventDialog(EventKind.EXTENDED, TODAY, latest_extension_day=dt.date(2026, 3, 5))
    qtbot.addWidget(dialog)
    assert "Give the reasons for the extension." in dialog.errors()
    assert any(
        e.startswith("Too late: an extension must be notified by 05 Mar 2026")
        for e in dialog.errors()
    )
    dialog.date.setDate(qdate(dt.date(2026, 3, 4)))
    qtbot.keyClicks(dialog.note, "Complex: 14 systems to search")
    assert dialog.errors() == [] and dialog.ok_button.isEnabled()


def test_clarification_needs_a_reason_and_no_future_date(qtbot):
    dialog = EventDialog(EventKind.CLARIFICATION_REQUESTED, TODAY)
    qtbot.addWidget(dialog)
    dialog.date.setDate(qdate(TODAY + dt.timedelta(days=3)))
    assert dialog.errors() == [
        "13 Mar 2026 is in the future: record events on or after the day.",
        "Say what needs clarifying.",
    ]
    plain = EventDialog(EventKind.ID_RECEIVED, TODAY)
    qtbot.addWidget(plain)
    assert plain.errors() == [] and plain.ok_button.isEnabled()

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
        "The received date (11 March 2026) is after today (10 March 2026): dates cannot be in "
        "the future."
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
        "The date of the clarification requested event (13 March 2026) is after today "
        "(10 March 2026): dates cannot be in the future.",
        "Say what needs clarifying.",
    ]
    plain = EventDialog(EventKind.ID_RECEIVED, TODAY)
    qtbot.addWidget(plain)
    assert plain.errors() == [] and plain.ok_button.isEnabled()


def test_decision_needs_reasons_a_fee_and_a_ground_that_fits(qtbot):
    from sar_desk.ui.dialogs.decision_dialog import DecisionDialog

    dialog = DecisionDialog(TODAY)
    qtbot.addWidget(dialog)
    assert dialog.errors() == [
        "Give the reasons for the decision: a fee or refusal needs reasons and evidence, never a "
        "blanket policy.",
        "Enter the fee: a reasonable, cost-based amount.",
    ]
    dialog.amount.setText("ten pounds")
    assert "'ten pounds' is not an amount of money." in dialog.errors()
    dialog.amount.setText("-5")
    assert "The fee must be more than £0 and in pounds and pence." in dialog.errors()
    dialog.amount.setText("£40.00")
    qtbot.keyClicks(dialog.reasons, "Repeated identical requests")
    assert dialog.errors() == [] and str(dialog.decision().amount) == "40.00"
    dialog.kind.setCurrentIndex(1)  # refuse
    dialog.ground.setCurrentIndex(dialog.ground.findData("further_copies"))
    assert dialog.errors() == [
        "Further copies can justify a reasonable fee (Article 15(3)), not a refusal: to "
        "refuse, the request must be manifestly unfounded or excessive."]
    dialog.ground.setCurrentIndex(dialog.ground.findData("unfounded"))
    assert dialog.errors() == [] and dialog.decision().amount is None


def test_exemption_needs_a_choice_and_reasoning(qtbot):
    from sar_desk.core.exemptions import CATALOGUE
    from sar_desk.ui.dialogs.exemption_dialog import ExemptionDialog

    dialog = ExemptionDialog(list(CATALOGUE))
    qtbot.addWidget(dialog)
    assert dialog.errors() == [
        "Choose the exemption that applies.",
        "Record why the exemption applies: it is needed for every use.",
    ]
    qtbot.keyClicks(dialog.filter, "Sch 3")
    assert 0 < dialog.proxy.rowCount() < len(CATALOGUE)
    assert dialog.select("health")
    qtbot.keyClicks(dialog.reasoning, "Serious harm opinion from the GP")
    assert dialog.errors() == [] and dialog.values()[0] == "health"


def test_dispatch_search_log_note_and_assign_refuse_empty_or_future(qtbot):
    from sar_desk.ui.dialogs.dispatch_dialog import DispatchDialog
    from sar_desk.ui.dialogs.text_dialogs import AssignDialog, NoteDialog, SearchLogDialog

    dispatch = DispatchDialog("acknowledgement letter", TODAY)
    qtbot.addWidget(dispatch)
    dispatch.date.setDate(qdate(TODAY + dt.timedelta(days=2)))
    dispatch.method.setCurrentText("  ")
    assert dispatch.errors() == [
        "The dispatch date (12 March 2026) is after today (10 March 2026): dates cannot be in "
        "the future.",
        "Say how it was sent."]
    search = SearchLogDialog()
    qtbot.addWidget(search)
    assert search.errors() == ["Name the system searched.", "Give the terms searched for."]
    note = NoteDialog()
    qtbot.addWidget(note)
    assert note.errors() == ["Write the note first."] and not note.ok_button.isEnabled()
    assign = AssignDialog("   ")
    qtbot.addWidget(assign)
    assert assign.errors() == ["Enter who will work the case."]


def test_withholding_a_document_needs_an_exemption(qtbot):
    from sar_desk.core.entities import DisclosureStatus
    from sar_desk.core.exemptions import CATALOGUE
    from sar_desk.ui.dialogs.document_dialog import DocumentStatusDialog

    dialog = DocumentStatusDialog(
        "notes.txt", list(CATALOGUE), status="disclose", exemption_code=""
    )
    qtbot.addWidget(dialog)
    assert dialog.errors() == []
    dialog.status.setCurrentIndex(dialog.status.findData(DisclosureStatus.PARTLY))
    assert dialog.errors() == ["Name the exemption that allows withholding this."]
    dialog.exemption.setCurrentIndex(dialog.exemption.findData("third-party"))
    assert dialog.errors() == []
    dialog.status.setCurrentIndex(dialog.status.findData(DisclosureStatus.DISCLOSE))
    assert dialog.errors() == ["An exemption only applies when something is withheld."]


def test_dialogs_give_the_reason_the_service_refuses_with(qtbot):
    """One rule, one wording: the message beside the field is the core rule's reason."""
    from decimal import Decimal

    from sar_desk.core.input_rules import email_reason, event_note_reason, fee_amount_reason
    from sar_desk.ui.dialogs.decision_dialog import DecisionDialog

    new_case = NewCaseDialog(TODAY)
    qtbot.addWidget(new_case)
    qtbot.keyClicks(new_case.requester.name, "Ada")
    new_case.requester.email.setText("not-an-email")
    assert new_case.errors() == [email_reason("not-an-email")]
    decision = DecisionDialog(TODAY)
    qtbot.addWidget(decision)
    qtbot.keyClicks(decision.reasons, "Repeated identical requests")
    for typed, amount in (("0", Decimal("0")), ("£0.001", Decimal("0.001"))):
        decision.amount.setText(typed)
        assert decision.errors() == [fee_amount_reason(amount)]
        assert not decision.ok_button.isEnabled()
    event = EventDialog(EventKind.EXTENDED, TODAY)
    qtbot.addWidget(event)
    assert event.errors() == [event_note_reason(EventKind.EXTENDED, "")]


def test_new_case_address_takes_lines_and_refuses_more_than_the_window_holds(qtbot):
    dialog = NewCaseDialog(TODAY)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.requester.name, "Ada")
    dialog.requester.address.setPlainText("12 High St\nLeamington Spa\nCV32 4AA")
    assert dialog.errors() == [] and dialog.ok_button.isEnabled()
    assert dialog.new_case().requester.address_lines == ["12 High St", "Leamington Spa",
                                                         "CV32 4AA"]
    dialog.requester.address.setPlainText("\n".join(f"Line {n}" for n in range(1, 8)))
    assert not dialog.ok_button.isEnabled()
    assert "at most 6 lines of address" in dialog.requester.address_error.text()

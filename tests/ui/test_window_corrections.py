"""Correcting a case in the window: void an event, edit details, withdraw an exemption,
remove a document, discard a letter; each asks for a reason, and the lists strike what was
taken back. Each test checks the case file through the services."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from sar_desk.core.entities import CaseStatus, EventKind
from sar_desk.services.cases import (
    apply_exemption,
    attach_document,
    deadline_for,
    get_case,
    record_event,
    store_letter,
)
from sar_desk.services.letters import find_ready_letters
from sar_desk.ui.dialogs.base import qdate
from tests.ui.window_helpers import idle, make_case, open_case


def _select(tree, row: int = 0) -> None:
    tree.setCurrentItem(tree.topLevelItem(row))


def _give_reason(qtbot, win, dialog, reason: str) -> None:
    assert not dialog.ok_button.isEnabled()  # no reason yet
    qtbot.keyClicks(dialog.reason, reason)
    assert dialog.errors() == [], dialog.errors()
    dialog.ok_button.click()
    idle(qtbot, win)


def test_voiding_an_event_strikes_it_and_restores_the_deadline(qtbot, window, workspace, errors):
    ref = make_case(workspace).reference
    record_event(workspace, ref, EventKind.ID_REQUESTED, dt.date(2026, 3, 3), "passport copy")
    view = open_case(qtbot, window, ref)
    assert "running" not in view.header.badge.text().lower()  # waiting for ID
    _select(view.panels.timeline)
    dialog = view.corrections.void_event()
    assert "no longer counts for the deadline" in dialog.what.text()
    _give_reason(qtbot, window, dialog, "asked the wrong person")
    assert errors == []
    case = get_case(workspace, ref)
    assert case.events == () and case.voided_events[0].voided.reason == "asked the wrong person"
    assert view.header.due.text() == "Due Thursday 02 April 2026"
    assert "running" in view.header.badge.text().lower()
    item = view.panels.timeline.topLevelItem(0)
    assert item.font(1).strikeOut()
    assert "voided by" in item.text(2) and item.text(2).endswith(": asked the wrong person")
    assert window.statusBar().currentMessage() == f"Voided event 1 of {ref}"


def test_voiding_the_response_says_the_case_reopens(qtbot, window, workspace, errors):
    ref = make_case(workspace).reference
    record_event(workspace, ref, EventKind.RESPONDED, dt.date(2026, 3, 10),
                 override="Answered by hand at the front desk")
    view = open_case(qtbot, window, ref)
    _select(view.panels.timeline)
    dialog = view.corrections.void_event()
    assert "becomes open again" in dialog.what.text()
    _give_reason(qtbot, window, dialog, "the response went to another case")
    assert get_case(workspace, ref).status == CaseStatus.OPEN and errors == []


def test_edit_details_uses_the_new_case_rules_and_moves_the_deadline(qtbot, window, workspace,
                                                                    errors):
    ref = make_case(workspace).reference
    view = open_case(qtbot, window, ref)
    dialog = view.corrections.edit_details()
    assert not dialog.ok_button.isEnabled()  # nothing changed yet
    dialog.requester.email.setText("not an address")
    assert any("email" in e.lower() for e in dialog.errors())
    dialog.requester.email.setText("ada.l@example.org")
    dialog.received.setDate(qdate(dt.date(2026, 3, 9)))
    assert not dialog.ok_button.isEnabled()  # a reason is still needed
    qtbot.keyClicks(dialog.reason, "typed from the envelope, not the letter")
    assert dialog.errors() == [], dialog.errors()
    dialog.ok_button.click()
    idle(qtbot, window)
    assert errors == []
    case = get_case(workspace, ref)
    assert case.received == dt.date(2026, 3, 9) and case.requester.email == "ada.l@example.org"
    assert deadline_for(case, as_of=dt.date(2026, 3, 16)).due == dt.date(2026, 4, 9)
    assert "The received date was corrected from 2026-03-02 to 2026-03-09" in \
        view.header.explanation.toPlainText()


def test_withdraw_remove_and_discard_from_their_tabs(qtbot, window, workspace, errors, tmp_path):
    ref = make_case(workspace).reference
    apply_exemption(workspace, ref, "legal-privilege", "Advice from counsel")
    doc = tmp_path / "someone-else.txt"
    doc.write_text("another person's record", encoding="utf-8")
    info = attach_document(workspace, ref, doc)
    letter = store_letter(workspace, ref, "acknowledgement", "pdf", b"%PDF-1.4 ack")
    view = open_case(qtbot, window, ref)
    for tree in (view.panels.exemptions, view.panels.documents, view.letters.letters):
        assert tree.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
        assert tree.actions()

    _select(view.panels.exemptions)
    _give_reason(qtbot, window, view.corrections.withdraw_exemption(), "disclosed already")
    _select(view.panels.documents)
    dialog = view.corrections.remove_document()
    assert "cannot be recovered" in dialog.what.text()
    _give_reason(qtbot, window, dialog, "someone else's data")
    _select(view.letters.letters)
    _give_reason(qtbot, window, view.corrections.discard_letter(), "wrong address")
    assert errors == []

    case = get_case(workspace, ref)
    assert case.exemptions == () and case.withdrawn_exemptions[0].withdrawn.by
    assert case.documents == () and case.removed_documents[0].sha256 == info.sha256
    assert next(x for x in case.letters if x.id == letter.id).superseded
    assert find_ready_letters(workspace) == []
    for tree, column, word in ((view.panels.exemptions, 3, "withdrawn by"),
                               (view.panels.documents, 1, "removed by"),
                               (view.letters.letters, 4, "discarded by")):
        item = tree.topLevelItem(0)
        assert item.font(0).strikeOut() and word in item.text(column).lower(), item.text(column)


def test_correction_dialogs_are_wide_enough_and_their_alt_letters_unique(qtbot, window,
                                                                       workspace):
    from tests.ui.test_window_keyboard import dialog_problems

    ref = make_case(workspace).reference
    record_event(workspace, ref, EventKind.ID_REQUESTED, dt.date(2026, 3, 3), "passport")
    apply_exemption(workspace, ref, "legal-privilege", "Advice from counsel")
    store_letter(workspace, ref, "acknowledgement", "pdf", b"%PDF-1.4 ack")
    view = open_case(qtbot, window, ref)
    for tree in (view.panels.timeline, view.panels.exemptions, view.letters.letters):
        _select(tree)
    made = [view.corrections.edit_details(), view.corrections.void_event(),
            view.corrections.withdraw_exemption(), view.corrections.discard_letter()]
    for dialog in made:
        dialog.show()
        assert dialog.width() >= 440, dialog.windowTitle()
        assert dialog_problems(dialog) == [], dialog.windowTitle()
        dialog.close()


def test_removing_an_e_mail_names_its_attachments_and_removes_them(qtbot, window, workspace,
                                                                   errors):
    from pathlib import Path

    ref = make_case(workspace).reference
    mail = Path(__file__).resolve().parents[1] / "data" / "mail" / "with-attachments.eml"
    message = attach_document(workspace, ref, mail)
    children = [d.id for d in get_case(workspace, ref).documents if d.parent_id == message.id]
    view = open_case(qtbot, window, ref)
    tree = view.panels.documents
    tree.setCurrentItem(next(tree.topLevelItem(r) for r in range(tree.topLevelItemCount())
                             if tree.topLevelItem(r).data(0, Qt.ItemDataRole.UserRole).id
                             == message.id))
    dialog = view.corrections.remove_document()
    assert f"item{'s' if len(children) > 1 else ''} {', '.join(map(str, children))}" in \
        dialog.what.text()
    _give_reason(qtbot, window, dialog, "sent to the wrong case")
    assert errors == []
    assert get_case(workspace, ref).documents == ()
    assert window.statusBar().currentMessage().endswith(
        f"with its attached item{'s' if len(children) > 1 else ''} "
        f"{', '.join(map(str, children))}")

"""Esc leaves a case only when nothing is half-typed, and never throws typing away."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from tests.ui.window_helpers import idle, make_case, open_case


def back_action(window) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.text() == "&Back to the list")


def test_esc_in_a_form_with_typing_asks_and_keeps_it(qtbot, window, workspace):
    view = open_case(qtbot, window, make_case(workspace).reference)
    note = view.add_note()
    qtbot.waitExposed(note)
    qtbot.keyClicks(note.text, "Requester rang about the delay")
    qtbot.keyClick(note, Qt.Key.Key_Escape)
    assert note.isVisible() and note.discard_box is not None and note.discard_box.isVisible()
    qtbot.keyClick(note.discard_box, Qt.Key.Key_Escape)  # Esc again: keep typing
    assert not note.discard_box.isVisible() and note.isVisible()
    assert note.value() == "Requester rang about the delay"
    back_action(window).trigger()  # the window's Esc: the case holds typing, so it stays
    assert window.current_view() == "case"
    assert "Finish or cancel" in window.statusBar().currentMessage()
    qtbot.keyClick(note, Qt.Key.Key_Escape)
    discard = next(b for b in note.discard_box.buttons() if "Discard" in b.text())
    discard.click()
    assert not note.isVisible()
    back_action(window).trigger()
    assert window.current_view() == "cases"


def test_esc_closes_an_untouched_form_and_then_leaves_the_case(qtbot, window, workspace):
    view = open_case(qtbot, window, make_case(workspace).reference)
    search = view.add_search_log()
    qtbot.waitExposed(search)
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert not search.isVisible() and search.discard_box is None
    assign = view.assign()  # filled in with the current assignee: nothing typed yet
    qtbot.waitExposed(assign)
    qtbot.keyClick(assign, Qt.Key.Key_Escape)
    assert not assign.isVisible() and assign.discard_box is None
    idle(qtbot, window)
    assert window.current_view() == "case"
    back_action(window).trigger()
    assert window.current_view() == "cases"


def test_esc_in_the_new_case_dialog_keeps_a_half_typed_request(qtbot, window):
    dialog = window.new_case()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.requester.name, "Hal")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.discard_box.isVisible()
    next(b for b in dialog.discard_box.buttons() if "Keep" in b.text()).click()
    assert dialog.isVisible() and dialog.requester.name.text() == "Hal"

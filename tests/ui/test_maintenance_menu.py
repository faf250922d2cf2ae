"""File ▸ Rebuild the case index: shown to administrators and privacy officers only."""

from __future__ import annotations

from PySide6.QtGui import QAction

from tests.ui import test_session_lock_and_roles as roles_tests
from tests.ui.window_helpers import idle, make_case

staff_window = roles_tests.staff_window  # a window opened by a staff-only user


def menu_texts(win) -> list[str]:
    file_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&File")
    return [a.text() for a in file_menu.actions() if isinstance(a, QAction) and a.isVisible()]


def test_staff_get_no_reindex_entry_and_triggering_it_does_nothing(qtbot, staff_window,
                                                                   errors):
    win, _plain, _ready = staff_window
    assert win.staff_only and not hasattr(win, "reindex_action")  # the staff window
    assert "&Rebuild the case index" not in menu_texts(win)
    assert menu_texts(win) == ["&Print ready letters…", "&Quit"]
    idle(qtbot, win)
    assert errors == []


def test_an_administrator_and_privacy_officer_rebuilds_the_index(qtbot, window, workspace,
                                                                  errors):
    ref = make_case(workspace, name="Ingrid Index").reference
    with workspace.registry.writing() as conn:  # a registry that lost its rows
        conn.exec_driver_sql("DELETE FROM cases")
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    assert "&Rebuild the case index" in menu_texts(window)
    assert window.reindex_action.isEnabled()
    window.reindex_action.trigger()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: "Index rebuilt: 1 case" in messages, timeout=10_000)
    assert errors == []
    qtbot.waitUntil(lambda: window.cases.visible_references() == [ref], timeout=10_000)

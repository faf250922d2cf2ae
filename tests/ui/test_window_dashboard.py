"""The dashboard inside the window follows the cases: a change reloads it."""

from __future__ import annotations

from tests.ui.window_helpers import idle, make_case


def test_dashboard_reloads_when_a_case_changes(qtbot, window, workspace):
    window.show_view("dashboard")
    dashboard = window.page("dashboard")
    idle(qtbot, window)
    with qtbot.waitSignal(dashboard.refreshed, timeout=15_000):
        dashboard.refresh()
    before = dashboard.data.figures.open

    case = make_case(workspace, name="Ελένη Παπαδοπούλου")
    with qtbot.waitSignal(dashboard.refreshed, timeout=15_000):
        window.ctx.signals.case_changed.emit(case.reference)
    assert dashboard.data.figures.open == before + 1


def test_f5_on_the_dashboard_reloads_it(qtbot, window, workspace):
    """A case logged from another workstation appears when the manager presses F5."""
    from PySide6.QtCore import Qt

    window.show_view("dashboard")
    dashboard = window.page("dashboard")
    with qtbot.waitSignal(dashboard.refreshed, timeout=15_000):
        dashboard.refresh()
    before = dashboard.data.figures.open
    make_case(workspace, name="Łódź Wiśniewska")  # no signal: as if another user wrote it
    idle(qtbot, window)
    assert dashboard.data.figures.open == before
    with qtbot.waitSignal(dashboard.refreshed, timeout=15_000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert dashboard.data.figures.open == before + 1


def test_toolbar_buttons_name_their_shortcuts(window):
    assert window.new_action.toolTip().startswith("New case (")
    assert "Ctrl+I" in window.import_action.toolTip()
    assert "Ctrl+Shift+P" in window.batch_action.toolTip()

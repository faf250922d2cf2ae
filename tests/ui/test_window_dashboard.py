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

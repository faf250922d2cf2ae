"""A manager clicks a dashboard figure (or presses Enter/Space on it) and lands on the case
list showing exactly the cases behind that figure."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from sar_desk.core.entities import EventKind
from sar_desk.services.access import add_colleagues
from sar_desk.services.cases import record_event
from sar_desk.ui.views.case_list_view import SHOW_ONLY
from sar_desk.ui.views.dashboard_view import LIST_FILTERS
from sar_desk.ui.views.figure_tile import TILE_HINT
from tests.ui.window_helpers import TODAY, idle, make_case

CLICKABLE = ("open", "overdue", "due_soon", "paused", "extended")


@pytest.fixture
def desk(qtbot, window, workspace):
    """Cases in known states on TODAY (16 Mar 2026), the dashboard loaded and on screen."""
    def case(name, received, **extra):
        return make_case(workspace, name=name, received=received, **extra).reference

    add_colleagues(workspace, [("sam", "", "privacy_officer"), ("kim", "", "privacy_officer")])

    refs = {
        "late": case("Ada Lovelace", dt.date(2026, 1, 5), assignee="sam"),  # due 05 Feb
        "later": case("Łukasz Żółw", dt.date(2026, 1, 20), assignee="kim"),  # due 20 Feb
        "soon": case("王芳", dt.date(2026, 2, 20)),  # due Fri 20 Mar: 4 days left
        "fine": case("Ελένη Παπαδοπούλου", dt.date(2026, 3, 10)),  # due 10 Apr
        "paused": case("عائشة الحربي", dt.date(2026, 3, 2)),
        "extended": case("Bob Extended", dt.date(2026, 3, 2)),
        "withdrawn": case("Wilhelmina Gone", dt.date(2026, 1, 5)),  # would be overdue
    }
    record_event(workspace, refs["paused"], EventKind.CLARIFICATION_REQUESTED,
                 dt.date(2026, 3, 5), "Which account?")
    record_event(workspace, refs["extended"], EventKind.EXTENDED, TODAY, "Complex request")
    record_event(workspace, refs["withdrawn"], EventKind.WITHDRAWN, dt.date(2026, 2, 1))
    window.cases.refresh()
    window.show_view("dashboard")
    dashboard = window.page("dashboard")
    with qtbot.waitSignal(dashboard.refreshed, timeout=15_000):
        dashboard.refresh()
    idle(qtbot, window)
    r = refs
    expected = {
        "open": {r["late"], r["later"], r["soon"], r["fine"], r["paused"], r["extended"]},
        "overdue": {r["late"], r["later"]},
        "due_soon": {r["soon"]},
        "paused": {r["paused"]},
        "extended": {r["extended"]},
    }
    return window, dashboard, expected


def dashboard_refs(data, name) -> set[str]:
    """The references the dashboard counts under a tile (None: it lists no cases)."""
    rows = {"overdue": data.overdue, "due_soon": data.due_soon, "paused": data.paused}
    return {r.reference for r in rows[name]} if name in rows else None


def shown(window) -> set[str]:
    refs = window.cases.visible_references()
    assert len(refs) == len(set(refs))
    return set(refs)


def check_list(window, dashboard, expected, name) -> None:
    assert window.current_view() == "cases", name
    refs = shown(window)
    assert refs == expected[name], name
    assert len(refs) == getattr(dashboard.data.figures, name), name  # the figure clicked
    assert int(dashboard.tile_value(name)) == len(refs), name
    listed = dashboard_refs(dashboard.data, name)
    assert listed is None or listed == refs, name
    assert window.cases.count.text().startswith(f"{len(refs)} of 7 cases"), name


def test_every_figure_with_a_list_view_is_a_clickable_tile(desk):
    _window, dashboard, _expected = desk
    assert set(LIST_FILTERS) == set(CLICKABLE) and set(SHOW_ONLY) == set(CLICKABLE)
    for name, tile in dashboard.tiles.items():
        assert tile.clickable == (name in LIST_FILTERS)
        assert tile.focusPolicy() == Qt.FocusPolicy.StrongFocus
        assert tile.cursor().shape() == Qt.CursorShape.PointingHandCursor
        assert tile.toolTip().endswith(TILE_HINT)
    # the cases behind the figure stay in the tooltip, above what a click does
    assert dashboard.tiles["paused"].toolTip().startswith(
        f"{next(iter(desk[2]['paused']))}: waiting for a clarification since 05 Mar 2026")


def test_clicking_a_tile_shows_exactly_those_cases(qtbot, desk):
    window, dashboard, expected = desk
    assert dashboard.data.as_of == TODAY
    for name in CLICKABLE:
        window.show_view("dashboard")
        idle(qtbot, window)
        tile = dashboard.tiles[name]
        # a click lands on the big number (a child label): the tile takes it
        with qtbot.waitSignal(dashboard.tile_activated, timeout=2000) as blocker:
            qtbot.mouseClick(tile.value_label, Qt.MouseButton.LeftButton)
        assert blocker.args == [name]
        check_list(window, dashboard, expected, name)


def test_enter_or_space_on_a_focused_tile_shows_those_cases(qtbot, desk):
    window, dashboard, expected = desk
    window.activateWindow()
    keys = (Qt.Key.Key_Return, Qt.Key.Key_Space, Qt.Key.Key_Enter)
    for i, name in enumerate(CLICKABLE):
        window.show_view("dashboard")
        idle(qtbot, window)
        if i == 0:  # Tab from Refresh reaches the first figure
            dashboard.refresh_button.setFocus()
            qtbot.keyClick(dashboard.refresh_button, Qt.Key.Key_Tab)
            assert window.focusWidget() is dashboard.tiles[name]
            assert dashboard.tiles[name].focus_ring_shown()  # the keyboard user sees where
        else:
            dashboard.tiles[name].setFocus()
        qtbot.keyClick(dashboard.tiles[name], keys[i % len(keys)])
        check_list(window, dashboard, expected, name)
        assert window.focusWidget() is window.cases.table  # keyboard users land in the list


def test_other_keys_and_a_release_off_the_tile_do_nothing(qtbot, desk):
    window, dashboard, _expected = desk
    tile = dashboard.tiles["overdue"]
    window.activateWindow()
    tile.setFocus()  # focus put there by the program (or a click): no ring at rest
    assert tile.hasFocus() and not tile.focus_ring_shown()
    with qtbot.assertNotEmitted(dashboard.tile_activated):
        qtbot.keyClick(tile, Qt.Key.Key_A)
        assert tile.focus_ring_shown()  # a key pressed there: now it shows
        qtbot.keyClick(tile, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.mousePress(tile, Qt.MouseButton.LeftButton)
        qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=tile.rect().bottomRight() * 2)
        qtbot.mouseClick(tile, Qt.MouseButton.RightButton)
    assert window.current_view() == "dashboard"


def test_a_tile_clears_the_other_filters_and_clearing_shows_the_full_list(qtbot, desk):
    window, dashboard, expected = desk
    cases = window.cases
    window.show_view("cases")
    full = shown(window)
    assert full == expected["open"]  # the list opens on every open case
    # a search, an assignee and another tick that would hide the cases asked for
    cases.search.setText("nobody by this name")
    cases.assignee.setCurrentIndex(cases.assignee.findData("kim"))
    cases.paused.setChecked(True)
    cases.apply_filters()
    assert shown(window) == set()
    window.show_cases("overdue")
    assert shown(window) == expected["overdue"]
    assert cases.overdue.isChecked() and not cases.paused.isChecked()
    assert cases.search.text() == "" and cases.assignee.currentData() == ""
    window.show_cases("due_soon")
    assert cases.due_within_on.isChecked() and cases.due_within.isEnabled()
    assert cases.due_within.value() == 7 and not cases.overdue.isChecked()
    assert shown(window) == expected["due_soon"]
    window.show_cases("extended")
    assert cases.extended.isChecked() and shown(window) == expected["extended"]
    cases.clear_filters()
    assert shown(window) == full
    assert not any(box.isChecked() for box in (cases.due_within_on, cases.overdue,
                                               cases.paused, cases.extended))
    # unticking the filter by hand gives the same full list
    window.show_cases("paused")
    assert shown(window) == expected["paused"]
    cases.paused.setChecked(False)
    assert shown(window) == full
    cases.status.setCurrentIndex(cases.status.findData(""))
    assert len(shown(window)) == 7  # the withdrawn case too, once "All" is chosen
    with pytest.raises(ValueError, match="no filter called 'closed'"):
        cases.show_only("closed")


def test_a_list_loaded_yesterday_is_reloaded_before_it_shows_a_figure(qtbot, desk):
    """Left open overnight: the list's states are worked out again for today."""
    window, dashboard, expected = desk
    cases = window.cases
    # as of 10 Feb 2026 the case received on 20 Jan was not yet overdue
    cases.model.set_rows(cases.model.rows, dt.date(2026, 2, 10))
    window.show_view("dashboard")
    qtbot.mouseClick(dashboard.tiles["overdue"], Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    assert cases.model.today == TODAY
    assert shown(window) == expected["overdue"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from tests.demo_workspace import demo_workspace

    return demo_workspace(tmp_path_factory)  # built once per session, shared


def test_on_the_demo_workspace_each_tile_lists_as_many_cases_as_it_counts(
    qtbot, demo, errors, tmp_path, monkeypatch
):
    """60 cases in every state: the list's own row states agree with the figures."""
    from sar_desk.core.clock import FixedClock
    from sar_desk.ui.app import build_window
    from sar_desk.ui.tasks import TaskRunner

    runner = TaskRunner(error_presenter=errors)
    with demo.open() as ws:
        ws.clock = FixedClock(demo.as_of)
        window = build_window(ws, runner=runner, settings_file=tmp_path / "settings.json")
        qtbot.addWidget(window)
        window.show()
        window.show_view("dashboard")
        dashboard = window.page("dashboard")
        qtbot.waitUntil(lambda: dashboard.data is not None, timeout=20_000)
        idle(qtbot, window)
        figures = dashboard.data.figures
        assert figures.overdue and figures.due_soon and figures.paused and figures.extended
        for name in CLICKABLE:
            window.show_view("dashboard")
            qtbot.mouseClick(dashboard.tiles[name], Qt.MouseButton.LeftButton)
            refs = shown(window)
            assert len(refs) == getattr(figures, name), name
            listed = dashboard_refs(dashboard.data, name)
            assert listed is None or listed == refs, name
        runner.wait_idle()
        window.close()
    assert errors == []


def test_a_list_loaded_yesterday_is_reloaded_when_it_is_shown_again(qtbot, desk):
    """Left open overnight on another view: going back to the list (Esc from a case, the
    View menu) shows today's states, not yesterday's."""
    window, _dashboard, expected = desk
    cases = window.cases
    window.show_view("dashboard")
    cases.model.set_rows(cases.model.rows, dt.date(2026, 2, 10))  # loaded "yesterday"
    assert cases.model.today != TODAY
    window.show_view("cases")
    idle(qtbot, window)
    assert cases.model.today == TODAY
    cases.overdue.setChecked(True)
    assert shown(window) == expected["overdue"]

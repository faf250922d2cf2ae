"""The dashboard widget: tiles, the overdue table by handler, click-through and refresh."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from sar_desk.core import metrics
from sar_desk.errors import InputError
from sar_desk.ui.models.overdue_table_model import IsGroupRole, OverdueTableModel, ReferenceRole
from sar_desk.ui.views.dashboard_view import DashboardView
from tests.core.test_metrics import AS_OF, CASES


def click_row(qtbot, view: DashboardView, row: int) -> None:
    index = view.model.index(row, 1)
    rect = view.table.visualRect(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.fixture
def view(qtbot):
    threads = []

    def load(as_of):
        threads.append(threading.current_thread())
        return metrics.dashboard(CASES, as_of)

    widget = DashboardView(load, today=lambda: AS_OF)
    widget.threads = threads
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    with qtbot.waitSignal(widget.refreshed, timeout=10_000):
        widget.refresh()
    return widget


def test_tiles_show_the_figures(view):
    shown = {key: view.tile_value(key) for key in view.tiles}
    assert shown == {"open": "8", "overdue": "3", "due_soon": "2", "paused": "1",
                     "extended": "1"}
    assert view.as_of_label.text() == "As at 15 Apr 2026"


def test_loading_runs_off_the_ui_thread(view):
    assert view.threads and all(t is not threading.main_thread() for t in view.threads)


def test_overdue_table_grouped_by_handler(view):
    model = view.model
    rows = [(model.data(model.index(r, 0)), model.data(model.index(r, 0), IsGroupRole))
            for r in range(model.rowCount())]
    assert rows == [
        ("Ann — 2 overdue cases (longest 13 days)", True),
        ("A", False),
        ("B", False),
        ("Bob — 1 overdue case (longest 8 days)", True),
        ("N", False),
    ]
    assert model.data(model.index(1, 1)) == "Łódź Wiśniewska"
    assert model.data(model.index(1, 4)) == "13"
    assert view.table.columnSpan(0, 0) == model.columnCount()  # heading spans the row


def test_clicking_an_overdue_row_opens_that_case(qtbot, view):
    with qtbot.waitSignal(view.case_requested, timeout=2000) as blocker:
        click_row(qtbot, view, 4)
    assert blocker.args == ["N"]
    with qtbot.waitSignal(view.case_requested, timeout=2000) as blocker:
        click_row(qtbot, view, 1)
    assert blocker.args == ["A"]


def test_clicking_a_handler_heading_opens_nothing(qtbot, view):
    with qtbot.assertNotEmitted(view.case_requested, wait=100):
        click_row(qtbot, view, 0)


def test_enter_on_a_selected_row_opens_it(qtbot, view):
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(2, 0))
    with qtbot.waitSignal(view.case_requested, timeout=2000) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert blocker.args == ["B"]


def test_refresh_picks_up_changed_cases(qtbot):
    cases = list(CASES)
    widget = DashboardView(lambda d: metrics.dashboard(cases, d), today=lambda: AS_OF)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.refreshed, timeout=10_000):
        widget.refresh()
    assert widget.tile_value("overdue") == "3"
    cases[:] = [c for c in cases if c.reference != "A"]  # A answered and archived elsewhere
    with qtbot.waitSignal(widget.refreshed, timeout=10_000):
        widget.refresh()
    assert widget.tile_value("overdue") == "2" and widget.tile_value("open") == "7"
    assert "A" not in [widget.model.reference_at(r) for r in range(widget.model.rowCount())]


def counting_view(qtbot):
    """A dashboard whose loader records each day it is asked for."""
    calls = []

    def load(as_of):
        calls.append(as_of)
        return metrics.dashboard(CASES, as_of)

    widget = DashboardView(load, today=lambda: AS_OF)
    qtbot.addWidget(widget)
    return widget, calls


def test_repeated_refreshes_coalesce(qtbot):
    widget, calls = counting_view(qtbot)
    for _ in range(5):
        widget.refresh()
    qtbot.waitUntil(lambda: widget.data is not None and not widget._loading, timeout=10_000)
    widget._runner.wait_idle()
    assert 1 <= len(calls) <= 2  # one load, plus one more for the calls made meanwhile


def test_failure_is_shown_in_words_not_a_crash(qtbot):
    def load(as_of):
        raise InputError("the workspace is locked; unlock it first")

    widget = DashboardView(load, today=lambda: AS_OF)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.load_failed, timeout=10_000) as blocker:
        widget.refresh()
    assert "unlock it first" in blocker.args[0]
    assert widget.message_label.text() == blocker.args[0]
    assert widget.refresh_button.isEnabled()


def test_nothing_overdue(qtbot):
    widget = DashboardView(lambda d: metrics.dashboard([], d), today=lambda: AS_OF)
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(widget.refreshed, timeout=10_000):
        widget.refresh()
    assert widget.tile_value("overdue") == "0"
    assert widget.empty_label.isVisible() and not widget.table.isVisible()


def test_charts_follow_the_months(view):
    volume = view.volume_chart.chart()
    bars = volume.series()[0].barSets()
    assert [b.label() for b in bars] == ["Received", "Closed"]
    months = [m.month for m in view.data.months]
    feb = months.index("2026-02")
    assert (bars[0].at(feb), bars[1].at(feb)) == (3, 2)
    lines = view.rate_chart.chart().series()
    points = {int(p.x()): p.y() for line in lines for p in line.points()}
    assert points == {feb: 50.0, feb + 1: 0.0, feb + 2: 100.0}  # months with closures only
    for line in lines:  # no line crosses a month without closures
        xs = [int(p.x()) for p in line.points()]
        assert xs == list(range(xs[0], xs[0] + len(xs))) if xs else True


def test_overdue_model_passes_qt_model_checks(qtmodeltester):
    model = OverdueTableModel()
    model.set_rows(metrics.dashboard(CASES, AS_OF).overdue)
    qtmodeltester.check(model)
    assert model.data(model.index(1, 0), ReferenceRole) == "A"
    assert model.reference_at(0) is None and model.case_count() == 3


# --- on a demo workspace: the same figures as ``sar-desk overdue --json`` -----------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from tests.demo_workspace import demo_workspace

    return demo_workspace(tmp_path_factory)


@pytest.fixture
def demo_view(qtbot, demo):
    from sar_desk.services.dashboard import dashboard_loader

    ws = demo.open()
    widget = DashboardView(dashboard_loader(ws), today=lambda: demo.as_of)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    with qtbot.waitSignal(widget.refreshed, timeout=20_000):
        widget.refresh()
    yield widget, ws
    widget._runner.wait_idle()
    ws.close()


def overdue_json(demo, capsys):
    import json

    from sar_desk.cli import main

    capsys.readouterr()
    assert main(["overdue", *demo.args(), "--as-of", demo.as_of.isoformat(), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_demo_dashboard_shows_the_same_figures_as_overdue_json(demo_view, demo, capsys):
    widget, _ws = demo_view
    data = overdue_json(demo, capsys)
    assert {key: int(widget.tile_value(key)) for key in widget.tiles} == data["figures"]
    model = widget.model
    shown = [(model.reference_at(r), model.data(model.index(r, 4)))
             for r in range(model.rowCount()) if not model.is_group(r)]
    assert shown == [(r["reference"], str(r["days_overdue"])) for r in data["overdue"]]
    headings = [model.data(model.index(r, 0)) for r in model.group_rows()]
    handlers = list(dict.fromkeys(r["assignee"] or "Unassigned" for r in data["overdue"]))
    assert [h.split(" — ")[0] for h in headings] == handlers
    bars = widget.volume_chart.chart().series()[0].barSets()
    assert [int(bars[0].at(i)) for i in range(bars[0].count())] == [
        m["received"] for m in data["months"]]


def test_demo_click_on_an_overdue_row_opens_that_case(qtbot, demo_view):
    from sar_desk.services.cases import get_case

    widget, ws = demo_view
    rows = [r for r in range(widget.model.rowCount()) if not widget.model.is_group(r)]
    assert rows, "the demo should have overdue cases"
    target = rows[-1]
    with qtbot.waitSignal(widget.case_requested, timeout=2000) as blocker:
        click_row(qtbot, widget, target)
    reference = blocker.args[0]
    assert reference == widget.model.reference_at(target)
    case = get_case(ws, reference)  # what the window does with the signal
    assert case.reference == reference and case.status == "open"


def test_tooltips_name_the_cases_behind_the_tiles_and_the_workload(view):
    from sar_desk.ui.views.figure_tile import TILE_HINT

    assert view.tiles["paused"].toolTip() == f"D: waiting for ID since 06 Mar 2026\n\n{TILE_HINT}"
    assert view.tiles["due_soon"].toolTip().splitlines() == [
        "L: due 16 Apr (1 day left)", "C: due 20 Apr (5 days left)", "", TILE_HINT]
    tip = view.model.data(view.model.index(3, 0), Qt.ItemDataRole.ToolTipRole)
    assert tip == ("Bob: 4 open: 1 overdue, 1 due within 7 days, 1 with the clock stopped, "
                   "1 extended")


def test_closing_the_view_while_it_loads_is_harmless(qtbot):
    import threading as th

    from PySide6.QtCore import QCoreApplication
    from shiboken6 import isValid

    from sar_desk.ui.tasks import TaskRunner

    runner = TaskRunner()  # the app's runner outlives the view
    release = th.Event()

    def load(as_of):
        release.wait(5)
        return metrics.dashboard(CASES, as_of)

    widget = DashboardView(load, today=lambda: AS_OF, runner=runner)
    widget.refresh()
    widget.deleteLater()
    qtbot.waitUntil(lambda: not isValid(widget), timeout=5000)
    release.set()
    assert runner.wait_idle(10_000)
    QCoreApplication.processEvents()  # the late result is dropped, nothing raises


def test_a_change_while_hidden_reloads_when_shown(qtbot):
    widget, calls = counting_view(qtbot)
    widget.on_cases_changed("SAR-2026-0001")  # hidden: nothing loads yet
    widget._runner.wait_idle()
    assert calls == []
    with qtbot.waitSignal(widget.refreshed, timeout=10_000):
        widget.show()
    assert calls == [AS_OF]
    with qtbot.waitSignal(widget.refreshed, timeout=10_000):
        widget.on_cases_changed()  # shown: reloads at once
    assert calls == [AS_OF, AS_OF]

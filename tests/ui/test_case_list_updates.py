"""One case changes: the list updates that row and the dashboard its figures, nothing more.

The row moves to where the sort order puts it, the filter follows, the counts change, and
the result is what reading every case again would show, without resetting the model.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from sar_desk.core.entities import CaseStatus, EventKind
from sar_desk.ui.models.case_rows import COL_DUE, COL_REQUESTER, HEADERS, classify
from sar_desk.ui.models.case_table_model import CaseFilterProxy, CaseTableModel, RowState
from tests.ui.test_case_table_model import ROWS, TODAY, day, summary
from tests.ui.window_helpers import idle, make_case

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


class Signals:
    """Counts what a model tells its views."""

    def __init__(self, model) -> None:
        self.counts = dict.fromkeys(("reset", "layout", "data", "inserted", "removed"), 0)
        for name, signal in (("reset", model.modelReset), ("layout", model.layoutChanged),
                             ("data", model.dataChanged), ("inserted", model.rowsInserted),
                             ("removed", model.rowsRemoved)):
            signal.connect(lambda *_a, name=name: self.counts.__setitem__(
                name, self.counts[name] + 1))


def build(rows, column=COL_DUE, order=ASC, **filters):
    model = CaseTableModel()
    model.set_rows(rows, TODAY)
    model.sort(column, order)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    if filters:
        proxy.set_filters(**filters)
    return model, proxy


def shown(proxy):
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def change(model, row):
    return model.update_case(row.reference, row, classify([row], TODAY)[0])


def answered(ref="SAR-2026-0001"):
    old = next(r for r in ROWS if r.reference == ref)
    return dataclasses.replace(old, status=CaseStatus.RESPONDED,
                               events=(*old.events, (EventKind.RESPONDED, day(3, 9))))


def test_an_overdue_case_answered_moves_to_closed_without_a_reset(qtbot):
    model, proxy = build(ROWS, status="open")
    seen = Signals(model)
    assert model.counts[RowState.OVERDUE] == 1
    new = answered()
    change(model, new)
    assert seen.counts["reset"] == 0 and seen.counts["layout"] == 0
    row = model.row_of(new.reference)
    assert model.info[row].state == RowState.CLOSED
    assert model.index(row, HEADERS.index("State")).data() == "Closed"
    assert model.counts[RowState.OVERDUE] == 0 and model.counts[RowState.CLOSED] == 2
    assert new.reference not in shown(proxy)  # the open filter now leaves it out
    fresh_model, fresh_proxy = build([new if r.reference == new.reference else r for r in ROWS],
                                     status="open")
    assert model.rows == fresh_model.rows and model.info == fresh_model.info
    assert shown(proxy) == shown(fresh_proxy)


def test_a_row_that_keeps_its_place_is_changed_in_place(qtbot):
    model, proxy = build(ROWS, column=COL_REQUESTER)
    seen = Signals(model)
    before = model.row_of("SAR-2026-0004")
    change(model, dataclasses.replace(model.rows[before], assignee="kim"))
    assert model.row_of("SAR-2026-0004") == before
    assert seen.counts == {"reset": 0, "layout": 0, "data": 1, "inserted": 0, "removed": 0}
    assert model.index(before, HEADERS.index("Assignee")).data() == "kim"


def test_a_new_case_and_a_case_gone_are_a_row_inserted_and_a_row_removed(qtbot):
    model, proxy = build(ROWS, order=DESC)
    seen = Signals(model)
    new = summary("SAR-2026-0007", "Nadia Новак", received=day(3, 9))
    change(model, new)
    model.update_case("SAR-2026-0002", None, None)
    assert seen.counts["reset"] == 0
    assert seen.counts["inserted"] == 1 and seen.counts["removed"] == 1
    now = [r for r in ROWS if r.reference != "SAR-2026-0002"] + [new]
    fresh, fresh_proxy = build(now, order=DESC)
    assert model.rows == fresh.rows and shown(proxy) == shown(fresh_proxy)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(column=st.integers(0, len(HEADERS) - 1), order=st.sampled_from([ASC, DESC]),
       edits=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 3), st.integers(0, 40)),
                      min_size=1, max_size=8),
       status=st.sampled_from(["", "open", "closed"]), search=st.sampled_from(["", "a", "2"]))
def test_any_changes_leave_the_list_as_a_full_reload_would(qtbot, column, order, edits,
                                                            status, search):
    model, proxy = build(ROWS, column, order, status=status, search=search)
    seen = Signals(model)
    rows = {r.reference: r for r in ROWS}
    for index, what, days in edits:
        ref = f"SAR-2026-{index + 1:04d}"
        if what == 0:
            rows.pop(ref, None)
            model.update_case(ref, None, None)
            continue
        base = rows.get(ref) or summary(ref, f"Person {index} a", received=day(2, 1))
        on = day(1, 1) + dt.timedelta(days=days)
        if what == 1:
            new = dataclasses.replace(base, assignee=f"h{days % 3}")
        elif what == 2:
            new = dataclasses.replace(base, events=((EventKind.RESPONDED, on),),
                                      status=CaseStatus.RESPONDED)
        else:
            new = dataclasses.replace(base, received=on)
        rows[ref] = new
        change(model, new)
    fresh, fresh_proxy = build(list(rows.values()), column, order, status=status,
                               search=search)
    assert seen.counts["reset"] == 0 and seen.counts["layout"] == 0
    assert model.rows == fresh.rows and model.info == fresh.info
    assert shown(proxy) == shown(fresh_proxy)
    assert model.counts == fresh.counts


@pytest.fixture
def board(qtbot, window):
    window.show_view("dashboard")
    dashboard = window.page("dashboard")
    idle(qtbot, window)
    return dashboard


def test_recording_an_event_updates_that_row_and_the_figures_only(qtbot, window, workspace,
                                                                   board, monkeypatch):
    from sar_desk.services import dashboard as dashboard_service
    from sar_desk.services.cases import record_event
    from sar_desk.services.dashboard import load_dashboard

    late = make_case(workspace, name="王芳", received=dt.date(2026, 1, 5)).reference
    make_case(workspace, name="Ελένη", received=dt.date(2026, 3, 10))
    window.ctx.signals.cases_changed.emit()
    idle(qtbot, window)
    model = window.cases.model
    assert model.info[model.row_of(late)].state == RowState.OVERDUE
    assert board.data.figures.overdue == 1
    seen = Signals(model)
    full_reads = []
    real = dashboard_service.registry_rows
    monkeypatch.setattr(dashboard_service, "registry_rows",
                        lambda ws, **kw: full_reads.append(1) or real(ws, **kw))

    record_event(workspace, late, EventKind.RESPONDED, dt.date(2026, 3, 13),
                 override="Answered by hand at the front desk")
    with qtbot.waitSignal(board.refreshed, timeout=15_000):
        window.ctx.signals.case_changed.emit(late)
    idle(qtbot, window)

    row = model.row_of(late)
    assert model.info[row].state == RowState.CLOSED
    assert model.index(row, HEADERS.index("State")).data() == "Closed"
    assert seen.counts["reset"] == 0 and seen.counts["layout"] == 0
    assert "0 overdue" in window.cases.count.text()
    assert full_reads == []  # the dashboard read the one case, not the registry
    assert board.data == load_dashboard(workspace, window.ctx.today())
    assert board.data.figures.overdue == 0 and board.tile_value("overdue") == "0"


def test_answers_worked_out_with_a_load_are_not_used_once_a_row_has_changed(qtbot):
    from sar_desk.ui.models.case_rows import arrange

    model, proxy = build([], status="open")
    arranged = arrange(ROWS, classify(ROWS, TODAY), (COL_DUE, ASC))
    row_filter = proxy.row_filter()
    pairs = zip(arranged.rows, arranged.info, strict=True)
    proxy.preset(arranged.rows, row_filter, [row_filter.accepts(r, i) for r, i in pairs])
    model.set_rows(arranged, TODAY)
    new = summary("SAR-2026-0008", "Zofia Nowak", received=day(3, 2))
    change(model, new)  # before the proxy asked about any row
    fresh, fresh_proxy = build([*ROWS, new], status="open")
    assert shown(proxy) == shown(fresh_proxy)
    assert "SAR-2026-0008" in shown(proxy)

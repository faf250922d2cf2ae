"""The case list model: states, colours plus words, filters, search and sort."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtCore import Qt

from sar_desk.core.entities import CaseStatus, CaseSummary, EventKind
from sar_desk.ui.models.case_table_model import (
    COL_DAYS,
    COL_DUE,
    COL_REQUESTER,
    COL_STATE,
    CaseFilterProxy,
    CaseTableModel,
    RowState,
)

TODAY = dt.date(2026, 3, 10)


def summary(ref, name, *, received, events=(), status=CaseStatus.OPEN, assignee="", due=None):
    """A registry row; its state comes from ``events``, never from the stored ``due``."""
    return CaseSummary(
        reference=ref,
        requester_name=name,
        status=status,
        jurisdiction="uk-ew",
        received=received,
        due=due or received + dt.timedelta(days=30),
        extended_due=None,
        paused=False,
        assignee=assignee,
        updated=None,
        events=tuple(events),
    )


def day(month, d, year=2026):
    return dt.date(year, month, d)


ROWS = [
    # due Thu 05 Mar: 5 days overdue on TODAY
    summary("SAR-2026-0001", "Ada Lovelace", received=day(2, 5), assignee="sam"),
    # due Thu 12 Mar: 2 days left
    summary("SAR-2026-0002", "Łukasz Żółw", received=day(2, 12), assignee="kim"),
    summary("SAR-2026-0003", "王芳", received=day(2, 20),
            events=[(EventKind.CLARIFICATION_REQUESTED, day(2, 25))]),
    # due Tue 07 Apr
    summary("SAR-2026-0004", "عائشة", received=day(3, 5), assignee="sam"),
    # answered on 10 Jan, due 02 Jan: the deadline that ended it
    summary("SAR-2026-0005", "Ελένη", received=day(12, 1, 2025), status=CaseStatus.CLOSED,
            events=[(EventKind.RESPONDED, day(1, 10))]),
    # due Fri 20 Feb, validly extended on 10 Feb to Mon 20 Apr
    summary("SAR-2026-0006", "Bob Extended", received=day(1, 20),
            events=[(EventKind.EXTENDED, day(2, 10))]),
]


@pytest.fixture
def models(qtbot):
    model = CaseTableModel()
    model.set_rows(ROWS, TODAY)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    return model, proxy


def visible(proxy):
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_models_pass_qt_model_tester(models, qtmodeltester):
    model, proxy = models
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)


def test_filtered_and_sorted_proxy_passes_qt_model_tester(models, qtmodeltester):
    model, proxy = models
    proxy.set_filters(status="open", search="a")
    proxy.sort(COL_REQUESTER, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)
    model.set_rows(ROWS[:3], TODAY)  # a refresh while filtered
    qtmodeltester.check(proxy)


def test_overdue_and_due_soon_stand_out_by_words_and_icon_not_only_colour(models):
    model, _ = models
    overdue, soon, on_track = (
        model.index(0, COL_STATE),
        model.index(1, COL_STATE),
        model.index(3, COL_STATE),
    )
    assert overdue.data() == "Overdue" and model.index(0, COL_DAYS).data() == "5 overdue"
    assert soon.data() == "Due soon" and model.index(1, COL_DAYS).data() == "2"
    assert on_track.data() == "On track"
    assert overdue.data(Qt.ItemDataRole.DecorationRole) is not None
    assert soon.data(Qt.ItemDataRole.DecorationRole) is not None
    assert overdue.data(Qt.ItemDataRole.BackgroundRole) != soon.data(Qt.ItemDataRole.BackgroundRole)
    assert on_track.data(Qt.ItemDataRole.BackgroundRole) is None


def test_extended_case_uses_extended_due_date(models):
    model, _ = models
    assert model.index(5, COL_DUE).data() == "20 Apr 2026"
    assert model.index(5, COL_DAYS).data() == "41"
    assert model.index(5, COL_STATE).data() == "On track (extended)"
    assert model.index(5, COL_STATE).data(Qt.ItemDataRole.ToolTipRole) == (
        "On track, due 20 Apr 2026, extended from 20 Feb 2026")
    assert model.info[5].state == RowState.ON_TRACK


def test_paused_and_closed_rows_say_so_and_show_the_deadline_in_force(models):
    model, _ = models
    assert model.index(2, COL_STATE).data() == "Paused"
    assert model.index(2, COL_DAYS).data() == "(clock paused)"
    assert model.index(4, COL_STATE).data() == "Closed"
    assert model.index(4, COL_DAYS).data() == ""
    assert model.index(4, COL_DUE).data() == "02 Jan 2026"


def test_filters(models):
    _, proxy = models
    proxy.set_filters(status="open")
    assert "SAR-2026-0005" not in visible(proxy) and len(visible(proxy)) == 5
    proxy.set_filters(overdue=True)
    assert visible(proxy) == ["SAR-2026-0001"]
    proxy.set_filters(overdue=False, paused=True)
    assert visible(proxy) == ["SAR-2026-0003"]
    proxy.set_filters(paused=False, assignee="sam")
    assert visible(proxy) == ["SAR-2026-0001", "SAR-2026-0004"]
    proxy.set_filters(assignee="", due_within=7)
    assert visible(proxy) == ["SAR-2026-0002"]  # not yet overdue, due in 2 days
    proxy.set_filters(due_within=None, status="closed")
    assert visible(proxy) == ["SAR-2026-0005"]


def test_search_matches_requester_in_any_script_and_reference(models):
    _, proxy = models
    proxy.set_filters(search="łukasz")
    assert visible(proxy) == ["SAR-2026-0002"]
    proxy.set_filters(search="王")
    assert visible(proxy) == ["SAR-2026-0003"]
    proxy.set_filters(search="sar-2026-0004")
    assert visible(proxy) == ["SAR-2026-0004"]
    proxy.set_filters(search="nobody")
    assert visible(proxy) == []


def test_sort_by_requester_and_days(models):
    model, proxy = models
    proxy.sort(COL_REQUESTER, Qt.SortOrder.AscendingOrder)
    names = [proxy.index(r, COL_REQUESTER).data() for r in range(proxy.rowCount())]
    assert names == sorted(names, key=str.casefold)
    proxy.sort(COL_DAYS, Qt.SortOrder.AscendingOrder)
    days = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert days[:4] == ["SAR-2026-0001", "SAR-2026-0002", "SAR-2026-0004", "SAR-2026-0006"]
    assert set(days[4:]) == {"SAR-2026-0003", "SAR-2026-0005"}  # no days left: paused, closed
    assert model.row_of("SAR-2026-0001") >= 0


def test_ten_thousand_rows_filter_without_per_row_work(qtbot):
    rows = [
        summary(f"SAR-2025-{i:05d}", f"Person {i}", received=TODAY - dt.timedelta(days=i % 60))
        for i in range(10_000)
    ]
    model = CaseTableModel()
    model.set_rows(rows, TODAY)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    start = time.perf_counter()
    proxy.set_filters(search="person 99")
    assert proxy.rowCount() == 111  # 99, 990-999, 9900-9999
    assert time.perf_counter() - start < 2.0  # a generous ceiling; benchmarks/ measures speed


def test_a_case_whose_timeline_cannot_be_used_says_so_instead_of_a_date(qtbot):
    broken = summary("SAR-2026-0009", "Nadia Broken", received=day(3, 1),
                     events=[(EventKind.EXTENDED, day(2, 1))])  # before it was received
    model = CaseTableModel()
    model.set_rows([broken], TODAY)
    assert model.info[0].state == RowState.UNKNOWN
    assert model.index(0, COL_STATE).data() == "Check the timeline"
    assert model.index(0, COL_DUE).data() == "" and model.index(0, COL_DAYS).data() == ""


def test_a_case_whose_file_could_not_be_read_says_damaged(qtbot):
    from dataclasses import replace

    from sar_desk.ui.models.case_table_model import COL_STATUS

    model = CaseTableModel()
    model.set_rows([replace(ROWS[0], damaged=True), ROWS[1]], TODAY)
    assert model.index(0, COL_STATUS).data() == "Open (damaged)"
    assert model.index(1, COL_STATUS).data() == "Open"

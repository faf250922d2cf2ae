"""The case list and the dashboard agree on every case's state, whatever the registry's
stored dates say: on the 60-case demo, each row's state, due date and days left in the list
match the deadline engine's for the same day, including rows whose stored ``due`` or
``paused`` went stale."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from PySide6.QtCore import Qt

from sar_desk.core import case_state, metrics
from sar_desk.ui.models.case_table_model import (
    COL_DAYS,
    COL_DUE,
    COL_STATE,
    DATE_FORMAT,
    CaseFilterProxy,
    CaseTableModel,
    RowState,
)
from tests.demo_workspace import PASSPHRASE, demo_workspace, expected, snapshots


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return demo_workspace(tmp_path_factory)  # built once per session, shared


@pytest.fixture(scope="module")
def truth(demo):
    """The figures and lists worked out from each case's full timeline (not the registry)."""
    return expected(snapshots(demo), demo.as_of)


@pytest.fixture(scope="module")
def stale(demo, truth, tmp_path_factory):
    """A copy of the demo whose registry rows lie: an overdue case stored as due in a month,
    a paused case stored as running, a case due soon stored as long overdue.

    Returns (the registry rows, {reference: what the stale row claims}).
    """
    from sar_desk.services.cases import list_cases
    from sar_desk.services.workspace import open_workspace

    root = tmp_path_factory.mktemp("stale") / "workspace"
    shutil.copytree(demo.root, root)
    as_of = demo.as_of
    late = truth.overdue[0][1]
    paused = sorted(truth.paused)[0]
    soon = sorted(truth.due_soon)[0]
    lies = {
        late: {"due": as_of + dt.timedelta(days=30), "paused": 0},
        paused: {"due": as_of + dt.timedelta(days=20), "paused": 0},
        soon: {"due": as_of - dt.timedelta(days=40), "paused": 0},
    }
    with open_workspace(root, passphrase=PASSPHRASE) as ws:
        with ws.registry.writing() as conn:
            for ref, lie in lies.items():
                conn.exec_driver_sql(
                    "UPDATE cases SET due = :due, extended_due = NULL, paused = :paused "
                    "WHERE reference = :ref",
                    {"due": lie["due"].isoformat(), "paused": lie["paused"], "ref": ref})
        rows = list_cases(ws, status="all")
    by_ref = {r.reference: r for r in rows}
    for ref, lie in lies.items():  # the registry really holds the wrong dates now
        assert by_ref[ref].due == lie["due"] and not by_ref[ref].paused
    return rows, lies


@pytest.fixture
def listed(qtbot, demo, stale):
    rows, _lies = stale
    model = CaseTableModel()
    model.set_rows(rows, demo.as_of)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    return model, proxy


def shown(proxy) -> set[str]:
    return {proxy.index(r, 0).data() for r in range(proxy.rowCount())}


def test_every_row_matches_the_case_state_the_dashboard_uses(listed, demo):
    model, _proxy = listed
    states = {s.reference: s for s in case_state.evaluate_all(model.rows, demo.as_of)}
    assert len(states) == len(model.rows) == 60
    kinds = set()
    for row, info in zip(model.rows, model.info, strict=True):
        state = states[row.reference]
        assert info.state == RowState(state.standing), row.reference
        assert info.effective_due == state.due, row.reference
        assert info.days_left == state.days_left, row.reference
        assert info.extended == (state.extended and state.is_open), row.reference
        kinds.add(info.state)
    assert kinds >= {RowState.OVERDUE, RowState.DUE_SOON, RowState.PAUSED, RowState.ON_TRACK,
                     RowState.CLOSED}


def test_the_list_counts_what_the_dashboard_and_the_engine_count(listed, demo, truth):
    model, proxy = listed
    board = metrics.dashboard(model.rows, demo.as_of)
    proxy.set_filters(status="open")
    assert len(shown(proxy)) == board.figures.open == truth.figures["open"]
    proxy.set_filters(overdue=True)
    overdue = {ref for _who, ref, _days, _due in truth.overdue}
    assert shown(proxy) == overdue == {r.reference for r in board.overdue}
    proxy.set_filters(overdue=False, paused=True)
    assert shown(proxy) == set(truth.paused) == {r.reference for r in board.paused}
    proxy.set_filters(paused=False, due_within=case_state.DUE_SOON_DAYS)
    assert shown(proxy) == truth.due_soon == {r.reference for r in board.due_soon}
    proxy.set_filters(due_within=None, extended=True)
    assert len(shown(proxy)) == board.figures.extended == truth.figures["extended"]


def test_overdue_rows_show_the_engines_due_date_and_days(listed, truth):
    model, _proxy = listed
    for _who, ref, days, due in truth.overdue:
        row = model.row_of(ref)
        assert model.index(row, COL_STATE).data().startswith("Overdue"), ref
        assert model.index(row, COL_DUE).data() == f"{due:{DATE_FORMAT}}", ref
        assert model.index(row, COL_DAYS).data() == f"{days} overdue", ref


def test_a_stale_registry_row_shows_the_engines_date_and_state(listed, stale, truth):
    model, _proxy = listed
    _rows, lies = stale
    overdue = {ref: (days, due) for _who, ref, days, due in truth.overdue}
    for ref, lie in lies.items():
        row = model.row_of(ref)
        due_text = model.index(row, COL_DUE).data()
        assert due_text != f"{lie['due']:{DATE_FORMAT}}", ref
        state = model.index(row, COL_STATE).data()
        days = model.index(row, COL_DAYS).data()
        if ref in overdue:  # stored as due in a month
            assert state == "Overdue" and days == f"{overdue[ref][0]} overdue"
            assert due_text == f"{overdue[ref][1]:{DATE_FORMAT}}"
        elif ref in truth.paused:  # stored as running
            assert state.startswith("Paused") and days == "(clock paused)"
            assert model.index(row, COL_STATE).data(Qt.ItemDataRole.BackgroundRole) is not None
        else:  # due soon, stored as 40 days overdue
            assert ref in truth.due_soon
            assert state.startswith("Due soon")
            assert days == "due today" or 0 < int(days) <= case_state.DUE_SOON_DAYS

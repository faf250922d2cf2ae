"""Dashboard, report and register services on a real demo workspace.

Every expected figure is worked out in tests/demo_workspace.py from the case files
themselves (``get_case``) and the deadline engine, not with the metrics code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

from sar_desk.services import dashboard, register_export, reports
from tests.demo_workspace import demo_workspace, expected, snapshots


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return demo_workspace(tmp_path_factory)


@pytest.fixture(scope="module")
def snaps(demo):
    return snapshots(demo)


@pytest.fixture(scope="module")
def board(demo):
    with demo.open() as ws:
        return dashboard.load_dashboard(ws, demo.as_of)


def test_demo_has_something_to_show(board, snaps):
    # The demo covers every state; these checks keep the other tests meaningful.
    assert len(snaps) >= 50
    f = board.figures
    assert f.open and f.overdue and f.paused and f.extended
    assert any(m.closed for m in board.months) and any(m.withdrawn for m in board.months)


def test_figures_match_the_case_files(board, snaps, demo):
    want = expected(snaps, demo.as_of)
    got = board.figures
    assert {"open": got.open, "overdue": got.overdue, "due_soon": got.due_soon,
            "paused": got.paused, "extended": got.extended} == want.figures


def test_overdue_list_matches_the_case_files(board, snaps, demo):
    want = expected(snaps, demo.as_of)
    got = sorted((r.assignee, r.reference, r.days_overdue, r.due) for r in board.overdue)
    assert got == want.overdue
    assert {r.reference for r in board.due_soon} == want.due_soon
    assert {r.reference: r.since for r in board.paused} == want.paused


def test_overdue_list_is_grouped_by_assignee(board):
    names = [r.assignee for r in board.overdue]
    groups = [n for i, n in enumerate(names) if i == 0 or names[i - 1] != n]
    assert len(groups) == len(set(groups))  # each handler's cases together
    for name in set(names):
        days = [r.days_overdue for r in board.overdue if r.assignee == name]
        assert days == sorted(days, reverse=True)


def test_each_month_matches_the_case_files(board, snaps, demo):
    want = expected(snaps, demo.as_of)
    assert [m.month for m in board.months] == list(want.months)
    for row in board.months:
        counts = want.months[row.month]
        for name in ("received", "closed", "closed_on_time", "withdrawn", "extensions",
                     "refusals", "fees_charged", "exemptions_used"):
            assert getattr(row, name) == counts.get(name, 0), (row.month, name)
        if want.rates[row.month] is None:
            assert row.on_time_rate is None
        else:
            assert row.on_time_rate == pytest.approx(want.rates[row.month])


def test_an_earlier_day_matches_too(snaps, demo):
    day = demo.as_of - dt.timedelta(days=40)
    with demo.open() as ws:
        board = dashboard.load_dashboard(ws, day, months=3)
    want = expected(snaps, day, months=3)
    assert board.figures.open == want.figures["open"]
    assert board.figures.overdue == want.figures["overdue"]
    assert sorted((r.assignee, r.reference, r.days_overdue, r.due)
                  for r in board.overdue) == want.overdue
    assert [m.closed_on_time for m in board.months] == [
        want.months[m].get("closed_on_time", 0) for m in want.months]


def test_report_totals_match_the_case_files(snaps, demo):
    first = (demo.as_of.year - 1, demo.as_of.month + 1) if demo.as_of.month < 12 else (
        demo.as_of.year, 1)
    last = (demo.as_of.year, demo.as_of.month)
    with demo.open() as ws:
        report = reports.compliance_report(ws, first, last, today=demo.as_of)
    want = expected(snaps, demo.as_of)
    assert report.total.received == sum(c.get("received", 0) for c in want.months.values())
    assert report.total.closed == sum(c.get("closed", 0) for c in want.months.values())
    assert report.total.closed_on_time == sum(
        c.get("closed_on_time", 0) for c in want.months.values())
    assert report.at_end.overdue == want.figures["overdue"]


def test_report_files_from_the_workspace(demo, tmp_path):
    with demo.open() as ws:
        for fmt in reports.FORMATS:
            out = reports.export_report(ws, (2025, 10), (2026, 3), tmp_path / f"r.{fmt}",
                                        today=demo.as_of)
            assert out.stat().st_size > 200
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert book["Months"].max_row == 1 + 6 + 1  # header, six months, total


def test_register_holds_only_reference_and_name_by_default(demo, snaps, tmp_path):
    with demo.open() as ws:
        count = register_export.export_register(ws, tmp_path / "reg.csv", as_of=demo.as_of)
    assert count == len(snaps)
    text = (tmp_path / "reg.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["Reference"] for r in rows} == {s.reference for s in snaps}
    for snap in snaps:
        if snap.requester.email:
            assert snap.requester.email not in text
        for line in snap.requester.address_lines:
            assert line not in text
        if snap.subject:
            assert snap.subject.name not in text or snap.subject.name == snap.requester.name
        if snap.assignee:
            assert snap.assignee not in text
    by_ref = {r["Reference"]: r for r in rows}
    sample = snaps[0]
    assert by_ref[sample.reference]["Requester"] == sample.requester.name
    assert by_ref[sample.reference]["Received"] == sample.received.isoformat()


def test_register_full_adds_contact_details(demo, snaps, tmp_path):
    with demo.open() as ws:
        register_export.export_register(ws, tmp_path / "reg.xlsx", full=True, as_of=demo.as_of)
    sheet = openpyxl.load_workbook(tmp_path / "reg.xlsx")["Register"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r, strict=True))
            for r in sheet.iter_rows(min_row=2, values_only=True)}
    for snap in snaps:
        row = rows[snap.reference]
        assert row["Requester"] == snap.requester.name
        assert (row["Requester email"] or "") == snap.requester.email
        assert (row["Handler"] or "") == snap.assignee


def test_register_outcomes_match_the_case_files(demo, snaps, tmp_path):
    with demo.open() as ws:
        rows = {r["reference"]: r for r in register_export.register_rows(ws, as_of=demo.as_of)}
    want = expected(snaps, demo.as_of)
    overdue = {ref: days for _a, ref, days, _d in want.overdue}
    assert {ref for ref, r in rows.items() if r["state"] == "overdue"} == set(overdue)
    for ref, days in overdue.items():
        assert rows[ref]["days_overdue"] == days


def test_collector_is_paused_only_during_the_load(demo, monkeypatch):
    import gc

    seen = []
    original = dashboard.registry_rows

    def spy(ws, **kw):
        seen.append(gc.isenabled())
        return original(ws, **kw)

    monkeypatch.setattr(dashboard, "registry_rows", spy)
    assert gc.isenabled()
    with demo.open() as ws:
        dashboard.load_dashboard(ws, demo.as_of)
        assert gc.isenabled()
        gc.disable()
        try:
            dashboard.load_dashboard(ws, demo.as_of)  # a caller's own setting is kept
            assert not gc.isenabled()
        finally:
            gc.enable()
    assert seen == [False, False]

"""Overdue, monthly counts and the compliance report broken down by request type."""

from __future__ import annotations

import pytest

from sar_desk.core import metrics
from sar_desk.core.compliance import build_compliance_report
from sar_desk.core.entities import RequestType
from sar_desk.core.type_metrics import monthly_by_type, of_type, overdue_by_type, type_month_table
from sar_desk.errors import InputError
from tests.core.test_metrics import AS_OF, D, E, case

A, ER, PO = RequestType.ACCESS, RequestType.ERASURE, RequestType.PORTABILITY
CASES = [
    # due Thu 2 Apr: overdue on 15 Apr (access)
    case("A", "2026-03-02"),
    # due Fri 10 Apr: overdue on 15 Apr (erasure)
    case("B", "2026-03-10", types=(ER,)),
    # access and erasure: received 2 Feb, due Mon 2 Mar, answered that day (on time)
    case("C", "2026-02-02", (E.RESPONDED, "2026-03-02"), types=(A, ER)),
    # portability, answered late: due Mon 9 Feb (7 Feb is a Saturday), answered 20 Feb
    case("D", "2026-01-07", (E.RESPONDED, "2026-02-20"), types=(PO,)),
    # erasure received in April, running
    case("F", "2026-04-01", types=(ER,)),
    # erasure withdrawn in March
    case("G", "2026-03-03", (E.WITHDRAWN, "2026-03-09"), types=(ER,), refusals=("2026-03-08",)),
]


def test_overdue_counts_by_type():
    states = metrics.evaluate_all(CASES, AS_OF)
    assert overdue_by_type(states) == {"access": 1, "rectification": 0, "erasure": 1,
                                       "restriction": 0, "portability": 0, "objection": 0}
    board = metrics.dashboard(CASES, AS_OF, months=3)
    rows = {r.request_type: r for r in board.by_type}
    assert (rows["erasure"].open, rows["erasure"].overdue) == (2, 1)
    assert (rows["access"].open, rows["access"].overdue) == (1, 1)
    assert board.to_json()["by_type"][2]["request_type"] == "erasure"


def test_filtering_by_type_gives_that_type_only():
    erasure = of_type(CASES, "erasure")
    assert [c.reference for c in erasure] == ["B", "C", "F", "G"]
    assert of_type(CASES, None) == CASES
    board = metrics.dashboard(erasure, AS_OF, months=3)
    assert [r.reference for r in board.overdue] == ["B"]
    assert board.figures.open == 2
    with pytest.raises(InputError, match="objection"):
        of_type(CASES, "forgetting")


def test_monthly_counts_by_type():
    months = metrics.month_range((2026, 2), (2026, 4))
    states = metrics.evaluate_all(CASES, AS_OF)
    rows = {(r.month, r.request_type): r for r in monthly_by_type(CASES, states, months, AS_OF)}
    assert len(rows) == 3 * len(RequestType)
    assert (rows[("2026-03", "erasure")].received, rows[("2026-03", "erasure")].closed,
            rows[("2026-03", "erasure")].closed_on_time) == (2, 1, 1)
    assert rows[("2026-03", "erasure")].withdrawn == 1
    assert rows[("2026-03", "erasure")].refusals == 1
    assert (rows[("2026-03", "access")].received, rows[("2026-03", "access")].closed) == (1, 1)
    assert rows[("2026-02", "access")].received == 1  # C counts under both of its rights
    assert rows[("2026-02", "erasure")].received == 1
    late = rows[("2026-02", "portability")]
    assert (late.closed, late.closed_on_time, late.on_time_rate) == (1, 0, 0.0)
    assert rows[("2026-04", "erasure")].received == 1
    assert rows[("2026-04", "objection")].received == 0


def test_compliance_report_holds_months_by_type():
    report = build_compliance_report(CASES, (2026, 2), (2026, 3), D("2026-04-15"))
    table = type_month_table(report.type_months)
    assert table[0][:3] == ["Month", "Request type", "Received"]
    assert ["2026-03", "Erasure", 2, 1, 1, 1.0, 1, 0, 1] in table
    assert len(table) == 1 + 2 * len(RequestType)
    by_type = {r.request_type: r for r in report.by_type}
    assert by_type["portability"].closed == 1 and by_type["portability"].closed_on_time == 0

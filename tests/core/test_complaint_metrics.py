"""Complaint figures: dashboard tiles and the monthly report's table."""

from __future__ import annotations

import datetime as dt

from sar_desk.core.complaint_metrics import complaint_month_table, complaint_tiles, tile_test
from sar_desk.core.complaints import ComplaintStatus, ComplaintSummary

D = dt.date


def row(ref, received, ack_due, acknowledged=None, target=None, closed=None, outcomes=()):
    status = ComplaintStatus.CLOSED if closed else ComplaintStatus.OPEN
    return ComplaintSummary(ref, "A", status, received, ack_due, acknowledged,
                            target or received + dt.timedelta(weeks=8), closed,
                            outcomes=tuple(outcomes))


ROWS = [
    row("CMP-2026-0001", D(2026, 6, 19), D(2026, 7, 20)),  # to acknowledge until 20 July
    row("CMP-2026-0002", D(2026, 5, 1), D(2026, 6, 1)),  # acknowledgement overdue, past target
    row("CMP-2026-0003", D(2026, 6, 2), D(2026, 7, 2), acknowledged=D(2026, 6, 3)),
    row("CMP-2026-0004", D(2026, 6, 5), D(2026, 7, 6), acknowledged=D(2026, 7, 8),
        closed=D(2026, 7, 20), outcomes=("upheld", "partly", "not-upheld", "upheld")),
]


def test_tiles():
    tiles = complaint_tiles(ROWS, D(2026, 7, 20))
    assert (tiles.to_acknowledge, tiles.ack_overdue, tiles.past_target, tiles.open) == (1, 1, 1, 3)
    later = complaint_tiles(ROWS, D(2026, 7, 21))
    assert (later.to_acknowledge, later.ack_overdue) == (0, 2)
    assert not tile_test("past_target", ROWS[3], D(2027, 1, 1))  # closed: never counted


def test_month_table():
    table = complaint_month_table(ROWS, (2026, 5), (2026, 7))
    assert table[0][:5] == ["Month", "Complaints received", "Acknowledged",
                            "Acknowledged on time", "Closed"]
    assert table[1] == ["2026-05", 1, 0, 0, 0, 0, 0, 0]
    assert table[2] == ["2026-06", 3, 2, 1, 0, 0, 0, 0]
    assert table[3] == ["2026-07", 0, 0, 0, 1, 2, 1, 1]
    assert table[4] == ["Total", 4, 2, 1, 1, 2, 1, 1]

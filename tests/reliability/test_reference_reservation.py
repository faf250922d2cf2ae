"""A purged case's reference is never given to a new case: its tombstone reserves it."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.entities import Person
from sar_desk.services import cases as C
from sar_desk.services import retention

D = dt.date


@pytest.fixture
def ws(tmp_path, clock):
    from sar_desk.services.workspace import init_workspace

    workspace, _ = init_workspace(tmp_path / "ws", clock=clock)
    yield workspace
    workspace.close()


def new_case(ws, name: str, received: dt.date) -> str:
    return C.create_case(ws, C.NewCase(requester=Person(name, ""), received=received)).reference


def closed_case(ws, name: str, received: dt.date, ended: dt.date) -> str:
    ref = new_case(ws, name, received)
    for kind in ("responded", "closed"):
        C.record_event(ws, ref, kind, ended, override="ended for this test's set-up")
    return ref


def test_the_next_case_never_gets_a_purged_reference(ws, tmp_path):
    first = closed_case(ws, "Ana Lima", D(2019, 1, 10), D(2019, 2, 5))
    last = closed_case(ws, "Zoë Purgeable", D(2019, 3, 1), D(2019, 4, 1))
    assert last == "SAR-2019-0002"
    done = retention.purge(ws, as_of=ws.clock.today(), references=[last], confirm=1,
                           certificates_dir=tmp_path / "certs")
    assert [p.tombstone.reference for p in done] == [last]
    again = new_case(ws, "Someone Else", D(2019, 5, 1))
    assert again not in (first, last) and again == "SAR-2019-0003"
    # Purging every case of the year reserves every reference too.
    retention.purge(ws, as_of=ws.clock.today(), references=[first], confirm=1,
                    certificates_dir=tmp_path / "certs")
    assert new_case(ws, "Yet Another", D(2019, 6, 1)) == "SAR-2019-0004"


def test_a_tombstone_reserves_its_number_in_its_year_only(ws):
    from sar_desk.store import case_flags

    with ws.registry.writing() as conn:
        conn.exec_driver_sql(
            "INSERT INTO tombstones (reference, received, closed, retain_until, purged_at, "
            "purged_by, reason, audit_seq, audit_head) VALUES ('SAR-2024-0007', '2024-01-01', "
            "'2024-02-01', '2030-02-01', '2026-06-30', 'boss', 'test', 1, 'x')")
    assert [t.reference for t in case_flags.tombstones(ws.registry)] == ["SAR-2024-0007"]
    assert new_case(ws, "Ana Lima", D(2024, 3, 1)) == "SAR-2024-0008"
    assert new_case(ws, "Ben Okoro", D(2025, 3, 1)) == "SAR-2025-0001"
    assert ws.registry.next_seq(2024) == 9

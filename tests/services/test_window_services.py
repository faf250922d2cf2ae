"""The services behind the window's users, backup and reports screens."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.entities import Person
from sar_desk.errors import InputError
from sar_desk.services import access, backup, backup_policy, user_changes
from sar_desk.services.cases import NewCase, create_case
from sar_desk.services.register_export import export_register, register_rows

PASS = "a long enough passphrase"


class Stop(Exception):
    pass


def _case(ws, name, received):
    return create_case(ws, NewCase(requester=Person(name=name, email="x@example.org"),
                                   received=received)).reference


def test_removal_and_role_changes_say_what_they_do_first(ws):
    access.add_user(ws, "colin", "privacy_officer", passphrase=PASS)
    said = " ".join(user_changes.removal_consequences(ws, "colin"))
    assert "colin can no longer open" in said and "keys are replaced" in said
    said = " ".join(user_changes.role_change_consequences(ws, "colin", "staff"))
    assert "no longer reads cases" in said and "keys are replaced" in said
    assert user_changes.role_change_consequences(ws, "colin", "privacy_officer,manager") == []
    me = access.current_user(ws).login
    with pytest.raises(InputError, match="last administrator"):
        user_changes.removal_consequences(ws, me)
    with pytest.raises(InputError, match="last administrator"):
        user_changes.role_change_consequences(ws, me, "privacy_officer")
    assert [u.login for u in access.list_users(ws)] == sorted([me, "colin"])


def test_the_register_export_takes_a_date_range(ws, tmp_path):
    _case(ws, "Early Bird", dt.date(2026, 1, 5))
    mid = _case(ws, "Middle Way", dt.date(2026, 3, 10))
    _case(ws, "Late Comer", dt.date(2026, 5, 20))
    rows = register_rows(ws, received_from=dt.date(2026, 2, 1), received_to=dt.date(2026, 4, 30))
    assert [r["reference"] for r in rows] == [mid]
    out = tmp_path / "register.csv"
    assert export_register(ws, out, received_from=dt.date(2026, 3, 10),
                           received_to=dt.date(2026, 3, 10)) == 1
    assert "Middle Way" in out.read_text(encoding="utf-8")
    assert "Late Comer" not in out.read_text(encoding="utf-8")
    with pytest.raises(InputError, match="after it ends"):
        register_rows(ws, received_from=dt.date(2026, 5, 1), received_to=dt.date(2026, 4, 1))


def test_a_backup_reports_progress_and_a_cancel_leaves_nothing(ws, tmp_path):
    _case(ws, "Ada Lovelace", dt.date(2026, 6, 1))
    seen: list[tuple[int, int]] = []

    def stop_half_way(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= total // 2:
            raise Stop

    with pytest.raises(Stop):
        backup.backup_workspace(ws, progress=stop_half_way)
    assert seen and seen[-1][1] > 1
    assert backup_policy.list_archives(ws) == []
    assert not [p for p in ws.backups_dir.iterdir()]  # no part file, no staging folder
    told: list[tuple[int, int]] = []
    made = backup.backup_workspace(ws, progress=lambda d, t: told.append((d, t)))
    assert told[-1][0] == told[-1][1] - 1
    listed = backup_policy.list_archives(ws)
    assert [a.path for a in listed] == [made]
    assert listed[0].size == made.stat().st_size and listed[0].made[:4] == "20" + made.name[9:11]
    assert listed[0].expires > dt.date.fromisoformat(listed[0].made[:10])


def test_a_restore_reports_progress_and_a_cancel_leaves_no_folder(ws, tmp_path, clock):
    _case(ws, "Ada Lovelace", dt.date(2026, 6, 1))
    made = backup.backup_workspace(ws, tmp_path / "copy.sdbk")

    def stop(done: int, total: int) -> None:
        raise Stop

    with pytest.raises(Stop):
        backup.restore_workspace(made, tmp_path / "restored", progress=stop, clock=clock)
    assert not (tmp_path / "restored").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    told: list[tuple[int, int]] = []
    restored = backup.restore_workspace(made, tmp_path / "restored", clock=clock,
                                        progress=lambda d, t: told.append((d, t)))
    restored.close()
    assert told and all(d <= t for d, t in told)

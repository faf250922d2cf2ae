"""The backup retention is a stated, configurable profile value, and pruning keeps to it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sar_desk.core import purge_rules
from sar_desk.core.clock import FixedClock
from sar_desk.errors import SarDeskError
from sar_desk.services import access, backup, backup_archive, backup_policy

DEFAULT = (Path(__file__).parents[2] / "sar_desk/resources/profiles/default.toml").read_text(
    encoding="utf-8")


def test_the_default_is_35_days_and_the_profile_changes_it(ws):
    assert backup_policy.backup_days(ws) == 35
    access.save_profile(ws, DEFAULT.replace("keep_days = 35", "keep_days = 10"))
    assert backup_policy.backup_days(ws) == 10
    with pytest.raises(SarDeskError, match="keep_days"):
        access.save_profile(ws, DEFAULT.replace("keep_days = 35", "keep_days = 0"))
    assert backup_policy.backup_days(ws) == 10  # the bad profile was never written


def test_prune_keeps_to_the_setting_and_leaves_archives_elsewhere(ws, tmp_path):
    access.save_profile(ws, DEFAULT.replace("keep_days = 35", "keep_days = 10"))
    inside = backup.backup_workspace(ws)
    outside = backup.backup_workspace(ws, tmp_path / "offsite.sdbk")
    assert inside.parent == ws.backups_dir
    made = dt.date.fromisoformat(backup_archive.read_header(inside)[0]["created"][:10])
    ws.clock = FixedClock(made + dt.timedelta(days=9))
    assert backup_policy.prunable(ws) == []
    ws.clock = FixedClock(made + dt.timedelta(days=10))
    assert [p.path for p in backup_policy.prunable(ws)] == [inside]
    with pytest.raises(SarDeskError, match="confirm"):
        backup_policy.prune_backups(ws, confirm=None)
    assert inside.exists()
    assert [p.path for p in backup_policy.prune_backups(ws, confirm=1)] == [inside]
    assert not inside.exists() and outside.exists()


def test_an_archive_in_the_backups_folder_is_not_archived_again(ws, tmp_path):
    backup.backup_workspace(ws)
    second = backup.backup_workspace(ws, ws.backups_dir / "second.sdbk")
    with backup.restore_workspace(second, tmp_path / "restored") as restored:
        assert list(restored.backups_dir.glob("*.sdbk")) == []
    with pytest.raises(SarDeskError, match="outside the workspace"):
        backup.backup_workspace(ws, ws.path / "cases" / "x.sdbk")


def test_expiry_is_the_day_made_plus_the_period():
    assert purge_rules.backup_expires(dt.date(2026, 12, 1), 35) == dt.date(2027, 1, 5)

"""The window's restore dialog restores onto a server too: the address checked as it is
typed, the copy a team workspace in the empty database, and this workspace's purges kept."""

from __future__ import annotations

import pytest

from tests.server.team_helpers import PASSPHRASE
from tests.server.test_restore_server import closed_case, restored_copy_keeps_purge
from tests.ui.window_helpers import idle


@pytest.mark.slow
def test_the_restore_dialog_restores_onto_an_empty_database(qtbot, folder_ws, pg_url, tmp_path,
                                                            clock):
    from sar_desk.services import backup, retention
    from sar_desk.store.server.store import where
    from sar_desk.ui.app import build_window
    from sar_desk.ui.tasks import TaskRunner, error_text

    ws = folder_ws
    victim, kept = closed_case(ws, "Ottoline Shredwell"), closed_case(ws, "Bram Oldfield")
    archive = backup.backup_workspace(ws, tmp_path / "before.sdbk")
    retention.purge(ws, confirm=1, references=[victim])
    errors: list[str] = []
    window = build_window(ws, runner=TaskRunner(
        error_presenter=lambda _parent, _title, exc: errors.append(error_text(exc))),
        settings_file=tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    window.show_view("backup")
    view = window.page("backup")
    idle(qtbot, window)
    dialog = view.restore()
    dialog.archive.setText(str(archive))
    dialog.onto_server.setChecked(True)
    assert not dialog.target.isEnabled() and dialog.server.isEnabled()
    dialog.server.setText("db.example.org/sar")
    assert not dialog.ok_button.isEnabled() and "postgresql://" in dialog.server_error.text()
    dialog.server.setText(pg_url)
    dialog.passphrase.setText(PASSPHRASE)
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: bool(view.last_restored_to or errors), timeout=60_000)
    idle(qtbot, window)
    assert errors == []
    assert where(pg_url) in view.message.text() and view.last_restored is None
    restored_copy_keeps_purge(pg_url, victim, kept, clock)

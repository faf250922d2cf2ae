"""The window's first-run dialog refuses a plain-file keyring and says why."""

from __future__ import annotations

import keyring

from sar_desk.ui.dialogs.startup_dialogs import StartDialog
from sar_desk.ui.tasks import TaskRunner
from tests.plaintext_keyring import PlaintextKeyring


def test_the_start_dialog_asks_for_a_passphrase_and_says_why(qtbot, tmp_path):
    keyring.set_keyring(PlaintextKeyring())
    runner = TaskRunner()
    dialog = StartDialog(tmp_path / "ws", runner)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.keyring_note.isVisible()
    note = dialog.keyring_note.text()
    assert "PlaintextKeyring" in note and "plain file" in note and "--" not in note
    dialog.ok_button.click()  # no passphrase typed
    assert runner.busy == 0 and dialog.error.isVisible()
    assert "Choose a passphrase" in dialog.error.text()
    assert not (tmp_path / "ws").exists()
    dialog.passphrase.setText("a good long passphrase")
    dialog.repeat.setText("a good long passphrase")
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.ok_button.click()
    ws, _recovery = dialog.result_value
    ws.close()
    assert keyring.get_keyring().store == {}

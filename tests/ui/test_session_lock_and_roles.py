"""The window and users: the idle lock hides the case view, staff see only ready cases, and a
login that is not a user never gets a window."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from sar_desk.errors import PermissionDenied
from sar_desk.services import signoff
from sar_desk.services.cases import add_note
from sar_desk.services.letters import generate_letter
from sar_desk.ui.session_lock import LockScreen, install_session_lock
from tests.ui.window_helpers import idle, make_case, open_case, window_of_user

PASS = "window passphrase"


def visible_text(win) -> str:
    return " ".join(w.text() for w in win.findChildren(QLabel) if w.isVisible())


def test_the_idle_lock_hides_the_case_view_until_unlocked(qtbot, window, workspace):
    ref = make_case(workspace, name="Hildegard Lockwood").reference
    view = open_case(qtbot, window, ref)
    assert "Hildegard Lockwood" in visible_text(window)
    lock = window.session_lock  # installed by the main window
    assert lock.minutes == 10  # the default, unless SAR_DESK_LOCK_MINUTES says otherwise
    lock.set_minutes(0.002)  # ~120 ms without input
    with qtbot.waitSignal(lock.locked, timeout=5_000):
        pass
    assert isinstance(window.centralWidget(), LockScreen)
    assert not view.isVisible() and not window.cases.isVisible()
    assert "Hildegard Lockwood" not in visible_text(window)
    assert not window.new_action.isEnabled()
    window.new_action.trigger()  # shortcuts do nothing while locked
    assert window.active_dialog is None
    screen = window.centralWidget()
    screen.passphrase.setText("not my passphrase")
    screen.unlock_button.click()
    assert lock.is_locked and screen.error.text()  # this user has no passphrase: keyring only
    screen.passphrase.clear()
    screen.unlock_button.click()
    assert lock.is_locked  # empty never unlocks, nor does anything while no PIN was chosen
    from sar_desk.services.unlock_pin import set_unlock_pin

    set_unlock_pin(workspace, "2468", "2468")
    screen.passphrase.setText("2468")
    with qtbot.waitSignal(lock.unlocked, timeout=5_000):
        screen.unlock_button.click()  # the keyring-only user's unlock PIN
    assert window.centralWidget() is window.stack and view.isVisible()
    assert "Hildegard Lockwood" in visible_text(window)
    assert window.new_action.isEnabled()


def test_activity_keeps_the_window_unlocked(qtbot, window, workspace):
    lock = install_session_lock(window, workspace, minutes=0.01)  # 600 ms
    window.session_lock.set_minutes(0)  # only the lock under test
    for _ in range(6):
        qtbot.wait(200)
        qtbot.keyClick(window.cases.table, "a")
    assert not lock.is_locked
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5_000)


@pytest.fixture
def staff_window(qtbot, tmp_path, monkeypatch, today, errors):
    def prepare(owner):
        plain = make_case(owner, name="Wilhelmina Unready").reference
        ready = make_case(owner, name="Rosalind Ready",
                          request_text="Everything about my sick leave").reference
        add_note(owner, ready, "Line manager is hostile")
        generate_letter(owner, ready, "acknowledgement", "pdf")
        signoff.mark_ready(owner, ready)
        return plain, ready

    for win, _ws, (plain, ready) in window_of_user(
            qtbot, tmp_path, monkeypatch, errors, login="stf", roles="staff",
            passphrase=PASS, prepare=prepare):
        yield win, plain, ready


def test_staff_get_the_ready_letters_window_and_no_case_content(qtbot, staff_window, errors):
    win, plain, ready = staff_window
    assert win.staff_only  # the staff key opens the ready letters store and nothing else
    assert "stf (staff)" in win.windowTitle()
    assert not hasattr(win, "cases") and not hasattr(win, "new_action")
    listed = [[win.table.item(r, c).text() for c in range(win.table.columnCount())]
              for r in range(win.table.rowCount())]  # the page lists what there is to print
    assert listed == [[ready, "Rosalind Ready", "acknowledgement (pdf)", listed[0][3],
                       "not yet"]]
    win.batch_print()
    dialog = win.active_dialog
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=10_000)
    assert [(r.reference, r.requester) for r in dialog.ready] == [(ready, "Rosalind Ready")]
    texts = " ".join(w.text() for w in win.findChildren(QLabel))
    assert "Wilhelmina" not in texts and "sick leave" not in texts and "hostile" not in texts
    with pytest.raises(PermissionDenied, match="only the staff key"):
        add_note(win.ctx.workspace, ready, "a staff note")
    assert errors == []
    dialog.reject()


def test_staff_print_the_ready_letters_and_record_them_sent(qtbot, staff_window, errors,
                                                           monkeypatch, tmp_path):
    from sar_desk.services import staff_desk
    from sar_desk.services.cases import audit_trail, get_case
    from sar_desk.services.workspace import open_workspace
    from sar_desk.ui import printing
    from tests.ui.test_window_letters import FakePrintDialog

    FakePrintDialog.target, FakePrintDialog.shown = str(tmp_path / "printed.pdf"), 0
    monkeypatch.setattr(printing, "QPrintDialog", FakePrintDialog)
    win, _plain, ready = staff_window
    win.batch_print()
    dialog = win.active_dialog
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=10_000)
    assert [(r.reference, r.requester) for r in dialog.ready] == [(ready, "Rosalind Ready")]
    dialog.mark_posted.setChecked(True)
    dialog.print_button.click()
    ws = win.ctx.workspace
    # staff print from the ready letters store and record the dispatch there ...
    qtbot.waitUntil(lambda: any(e["action"] == "dispatch_recorded"
                                for e in staff_desk.ready_audit(ws)), timeout=10_000)
    idle(qtbot, win)
    assert errors == [] and FakePrintDialog.shown == 1
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")
    assert staff_desk.letters_to_print(ws) == []
    # ... and a privacy officer's next open records it in the case file, as stf's
    monkeypatch.setenv("LOGNAME", "owner")
    with open_workspace(ws.path, passphrase=PASS, clock=ws.clock) as owner:
        [sent] = get_case(owner, ready).dispatches
        assert sent.method == "post"
        entry = [e for e in audit_trail(owner, ready) if e.action == "dispatch_recorded"][-1]
        assert entry.actor == "stf"


def test_a_login_that_is_not_a_user_gets_no_window(qtbot, tmp_path, monkeypatch, capsys):
    from sar_desk.cli import main
    from sar_desk.services.workspace import init_workspace
    from sar_desk.ui.app import obtain_workspace
    from sar_desk.ui.tasks import TaskRunner

    monkeypatch.setenv("LOGNAME", "boss")
    init_workspace(tmp_path / "ws")[0].close()
    monkeypatch.setenv("LOGNAME", "mallory")
    with pytest.raises(PermissionDenied, match="'mallory' is not a user"):
        obtain_workspace(tmp_path / "ws", passphrase=None, runner=TaskRunner())
    shot = tmp_path / "shot.png"
    assert main(["gui", "--workspace", str(tmp_path / "ws"), "--screenshot", str(shot)]) == 3
    assert "not a user" in capsys.readouterr().err and not shot.exists()


def test_workflow_menu_marks_ready_approves_and_purges(qtbot, window, workspace, errors):
    import datetime as dt

    from sar_desk.services import access, cases, retention

    ref = make_case(workspace, name="Ready Case").reference
    letter = cases.store_letter(workspace, ref, "final-response", "pdf", b"%PDF final",
                                actor="a colleague")
    view = open_case(qtbot, window, ref)
    window.workflow_actions["ready"].trigger()
    idle(qtbot, window)
    assert access.is_ready(workspace, ref)
    view.letters.letters.setCurrentItem(view.letters.letters.topLevelItem(0))
    window.workflow_actions["approve"].trigger()
    idle(qtbot, window)
    assert errors == []
    assert signoff.letter_approval(workspace, ref, letter.id).sha256 == letter.sha256

    old = make_case(workspace, name="Old Closed", received=dt.date(2019, 1, 10)).reference
    cases.record_event(workspace, old, "responded", dt.date(2019, 2, 1),
        override="ended for this test's set-up")
    cases.record_event(workspace, old, "closed", dt.date(2019, 2, 5),
        override="ended for this test's set-up")
    window.workflow_actions["retention"].trigger()
    dialog = window.active_dialog
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 1, timeout=10_000)
    assert dialog.tree.topLevelItem(0).text(3) == "05 Feb 2025"  # the window's one date format
    assert "Old Closed" not in " ".join(dialog.tree.topLevelItem(0).text(c) for c in range(5))
    dialog.tick(old)
    dialog.purge_button.click()
    confirm = dialog.confirm_dialog
    qtbot.waitUntil(confirm.isVisible, timeout=5_000)
    confirm.count.setText("1")
    confirm.ok_button.click()
    qtbot.waitUntil(lambda: "Purged" in dialog.status.text(), timeout=10_000)
    idle(qtbot, window)
    assert [t.reference for t in retention.tombstones(workspace)] == [old]
    assert (workspace.path / "certificates" / f"{old}-destruction.pdf").exists()
    assert errors == []
    window.workflow_actions["lock"].trigger()
    assert window.session_lock.is_locked

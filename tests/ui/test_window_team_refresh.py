"""A team workspace's window hears a change saved by another workstation (a second
process): the list and dashboard are told, and the open case shows the change."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from tests.server.team_helpers import PASSPHRASE, child_argv, child_env, new_case
from tests.ui.window_helpers import idle, open_case


@pytest.fixture
def workspace(pg_url, clock):
    """A team workspace on the session's PostgreSQL cluster (replaces the folder one)."""
    from sar_desk.services.team import init_team

    ws, _recovery = init_team(pg_url, passphrase=PASSPHRASE, clock=clock)
    yield ws
    ws.close()


@pytest.mark.slow
def test_a_change_from_another_workstation_refreshes_the_open_case(
        qtbot, window, workspace, pg_url, tmp_path):
    ref = new_case(workspace, "Ada Lovelace", "ada@example.org", received=dt.date(2026, 3, 2))
    window.ctx.signals.cases_changed.emit()
    idle(qtbot, window)
    open_case(qtbot, window, ref)
    told: list[str] = []
    window.ctx.signals.case_changed.connect(told.append)
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASSPHRASE + "\n", encoding="utf-8")
    done = subprocess.run(child_argv("note", pg_url, str(passfile), ref, "from the other desk"),
                          env=child_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: ref in told, timeout=3000)
    view = window.case_view
    qtbot.waitUntil(lambda: view.case is not None and any(
        n.text == "from the other desk" for n in view.case.notes), timeout=5000)
    assert "another workstation" in window.statusBar().currentMessage()


@pytest.mark.slow
def test_a_hold_placed_on_another_workstation_reaches_this_window_at_once(
        qtbot, window, workspace, pg_url, tmp_path):
    from sar_desk.services import retention

    ref = new_case(workspace, "Ada Lovelace", "ada@example.org", received=dt.date(2026, 3, 2))
    window.ctx.signals.cases_changed.emit()
    idle(qtbot, window)
    told: list[bool] = []
    window.ctx.signals.cases_changed.connect(lambda: told.append(True))
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASSPHRASE + "\n", encoding="utf-8")
    done = subprocess.run(child_argv("legal-hold", pg_url, str(passfile), ref, "tribunal"),
                          env=child_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: bool(told), timeout=3000)  # lists, dashboard and My work
    # this window's copy holds it already, without opening the workspace again
    assert retention.holds(workspace) == {ref: "tribunal"}


def test_an_unreachable_server_is_said_and_the_note_typed_is_kept(
        qtbot, window, workspace, errors):
    from sar_desk.services.cases import get_case

    ref = new_case(workspace, "Ada Lovelace", "ada@example.org", received=dt.date(2026, 3, 2))
    window.ctx.signals.cases_changed.emit()
    idle(qtbot, window)
    view = open_case(qtbot, window, ref)
    link = workspace.case_store
    reachable = link.store.url
    link.store.close()
    link.store.url = "postgresql://nobody@127.0.0.1:1/gone?connect_timeout=2"  # server down
    note = view.add_note()
    qtbot.keyClicks(note.text, "Called the requester back")
    note.ok_button.click()
    idle(qtbot, window)
    assert any("cannot be reached" in e for e in errors)
    qtbot.waitUntil(note.isVisible, timeout=3000)  # the form is back, with what was typed
    assert note.value() == "Called the requester back"
    link.store.url = reachable  # the server answers again: the same form saves
    note.ok_button.click()
    idle(qtbot, window)
    assert any(n.text == "Called the requester back" for n in get_case(workspace, ref).notes)


def test_the_window_names_the_server_not_the_private_copy(window, pg_url):
    title = window.windowTitle()
    assert "team workspace on postgresql://" in title
    assert str(window.ctx.workspace.path.name) not in title


@pytest.mark.slow
def test_a_stale_save_reloads_the_case_and_keeps_the_form(
        qtbot, window, workspace, pg_url, tmp_path, errors):
    from sar_desk.services import changes
    from sar_desk.services.cases import get_case

    ref = new_case(workspace, "Ada Lovelace", "ada@example.org", received=dt.date(2026, 3, 2))
    window.ctx.signals.cases_changed.emit()
    idle(qtbot, window)
    view = open_case(qtbot, window, ref)
    changes.unsubscribe(workspace)  # this window misses the other desk's change
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASSPHRASE + "\n", encoding="utf-8")
    done = subprocess.run(child_argv("note", pg_url, str(passfile), ref, "from the other desk"),
                          env=child_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    note = view.add_note()
    qtbot.keyClicks(note.text, "Written over an old copy")
    note.ok_button.click()
    idle(qtbot, window)
    assert any("changed by someone else" in e for e in errors)
    qtbot.waitUntil(note.isVisible, timeout=3000)  # the form is back with the text
    assert note.value() == "Written over an old copy"
    qtbot.waitUntil(lambda: any(n.text == "from the other desk" for n in view.case.notes),
                    timeout=5000)  # and the case shows the other desk's change
    note.ok_button.click()
    idle(qtbot, window)
    texts = [n.text for n in get_case(workspace, ref).notes]
    assert texts == ["from the other desk", "Written over an old copy"]

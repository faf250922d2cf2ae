"""Helpers for the window tests (the fixtures are in conftest.py)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from sar_desk.core.entities import Person

TODAY = dt.date(2026, 3, 16)


def idle(qtbot, win, timeout: int = 15_000) -> None:
    """Wait until no background operation runs (and the callbacks have run)."""
    qtbot.waitUntil(lambda: win.ctx.runner.busy == 0, timeout=timeout)


def drop_files(widget, paths) -> None:
    """Send a real drop event carrying local file URLs to ``widget``."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(event)


def make_case(ws, name="Ada Lovelace", received=dt.date(2026, 3, 2), **extra):
    from sar_desk.services.cases import NewCase, create_case

    return create_case(
        ws,
        NewCase(requester=Person(name=name, email="ada@example.org"), received=received, **extra),
    )


def open_case(qtbot, win, reference):
    win.open_case(reference)
    qtbot.waitUntil(
        lambda: win.case_view.case is not None and win.case_view.case.reference == reference,
        timeout=15_000,
    )
    idle(qtbot, win)
    return win.case_view


def window_of_user(qtbot, tmp_path, monkeypatch, errors, *, login: str, roles: str,
                   passphrase: str, prepare=None):
    """Yield ``(window, workspace, prepared)`` opened by ``login`` holding ``roles``.

    A first user (an administrator and privacy officer) makes the workspace, adds ``login``
    and runs ``prepare(workspace)`` (its result is ``prepared``); then ``login`` opens it.
    Use it from a fixture with ``yield from``.
    """
    import pytest
    from PySide6.QtWidgets import QMessageBox

    from sar_desk.services import access
    from sar_desk.services.workspace import init_workspace, open_workspace
    from sar_desk.ui.app import build_window
    from sar_desk.ui.tasks import TaskRunner

    monkeypatch.setattr(QMessageBox, "exec", lambda self, *a: pytest.fail(self.text()))
    monkeypatch.setenv("LOGNAME", "owner")
    from sar_desk.core.clock import FixedClock

    clock = FixedClock(TODAY)
    owner, _ = init_workspace(tmp_path / "ws", passphrase=passphrase, clock=clock)
    access.add_user(owner, login, roles, passphrase=passphrase)
    prepared = prepare(owner) if prepare is not None else None
    owner.close()
    monkeypatch.setenv("LOGNAME", login)
    ws = open_workspace(tmp_path / "ws", passphrase=passphrase, clock=clock)
    runner = TaskRunner(error_presenter=errors)
    win = build_window(ws, runner=runner, settings_file=tmp_path / "settings.json")
    qtbot.addWidget(win)
    win.show()
    idle(qtbot, win)
    yield win, ws, prepared
    runner.wait_idle()
    ws.close()

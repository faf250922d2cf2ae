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

"""Fixtures for the window tests: a real workspace and a main window over it.

Errors from background work are collected instead of shown in a (blocking) message box,
and any blocking message box fails the test at once.
"""

from __future__ import annotations

import pytest

from sar_desk.ui.tasks import TaskRunner, error_text
from tests.ui.window_helpers import TODAY, idle


@pytest.fixture(autouse=True)
def ui_font(qapp):
    """The window's shipped font, as the app sets it: layouts do not depend on this machine's."""
    from sar_desk.ui.app import use_ui_font

    use_ui_font()


@pytest.fixture
def today():
    """'Today' for the window and the services it calls (through the workspace's clock)."""
    return TODAY


@pytest.fixture
def workspace(tmp_path, clock):
    from sar_desk.services.workspace import init_workspace

    ws, _recovery = init_workspace(tmp_path / "ws", clock=clock)
    yield ws
    ws.close()


class Errors(list):
    def __call__(self, parent, title, exc):  # noqa: ANN001 - the runner's presenter
        self.append(error_text(exc))


@pytest.fixture
def errors():
    return Errors()


@pytest.fixture
def window(qtbot, workspace, errors, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from sar_desk.ui.app import build_window

    def no_blocking_box(self, *args):  # noqa: ANN001
        raise AssertionError(f"a blocking message box opened: {self.text()}")

    monkeypatch.setattr(QMessageBox, "exec", no_blocking_box)

    runner = TaskRunner(error_presenter=errors)
    win = build_window(workspace, runner=runner, settings_file=tmp_path / "settings.json")
    qtbot.addWidget(win)
    win.show()
    idle(qtbot, win)
    yield win
    runner.wait_idle()

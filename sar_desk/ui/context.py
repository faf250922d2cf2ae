"""What every window, view and dialog is given: built once by :mod:`sar_desk.ui.app`.

No globals: the composition root creates one :class:`UiContext` and passes it down through
constructors, so tests build any widget with their own workspace, clock and runner.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from sar_desk.core.clock import Clock, SystemClock
from sar_desk.services.settings import UserSettings, load_user_settings, save_user_settings
from sar_desk.ui.tasks import TaskRunner


class AppSignals(QObject):
    """Broadcast after an operation changes something; views decide whether to refresh."""

    case_changed = Signal(str)  # reference of the case that changed
    cases_changed = Signal()  # the registry changed (new case, reindex, ...)
    open_case = Signal(str)  # ask the main window to show a case
    settings_changed = Signal()
    status_message = Signal(str)  # a confirmation for the main window's status bar


def workspace_root(workspace: Any) -> Path | None:
    """The folder of a workspace object, whatever the attribute is called."""
    for name in ("root", "path", "folder", "directory"):
        value = getattr(workspace, name, None)
        if isinstance(value, str | Path):
            return Path(value)
    return None


@dataclass
class UiContext:
    """The open workspace and the app-wide helpers every widget needs."""

    workspace: Any
    runner: TaskRunner
    signals: AppSignals
    clock: Clock = field(default_factory=SystemClock)
    settings_file: Path | None = None  # None: the user config folder
    user: UserSettings = field(default_factory=UserSettings)

    @classmethod
    def create(
        cls,
        workspace: Any,
        *,
        clock: Clock | None = None,
        runner: TaskRunner | None = None,
        settings_file: Path | None = None,
        parent: QObject | None = None,
    ) -> UiContext:
        return cls(
            workspace=workspace,
            runner=runner or TaskRunner(parent),
            signals=AppSignals(parent),
            clock=clock or SystemClock(),
            settings_file=settings_file,
            user=load_user_settings(settings_file),
        )

    def today(self) -> dt.date:
        return self.clock.today()

    @property
    def root(self) -> Path | None:
        return workspace_root(self.workspace)

    def save_user(self, settings: UserSettings) -> UserSettings:
        self.user = save_user_settings(settings, self.settings_file)
        self.signals.settings_changed.emit()
        return self.user

    def run(self, op, **kwargs):  # noqa: ANN001, ANN201 - shorthand for the runner
        return self.runner.run(op, **kwargs)

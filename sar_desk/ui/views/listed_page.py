"""A back-office page whose list is loaded in the background each time it is shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget


class ListedPage(QWidget):
    """Subclasses set ``ctx`` and ``list_title`` and define ``load(ws)`` (run off the
    window's lane) and ``_show(rows)`` (fills the table)."""

    list_title = ""
    ctx: Any
    load: Callable[[Any], Any]
    _show: Callable[[Any], None]

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.refresh()  # each time the page is shown: others may have changed it

    def refresh(self) -> None:
        ws = self.ctx.workspace
        self.ctx.run(lambda: self.load(ws), on_success=self._show, parent=self,
                     title=self.list_title)

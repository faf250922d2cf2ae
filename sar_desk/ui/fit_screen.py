"""Dialogs that fit any screen: long forms scroll, and a window never opens past the edge.

:class:`ScrollBody` holds a form's fields in a scroll area that asks for the form's full
size (so a dialog opens showing everything when there is room) but can shrink to a few
lines; the buttons stay outside it, always on screen. :func:`fit_to_screen` clamps a
window's size and place to the screen's available area (1280×720 with a large font too).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QStyle, QVBoxLayout, QWidget

TITLE_BAR = 40  # room the window manager's title bar and borders take (not in geometry())
MARGIN = 8


def available_area(widget: QWidget) -> QRect:
    """The part of ``widget``'s screen windows may use (not the task bar)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)


class ScrollBody(QScrollArea):
    """A scroll area for a form: as large as the form when there is room, else scrolling."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        inner = self.widget().sizeHint() if self.widget() is not None else QSize()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return QSize(inner.width() + bar + 2, inner.height() + 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        inner = self.widget().minimumSizeHint() if self.widget() is not None else QSize()
        lines = self.fontMetrics().lineSpacing() * 6
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return QSize(inner.width() + bar + 2, min(inner.height(), lines))


def scrolled_body(dialog: QWidget, buttons: QWidget) -> QWidget:
    """The widget to lay ``dialog``'s fields out on: it scrolls on a small screen, with
    ``buttons`` below it, always in view (kept as ``dialog.scroll``)."""
    body = QWidget()
    scroll = ScrollBody(body)
    outer = QVBoxLayout(dialog)
    outer.addWidget(scroll, 1)
    outer.addWidget(buttons)
    dialog.scroll = scroll  # type: ignore[attr-defined]
    return body


def fit_to_screen(window: QWidget, area: QRect | None = None) -> None:
    """Size ``window`` to what it asks for, but no larger than the screen, and move it so
    all of it (its title bar too) is on the screen."""
    area = area or available_area(window)
    hint = window.sizeHint().expandedTo(window.minimumSizeHint())
    width = min(max(window.width(), hint.width()), area.width() - 2 * MARGIN)
    height = min(max(window.height(), hint.height()), area.height() - TITLE_BAR - MARGIN)
    window.resize(max(width, 1), max(height, 1))
    x = min(max(window.x(), area.left() + MARGIN), area.right() - window.width() - MARGIN)
    y = min(max(window.y(), area.top() + TITLE_BAR), area.bottom() - window.height() - MARGIN)
    window.move(max(x, area.left()), max(y, area.top()))

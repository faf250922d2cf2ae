"""A dashboard figure: a big number with a caption, optionally acting like a button.

A clickable tile takes focus, shows a pointing hand and says what a click does; a click or
Enter/Space emits :attr:`FigureTile.activated`. Its focus ring shows only for keyboard focus.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from sar_desk.ui.theme import keep_coloured

TILE_HINT = "Show these cases in the list"
ACTIVATING_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
# Focus that came from the keyboard shows a ring; focus a page switch or a click put on a
# tile does not, so the dashboard at rest looks as it always has.
KEYBOARD_FOCUS = (
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.ShortcutFocusReason,
)


class FigureTile(QFrame):
    """A big number with a caption underneath; a clickable one acts like a button."""

    activated = Signal()  # clicked, or Enter/Space while focused (clickable tiles only)

    def __init__(
        self, caption: str, colour: str, parent: QWidget | None = None, *,
        clickable: bool = False,
    ) -> None:
        super().__init__(parent)
        self.clickable = clickable
        self._colour = QColor(colour)
        self._pressed = False
        self._ring = False  # focus came from the keyboard: draw the focus ring
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("figureTile")
        self.value_label = QLabel("–")
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # the colour made readable on the palette's background (dark mode too)
        keep_coloured(self.value_label, colour, extra_style="font-size: 26pt; font-weight: 600;")
        self.caption_label = QLabel(caption)
        self.caption_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption_label)
        self.setAccessibleName(caption)
        if clickable:
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setToolTip(TILE_HINT)
            self.setAccessibleDescription(f"{TILE_HINT} (Enter)")

    def set_value(self, value: int) -> None:
        self.value_label.setText(str(value))
        text = f"{self.caption_label.text()}: {value}"
        self.setAccessibleDescription(f"{text}. {TILE_HINT} (Enter)" if self.clickable else text)

    def set_details(self, listing: str) -> None:
        """The tooltip: the cases behind the figure, then (if clickable) what a click does."""
        if self.clickable:
            listing = f"{listing}\n\n{TILE_HINT}" if listing else TILE_HINT
        self.setToolTip(listing)

    # -- acting like a button -------------------------------------------------------------
    def focus_ring_shown(self) -> bool:
        return self.clickable and self.hasFocus() and self._ring

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if self.clickable and not self._ring:
            self._ring = True  # someone is using the keyboard here: show where they are
            self.update()
        if (self.clickable and event.key() in ACTIVATING_KEYS and not event.isAutoRepeat()
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            event.accept()
            self.activated.emit()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self.clickable and event.button() == Qt.MouseButton.LeftButton:
            self._pressed = True
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        pressed, self._pressed = self._pressed, False
        if pressed and event.button() == Qt.MouseButton.LeftButton:
            event.accept()
            if self.rect().contains(event.position().toPoint()):  # let go outside: no click
                self.activated.emit()
            return
        super().mouseReleaseEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        if event.reason() != Qt.FocusReason.ActiveWindowFocusReason:  # keep it on return
            self._ring = event.reason() in KEYBOARD_FOCUS
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.ActiveWindowFocusReason:
            self._ring = False
        self.update()

    def enterEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().enterEvent(event)
        self.update()

    def leaveEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().leaveEvent(event)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        ring = self.focus_ring_shown()
        if not self.clickable or not (ring or self.underMouse()):
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if ring:  # a ring in the focus colour, plain to see from the keyboard
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 3)
        else:  # hover: the figure's own colour, thinner
            pen = QPen(self._colour, 1.5)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(self.rect().adjusted(2, 2, -2, -2), 4, 4)
        painter.end()

"""The page of the redaction review: a rendered page with the marks painted over it
(proposed: amber outline; accepted: dark fill; rejected: grey dashes; the current mark in
blue); a mouse drag draws a box."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QWidget

COLOURS = {"proposed": QColor(230, 150, 0), "accepted": QColor(20, 20, 20),
           "rejected": QColor(140, 140, 140)}


class PageCanvas(QWidget):
    """A rendered page with marks painted over it; a mouse drag draws a box."""

    drawn = Signal(tuple)  # (x0, y0, x1, y1) in PDF points

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = QImage()
        self.zoom = 1.0
        self.marks: list[tuple[Any, bool]] = []  # (mark, is current)
        self._start: QPointF | None = None
        self._end: QPointF | None = None
        self.setMouseTracking(False)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def show_page(self, image: QImage, zoom: float, marks: list[tuple[Any, bool]]) -> None:
        self.image, self.zoom, self.marks = image, zoom, marks
        self.setFixedSize(image.size())
        self.update()

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.drawImage(0, 0, self.image)
        for mark, current in self.marks:
            colour = COLOURS.get(mark.state, COLOURS["proposed"])
            for r in mark.rects:
                box = QRectF(r[0] * self.zoom, r[1] * self.zoom, (r[2] - r[0]) * self.zoom,
                             (r[3] - r[1]) * self.zoom)
                if mark.state == "accepted":
                    painter.fillRect(box, QColor(0, 0, 0, 170))
                fill = QColor(colour)
                fill.setAlpha(50 if mark.state == "proposed" else 0)
                painter.fillRect(box, fill)
                pen = QPen(QColor(30, 100, 230) if current else colour, 3 if current else 1.5)
                if mark.state == "rejected":
                    pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.drawRect(box)
            if mark.rects:
                painter.setPen(QColor(30, 100, 230) if current else colour)
                first = mark.rects[0]
                painter.drawText(QPointF(first[0] * self.zoom, first[1] * self.zoom - 3),
                                 str(mark.number))
        if self._start is not None and self._end is not None:
            painter.setPen(QPen(QColor(30, 100, 230), 1.5, Qt.PenStyle.DashLine))
            painter.drawRect(QRectF(self._start, self._end).normalized())
        painter.end()

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._start = self._end = event.position()

    def mouseMoveEvent(self, event: Any) -> None:  # noqa: N802
        if self._start is not None:
            self._end = event.position()
            self.update()

    def mouseReleaseEvent(self, event: Any) -> None:  # noqa: N802
        if self._start is None:
            return
        box = QRectF(self._start, event.position()).normalized()
        self._start = self._end = None
        self.update()
        if box.width() >= 4 and box.height() >= 4:
            z = self.zoom
            self.drawn.emit((box.left() / z, box.top() / z, box.right() / z, box.bottom() / z))

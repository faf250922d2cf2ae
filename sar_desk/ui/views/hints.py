"""Hints painted in empty lists, so an empty pane says what to do next."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QAbstractScrollArea


def paint_hint(view: QAbstractScrollArea, hint: str) -> None:
    """Write ``hint`` in the empty viewport of a list, in the placeholder colour."""
    if not hint:
        return
    painter = QPainter(view.viewport())
    painter.setPen(view.palette().color(QPalette.ColorRole.PlaceholderText))
    rect = view.viewport().rect().adjusted(16, 16, -16, -16)
    flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    painter.drawText(rect, int(flags), hint)
    painter.end()

"""Print PDF letters through QPrintDialog (pages rendered with QtPdf at printer resolution)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget


def render_to_printer(printer: QPrinter, pdfs: list[bytes]) -> int:
    """Paint every page of every PDF onto ``printer``; returns the pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    printed = 0
    try:
        dpi = printer.resolution()
        for data in pdfs:
            buffer = QBuffer()
            buffer.setData(QByteArray(data))
            buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            document = QPdfDocument()
            document.load(buffer)
            for page in range(document.pageCount()):
                if printed:
                    printer.newPage()
                points = document.pagePointSize(page)
                size = QSize(int(points.width() / 72 * dpi), int(points.height() / 72 * dpi))
                image = document.render(page, size)
                target = painter.viewport()
                scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(0, 0, scaled.width(), scaled.height()), image)
                printed += 1
            document.close()
    finally:
        painter.end()
    return printed


def print_pdfs(parent: QWidget | None, pdfs: list[bytes]) -> int:
    """Ask where to print (QPrintDialog), then print; returns pages printed (0 if cancelled)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setResolution(300)  # plenty for letters; 1200 dpi images are slow and huge
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print letters")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return 0
    return render_to_printer(printer, pdfs)

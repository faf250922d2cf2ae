"""One document opened in the window: a PDF (QtPdf, from memory), an image, text, or an
e-mail (headers, body, its attachments as case items), with its PDF pages beside it.

Nothing is written to disk to show it: the bytes go from the case file into a QBuffer or a
widget. "Save a copy…" asks first, then the service writes it and audits it. "Replace with
a PDF…" supplies the pages of an item that needs conversion.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sar_desk.core.entities import RenditionState


class SafeBrowser(QTextBrowser):
    """Shows a message's (already cleaned) HTML; never loads or follows anything."""

    def __init__(self) -> None:
        super().__init__()
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, _type: int, _name: QUrl) -> Any:  # noqa: N802 - Qt override
        return None


class PdfPane(QWidget):
    """A PDF shown from bytes in memory (QPdfDocument reading a QBuffer)."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__()
        self.buffer = QBuffer(self)
        self.buffer.setData(QByteArray(data))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self.buffer)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()


def _message_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class DocumentViewer(QDialog):
    """The viewer for a :class:`~sar_desk.services.document_view.DocumentView`."""

    open_child = Signal(int)  # a child item's id, double-clicked in the attachments list

    def __init__(self, view: Any, *, save_copy: Callable[[Any, str, bool], None],
                 replace_pages: Callable[[Any, str], None], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.doc = view
        self._save_copy, self._replace_pages = save_copy, replace_pages
        info = view.info
        self.setWindowTitle(f"Document {info.id}: {info.filename}")
        self.resize(900, 700)
        self.tabs = QTabWidget()
        self.native: QWidget = self._native_view(view)
        self.tabs.addTab(self.native, {"pdf": "PDF", "image": "Image", "text": "Text",
                                       "email": "E-mail"}.get(view.kind, "File"))
        self.pages: PdfPane | None = None
        if view.pages and view.kind != "pdf":
            self.pages = PdfPane(view.pages, f"Pages of {info.filename}")
            self.tabs.addTab(self.pages, f"Pages ({info.page_count})")
        self.facts = QLabel(self._facts_text(view))
        self.facts.setWordWrap(True)
        self.save_button = QPushButton("&Save a copy…")
        self.save_button.clicked.connect(self.save_copy)
        self.replace_button = QPushButton("&Replace with a PDF…")
        self.replace_button.setToolTip("Supply the pages of this item as a PDF (for one that "
                                       "needs conversion, or was converted badly)")
        self.replace_button.clicked.connect(self.replace_with_pdf)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for b in (self.save_button, self.replace_button):
            buttons.addWidget(b)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.facts)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    # -- building -------------------------------------------------------------------------
    @staticmethod
    def _facts_text(view: Any) -> str:
        info = view.info
        parts = [f"{info.filename} · {info.size:,} bytes"]
        if info.page_count:
            parts.append(f"{info.page_count} page{'s' if info.page_count != 1 else ''}")
        if info.duplicate_of:
            parts.append(f"duplicate of document {info.duplicate_of} (left out of the bundle)")
        if info.parent_id:
            parts.append(f"attached to document {info.parent_id}")
        if info.rendition is RenditionState.NEEDS_CONVERSION:
            parts.append(f"needs conversion: {info.rendition_note}")
        elif info.rendition is RenditionState.UNREADABLE:
            parts.append(f"cannot be read: {info.rendition_note}")
        return " · ".join(parts)

    def _native_view(self, view: Any) -> QWidget:
        if view.kind == "pdf":
            return PdfPane(view.data, view.info.filename)
        if view.kind == "image":
            image = QImage.fromData(QByteArray(view.data))
            if view.info.page_count > 1 and view.pages:  # a multi-page scan: every page
                return PdfPane(view.pages, view.info.filename)
            if image.isNull():  # a format Qt cannot draw: its pages instead
                if view.pages:
                    return PdfPane(view.pages, view.info.filename)
                return _message_label(view.no_pages or "This image cannot be shown.")
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setAccessibleName(view.info.filename)
            area = QScrollArea()
            area.setWidget(label)
            self.image_label = label
            return area
        if view.kind == "text":
            text = QPlainTextEdit()
            text.setReadOnly(True)
            text.setPlainText(view.text)
            text.setAccessibleName(f"{view.info.filename} (read as {view.encoding})")
            return text
        if view.kind == "email":
            return self._mail_view(view)
        if view.pages:
            return PdfPane(view.pages, view.info.filename)
        return _message_label(view.no_pages or "SAR Desk cannot show this file.")

    def _mail_view(self, view: Any) -> QWidget:
        mail = view.mail
        widget = QWidget()
        form = QFormLayout()
        self.header_labels: dict[str, QLabel] = {}
        for name, value in mail.header_rows:
            label = QLabel(value)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{name}:", label)
            self.header_labels[name] = label
        self.body = SafeBrowser()
        self.body.setAccessibleName("Message body")
        if view.text.strip():
            self.body.setPlainText(view.text)
        elif view.body_html:
            self.body.setHtml(view.body_html)
        else:
            self.body.setPlainText("(no body)")
        self.attachments = QTreeWidget()
        self.attachments.setHeaderLabels(["Attachment", "Document", "Pages", "Disclosure"])
        self.attachments.setRootIsDecorated(False)
        self.attachments.setAccessibleName("Attachments")
        for child in view.children:
            item = QTreeWidgetItem([child.filename, f"#{child.id}", str(child.page_count or ""),
                                    child.status.value])
            item.setData(0, Qt.ItemDataRole.UserRole, child.id)
            self.attachments.addTopLevelItem(item)
        self.attachments.itemActivated.connect(
            lambda item, _col: self.open_child.emit(item.data(0, Qt.ItemDataRole.UserRole)))
        self.attachments.setMaximumHeight(140)
        layout = QVBoxLayout(widget)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addWidget(QLabel(f"Attachments ({len(view.children)}), each a document of "
                                "its own:"))
        layout.addWidget(self.attachments)
        return widget

    # -- actions --------------------------------------------------------------------------
    def save_copy(self) -> None:
        """Ask, then choose where; the copy (original, or its pages) is audited."""
        choice = self.confirm_copy()
        if choice is None:
            return
        as_pages = choice == "pages"
        name = self.doc.info.filename
        suggested = name + (".pdf" if as_pages and not name.lower().endswith(".pdf") else "")
        path, _ = QFileDialog.getSaveFileName(self, "Save a copy", suggested)
        if path:
            self._save_copy(self.doc, path, as_pages)

    def confirm_copy(self) -> str | None:
        """Whether to save the "original" or its "pages" (None: not at all)."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Save a copy")
        box.setText(f"Save a copy of {self.doc.info.filename} outside the case file?\n\n"
                    "The copy is not encrypted, and saving it is recorded in the audit trail.")
        original = box.addButton("Save the original", QMessageBox.ButtonRole.AcceptRole)
        pages = box.addButton("Save its PDF pages", QMessageBox.ButtonRole.AcceptRole)
        pages.setEnabled(bool(self.doc.pages))
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        chosen = box.clickedButton()
        return "pages" if chosen is pages else "original" if chosen is original else None

    def replace_with_pdf(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "The PDF with this item's pages", "",
                                              "PDF files (*.pdf)")
        if path:
            self._replace_pages(self.doc, path)

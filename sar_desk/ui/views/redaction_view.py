"""Review a case's redactions: pages with their marks, drawn boxes, keyboard decisions.

The page is rendered by PyMuPDF into memory and painted with the marks over it (proposed:
amber outline; accepted: dark fill; rejected: grey dashes; the current mark in blue). Drag
with the mouse to draw a box; A accepts and R rejects the current mark, N and P (or J and K)
move to the next and previous; + and - zoom. Apply makes the redacted copy, Verify checks it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sar_desk.errors import SarDeskError
from sar_desk.ui.views.redaction_canvas import COLOURS, PageCanvas

ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)


class RedactionView(QWidget):
    """The review of one case's redactions (:meth:`load` a case, then a document)."""

    changed = Signal()

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reference = ""
        self.number = 0
        self.page = 1
        self.zoom = 1.0
        self.source: Any = None
        self.marks: list[Any] = []
        self.current = -1

        self.documents = QComboBox()
        self.documents.setAccessibleName("Document")
        self.documents.currentIndexChanged.connect(self._document_chosen)
        self.page_box = QSpinBox()
        self.page_box.setPrefix("Page ")
        self.page_box.setMinimum(1)
        self.page_box.valueChanged.connect(self._page_chosen)
        self.zoom_label = QLabel()
        zoom_out, zoom_in = QPushButton("−"), QPushButton("+")
        zoom_out.setToolTip("Zoom out (-)")
        zoom_in.setToolTip("Zoom in (+)")
        zoom_out.clicked.connect(lambda: self.step_zoom(-1))
        zoom_in.clicked.connect(lambda: self.step_zoom(1))
        self.reasons = QComboBox()
        self.reasons.setAccessibleName("Reason for new marks")
        self.reasons.setMaximumWidth(380)
        from sar_desk.core.exemptions import CATALOGUE

        for e in CATALOGUE:
            self.reasons.addItem(f"{e.code} — {e.title}", e.code)
        self.reasons.setCurrentIndex(max(0, self.reasons.findData("third-party")))
        self.show_copy = QCheckBox("Show the redacted &copy")
        self.show_copy.setToolTip("The copy as it will be sent (made by Apply)")
        self.show_copy.toggled.connect(lambda _on: self.render())
        self.accept_button = QPushButton("&Accept")
        self.reject_button = QPushButton("&Reject")
        self.apply_button = QPushButton("A&pply")
        self.verify_button = QPushButton("&Verify")
        self.approve_button = QPushButton("Appro&ve set")
        self.approve_button.setToolTip("Approve the case's redacted copies as they stand (a "
                                       "manager or a second privacy officer)")
        self.approve_button.clicked.connect(self.approve)
        self.accept_button.clicked.connect(lambda: self.decide("accepted"))
        self.reject_button.clicked.connect(lambda: self.decide("rejected"))
        self.apply_button.clicked.connect(self.apply)
        self.verify_button.clicked.connect(self.verify)

        top = QHBoxLayout()
        for w in (QLabel("Document"), self.documents, self.page_box, zoom_out, self.zoom_label,
                  zoom_in, QLabel("Reason"), self.reasons, self.show_copy):
            top.addWidget(w)
        top.addStretch(1)

        self.canvas = PageCanvas()
        self.canvas.drawn.connect(self.draw)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.canvas)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.mark_list = QListWidget()
        self.mark_list.setAccessibleName("Marks")
        self.mark_list.currentRowChanged.connect(self._mark_chosen)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.counts)
        side_layout.addWidget(self.mark_list, 1)
        buttons = QHBoxLayout()
        for b in (self.accept_button, self.reject_button, self.apply_button, self.verify_button,
                  self.approve_button):
            buttons.addWidget(b)
        side_layout.addLayout(buttons)
        side_layout.addWidget(self.status)
        split = QSplitter()
        split.addWidget(self.scroll)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([780, 460])
        self.scroll.setMinimumWidth(360)
        side.setMinimumWidth(300)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self.keys = {Qt.Key.Key_A: lambda: self.decide("accepted"),
                     Qt.Key.Key_R: lambda: self.decide("rejected"),
                     Qt.Key.Key_N: lambda: self.step_mark(1),
                     Qt.Key.Key_J: lambda: self.step_mark(1),
                     Qt.Key.Key_P: lambda: self.step_mark(-1),
                     Qt.Key.Key_K: lambda: self.step_mark(-1),
                     Qt.Key.Key_Plus: lambda: self.step_zoom(1),
                     Qt.Key.Key_Equal: lambda: self.step_zoom(1),
                     Qt.Key.Key_Minus: lambda: self.step_zoom(-1)}
        for widget in (self.mark_list, self.canvas, self.scroll):
            widget.installEventFilter(self)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # -- keyboard: the review keys work wherever the focus is in the view ------------------
    def _review_key(self, event: Any) -> bool:
        plain = event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier
                                      | Qt.KeyboardModifier.KeypadModifier)
        action = self.keys.get(Qt.Key(event.key())) if not plain else None
        if action is None:
            return False
        action()
        return True

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if not self._review_key(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and self._review_key(event):
            return True
        return super().eventFilter(watched, event)

    # -- loading ---------------------------------------------------------------------------
    def load(self, reference: str, number: int | None = None) -> None:
        from sar_desk.services.cases import get_case

        case = get_case(self.ctx.workspace, reference)
        self.reference = case.reference
        self.documents.blockSignals(True)
        self.documents.clear()
        for n, d in case.numbered_documents:
            self.documents.addItem(f"{n}. {d.filename}", n)
        self.documents.blockSignals(False)
        if self.documents.count():
            index = self.documents.findData(number) if number else 0
            self.documents.setCurrentIndex(max(index, 0))
            self._document_chosen()

    def _document_chosen(self, *_args: Any) -> None:
        from sar_desk.services import redaction

        number = self.documents.currentData()
        if number is None:
            return
        if self.source is not None:
            self.source.close()
            self.source = None
        self.number, self.page, self.current = int(number), 1, -1
        try:
            self.source = redaction.page_source(self.ctx.workspace, self.reference, self.number)
        except SarDeskError as exc:
            self.status.setText(exc.message)
            self.canvas.show_page(QImage(), self.zoom, [])
            self.mark_list.clear()
            return
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(self.source.count)
        self.page_box.setValue(1)
        self.page_box.setSuffix(f" of {self.source.count}")
        self.page_box.blockSignals(False)
        self.reload_marks()

    def reload_marks(self) -> None:
        from sar_desk.core.redaction import counts
        from sar_desk.services import redaction

        ws = self.ctx.workspace
        self.marks = redaction.marks_of(ws, self.reference, self.number)
        copy = redaction.copy_of(ws, self.reference, self.number)
        c = counts(self.marks)
        verified = f"copy {copy.verified or 'not verified'}" if copy else "no redacted copy"
        if copy is not None and redaction.redaction_approved(ws, self.reference):
            verified += ", set approved"
        self.counts.setText(f"Document {self.number}: {c.proposed} proposed, {c.accepted} "
                            f"accepted, {c.rejected} rejected · {verified}")
        self.mark_list.blockSignals(True)
        self.mark_list.clear()
        for m in self.marks:
            text = f"  “{m.text[:30]}”" if m.text else ""
            item = QListWidgetItem(f"{m.number}. p{m.page} {m.state} · {m.reason} · "
                                   f"{m.source}{text}")
            item.setForeground(COLOURS.get(m.state, COLOURS["proposed"]).darker(120))
            self.mark_list.addItem(item)
        self.mark_list.blockSignals(False)
        if self.marks and not 0 <= self.current < len(self.marks):
            pending = [i for i, m in enumerate(self.marks) if m.state == "proposed"]
            self.current = pending[0] if pending else 0
        if self.marks:
            self.mark_list.setCurrentRow(self.current)
        self.render()

    def render(self) -> None:
        if self.source is None:
            return
        if self.show_copy.isChecked():
            from sar_desk.services import redaction

            copy = redaction.copy_page_source(self.ctx.workspace, self.reference, self.number)
            if copy is None:
                self.status.setText("There is no redacted copy yet: press Apply.")
                self.show_copy.setChecked(False)
                return
            try:
                image = copy.render(min(self.page, copy.count), self.zoom)
            finally:
                copy.close()
            self.canvas.show_page(self._qimage(image), self.zoom, [])
            self.zoom_label.setText(f"{round(self.zoom * 100)}%")
            return
        image = self.source.render(self.page, self.zoom)
        qimage = self._qimage(image)
        here = [(replace(m, rects=tuple(self.source.to_view(self.page, r) for r in m.rects)),
                 i == self.current) for i, m in enumerate(self.marks) if m.page == self.page]
        self.canvas.show_page(qimage, self.zoom, here)
        self.zoom_label.setText(f"{round(self.zoom * 100)}%")

    @staticmethod
    def _qimage(image: Any) -> QImage:
        return QImage(image.samples, image.width, image.height, image.stride,
                      QImage.Format.Format_RGB888).copy()  # owns its pixels

    # -- navigation ------------------------------------------------------------------------
    def _page_chosen(self, value: int) -> None:
        self.page = value
        self.render()

    def _mark_chosen(self, row: int) -> None:
        if 0 <= row < len(self.marks):
            self.current = row
            if self.marks[row].page != self.page:
                self.page_box.setValue(self.marks[row].page)
            self.render()

    def step_mark(self, step: int) -> None:
        if self.marks:
            self.mark_list.setCurrentRow((self.current + step) % len(self.marks))

    def step_zoom(self, step: int) -> None:
        at = min(range(len(ZOOMS)), key=lambda i: abs(ZOOMS[i] - self.zoom))
        self.zoom = ZOOMS[max(0, min(len(ZOOMS) - 1, at + step))]
        self.render()

    # -- changes ---------------------------------------------------------------------------
    def _do(self, op: Any, done: str) -> Any:
        try:
            result = op()
        except SarDeskError as exc:
            from sar_desk.ui.remedies import describe

            self.status.setText(describe(exc))
            return None
        self.status.setText(done)
        self.reload_marks()
        self.changed.emit()
        return result

    def decide(self, state: str) -> None:
        from sar_desk.services import redaction

        if not 0 <= self.current < len(self.marks):
            return
        mark = self.marks[self.current]
        self._do(lambda: redaction.decide(self.ctx.workspace, self.reference, self.number,
                                          [mark.number], state),
                 f"Mark {mark.number} {state}.")
        if self.current < len(self.marks) - 1:
            self.step_mark(1)

    def draw(self, rect: tuple) -> None:
        from sar_desk.services import redaction

        rect = self.source.from_view(self.page, rect)
        mark = self._do(lambda: redaction.draw(self.ctx.workspace, self.reference, self.number,
                                               self.page, rect, self.reasons.currentData()),
                        "Box drawn: accept it to include it.")
        if mark is not None:
            self.current = len(self.marks) - 1
            self.mark_list.setCurrentRow(self.current)

    def apply(self) -> None:
        from sar_desk.services import redaction

        self._do(lambda: redaction.apply(self.ctx.workspace, self.reference, self.number),
                 "Redacted copy made from the accepted marks. Verify it before it is used.")

    def verify(self) -> None:
        from sar_desk.services import redaction

        copy = self._do(lambda: redaction.verify(self.ctx.workspace, self.reference,
                                                 self.number), "")
        if copy is not None:
            self.status.setText("Verified: nothing marked is left." if copy.verified == "passed"
                                else "Verification failed: " + "; ".join(copy.problems))

    def approve(self) -> None:
        from sar_desk.services import redaction

        approved = self._do(lambda: redaction.approve(self.ctx.workspace, self.reference), "")
        if approved is not None:
            self.status.setText(f"Approved {len(approved)} redacted cop"
                                f"{'y' if len(approved) == 1 else 'ies'} as they stand.")

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        if self.source is not None:
            self.source.close()
            self.source = None
        super().closeEvent(event)


def open_review(parent: QWidget, ctx: Any, reference: str, number: int | None = None, *,
                on_change: Any = None) -> RedactionView:
    """Show the review of ``reference`` in its own window (on document ``number``)."""
    view = RedactionView(ctx, parent)
    view.setWindowFlag(Qt.WindowType.Window, True)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    view.setWindowTitle(f"Redaction — {reference}")
    view.resize(1280, 720)
    if on_change is not None:
        view.changed.connect(lambda: on_change(None))
    view.load(reference, number)
    view.show()
    return view

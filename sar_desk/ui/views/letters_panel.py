"""Letters of one case: generate (off the UI thread), preview in QPdfView, print, save, and
record the dispatch.

The preview always shows the selected letter: a PDF as stored, a Word letter from the PDF
rendering of the same document model (which is also what Print prints)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sar_desk.core.letter_status import status_text
from sar_desk.ui.context import UiContext
from sar_desk.ui.dialogs.dispatch_dialog import DispatchDialog
from sar_desk.ui.printing import print_pdfs
from sar_desk.ui.views.case_panels import fill, make_tree, when


def letter_kinds() -> list[Any]:
    """The letter kinds' records (code, title, description...), in the order to offer them."""
    from sar_desk.documents import LETTER_KINDS

    return list(LETTER_KINDS.values())


def kind_text(kind: str) -> str:
    """'identity-request' -> 'Identity request' (as in the Letter type list)."""
    return kind.replace("-", " ").capitalize()


class LettersPanel(QWidget):
    """Needs the case reference (``set_case``); emits ``changed`` after it stores something."""

    changed = Signal()
    previewed = Signal(int)  # pages in the document now shown

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reference = ""
        self.case: Any = None
        self.current_bytes: bytes = b""
        self.current_name = ""
        self.current_letter: Any = None
        self.statuses: dict = {}  # letter id -> LetterStatus, as last read
        self.shown_letter_id: int | None = None  # the stored letter the preview shows
        self.kind = QComboBox()
        for kind in letter_kinds():
            self.kind.addItem(f"{kind_text(kind.code)} — {kind.description}", kind.code)
        # As wide as the panel allows, not as wide as the longest description in this font.
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(30)
        self.format = QComboBox()
        self.format.addItem("PDF", "pdf")
        self.format.addItem("Word (DOCX)", "docx")
        self.format.setAccessibleName("Letter format")
        self.format.setToolTip("PDF to preview and print here; Word to edit before sending")
        self.generate_button = QPushButton("&Generate letter")
        self.generate_button.clicked.connect(self.generate)
        kind_label = QLabel("Letter t&ype:")
        kind_label.setBuddy(self.kind)
        top = QHBoxLayout()
        top.addWidget(kind_label)
        top.addWidget(self.kind, 1)
        top.addWidget(self.format)
        top.addWidget(self.generate_button)
        # Why the chosen kind cannot be written yet (the kind's core rule), else hidden.
        self.kind_reason = QLabel()
        self.kind_reason.setObjectName("choiceLimits")
        self.kind_reason.setWordWrap(True)
        self.kind_reason.hide()
        self.refusals: dict[str, str] = {}  # kind -> why the case is not ready for it
        self.kind.currentIndexChanged.connect(self._kind_changed)

        self.letters = make_tree(
            ["Generated", "Kind", "Format", "By", "Status", "Dispatched"],
            "Letters",
            "No letters yet. Choose the kind of letter above and generate it; it is kept "
            "here to preview, print, save and record as sent.",
        )
        self.letters.itemSelectionChanged.connect(self._selection_changed)
        self.letters.itemActivated.connect(lambda *_: self.preview_selected())
        self.preview_button = QPushButton("&Preview")
        self.print_button = QPushButton("Pr&int…")
        self.save_button = QPushButton("Save a c&opy…")
        self.dispatch_button = QPushButton("Record dispat&ch…")
        self.preview_button.clicked.connect(self.preview_selected)
        self.print_button.clicked.connect(self.print_current)
        self.save_button.clicked.connect(self.save_current)
        self.dispatch_button.clicked.connect(self.record_dispatch)
        buttons = QHBoxLayout()
        for b in (self.preview_button, self.print_button, self.save_button, self.dispatch_button):
            buttons.addWidget(b)
        buttons.addStretch()

        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName("Letter preview")
        self._buffer: QBuffer | None = None
        self.preview_hint = QLabel(
            "Generate a letter, or select one in the list, to see it here."
        )
        self.preview_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_hint.setWordWrap(True)
        self.preview_hint.setEnabled(False)  # drawn in the placeholder (greyed) colour
        self.preview = QStackedWidget()
        self.preview.addWidget(self.preview_hint)
        self.preview.addWidget(self.view)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.letters)
        left_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setSizes([380, 520])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.kind_reason)
        layout.addWidget(split, 1)
        self._selection_changed()

    # -- case ---------------------------------------------------------------------------
    def set_case(self, case: Any) -> None:
        if case.reference != self.reference:  # never show one case's letter in another
            self.clear_preview()
        self.case = case
        self.reference = case.reference
        sent = {d.letter_id: d for d in case.dispatches}
        fill(
            self.letters,
            [
                (
                    [
                        when(x.generated_at),
                        kind_text(x.kind),
                        x.format.upper(),
                        x.generated_by,
                        "",  # the sign-off status, filled in once read
                        f"{when(sent[x.id].date)} {sent[x.id].method}" if x.id in sent else "",
                    ],
                    x,
                )
                for x in reversed(case.letters)
            ],
        )
        self._selection_changed()
        self.gate_kinds()
        self.load_statuses()

    def gate_kinds(self) -> None:
        """Grey out each kind the case is not ready for, its core rule's reason as tooltip."""
        from PySide6.QtGui import QStandardItemModel

        from sar_desk.services.cases import deadline_for

        if self.case is None:
            return
        today = self.ctx.today()
        try:
            deadline = deadline_for(self.case, as_of=today)
        except Exception:  # noqa: BLE001 - no deadline: the services refuse with the reason
            deadline = None
        self.refusals = {}
        model = self.kind.model()
        profile_reason = self._profile_refusal()
        for i, kind in enumerate(letter_kinds()):
            reason = kind.refusal(self.case, deadline, today) if deadline is not None else None
            reason = reason or profile_reason(kind)
            if reason:
                self.refusals[kind.code] = reason[0].upper() + reason[1:]
            if isinstance(model, QStandardItemModel):
                model.item(i).setEnabled(reason is None)
            self.kind.setItemData(i, self.refusals.get(kind.code),
                                  Qt.ItemDataRole.ToolTipRole)
        self._kind_changed()

    def _profile_refusal(self):  # noqa: ANN202 - kind -> reason or None
        """Why the workspace's profile is not ready for a kind (unconfirmed details)."""
        from sar_desk.services.letters import first_letter_refusal, profile_refusal
        from sar_desk.services.settings import workspace_profile

        try:
            profile = workspace_profile(self.ctx.workspace)
            first = first_letter_refusal(self.ctx.workspace, profile)
        except Exception:  # noqa: BLE001 - a broken profile: generating says why
            return lambda _kind: None
        return lambda kind: first or profile_refusal(kind, profile)

    def _kind_changed(self, *_args: object) -> None:
        reason = self.refusals.get(self.kind.currentData() or "", "")
        self.kind_reason.setText(f"Not ready: {reason}" if reason else "")
        self.kind_reason.setVisible(bool(reason))
        self.generate_button.setEnabled(not reason)

    STATUS_COLUMN = 4

    def load_statuses(self) -> None:
        """Read each letter's sign-off status (off the UI thread) into the Status column."""
        from sar_desk.documents.letter_kinds import needs_signoff
        from sar_desk.services.signoff import letter_statuses
        from sar_desk.ui.views.case_corrections import strike_taken_back

        ws, ref = self.ctx.workspace, self.reference
        if not ref or self.case is None or not self.case.letters:
            return

        def show(statuses: dict) -> None:
            if ref != self.reference:
                return
            for row in range(self.letters.topLevelItemCount()):
                item = self.letters.topLevelItem(row)
                letter = item.data(0, Qt.ItemDataRole.UserRole)
                if letter.id in statuses:
                    item.setText(self.STATUS_COLUMN, status_text(statuses[letter.id],
                                                                 needs_signoff(letter.kind)))
            strike_taken_back(self.letters, self.STATUS_COLUMN)  # "Superseded — discarded by…"
            self.statuses = statuses

        self.ctx.run(lambda: letter_statuses(ws, ref), on_success=show, parent=self,
                     title="Letters")

    def clear_preview(self) -> None:
        self.show_hint("Generate a letter, or select one in the list, to see it here.")
        self.current_bytes, self.current_name, self.current_letter = b"", "", None

    def show_hint(self, text: str) -> None:
        """Show ``text`` instead of a letter (never the previous letter)."""
        self.document.close()
        self.shown_letter_id = None
        self.preview_hint.setText(text)
        self.preview.setCurrentWidget(self.preview_hint)

    def selected_letter(self) -> Any:
        item = self.letters.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def _selection_changed(self) -> None:
        has = self.selected_letter() is not None
        for button in (self.preview_button, self.save_button, self.dispatch_button):
            button.setEnabled(has)
        self.print_button.setEnabled(bool(self.current_bytes) or has)
        letter = self.selected_letter()
        if letter is not None and letter.id != self.shown_letter_id:
            self.preview_selected()  # the preview follows the selection

    # -- actions ------------------------------------------------------------------------
    def generate(self) -> None:
        from sar_desk.services.letters import generate_letter

        ws, ref, kind, fmt = (
            self.ctx.workspace,
            self.reference,
            self.kind.currentData(),
            self.format.currentData(),
        )
        sender, today = self.ctx.user.sender(), self.ctx.today()
        self.generate_button.setEnabled(False)

        def op() -> tuple[Any, bytes]:
            return generate_letter(ws, ref, kind, fmt, sender=sender, as_of=today)

        def done(result: tuple[Any, bytes]) -> None:
            self._kind_changed()
            info, data = result
            self.current_bytes, self.current_name = data, f"{ref}-{kind}.{fmt}"
            self.current_letter = info
            if fmt == "pdf":
                self.show_pdf(data)
                self.shown_letter_id = info.id
            else:
                self.show_letter(info)
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            self._kind_changed()
            self.ctx.runner.present_error(self, "Letter not generated", exc)

        self.ctx.run(op, on_success=done, on_error=failed, parent=self)

    def show_pdf(self, data: bytes) -> int:
        """Show PDF bytes in the preview; returns the page count."""
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        self.preview.setCurrentWidget(self.view)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        pages = self.document.pageCount()
        self.previewed.emit(pages)
        self._selection_changed()
        return pages

    def _with_letter_bytes(self, then) -> None:  # noqa: ANN001
        from sar_desk.services.cases import get_letter_bytes

        letter = self.selected_letter()
        if letter is None:
            return
        ws, ref = self.ctx.workspace, self.reference

        def done(data: bytes) -> None:
            self.current_bytes = data
            self.current_name = f"{ref}-{letter.kind}-{letter.id}.{letter.format}"
            then(letter, data)

        self.ctx.run(lambda: get_letter_bytes(ws, ref, letter.id), on_success=done, parent=self)

    def preview_selected(self) -> None:
        letter = self.selected_letter()
        if letter is not None:
            self.show_letter(letter)

    def show_letter(self, letter: Any) -> None:
        """Preview stored ``letter`` (a Word letter through its PDF rendering)."""
        from sar_desk.services.letter_preview import letter_pdf

        ws, ref, sender = self.ctx.workspace, self.reference, self.ctx.user.sender()
        self.shown_letter_id = letter.id
        self.show_hint(f"Preparing the preview of {kind_text(letter.kind).lower()} "
                       f"({letter.format.upper()})…")
        self.shown_letter_id = letter.id

        def shown(data: bytes) -> None:
            if self.shown_letter_id == letter.id and ref == self.reference:
                self.show_pdf(data)

        def failed(exc: BaseException) -> None:
            if self.shown_letter_id == letter.id:
                self.show_hint(str(exc))
                self.shown_letter_id = letter.id

        self.ctx.run(lambda: letter_pdf(ws, ref, letter.id, sender=sender), on_success=shown,
                     on_error=failed, parent=self)

    def save_current(self) -> None:
        def save(letter: Any, data: bytes) -> None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                "Save letter",
                self.current_name,
                "PDF (*.pdf)" if letter.format == "pdf" else "Word document (*.docx)",
            )
            if path:
                with open(path, "wb") as handle:
                    handle.write(data)

        self._with_letter_bytes(save)

    def print_current(self) -> None:
        letter = self.selected_letter() or self.current_letter  # else the one just generated
        if letter is None:
            return
        from sar_desk.services.letter_preview import letter_pdf

        ws, ref, letter_id = self.ctx.workspace, self.reference, letter.id
        sender = self.ctx.user.sender()
        # A Word letter prints its PDF rendering; final, refusal and outcome letters print
        # only once approved (the service checks).
        self.ctx.run(lambda: letter_pdf(ws, ref, letter_id, sender=sender, for_printing=True),
                     on_success=lambda data: print_pdfs(self, [data]), parent=self,
                     title="Not printed")

    def record_dispatch(self) -> None:
        from sar_desk.services.cases import record_dispatch

        letter = self.selected_letter()
        if letter is None:
            return
        dialog = DispatchDialog(f"{letter.kind} letter", self.ctx.today(), self)
        ws, ref = self.ctx.workspace, self.reference

        def accepted() -> None:
            on, method, tracking = dialog.values()
            self.ctx.run(
                lambda: record_dispatch(ws, ref, letter.id, on, method, tracking),
                on_success=lambda _s: self._dispatched(letter, on, method),
                parent=self,
                title="Dispatch not recorded",
            )

        dialog.accepted.connect(accepted)
        dialog.open()
        self.active_dialog = dialog

    def _dispatched(self, letter: Any, on: Any, method: str) -> None:
        self.ctx.signals.status_message.emit(
            f"Recorded the dispatch of letter {letter.id} ({kind_text(letter.kind)}) of "
            f"{self.reference} on {when(on)} by {method}")
        self.changed.emit()

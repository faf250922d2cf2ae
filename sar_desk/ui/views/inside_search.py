"""Below the case list: where the searched words are found inside cases (request text,
notes, search log, documents, e-mails), one row per place, with a short extract."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from sar_desk.core.text_search import SearchHit, long_enough
from sar_desk.ui.context import UiContext
from sar_desk.ui.tasks import error_text

HEADERS = ("Reference", "Requester", "Where", "Found")


class InsideResults(QWidget):
    """Searches inside cases off the UI thread; hidden while there is nothing to show."""

    open_case = Signal(str)
    shown = Signal(int)  # how many places were found for the latest search

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._wanted = ""
        self.title = QLabel()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(HEADERS)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAccessibleName("Found inside cases")
        for col, width in enumerate((120, 180, 260)):
            self.tree.setColumnWidth(col, width)
        self.tree.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.tree)
        self.hide()

    def search_for(self, text: str) -> None:
        """Look for ``text`` inside the cases (nothing until it is long enough to search)."""
        text = text.strip()
        if text == self._wanted:
            return
        self._wanted = text
        if not long_enough(text):
            self.tree.clear()
            self.hide()
            return
        from sar_desk.services.case_search import search_cases

        ws = self.ctx.workspace
        self.ctx.run(lambda: search_cases(ws, text),
                     on_success=lambda hits: self.show_hits(text, hits),
                     on_error=lambda exc: self._failed(text, exc), lane=None, parent=self,
                     title="Search inside cases")  # off the workspace lane: saving never waits

    def show_hits(self, text: str, hits: list[SearchHit]) -> None:
        if text != self._wanted:  # the user has typed on since
            return
        self.tree.clear()
        for hit in hits:
            item = QTreeWidgetItem([hit.reference, hit.requester_name, hit.where, hit.snippet])
            item.setData(0, Qt.ItemDataRole.UserRole, hit.reference)
            item.setToolTip(3, hit.snippet)
            self.tree.addTopLevelItem(item)
        cases = len({h.reference for h in hits})
        self.title.setText(f"Found inside cases: {len(hits)} place{'s' * (len(hits) != 1)} "
                           f"in {cases} case{'s' * (cases != 1)}" if hits else
                           f"Nothing inside the cases says “{text}”.")
        self.show()
        self.shown.emit(len(hits))

    def _failed(self, text: str, exc: BaseException) -> None:
        if text == self._wanted:
            self.tree.clear()
            self.title.setText(f"The cases could not be searched. {error_text(exc)}")
            self.show()

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.open_case.emit(item.data(0, Qt.ItemDataRole.UserRole))

"""Apply an exemption from the DPA 2018 catalogue, with its reference and a recorded reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QListView, QWidget

from sar_desk.core.input_rules import exemption_reasoning_reason
from sar_desk.ui.dialogs.base import ValidatingDialog, error_label
from sar_desk.ui.dialogs.decision_dialog import text_box


def exemption_catalogue() -> list[Any]:
    """The catalogue entries (objects with ``code``, ``reference`` and ``title``)."""
    from sar_desk.core import exemptions

    for name in ("CATALOGUE", "EXEMPTIONS", "catalogue", "all_exemptions"):
        value = getattr(exemptions, name, None)
        if value is None:
            continue
        value = value() if callable(value) else value
        return list(value.values()) if isinstance(value, dict) else list(value)
    raise LookupError("sar_desk.core.exemptions has no catalogue")


def describe(entry: Any) -> str:
    reference = getattr(entry, "reference", "")
    title = getattr(entry, "title", "") or getattr(entry, "name", "")
    return f"{title} — {reference} [{entry.code}]" if reference else f"{title} [{entry.code}]"


class ExemptionDialog(ValidatingDialog):
    """Pick one exemption (type to filter), say why it applies and to what."""

    ok_text = "&Apply exemption"

    def __init__(self, catalogue: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Apply an exemption")
        self.resize(780, 560)  # the longest catalogue entries fit without scrolling sideways
        self.model = QStandardItemModel(self)
        for entry in catalogue:
            item = QStandardItem(describe(entry))
            item.setData(entry.code, Qt.ItemDataRole.UserRole)
            item.setToolTip(getattr(entry, "summary", "") or getattr(entry, "description", ""))
            item.setEditable(False)
            self.model.appendRow(item)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Type to filter: 'third', 'Sch 2', 'health' ...")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.list = QListView()
        self.list.setModel(self.proxy)
        # Long titles wrap onto a second line instead of hiding behind a sideways scroll.
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list_error = error_label()
        self.reasoning = text_box(
            "Why disclosing would prejudice the purpose the exemption protects"
        )
        self.reasoning_error = error_label()
        self.scope = QLineEdit()
        self.scope.setPlaceholderText("e.g. pages 3-5 of the HR file, emails naming colleagues")
        form = QFormLayout(self)
        form.addRow("&Find:", self.filter)
        form.addRow("E&xemption:", self.list)
        form.addRow("", self.list_error)
        form.addRow("&Reasoning:", self.reasoning)
        form.addRow("", self.reasoning_error)
        form.addRow("&Scope:", self.scope)
        self.wording = text_box("What the final response tells the requester (default: the "
                                "exemption's plain description)")
        form.addRow("&Wording for the requester:", self.wording)
        form.addRow(self.buttons)
        self.list.selectionModel().currentChanged.connect(self.validate)
        self.reasoning.textChanged.connect(self.validate)
        self.validate()

    def select(self, code: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(Qt.ItemDataRole.UserRole) == code:
                self.list.setCurrentIndex(index)
                return True
        return False

    def code(self) -> str:
        index = self.list.currentIndex()
        return str(index.data(Qt.ItemDataRole.UserRole) or "") if index.isValid() else ""

    def problems(self) -> dict[QLabel, str]:
        return {
            self.list_error: "" if self.code() else "Choose the exemption that applies.",
            self.reasoning_error: exemption_reasoning_reason(self.reasoning.toPlainText()) or "",
        }

    def values(self) -> tuple[str, str, str]:
        """(code, reasoning, scope): all internal"""
        return self.code(), self.reasoning.toPlainText().strip(), self.scope.text().strip()

    def wording_text(self) -> str:
        """What the final response tells the requester about the exemption ('' for none)."""
        return self.wording.toPlainText().strip()

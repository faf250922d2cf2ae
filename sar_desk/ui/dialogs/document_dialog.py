"""Mark a disclosure document disclose / withhold / partly, naming the exemption relied on."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from sar_desk.core.entities import DisclosureStatus
from sar_desk.core.input_rules import exemption_choice_reason
from sar_desk.ui.dialogs.base import ValidatingDialog, error_label
from sar_desk.ui.dialogs.decision_dialog import text_box
from sar_desk.ui.dialogs.exemption_dialog import describe

STATUS_TEXT = {
    DisclosureStatus.UNDECIDED: "Not decided yet",
    DisclosureStatus.DISCLOSE: "Disclose in full",
    DisclosureStatus.PARTLY: "Disclose in part (redacted)",
    DisclosureStatus.WITHHOLD: "Withhold",
}


class DocumentStatusDialog(ValidatingDialog):
    """Withholding all or part of a document needs an exemption from the catalogue."""

    ok_text = "&Save"

    def __init__(
        self,
        filename: str,
        catalogue: list[Any],
        *,
        status: str = "",
        exemption_code: str = "",
        note: str = "",
        wording: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Disclosure of {filename}")
        self.status = QComboBox()
        for value, text in STATUS_TEXT.items():
            self.status.addItem(text, value)
        self.status.setCurrentIndex(
            max(0, self.status.findData(DisclosureStatus(status or "undecided")))
        )
        self.exemption = QComboBox()
        self.exemption.addItem("(none)", "")
        for entry in catalogue:
            self.exemption.addItem(describe(entry), entry.code)
        self.exemption.setCurrentIndex(max(0, self.exemption.findData(exemption_code)))
        self.exemption_error = error_label()
        form = QFormLayout(self)
        form.addRow(QLabel(filename))
        form.addRow("&Disclose:", self.status)
        form.addRow("&Exemption:", self.exemption)
        form.addRow("", self.exemption_error)
        self.note = text_box("Why (internal: never printed in a letter)")
        self.note.setPlainText(note)
        self.wording = text_box("What the final response says about it (default: the "
                                "exemption's plain description)")
        self.wording.setPlainText(wording)
        form.addRow("&Note:", self.note)
        form.addRow("&Wording for the requester:", self.wording)
        form.addRow(self.buttons)
        self.status.currentIndexChanged.connect(self.validate)
        self.exemption.currentIndexChanged.connect(self.validate)
        self.validate()

    def problems(self) -> dict[QLabel, str]:
        reason = exemption_choice_reason(self.status.currentData(), self.exemption.currentData())
        return {self.exemption_error: reason or ""}

    def values(self) -> tuple[DisclosureStatus, str]:
        return self.status.currentData(), self.exemption.currentData() or ""

    def texts(self) -> tuple[str, str]:
        """(internal note, wording for the requester)"""
        return self.note.toPlainText().strip(), self.wording.toPlainText().strip()

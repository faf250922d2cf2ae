"""Fee or refusal for a manifestly unfounded or excessive request, with grounds and reasons."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from sar_desk.core.entities import Decision, DecisionGround, DecisionKind
from sar_desk.ui.dialogs.base import ValidatingDialog, date_edit, error_label, pydate

GROUND_TEXT = {
    DecisionGround.UNFOUNDED: "Manifestly unfounded",
    DecisionGround.EXCESSIVE: "Manifestly excessive",
    DecisionGround.FURTHER_COPIES: "Further copies (fee only)",
}


def text_box(placeholder: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(72)
    return box


class DecisionDialog(ValidatingDialog):
    """Builds a :class:`~sar_desk.core.entities.Decision`; reasons are always required."""

    ok_text = "&Record decision"
    min_width = 560

    def __init__(self, today: dt.date, *, officer: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Fee or refusal decision")
        self.today = today
        self.officer = officer
        self.kind = QComboBox()
        self.kind.addItem("Charge a reasonable fee", DecisionKind.FEE)
        self.kind.addItem("Refuse the request", DecisionKind.REFUSE)
        self.ground = QComboBox()
        for ground, text in GROUND_TEXT.items():
            self.ground.addItem(text, ground)
        self.factors = text_box("What was weighed: history, burden, intent, overlap ...")
        self.reasons = text_box("The reasons the requester will be given")
        self.reasons_error = error_label()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("e.g. 25.00")
        self.amount_error = error_label()
        self.working = text_box("How the fee was worked out: staff time, copying, postage")
        self.decided = date_edit(today)
        self.date_error = error_label()
        self.ground_error = error_label()
        form = QFormLayout(self)
        form.addRow("&Decision:", self.kind)
        form.addRow("&Ground:", self.ground)
        form.addRow("", self.ground_error)
        form.addRow("&Factors weighed:", self.factors)
        form.addRow("R&easons:", self.reasons)
        form.addRow("", self.reasons_error)
        form.addRow("Fee &amount (£):", self.amount)
        form.addRow("", self.amount_error)
        form.addRow("Fee &working:", self.working)
        form.addRow("Decided &on:", self.decided)
        form.addRow("", self.date_error)
        form.addRow(self.buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for signal in (
            self.ground.currentIndexChanged,
            self.reasons.textChanged,
            self.amount.textChanged,
            self.decided.dateChanged,
        ):
            signal.connect(self.validate)
        self._kind_changed()

    def _kind_changed(self, *_args: object) -> None:
        fee = self.kind.currentData() == DecisionKind.FEE
        self.amount.setEnabled(fee)
        self.working.setEnabled(fee)
        self.validate()

    def amount_value(self) -> Decimal | None:
        text = self.amount.text().strip().lstrip("£").replace(",", "")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
        return value if value.is_finite() else None

    def problems(self) -> dict[QLabel, str]:
        fee = self.kind.currentData() == DecisionKind.FEE
        amount_msg = ""
        if fee:
            value = self.amount_value()
            if not self.amount.text().strip():
                amount_msg = "Enter the fee: a reasonable, cost-based amount."
            elif value is None:
                amount_msg = f"'{self.amount.text().strip()}' is not an amount of money."
            elif value <= 0 or value != value.quantize(Decimal("0.01")):
                amount_msg = "The fee must be more than £0 and in pounds and pence."
        ground_msg = ""
        if not fee and self.ground.currentData() == DecisionGround.FURTHER_COPIES:
            ground_msg = "Further copies can justify a fee, not a refusal."
        day = pydate(self.decided.date())
        return {
            self.reasons_error: ""
            if self.reasons.toPlainText().strip()
            else "Give the reasons: every decision needs them.",
            self.amount_error: amount_msg,
            self.ground_error: ground_msg,
            self.date_error: f"{day:%d %b %Y} is in the future." if day > self.today else "",
        }

    def decision(self) -> Decision:
        fee = self.kind.currentData() == DecisionKind.FEE
        return Decision(
            kind=self.kind.currentData(),
            ground=self.ground.currentData(),
            reasons=self.reasons.toPlainText().strip(),
            factors=self.factors.toPlainText().strip(),
            amount=self.amount_value() if fee else None,
            working=self.working.toPlainText().strip() if fee else "",
            decided_on=pydate(self.decided.date()),
            decided_by=self.officer,
        )

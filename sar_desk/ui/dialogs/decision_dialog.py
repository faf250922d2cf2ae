"""Fee or refusal for a manifestly unfounded or excessive request, with grounds and reasons.

Given the case, the dialog offers only what the core still allows
(:func:`sar_desk.core.case_actions.decision_reason`): a refused kind or ground is disabled,
with the reason as its tooltip and in a note above the choices.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from sar_desk.core.case_actions import decision_reason, ground_reason
from sar_desk.core.entities import CaseSnapshot, Decision, DecisionGround, DecisionKind
from sar_desk.core.input_rules import (
    decision_reasons_reason,
    fee_text_reason,
    future_date_reason,
    parse_money,
)
from sar_desk.ui.dialogs.base import ValidatingDialog, date_edit, error_label, pydate
from sar_desk.ui.fit_screen import scrolled_body

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

    def __init__(self, today: dt.date, *, officer: str = "", case: CaseSnapshot | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Fee or refusal decision")
        self.today = today
        self.officer = officer
        self.case = case
        self.kind = QComboBox()
        self.kind.addItem("Charge a reasonable fee", DecisionKind.FEE)
        self.kind.addItem("Refuse the request", DecisionKind.REFUSE)
        self.ground = QComboBox()
        for ground, text in GROUND_TEXT.items():
            self.ground.addItem(text, ground)
        self.factors = text_box("What was weighed: history, burden, intent, overlap ...")
        self.reasons = text_box("The reasons, for the record (internal)")
        self.wording = text_box("The reasons as the letter gives them to the requester")
        self.reasons_error = error_label()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("e.g. 25.00")
        self.amount_error = error_label()
        self.working = text_box("How the fee was worked out: staff time, copying, postage")
        self.decided = date_edit(today)
        self.date_error = error_label()
        self.ground_error = error_label()
        self.limits = QLabel()  # why some choices are disabled (hidden when all are possible)
        self.limits.setObjectName("choiceLimits")
        self.limits.setWordWrap(True)
        self.limits.setContentsMargins(0, 0, 0, 6)
        self.limits.hide()
        form = QFormLayout(scrolled_body(self, self.buttons))  # scrolls on a small screen
        form.addRow(self.limits)
        form.addRow("&Decision:", self.kind)
        form.addRow("&Ground:", self.ground)
        form.addRow("", self.ground_error)
        form.addRow("&Factors weighed:", self.factors)
        form.addRow("R&easons:", self.reasons)
        form.addRow("", self.reasons_error)
        form.addRow("Wording for the re&quester:", self.wording)
        form.addRow("Fee &amount (£):", self.amount)
        form.addRow("", self.amount_error)
        form.addRow("Fee &working:", self.working)
        form.addRow("Decided &on:", self.decided)
        form.addRow("", self.date_error)
        self._gate_kinds()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for signal in (
            self.ground.currentIndexChanged,
            self.reasons.textChanged,
            self.amount.textChanged,
            self.decided.dateChanged,
        ):
            signal.connect(self.validate)
        self._kind_changed()

    # -- what the case still allows (asked of the core, pair by pair) ----------------------
    def reason(self, kind: DecisionKind, ground: DecisionGround) -> str | None:
        """Why this pair cannot be decided (on the case, when one was given); None: it can."""
        return decision_reason(self.case, kind, ground)

    def _grounds(self) -> list[DecisionGround]:
        return [self.ground.itemData(i) for i in range(self.ground.count())]

    @staticmethod
    def _gate_item(combo: QComboBox, index: int, reason: str | None) -> None:
        model = combo.model()
        if isinstance(model, QStandardItemModel):
            model.item(index).setEnabled(reason is None)
        combo.setItemData(index, reason, Qt.ItemDataRole.ToolTipRole)

    @staticmethod
    def _select_first_allowed(combo: QComboBox, allowed: list[bool]) -> None:
        if allowed and not allowed[combo.currentIndex()] and any(allowed):
            combo.setCurrentIndex(allowed.index(True))

    def _gate_kinds(self) -> None:
        """Disable each kind no offered ground allows; preselect the first allowed kind.

        The note above the choices gives the first refusal among the pairs offered.
        """
        kinds = [self.kind.itemData(i) for i in range(self.kind.count())]
        refusals = [r for k in kinds for g in self._grounds()  # the case's limits only
                    if (r := self.reason(k, g)) and r != ground_reason(k, g)]
        self.limits.setText(refusals[0] if refusals else "")
        self.limits.setVisible(bool(refusals))
        allowed = []
        for i in range(self.kind.count()):
            reasons = [self.reason(self.kind.itemData(i), g) for g in self._grounds()]
            refused = all(r is not None for r in reasons)
            self._gate_item(self.kind, i, reasons[0] if refused and reasons else None)
            allowed.append(not refused)
        self._select_first_allowed(self.kind, allowed)

    def _gate_grounds(self) -> None:
        """Disable the grounds refused with the chosen kind; keep or pick an allowed one."""
        kind = self.kind.currentData()
        reasons = [self.reason(kind, g) for g in self._grounds()]
        for i, why in enumerate(reasons):
            self._gate_item(self.ground, i, why)
        self._select_first_allowed(self.ground, [r is None for r in reasons])

    def _kind_changed(self, *_args: object) -> None:
        self._gate_grounds()
        fee = self.kind.currentData() == DecisionKind.FEE
        self.amount.setEnabled(fee)
        self.working.setEnabled(fee)
        self.validate()

    def amount_value(self) -> Decimal | None:
        return parse_money(self.amount.text())

    def problems(self) -> dict[QLabel, str]:
        fee = self.kind.currentData() == DecisionKind.FEE
        amount_msg = (fee_text_reason(self.amount.text()) or "") if fee else ""
        ground = self.ground.currentData()
        ground_msg = self.reason(self.kind.currentData(), ground) or ""
        day = pydate(self.decided.date())
        return {
            self.reasons_error: decision_reasons_reason(self.reasons.toPlainText()) or "",
            self.amount_error: amount_msg,
            self.ground_error: ground_msg,
            self.date_error: future_date_reason(day, self.today, "decision date") or "",
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
            wording=self.wording.toPlainText().strip(),
        )

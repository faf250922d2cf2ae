"""The complaint handler field and the Assign handler form, checked by the core rule.

The list offers the users who may handle complaints (privacy officers); a login can still
be typed, and anyone else is refused by name next to the field, as the service refuses it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from sar_desk.core.complaint_handler import (
    NO_HANDLER,
    UserEntry,
    find_user,
    handler_reason,
    handles_complaints,
)
from sar_desk.ui.dialogs.base import ValidatingDialog, error_label

NOBODY_YET = f"({NO_HANDLER} yet)"


def workspace_users(ws: object) -> list[UserEntry]:
    """(login, display name, roles) of every user of ``ws`` (a quick registry query)."""
    from sar_desk.services.complaint_handlers import workspace_users as users

    return users(ws)  # type: ignore[arg-type]


def shown_name(login: str, name: str) -> str:
    """A user as the list shows them: "Display Name (login)", or the login alone."""
    return f"{name} ({login})" if name and name != login else login


class HandlerBox(QComboBox):
    """``users``: every user of the workspace; the list holds those who may handle
    complaints. ``optional``: "no handler yet" may be chosen (a new complaint)."""

    def __init__(self, users: Sequence[UserEntry], current: str = "", *,
                 optional: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.users = list(users)
        self.optional = optional
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName("Handler")
        if optional:
            self.addItem(NOBODY_YET, "")
        for login, name, roles in self.users:
            if handles_complaints(roles):
                self.addItem(shown_name(login, name), login)
        self.set_value(current)

    def set_value(self, login: str) -> None:
        """Show the user ``login`` names (or the text as typed; "no handler" when empty)."""
        user = find_user(login, self.users)
        index = self.findData(user[0]) if user else -1
        if index >= 0:
            self.setCurrentIndex(index)
        elif login or not self.optional:
            self.setEditText(" ".join((login or "").split()))
        else:
            self.setCurrentIndex(0)

    def value(self) -> str:
        """The login chosen, or the text typed ("" for no handler)."""
        text = " ".join(self.currentText().split())
        if self.optional and text in ("", NOBODY_YET):
            return ""
        index = self.findText(text)
        return self.itemData(index) if index >= 0 else text

    def reason(self) -> str | None:
        """Why the complaint cannot go to the user shown (None: it can)."""
        value = self.value()
        if self.optional and not value:
            return None
        return handler_reason(value, self.users)


class HandlerDialog(ValidatingDialog):
    """Give a complaint to a privacy officer to handle."""

    ok_text = "&Assign"

    def __init__(self, reference: str, users: Sequence[UserEntry], current: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Who handles {reference}")
        self.handler = HandlerBox(users, current)
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow("&Handler:", self.handler)
        form.addRow("", self.error)
        form.addRow(self.buttons)
        self.handler.editTextChanged.connect(self.validate)
        self.validate()

    def problems(self) -> dict[QLabel, str]:
        return {self.error: self.handler.reason() or ""}

    def value(self) -> str:
        return self.handler.value()

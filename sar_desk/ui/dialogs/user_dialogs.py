"""The forms of the Users and roles screen: add a user, change a user's roles.

Each checks with the core rules as the user types (a login, at least one role, a first
passphrase long enough and typed twice); the services check again when it is saved.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from sar_desk.core.input_rules import passphrase_reason
from sar_desk.core.roles import Role
from sar_desk.ui.dialogs.base import ValidatingDialog, error_label

ROLE_TEXT = {
    Role.PRIVACY_OFFICER: "Privacy officer — works cases",
    Role.MANAGER: "Manager — dashboard, reports, assigns and approves",
    Role.STAFF: "Staff — prints the letters of cases marked ready",
    Role.ADMINISTRATOR: "Administrator — users, backups, settings, retention",
}


def role_names(roles: Iterable[Role]) -> str:
    return ", ".join(r.value.replace("_", " ") for r in roles)


class RoleChecks(QWidget):
    """One tick box per role."""

    def __init__(self, chosen: Iterable[Role] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[Role, QCheckBox] = {}
        for role in Role:
            check = QCheckBox(ROLE_TEXT[role])
            check.setChecked(role in set(chosen))
            box.addWidget(check)
            self.boxes[role] = check

    def roles(self) -> tuple[Role, ...]:
        return tuple(r for r, box in self.boxes.items() if box.isChecked())


class AddUserDialog(ValidatingDialog):
    ok_text = "&Add user"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a user")
        self.login = QLineEdit()
        self.login.setPlaceholderText("their login name on their computer")
        self.name = QLineEdit()
        self.name.setPlaceholderText("optional: the name cases are assigned by")
        self.roles = RoleChecks((Role.PRIVACY_OFFICER,))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("they open the workspace with it the first time")
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.login_error, self.roles_error = error_label(), error_label()
        self.passphrase_error = error_label()
        form = QFormLayout(self)
        form.addRow("&Login:", self.login)
        form.addRow("", self.login_error)
        form.addRow("Display &name:", self.name)
        form.addRow("Roles:", self.roles)
        form.addRow("", self.roles_error)
        form.addRow("First &passphrase:", self.passphrase)
        form.addRow("&Repeat it:", self.repeat)
        form.addRow("", self.passphrase_error)
        form.addRow(self.buttons)
        for edit in (self.login, self.passphrase, self.repeat):
            edit.textChanged.connect(self.validate)
        for check in self.roles.boxes.values():
            check.toggled.connect(self.validate)
        self.validate()

    def problems(self) -> dict[QLabel, str]:
        login = self.login.text().strip()
        login_problem = ""
        if not login:
            login_problem = "Type their login name."
        elif any(ch.isspace() for ch in login) or ":" in login:
            login_problem = "A login name has no spaces or colons."
        secret = self.passphrase.text()
        secret_problem = passphrase_reason(secret) or ""
        if not secret_problem and secret != self.repeat.text():
            secret_problem = "The two passphrases differ."
        return {self.login_error: login_problem,
                self.roles_error: "" if self.roles.roles() else "Tick at least one role.",
                self.passphrase_error: secret_problem}

    def values(self) -> tuple[str, str, tuple[Role, ...], str]:
        """(login, display name, roles, first passphrase)."""
        return (self.login.text().strip(), " ".join(self.name.text().split()),
                self.roles.roles(), self.passphrase.text())


class RolesDialog(ValidatingDialog):
    ok_text = "&Change roles"

    def __init__(self, login: str, current: Iterable[Role], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Roles of {login}")
        self.roles = RoleChecks(current)
        self.roles_error = error_label()
        form = QFormLayout(self)
        form.addRow(QLabel(f"What may <b>{login}</b> do?"))
        form.addRow(self.roles)
        form.addRow(self.roles_error)
        form.addRow(self.buttons)
        for check in self.roles.boxes.values():
            check.toggled.connect(self.validate)
        self.validate()

    def problems(self) -> dict[QLabel, str]:
        return {self.roles_error: "" if self.roles.roles() else "Tick at least one role."}

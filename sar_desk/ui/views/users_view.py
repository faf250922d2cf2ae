"""Users and roles (administrators): who may open the workspace and what each may do.

Add a user (with a first passphrase), change their roles, remove them. Removing a user, or
taking away every role that reads cases or the administrator role, replaces the workspace
keys (the signing key with them): what that does is
shown (from the services) and confirmed before anything changes, and what is left to do
afterwards (a new recovery key, users who need a new first passphrase) is shown after.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sar_desk.ui.context import UiContext
from sar_desk.ui.dialogs.user_dialogs import AddUserDialog, RolesDialog, role_names
from sar_desk.ui.long_task import LongTask, ProgressPanel
from sar_desk.ui.views.listed_page import ListedPage

COLUMNS = ("Login", "Name", "Roles", "Added", "Added by")


class UsersView(ListedPage):
    list_title = "Users"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.users: list[Any] = []
        self.active_dialog: Any = None
        self.confirm_box: QMessageBox | None = None
        title = QLabel("<h2>Users and roles</h2>")
        intro = QLabel("Who may open this workspace and what each may do. Each user opens it "
                       "from their own computer login with their own passphrase or keyring.")
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName("Users")
        self.add_button = QPushButton("&Add a user…")
        self.roles_button = QPushButton("Change &roles…")
        self.remove_button = QPushButton("Re&move…")
        self.task = LongTask(ctx.runner, self)
        self.progress = ProgressPanel(self.task, self, cancellable=False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.roles_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        for widget in (title, intro, self.table):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        self.add_button.clicked.connect(self.add_user)
        self.roles_button.clicked.connect(self.change_roles)
        self.remove_button.clicked.connect(self.remove_user)
        self.table.itemSelectionChanged.connect(self._selection)
        self._selection()

    # -- the list -------------------------------------------------------------------------
    def load(self, ws: Any) -> list[Any]:
        from sar_desk.services.access import list_users

        return list_users(ws)

    def _show(self, users: list[Any]) -> None:
        chosen = self.selected_login()
        self.users = list(users)
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            for col, text in enumerate((user.login, user.name, role_names(user.roles),
                                        (user.added or "")[:10], user.added_by)):
                self.table.setItem(row, col, QTableWidgetItem(text))
            if user.login == chosen:
                self.table.selectRow(row)
        self._selection()

    def selected_login(self) -> str:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.users):
            return ""
        return self.users[rows[0].row()].login

    def select(self, login: str) -> None:
        for row, user in enumerate(self.users):
            if user.login == login:
                self.table.selectRow(row)

    def _selection(self) -> None:
        chosen = bool(self.selected_login())
        self.roles_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.ctx.signals.status_message.emit(text.split("\n")[0])

    # -- add ------------------------------------------------------------------------------
    def add_user(self) -> AddUserDialog:
        from sar_desk.services.access import add_user

        dialog = AddUserDialog(self)
        ws = self.ctx.workspace

        def accepted() -> None:
            login, name, roles, secret = dialog.values()
            self.ctx.run(lambda: add_user(ws, login, roles, passphrase=secret, name=name),
                         on_success=lambda user: self._changed(
                             f"Added {user.login} ({role_names(user.roles)}). Give them "
                             "their first passphrase in person or by phone, not by e-mail."),
                         parent=self, title="User not added")

        dialog.accepted.connect(accepted)
        self.active_dialog = dialog
        dialog.open()
        return dialog

    def _changed(self, text: str) -> None:
        self._say(text)
        self.refresh()

    # -- roles ----------------------------------------------------------------------------
    def change_roles(self) -> RolesDialog | None:
        from sar_desk.services.access import change_roles
        from sar_desk.services.user_changes import role_change_consequences

        login = self.selected_login()
        user = next((u for u in self.users if u.login == login), None)
        if user is None:
            return None
        dialog = RolesDialog(login, user.roles, self)
        ws = self.ctx.workspace

        def apply(roles: tuple) -> None:
            self.task.start(f"Changing the roles of {login}…",
                            lambda _progress: change_roles(ws, login, roles),
                            on_success=lambda done: self._changed("\n".join([
                                f"{done[0].login} is now {role_names(done[0].roles)}.",
                                *self._rotation_lines(done[1])])),
                            on_error=lambda exc: self._failed("Roles not changed", exc))

        def accepted() -> None:
            roles = dialog.roles.roles()
            self.ctx.run(lambda: role_change_consequences(ws, login, roles),
                         on_success=lambda said: self._confirm(
                             f"Change the roles of {login}?", said, "&Change roles",
                             lambda: apply(roles)),
                         parent=self, title="Roles not changed")

        dialog.accepted.connect(accepted)
        self.active_dialog = dialog
        dialog.open()
        return dialog

    # -- remove ---------------------------------------------------------------------------
    def remove_user(self) -> None:
        from sar_desk.services.user_changes import removal_consequences

        login = self.selected_login()
        if not login:
            return
        ws = self.ctx.workspace
        self.ctx.run(lambda: removal_consequences(ws, login),
                     on_success=lambda said: self._confirm(
                         f"Remove {login}?", said, f"&Remove {login}",
                         lambda: self._remove(login)),
                     parent=self, title="User not removed")

    def _remove(self, login: str) -> None:
        from sar_desk.services.access import remove_user

        ws = self.ctx.workspace
        self.task.start(f"Removing {login} and replacing the workspace keys…",
                        lambda _progress: remove_user(ws, login),
                        on_success=lambda rotation: self._removed(login, rotation),
                        on_error=lambda exc: self._failed("User not removed", exc))

    def _removed(self, login: str, rotation: Any) -> None:
        lines = [f"Removed {login}; that login can no longer open the workspace.",
                 *self._rotation_lines(rotation)]
        self._changed("\n".join(lines))

    @staticmethod
    def _rotation_lines(rotation: Any) -> list[str]:
        """What a key change (a removal, a role change) leaves to do, one line each."""
        if rotation is None:
            return []
        lines = ["The workspace keys were replaced."]
        for who in rotation.need_passphrase:
            lines.append(f"{who} needs a new first passphrase (they had not opened the "
                         "workspace since its users were signed).")
        if rotation.recovery_key:
            lines.append("The old recovery key no longer opens the workspace. The new "
                         "one is below, shown once: write it down and keep it safe.\n"
                         f"{rotation.recovery_key}")
        return lines

    # -- shared ---------------------------------------------------------------------------
    def _confirm(self, question: str, consequences: list[str], yes: str,
                 then: Any) -> QMessageBox:
        """Ask before a change, listing what it does; ``then()`` runs on yes."""
        box = QMessageBox(QMessageBox.Icon.Question, question, question, parent=self)
        box.setInformativeText("\n\n".join(consequences) or "Nothing else changes.")
        go = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.buttonClicked.connect(lambda button: then() if button is go else None)
        self.confirm_box = box
        box.open()
        return box

    def _failed(self, title: str, exc: BaseException) -> None:
        self.ctx.runner.present_error(self, title, exc)
        self.refresh()

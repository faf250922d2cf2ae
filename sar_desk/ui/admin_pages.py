"""The window's pages for administrators and managers: Users and roles, Backup and
restore, Reports; and the Back office menu that reaches them (with the approvals queue and the
complaints list, so every daily task is one menu away). Role-gated like the rest."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

ADMIN_PAGES = ("users", "backup", "reports")


def build_admin_page(window: Any, name: str) -> QWidget:
    """The page ``name`` (one of ADMIN_PAGES) of ``window``."""
    if name == "users":
        from sar_desk.ui.views.users_view import UsersView

        return UsersView(window.ctx, window)
    if name == "backup":
        from sar_desk.ui.views.backup_view import BackupView

        return BackupView(window.ctx, window)
    from sar_desk.ui.views.reports_view import ReportsView

    return ReportsView(window.ctx, window)


def install_manage_menu(window: Any) -> dict[str, QAction]:
    """The Back office menu: Reports, the approvals queue, complaints, users, backups."""
    from sar_desk.ui.workflow_menu import open_approvals

    menu = window.menuBar().addMenu("&Back office")
    found: dict[str, QAction] = {}

    def add(attr: str, text: str, slot: Any, shortcut: Any = None) -> None:
        found[attr] = window._action(text, shortcut, slot, menu)
        setattr(window, attr, found[attr])

    add("reports_action", "&Reports…", lambda: window.show_view("reports"), "Ctrl+5")
    add("approvals_queue_action", "Awaiting my &approval…",
        lambda: open_approvals(window))
    add("complaints_list_action", "&Complaints list", lambda: window.show_view("complaints"))
    menu.addSeparator()
    add("users_action", "&Users and roles…", lambda: window.show_view("users"))
    add("backup_action", "&Backup and restore…", lambda: window.show_view("backup"))
    return found

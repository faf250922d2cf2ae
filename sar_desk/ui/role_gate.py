"""Role-based hiding: the window shows only what the signed-in user's roles allow.

The services enforce the rules (a refused call raises PermissionDenied and is audited);
this helper only keeps the window honest, hiding buttons and menu entries the user's roles
cannot use, and disabling the dashboard for roles that may not read it. Staff see only the
cases marked ready, because the case list itself comes from the services.

A case button is enabled only when the roles allow its action AND the case allows it now
(:func:`gate_case_buttons`, given the reasons from :mod:`sar_desk.core.case_actions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtGui import QAction

from sar_desk.core.roles import Action, scope_for

# widget attribute (on the case view or its letters panel) -> the action it performs
CASE_BUTTONS = {
    "event_button": Action.RECORD_EVENT, "extend_button": Action.RECORD_EVENT,
    "decision_button": Action.RECORD_DECISION, "exemption_button": Action.APPLY_EXEMPTION,
    "document_button": Action.ATTACH_DOCUMENT, "status_button": Action.SET_DOCUMENT_STATUS,
    "note_button": Action.ADD_NOTE, "search_button": Action.ADD_SEARCH_LOG,
    "assign_button": Action.ASSIGN_CASE, "correct_button": Action.EDIT_CASE,
    "complaint_button": Action.CREATE_CASE,  # raise a complaint about the case
}
LETTER_BUTTONS = {"generate_button": Action.GENERATE_LETTER,
                  "dispatch_button": Action.DISPATCH_LETTER}
WINDOW_ACTIONS = {"new_action": Action.CREATE_CASE, "import_action": Action.CREATE_CASE,
                  "import_register_action": Action.CREATE_CASE,
                  "batch_action": Action.DISPATCH_LETTER,
                  "reindex_action": Action.MAINTAIN_WORKSPACE,
                  "users_action": Action.MANAGE_USERS, "backup_action": Action.BACKUP,
                  "reports_action": Action.READ_DASHBOARD,
                  "approvals_queue_action": Action.APPROVE_LETTER}
MENU_TEXT = {"&Dashboard": Action.READ_DASHBOARD}
# pages a role must be allowed to see: the window shows the case list instead
PAGE_ACTIONS = {"dashboard": Action.READ_DASHBOARD, "reports": Action.READ_DASHBOARD,
                "users": Action.MANAGE_USERS, "backup": Action.BACKUP}


def apply_roles(window: Any) -> Any:
    """Hide what the current user may not do in ``window`` (a MainWindow); returns the user.

    Only the pages already built are gated here; the window gates the others (the case view,
    the settings) with :func:`gate_page` when they are first shown, so none is built early.
    """
    from sar_desk.services.access import current_user

    user = current_user(window.ctx.workspace)
    roles_allow = frozenset(a for a in Action if scope_for(user.roles, a) is not None)
    window.roles_allow = roles_allow
    for name, action in WINDOW_ACTIONS.items():
        item = getattr(window, name, None)
        if item is not None:
            item.setVisible(action in roles_allow)
            item.setEnabled(action in roles_allow)  # no shortcut or trigger() either
    for item in window.findChildren(QAction):
        action = MENU_TEXT.get(item.text())
        if action is not None:
            item.setVisible(action in roles_allow)
            item.setEnabled(action in roles_allow)
    for name, page in window.built_pages().items():
        gate_page(name, page, roles_allow)
    refused = {page for page, action in PAGE_ACTIONS.items() if action not in roles_allow}
    if refused and hasattr(window, "show_view"):
        original = window.show_view

        def show_view(name: str) -> None:
            original("cases" if name in refused else name)

        window.show_view = show_view
    window.setWindowTitle(f"{window.windowTitle()} — {user.login} "
                          f"({', '.join(r.value.replace('_', ' ') for r in user.roles)})")
    return user


def gate_page(name: str, page: Any, roles_allow: frozenset[Action]) -> None:
    """Hide what ``roles_allow`` does not cover on the window's page ``name`` (case, settings)."""
    if name == "case":
        page.roles_allow = roles_allow
        for owner, buttons in ((page, CASE_BUTTONS), (getattr(page, "letters", None),
                                                      LETTER_BUTTONS)):
            for attr, action in buttons.items():
                widget = getattr(owner, attr, None)
                if widget is not None:
                    widget.setVisible(action in roles_allow)
        if getattr(page, "case", None) is not None:
            page.gate_buttons()  # a case already shown: combine its reasons with the roles
    elif name == "complaint":
        page.roles_allow = roles_allow
        page.gate_buttons()
    elif name == "complaints":
        page.new_button.setVisible(Action.CREATE_CASE in roles_allow)
    elif name == "settings" and Action.EDIT_PROFILE not in roles_allow:
        button = getattr(page, "save_profile_button", None)
        if button is not None:
            button.setVisible(False)
        profile = getattr(page, "profile", None)
        if profile is not None:
            profile.setReadOnly(True)
            if hasattr(page, "set_profile_read_only"):  # the form too
                page.set_profile_read_only(True)


def gate_case_buttons(view: Any, reasons: Mapping[str, str | None]) -> None:
    """Enable each of ``view``'s CASE_BUTTONS only if the roles allow it and the case does.

    ``reasons`` maps a button's attribute name to why the case refuses it now (None: it
    allows it); the reason becomes the button's tooltip. Without :func:`apply_roles` (a view
    built on its own) every role is taken to allow it.
    """
    roles_allow = getattr(view, "roles_allow", None)
    for name, action in CASE_BUTTONS.items():
        widget = getattr(view, name, None)
        if widget is None:
            continue
        reason = reasons.get(name)
        widget.setEnabled((roles_allow is None or action in roles_allow) and reason is None)
        widget.setToolTip(reason or "")

"""The main window's complaint pages (the list and one complaint) and "Raise a complaint".

Kept apart from the window's shell: the window asks for a page by name and this module
builds it and wires it to the window's navigation.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget


def build_complaint_page(window: Any, name: str) -> QWidget:
    """The page ``complaints`` (the list) or ``complaint`` (one complaint) of ``window``."""
    if name == "complaints":
        from sar_desk.ui.views.complaint_list_view import ComplaintListView

        view = ComplaintListView(window.ctx, window)
        view.open_complaint.connect(window.open_complaint)
        view.new_complaint.connect(lambda: window.raise_complaint(""))
        window.ctx.signals.cases_changed.connect(
            lambda: view.refresh() if view.isVisible() else None)
        return view
    from sar_desk.ui.views.complaint_view import ComplaintView

    view = ComplaintView(window.ctx, window)
    view.back.connect(lambda: window.show_view("complaints"))
    view.open_case.connect(window.open_case)
    return view


def raise_complaint(window: Any, case_ref: str = "") -> Any:
    """Open the New complaint form (about ``case_ref``, the requester filled in from the
    case on screen); saving logs it in the background and opens it."""
    from sar_desk.services.complaints import create_complaint
    from sar_desk.ui.dialogs.complaint_dialogs import NewComplaintDialog

    who = None
    if case_ref and "case" in window.built_pages():
        case = window.case_view.case
        if case is not None and case.reference == case_ref:
            who = case.requester
    from sar_desk.services.access import current_user
    from sar_desk.services.complaint_handlers import default_handler
    from sar_desk.ui.dialogs.handler_box import workspace_users

    ws = window.ctx.workspace
    dialog = NewComplaintDialog(window.ctx.today(), case_ref, who, parent=window,
                                users=workspace_users(ws),
                                handler=default_handler(current_user(ws)))

    def created(view: Any) -> None:
        ref = view.complaint.reference
        window.statusBar().showMessage(
            f"Logged {ref}: acknowledge by {view.clock.ack_due:%a %d %b %Y}", 8000)
        window.ctx.signals.cases_changed.emit()
        window.open_complaint(ref)

    def accepted() -> None:
        new = dialog.new_complaint()
        window.ctx.run(lambda: create_complaint(ws, new), on_success=created, parent=window,
                       title="Complaint not logged")

    dialog.accepted.connect(accepted)
    window.active_dialog = dialog
    dialog.open()
    return dialog

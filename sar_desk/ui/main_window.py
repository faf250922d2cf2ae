"""The main window: a thin shell of menus, shortcuts, a stack of views and a status bar.

Dropping a saved email (.eml/.msg) anywhere on the window starts a new case from it (the
officer confirms in the New case dialog); dropping other files on an open case attaches
them to its disclosure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QWidget,
)

from sar_desk.core.deadline_explain import plural
from sar_desk.services.intake import EMAIL_SUFFIXES
from sar_desk.ui.admin_pages import ADMIN_PAGES, build_admin_page, install_manage_menu
from sar_desk.ui.context import UiContext
from sar_desk.ui.dialogs.import_wizard import open_import_wizard
from sar_desk.ui.dialogs.new_case_dialog import NewCaseDialog
from sar_desk.ui.reminders import build_my_work_page, install_reminders
from sar_desk.ui.role_gate import apply_roles, gate_page
from sar_desk.ui.session_lock import install_session_lock
from sar_desk.ui.views.case_list_view import CaseListView
from sar_desk.ui.workflow_menu import install_workflow_menu

VIEWS = ("cases", "case", "dashboard", "settings", "complaints", "complaint", "my-work",
         *ADMIN_PAGES)


def _dashboard(ctx: UiContext, parent: QWidget) -> QWidget:
    """The managers' dashboard."""
    from sar_desk.services.dashboard import dashboard_loader
    from sar_desk.ui.views.dashboard_view import DashboardView

    view = DashboardView(
        dashboard_loader(ctx.workspace), parent, today=ctx.today, runner=ctx.runner
    )
    # Reload at once when shown, otherwise the next time it is shown.
    ctx.signals.cases_changed.connect(view.on_cases_changed)
    ctx.signals.case_changed.connect(view.on_cases_changed)
    return view


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.active_dialog: Any = None
        root = ctx.root
        self.setWindowTitle(f"SAR Desk — {root.name if root else 'workspace'}")
        self.setAcceptDrops(True)
        self.resize(1280, 800)

        self.cases = CaseListView(ctx, self)
        self.cases.refresh()  # start reading the registry while the rest is built
        self.stack = QStackedWidget()
        self.stack.addWidget(self.cases)
        # The other pages are built the first time they are shown (faster start-up).
        self._pages: dict[str, QWidget] = {}
        self._placeholders: dict[str, QWidget] = {}
        self.roles_allow: frozenset | None = None  # set by apply_roles; gates each new page
        for name in VIEWS[1:]:
            placeholder = QWidget()
            self._placeholders[name] = placeholder
            self.stack.addWidget(placeholder)
        self.setCentralWidget(self.stack)

        self.cases.open_case.connect(self.open_case)
        ctx.signals.open_case.connect(self.open_case)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(120)
        self.progress.setAccessibleName("Working")
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)
        ctx.runner.busy_changed.connect(self._busy)
        self.cases.loaded.connect(self._loaded)
        ctx.signals.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._build_actions()
        # Users and roles: lock after idle time, hide what the user's roles cannot do.
        self.session_lock = install_session_lock(self, ctx.workspace)
        install_workflow_menu(self)  # ready for staff, sign-off, retention, lock now
        install_manage_menu(self)  # reports, approvals, complaints, users, backups
        apply_roles(self)
        self.reminders = install_reminders(self)  # at start-up and once a day

    # -- actions and menus ----------------------------------------------------------------
    def _action(self, text: str, shortcut: Any, slot: Any, menu: Any) -> QAction:
        action = QAction(text, self)
        if shortcut:
            keys = QKeySequence(shortcut)
            action.setShortcut(keys)
            label = text.replace("&", "").rstrip("…")
            shown = keys.toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{label} ({shown})" if shown else label)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_action = self._action(
            "&New case…", QKeySequence.StandardKey.New, self.new_case, file_menu
        )
        self.import_action = self._action(
            "New case from &email…", "Ctrl+I", self.new_case_from_email_file, file_menu
        )
        self.import_register_action = self._action(
            "Import a re&gister…", None, lambda: open_import_wizard(self), file_menu
        )
        self.batch_action = self._action(
            "&Print ready letters…", "Ctrl+Shift+P", self.batch_print, file_menu
        )
        file_menu.addSeparator()
        self.reindex_action = self._action(
            "&Rebuild the case index", None, self.reindex, file_menu
        )
        file_menu.addSeparator()
        self._action("&Quit", QKeySequence.StandardKey.Quit, self.close, file_menu)
        view_menu = bar.addMenu("&View")
        self._action("&Cases", "Ctrl+1", lambda: self.show_view("cases"), view_menu)
        self._action("&Dashboard", "Ctrl+2", lambda: self.show_view("dashboard"), view_menu)
        self._action("Co&mplaints", "Ctrl+3", lambda: self.show_view("complaints"), view_menu)
        self._action("My &work", "Ctrl+4", lambda: self.show_view("my-work"), view_menu)
        self._action("&Settings", "Ctrl+,", lambda: self.show_view("settings"), view_menu)
        view_menu.addSeparator()
        self._action("&Find case", QKeySequence.StandardKey.Find, self.find, view_menu)
        self._action("&Refresh", QKeySequence.StandardKey.Refresh, self.refresh, view_menu)
        self._action("&Back to the list", "Esc", self._escape, view_menu)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        for action in (self.new_action, self.import_action, self.batch_action):
            toolbar.addAction(action)

    # -- navigation -----------------------------------------------------------------------
    def show_view(self, name: str) -> None:
        page = self.page(name)
        self.stack.setCurrentWidget(page)
        if name in ("dashboard", "complaints", "my-work") and hasattr(page, "refresh"):
            page.refresh()
        if name == "cases":
            self.cases.table.setFocus()

    def page(self, name: str) -> QWidget:
        """The view called ``name``, built on first use."""
        if name == "cases":
            return self.cases
        if name not in self._pages:
            widget = self._build_page(name)
            placeholder = self._placeholders.pop(name)
            index = self.stack.indexOf(placeholder)
            self.stack.insertWidget(index, widget)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._pages[name] = widget
            if self.roles_allow is not None:
                gate_page(name, widget, self.roles_allow)
        return self._pages[name]

    def built_pages(self) -> dict[str, QWidget]:
        """The pages built so far (the case list is always there)."""
        return {"cases": self.cases, **self._pages}

    def _build_page(self, name: str) -> QWidget:
        if name in ADMIN_PAGES:
            return build_admin_page(self, name)
        if name == "case":
            from sar_desk.ui.views.case_view import CaseView

            view = CaseView(self.ctx, self)
            view.back.connect(lambda: self.show_view("cases"))
            view.raise_complaint.connect(self.raise_complaint)
            view.open_complaint.connect(self.open_complaint)
            return view
        if name in ("complaints", "complaint"):
            from sar_desk.ui.views.complaint_pages import build_complaint_page

            return build_complaint_page(self, name)
        if name == "my-work":
            return build_my_work_page(self)
        if name == "settings":
            from sar_desk.ui.views.settings_view import SettingsView

            return SettingsView(self.ctx, self)
        view = _dashboard(self.ctx, self)
        if hasattr(view, "case_requested"):
            view.case_requested.connect(self.open_case)
        if hasattr(view, "tile_activated"):
            view.tile_activated.connect(self.show_cases)
        if hasattr(view, "tiles_row"):
            from sar_desk.ui.dialogs.approvals_dialog import install_approvals_tile
            from sar_desk.ui.workflow_menu import open_approvals

            install_approvals_tile(view, self.ctx, lambda: open_approvals(self))
            from sar_desk.ui.views.complaint_tiles import install_complaint_tiles

            install_complaint_tiles(view, self.ctx, self.show_complaints)
        return view

    @property
    def case_view(self) -> Any:
        return self.page("case")

    @property
    def settings(self) -> Any:
        return self.page("settings")

    @property
    def dashboard(self) -> Any:
        return self.page("dashboard")

    def current_view(self) -> str:
        current = self.stack.currentWidget()
        if current is self.cases:
            return "cases"
        return next((n for n, w in self._pages.items() if w is current), "cases")

    def open_case(self, reference: str) -> None:
        self.case_view.load(reference)
        self.show_view("case")
        self.case_view.tabs.setFocus()  # keyboard users land in the case, not the hidden list

    def open_complaint(self, reference: str) -> None:
        self.page("complaint").load(reference)
        self.show_view("complaint")

    def show_complaints(self, name: str = "open") -> None:
        """The Complaints list, showing those behind ``name`` (a dashboard tile, open...)."""
        self.page("complaints").show_only(name)
        self.show_view("complaints")

    def raise_complaint(self, case_ref: str = "") -> Any:
        """The New complaint form (about ``case_ref`` when given); saving opens it."""
        from sar_desk.ui.views.complaint_pages import raise_complaint

        return raise_complaint(self, case_ref)

    def show_cases(self, name: str) -> None:
        """The case list showing only the cases behind the dashboard figure ``name``."""
        self.cases.show_only(name)
        self.show_view("cases")

    def refresh(self) -> None:
        """Reload the list and whatever is on screen (F5)."""
        self.cases.refresh()
        view = self.current_view()
        if view == "case" and self.case_view.reference:
            self.case_view.load(self.case_view.reference)
        elif view == "dashboard" and hasattr(self.dashboard, "refresh"):
            self.dashboard.refresh()

    def find(self) -> None:
        self.show_view("cases")
        self.cases.focus_search()

    def _escape(self) -> None:
        """Back to the list, unless the case holds half-typed input (it is never discarded)."""
        if self.current_view() == "case" and self.case_view.holds_typing():
            self.statusBar().showMessage("Finish or cancel what you are typing first.", 6000)
            return
        if self.current_view() != "cases":
            self.show_view("cases")

    def _loaded(self, count: int) -> None:
        # A confirmation of what the user just did stays: a reload never replaces it.
        if not self.statusBar().currentMessage():
            self.statusBar().showMessage(f"{plural(count, 'case')} loaded", 4000)

    def _busy(self, count: int) -> None:
        self.progress.setVisible(count > 0)

    # -- new cases ------------------------------------------------------------------------
    def new_case(self, draft: Any = None) -> NewCaseDialog | None:
        """Open the New case dialog (pre-filled from ``draft``); saving runs in the background."""
        if self._locked():  # an email read before the lock: its dialog waits for the unlock
            self.session_lock.unlocked.connect(lambda: self.new_case(draft),
                                               Qt.ConnectionType.SingleShotConnection)
            return None
        from sar_desk.services.cases import create_case, possible_repeat
        from sar_desk.ui.dialogs.assignee_box import case_worker_names

        ws = self.ctx.workspace
        dialog = NewCaseDialog(
            self.ctx.today(), jurisdiction=self.ctx.user.jurisdiction, parent=self,
            workers=case_worker_names(ws),
            find_repeat=lambda name, email, day: possible_repeat(ws, name, email, day),
        )
        dialog.open_reference.connect(self.open_case)  # the earlier case, behind the dialog
        if draft is not None:
            dialog.set_draft(draft)

        def accepted() -> None:
            new = dialog.new_case()
            self.ctx.run(
                lambda: create_case(ws, new),
                on_success=self._created,
                parent=self,
                title="Case not created",
            )

        dialog.accepted.connect(accepted)
        self.active_dialog = dialog
        dialog.open()
        return dialog

    def _created(self, snapshot: Any) -> None:
        self.statusBar().showMessage(f"Created {snapshot.reference}", 6000)
        self.ctx.signals.cases_changed.emit()
        self.open_case(snapshot.reference)

    def new_case_from_email_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "New case from a saved email", "", "Saved email (*.eml *.msg)"
        )
        if path:
            self.intake_email(path)

    def intake_email(self, path: str, received: Any = None, confirm_old: bool = False) -> None:
        """Read a dropped or chosen email off the UI thread, then ask the officer to confirm.
        A message without a date, or dated more than a year ago, asks for the day first."""
        from sar_desk.services.intake import draft_from_email
        from sar_desk.ui.dialogs.intake_date import IntakeDateDialog, asks_for_date

        jurisdiction, today = self.ctx.user.jurisdiction, self.ctx.today()

        def refused(exc: BaseException) -> None:
            if not asks_for_date(exc):
                self.ctx.runner.present_error(self, "Email not read", exc)
                return
            self.active_dialog = IntakeDateDialog(
                exc, today, lambda day, sure: self.intake_email(path, day, sure), self)
            self.active_dialog.open()

        self.ctx.run(
            lambda: draft_from_email(path, jurisdiction=jurisdiction, today=today,
                                     received=received, confirm_old=confirm_old),
            on_success=self.new_case,
            on_error=refused,
            lane=None,
            parent=self,
            title="Email not read",
        )

    # -- other actions --------------------------------------------------------------------
    def reindex(self) -> None:
        from sar_desk.services.workspace import reindex

        ws = self.ctx.workspace

        def done(count: int) -> None:
            self.statusBar().showMessage(f"Index rebuilt: {plural(count, 'case')}", 6000)
            self.ctx.signals.cases_changed.emit()

        self.ctx.run(lambda: reindex(ws), on_success=done, parent=self, title="Reindex")

    def batch_print(self) -> None:
        from sar_desk.ui.dialogs.batch_print_dialog import BatchPrintDialog

        dialog = BatchPrintDialog(self.ctx, self)
        self.active_dialog = dialog
        dialog.open()

    # -- drag and drop --------------------------------------------------------------------
    @staticmethod
    def _paths(event: Any) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]

    def _locked(self) -> bool:
        lock = getattr(self, "session_lock", None)
        return lock is not None and lock.is_locked

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802
        if self._locked():  # the lock screen takes no files
            event.ignore()
            return
        paths = self._paths(event)
        emails = [p for p in paths if Path(p).suffix.lower() in EMAIL_SUFFIXES]
        if emails or (paths and self.current_view() == "case"):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802
        self.dragEnterEvent(event)

    def dropEvent(self, event: Any) -> None:  # noqa: N802
        if self._locked():  # nothing is attached or opened behind the lock screen
            event.ignore()
            return
        paths = self._paths(event)
        emails = [p for p in paths if Path(p).suffix.lower() in EMAIL_SUFFIXES]
        others = [p for p in paths if p not in emails]
        if emails:
            event.acceptProposedAction()
            if len(emails) > 1:
                QMessageBox.information(
                    self,
                    "One email at a time",
                    "Drop one saved email at a time; the first is opened.",
                )
            self.intake_email(emails[0])
        elif others and self.current_view() == "case":
            event.acceptProposedAction()
            self.case_view.attach_files(others)

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self.ctx.runner.wait_idle(15_000)
        super().closeEvent(event)

"""Correcting a case from its view: "Edit details…", voiding an event, withdrawing an
exemption, removing a document and discarding a letter, each asking for a reason.

The entries are in the case view's "Correct" menu and in the context menu of the Timeline,
Exemptions, Documents and Letters lists. What was taken back stays in its list, struck
through, with who took it back, when and why (:func:`strike_taken_back`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QPushButton, QTreeWidget

from sar_desk.core import corrections as rules
from sar_desk.ui.dialogs.correction_dialogs import EditDetailsDialog, ReasonDialog

# The attribute naming what took an entry back, and the word for it.
TAKEN = (("voided", "voided"), ("withdrawn", "withdrawn"), ("removed", "removed"),
         ("discarded", "discarded"))


def taken_text(item: Any) -> str:
    """'voided by ann on 04 Mar 2026: typed twice' ('' for an entry in force)."""
    for attr, word in TAKEN:
        taken = getattr(item, attr, None)
        if taken is not None:
            on = f" on {taken.at:%d %b %Y}" if taken.at else ""
            return f"{word} by {taken.by}{on}: {taken.reason}"
    return ""


def strike_taken_back(tree: QTreeWidget, column: int) -> None:
    """Strike through each row whose entry was taken back, and say so in ``column``."""
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        text = taken_text(item.data(0, Qt.ItemDataRole.UserRole))
        if not text:
            continue
        for col in range(tree.columnCount()):
            font = item.font(col)
            font.setStrikeOut(True)
            item.setFont(col, font)
            item.setToolTip(col, text[:1].upper() + text[1:])
        before = item.text(column)
        item.setText(column, f"{before} — {text}" if before else text[:1].upper() + text[1:])
    tree.resizeColumnToContents(column)


def _selected(tree: QTreeWidget) -> Any:
    item = tree.currentItem()
    return item.data(0, Qt.ItemDataRole.UserRole) if item else None


class CaseCorrections:
    """Adds the correcting actions to a :class:`~sar_desk.ui.views.case_view.CaseView`."""

    def __init__(self, view: Any) -> None:
        self.view = view
        self.button = QPushButton("Correct…")
        self.button.setToolTip("Correct the record: edit details typed, void an event, "
                               "withdraw an exemption, remove a document, discard a letter")
        menu = QMenu(view)
        self.edit_action = menu.addAction("&Edit details…", self.edit_details)
        self.void_action = menu.addAction("&Void the selected event…", self.void_event)
        self.withdraw_action = menu.addAction("&Withdraw the selected exemption…",
                                              self.withdraw_exemption)
        self.remove_action = menu.addAction("&Remove the selected document…",
                                            self.remove_document)
        self.discard_action = menu.addAction("&Discard the selected letter…",
                                             self.discard_letter)
        self.button.setMenu(menu)
        panels = view.panels
        for tree, action in ((panels.timeline, self.void_action),
                             (panels.exemptions, self.withdraw_action),
                             (panels.documents, self.remove_action),
                             (view.letters.letters, self.discard_action)):
            tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            tree.addAction(action)

    def refresh(self) -> None:
        """Strike what was taken back in each list (after the case is shown), and offer only
        the corrections the user's roles allow (the services refuse the others anyway)."""
        from sar_desk.core.roles import Action

        allowed = getattr(self.view, "roles_allow", None)
        for action, needs in ((self.edit_action, Action.EDIT_CASE),
                              (self.void_action, Action.RECORD_EVENT),
                              (self.withdraw_action, Action.APPLY_EXEMPTION),
                              (self.remove_action, Action.ATTACH_DOCUMENT),
                              (self.discard_action, Action.EDIT_CASE)):
            action.setVisible(allowed is None or needs in allowed)
        panels = self.view.panels
        strike_taken_back(panels.timeline, 2)
        strike_taken_back(panels.exemptions, 3)
        strike_taken_back(panels.documents, 1)
        strike_taken_back(self.view.letters.letters, 4)

    # -- the actions ----------------------------------------------------------------------
    def _open(self, dialog: Any, accepted: Any) -> Any:
        from sar_desk.ui.dialogs.base import open_dialog

        return open_dialog(self.view, dialog, accepted)

    def _run(self, op: Any, title: str, done: str) -> None:
        """Run ``op`` on the workspace lane; then reload the case and say what was done."""
        view = self.view

        def say(*_args: object) -> None:
            window = view.window()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage(done, 6000)

        def then(_result: Any) -> None:
            view.ctx.signals.case_changed.emit(view.reference)
            # Said once the case shows the change (after the list has said it reloaded).
            view.loaded.connect(say, Qt.ConnectionType.SingleShotConnection)
            view.load(view.reference)

        view.ctx.run(op, on_success=then, parent=view, title=title)

    def _ask(self, title: str, what: str, ok_text: str, call: Any, done: str) -> Any:
        dialog = ReasonDialog(title, what, ok_text, parent=self.view)
        return self._open(dialog, lambda: self._run(lambda: call(dialog.value()),
                                                    f"{title}: nothing was changed", done))

    def _refused(self, reason: str | None, title: str) -> bool:
        if reason is None:
            return False
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self.view, title, reason)
        return True

    def _take_back(self, title: str, *, item: Any, tab: Any, missing: str,
                   rule: Callable[[Any, int], str | None], what: Callable[[Any], str],
                   ok_text: str, service: Callable[..., Any], done: str,
                   after: str = "") -> Any:
        """Take back the selected ``item``: show ``tab`` and say ``missing`` if nothing is
        selected, refuse with the core ``rule``'s reason, else ask why (``what`` says what
        will happen) and run ``service(workspace, reference, item.id, why)``."""
        view = self.view
        if item is None:
            view.tabs.setCurrentWidget(tab)
            return self._refused(missing, title)
        if self._refused(rule(view.case, item.id), title):
            return None
        ws, ref = view.ctx.workspace, view.reference
        return self._ask(title, what(item), ok_text,
                         lambda why: service(ws, ref, item.id, why),
                         f"{done} {item.id} of {ref}{after}")

    def void_event(self) -> Any:
        from sar_desk.services.corrections import void_event

        view = self.view

        def what(event: Any) -> str:
            after = rules.status_after_void(view.case, event.id)
            reopen = (f" The case becomes {after.value} again." if after != view.case.status
                      else "")
            return (f"Event {event.id} ({event.kind.value.replace('_', ' ')}, "
                    f"{event.date:%d %b %Y}) stays in the timeline, struck through, and no "
                    f"longer counts for the deadline or the figures.{reopen}")

        return self._take_back(
            "Void event", item=_selected(view.panels.timeline), tab=view.panels.timeline,
            missing="Select the event to void in the Timeline first.",
            rule=rules.void_event_reason, what=what, ok_text="&Void event",
            service=void_event, done="Voided event")

    def withdraw_exemption(self) -> Any:
        from sar_desk.services.corrections import withdraw_exemption

        view = self.view
        item = _selected(view.panels.exemptions)
        return self._take_back(
            "Withdraw exemption", item=item if hasattr(item, "code") else None,
            tab=view.panels.exemptions, missing="Select the exemption to withdraw first.",
            rule=rules.withdraw_exemption_reason,
            what=lambda item: (f"The exemption {item.code} stays on the record, struck "
                               "through, and is no longer relied on."),
            ok_text="&Withdraw exemption", service=withdraw_exemption,
            done="Withdrew exemption")

    def remove_document(self) -> Any:
        from sar_desk.services.corrections import remove_document

        view = self.view
        item = _selected(view.panels.documents)
        children = rules.removed_with(view.case.documents, item.id) if item else ()

        def what(doc: Any) -> str:
            also = ""
            if children:
                also = (f" Its attachments, item{'s' if len(children) > 1 else ''} "
                        f"{', '.join(map(str, children))}, are removed with it, with the "
                        "same reason.")
            return (f"The content of {doc.filename} will be deleted from the case file and "
                    "cannot be recovered. The record keeps its name and fingerprint "
                    f"(SHA-256).{also}")

        return self._take_back(
            "Remove document", item=item,
            tab=view.panels.documents, missing="Select the document to remove first.",
            rule=rules.remove_document_reason, what=what,
            ok_text="&Remove document", service=remove_document, done="Removed document",
            after=rules.removed_with_text(children))

    def discard_letter(self) -> Any:
        from sar_desk.services.corrections import discard_letter

        view = self.view
        return self._take_back(
            "Discard letter", item=view.letters.selected_letter(), tab=view.letters,
            missing="Select the letter to discard in the Letters tab first.",
            rule=rules.discard_letter_reason,
            what=lambda letter: (f"Letter {letter.id} is kept, marked superseded, and will "
                                 "not be printed or sent."),
            ok_text="&Discard letter", service=discard_letter, done="Discarded letter")

    def edit_details(self) -> Any:
        from sar_desk.services.corrections import edit_case

        view = self.view
        dialog = EditDetailsDialog(view.case, view.ctx.today(), parent=view)
        ws, ref = view.ctx.workspace, view.reference

        def accepted() -> None:
            changes, why = dialog.changes(), dialog.value()
            self._run(lambda: edit_case(ws, ref, changes, why), "Details not corrected",
                      f"Corrected the details of {ref}")

        return self._open(dialog, accepted)

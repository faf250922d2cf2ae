"""Keyboard and labels: each Alt letter does one thing, every input has a label, dialogs
are wide enough for their hints."""

from __future__ import annotations

import datetime as dt

from sar_desk.core.entities import EventKind
from tests.ui.window_helpers import make_case, open_case


def mnemonics(win) -> list[tuple[str, str]]:
    """(Alt letter, label) for every Alt shortcut a user can press in the window now."""
    import re

    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar

    found: list[tuple[str, str]] = []

    def add(text: str) -> None:
        match = re.search(r"&([^&\s])", text.replace("&&", ""))
        if match:
            found.append((match.group(1).lower(), text))

    for action in win.menuBar().actions():
        if action.isVisible():
            add(action.text())
    for button in win.findChildren(QAbstractButton):
        # a button given its own shortcut (e.g. Alt+Left) has no Alt+letter any more
        if button.isVisible() and button.shortcut() == QKeySequence.mnemonic(button.text()):
            add(button.text())
    for label in win.findChildren(QLabel):
        if label.isVisible() and label.buddy() is not None:
            add(label.text())
    for bar in win.findChildren(QTabBar):
        if bar.isVisible():
            for i in range(bar.count()):
                add(bar.tabText(i))
    return found


def test_each_alt_letter_does_one_thing_on_every_screen(qtbot, window, workspace):
    ref = make_case(workspace, name="Ελένη").reference
    view = open_case(qtbot, window, ref)
    screens = {"case " + view.tabs.tabText(i): i for i in range(view.tabs.count())}
    for name, index in screens.items():
        view.tabs.setCurrentIndex(index)
        keys = mnemonics(window)
        letters = [k for k, _ in keys]
        clashes = sorted({f"Alt+{k}: " + " / ".join(t for kk, t in keys if kk == k)
                          for k in letters if letters.count(k) > 1})
        assert clashes == [], f"{name}: {clashes}"
    for name in ("cases", "dashboard", "settings", "users", "backup", "reports"):
        window.show_view(name)
        keys = [k for k, _ in mnemonics(window)]
        assert len(keys) == len(set(keys)), (name, mnemonics(window))


def dialog_problems(dialog) -> list[str]:
    """Cut-off hints and clashing Alt letters in a shown dialog."""
    import re

    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit

    problems = []
    for kind in (QAbstractButton, QLabel):  # nothing squeezed below what its text needs
        for widget in dialog.findChildren(kind):
            if widget.isVisible() and widget.width() < widget.minimumSizeHint().width():
                problems.append(f"squeezed: {widget.text()!r}")
    for edit in dialog.findChildren(QLineEdit):
        hint = edit.placeholderText()
        if edit.isVisible() and hint:
            needed = edit.fontMetrics().horizontalAdvance(hint) + 12
            if edit.width() < needed:
                problems.append(f"hint cut: {hint!r} ({edit.width()} < {needed})")
    letters: dict[str, list[str]] = {}
    texts = [b.text() for b in dialog.findChildren(QAbstractButton)
             if b.isVisible() and b.shortcut() == QKeySequence.mnemonic(b.text())]
    texts += [lb.text() for lb in dialog.findChildren(QLabel)
              if lb.isVisible() and lb.buddy() is not None]
    for text in texts:
        match = re.search(r"&([^&\s])", text.replace("&&", ""))
        if match:
            letters.setdefault(match.group(1).lower(), []).append(text)
    problems += [f"Alt+{k}: {v}" for k, v in letters.items() if len(v) > 1]
    return problems


def test_dialogs_are_wide_enough_and_their_alt_letters_unique(qtbot, window, workspace):
    from pathlib import Path

    from sar_desk.ui.dialogs.dispatch_dialog import DispatchDialog
    from sar_desk.ui.dialogs.document_dialog import DocumentStatusDialog
    from sar_desk.ui.dialogs.startup_dialogs import StartDialog, UnlockDialog

    ref = make_case(workspace, name="عائشة").reference
    view = open_case(qtbot, window, ref)
    made = [window.new_case(), window.new_case()]
    made[1].on_behalf.setChecked(True)  # the data subject's fields shown too
    for kind in EventKind:
        made.append(view.record_event(kind))
    made += [view.record_decision(), view.apply_exemption(), view.add_note(),
             view.add_search_log(), view.assign()]
    made.append(DispatchDialog("acknowledgement letter", dt.date(2026, 3, 16), window))
    made.append(DocumentStatusDialog("Łódź 王芳.pdf", list(view.catalogue.values()), parent=view))
    made.append(StartDialog(Path("/srv/sar desk/workspace"), window.ctx.runner))
    from sar_desk.ui.workflow_menu import open_retention

    made.append(open_retention(window))
    made.append(UnlockDialog(Path("/srv/sar desk/workspace"), "No key.", window.ctx.runner))
    for dialog in made:
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.width() >= 440, dialog.windowTitle()
        assert dialog_problems(dialog) == [], dialog.windowTitle()
        dialog.close()


def test_demo_case_count_only_for_a_demo_workspace(qtbot, tmp_path, window):
    from sar_desk.ui.dialogs.startup_dialogs import StartDialog

    dialog = StartDialog(tmp_path / "ws", window.ctx.runner)
    qtbot.addWidget(dialog)
    assert not dialog.demo_cases.isEnabled()
    dialog.create_demo.setChecked(True)
    assert dialog.demo_cases.isEnabled()


def test_every_exemption_title_can_be_read_without_scrolling_sideways(qtbot):
    from sar_desk.ui.dialogs.exemption_dialog import ExemptionDialog, exemption_catalogue

    dialog = ExemptionDialog(exemption_catalogue())
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.list.horizontalScrollBar().isVisible()
    viewport = dialog.list.viewport().width()
    for row in range(dialog.proxy.rowCount()):
        assert dialog.list.visualRect(dialog.proxy.index(row, 0)).width() <= viewport


def unlabelled_inputs(root) -> list[str]:
    """Visible inputs with neither a label tied to them nor an accessible name."""
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QHeaderView,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
    )

    labelled = {id(lb.buddy()) for lb in root.findChildren(QLabel) if lb.buddy() is not None}
    found = []
    for kind in (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QAbstractItemView):
        for widget in root.findChildren(kind):
            inner = isinstance(widget.parent(), QComboBox | QAbstractSpinBox)
            if (not widget.isVisible() or inner or isinstance(widget, QHeaderView)
                    or id(widget) in labelled or widget.accessibleName()):
                continue
            found.append(f"{type(widget).__name__} {widget.toolTip()!r}")
    return found


def test_every_input_on_every_screen_has_a_label(qtbot, window, workspace):
    from tests.ui.window_helpers import idle

    ref = make_case(workspace, name="Ελένη").reference
    window.cases.refresh()
    idle(qtbot, window)
    assert unlabelled_inputs(window) == []
    view = open_case(qtbot, window, ref)
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        assert unlabelled_inputs(window) == [], view.tabs.tabText(index)
    for name in ("dashboard", "settings"):
        window.show_view(name)
        idle(qtbot, window)
        assert unlabelled_inputs(window) == [], name


def test_alt_letters_open_the_case_dialogs(qtbot, window, workspace):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from sar_desk.ui.dialogs.decision_dialog import DecisionDialog
    from sar_desk.ui.dialogs.text_dialogs import AssignDialog, NoteDialog

    ref = make_case(workspace, name="Ελένη").reference
    view = open_case(qtbot, window, ref)
    for key, kind in ((Qt.Key.Key_R, DecisionDialog), (Qt.Key.Key_S, AssignDialog),
                      (Qt.Key.Key_N, NoteDialog)):
        window.activateWindow()  # the offscreen platform drops activation around dialogs
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
        view.active_dialog = None
        qtbot.keyClick(view.tabs, key, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda k=kind: isinstance(view.active_dialog, k), timeout=3000)
        view.active_dialog.reject()

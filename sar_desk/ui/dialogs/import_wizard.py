"""File ▸ Import a register: the wizard that brings a team's spreadsheet register in.

Choose the file, check which field each column holds, see the dry run with every row's
problems named by its spreadsheet row, then import with progress (stoppable between rows;
importing again carries on, since rows already imported are left alone). Everything is
done by :mod:`sar_desk.services.register_import`, in the background.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from sar_desk.core import import_rules as rules
from sar_desk.ui.dialogs.base import error_label
from sar_desk.ui.tasks import error_text

IGNORED = "(not imported)"


class _Progress(QObject):
    moved = Signal(int, int)  # rows done, rows to do (emitted from the worker thread)


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle("Choose the register")
        self.setSubTitle("A spreadsheet (.xlsx) or CSV file with one request a row. It is "
                         "read in memory; no copy of it is written.")
        self.path = QLineEdit()
        self.path.setAccessibleName("Register file")
        self.path.editingFinished.connect(self.load)
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self.browse)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.error = error_label()
        row = QHBoxLayout()
        label = QLabel("&File:")
        label.setBuddy(self.path)
        row.addWidget(label)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        box = QVBoxLayout(self)
        box.addLayout(row)
        box.addWidget(self.error)
        box.addWidget(self.status)
        box.addStretch(1)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a register", "",
                                              "Registers (*.xlsx *.csv)")
        if path:
            self.path.setText(path)
            self.load()

    def load(self) -> None:
        from sar_desk.services.register_import import read_sheet

        path = self.path.text().strip()
        if not path or path == self.owner.loaded_path:
            return
        self.owner.sheet = None
        self.owner.loaded_path = path
        self.completeChanged.emit()
        self.error.hide()
        self.status.setText("Reading…")

        def done(sheet: Any) -> None:
            self.owner.sheet = sheet
            self.status.setText(f"{sheet.name}: {len(sheet.rows)} rows read.")
            self.completeChanged.emit()

        def failed(exc: BaseException) -> None:
            self.owner.loaded_path = ""
            self.status.setText("")
            self.error.setText(error_text(exc))
            self.error.show()

        self.owner.ctx.run(lambda: read_sheet(path), on_success=done, on_error=failed,
                           lane=None)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.owner.sheet is not None


class ColumnsPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle("Which field each column holds")
        self.setSubTitle("Columns headed like the fields are chosen already. Requester and "
                         "Received are needed.")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Column", "First value", "Field"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.error = error_label()
        self.combos: list[tuple[str, QComboBox]] = []
        box = QVBoxLayout(self)
        box.addWidget(self.table, 1)
        box.addWidget(self.error)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        sheet = self.owner.sheet
        index = rules.header_row(sheet.rows)
        if index is None:  # no header names a field: the first row of two cells or more
            index = next((i for i, r in enumerate(sheet.rows)
                          if sum(1 for c in r if c not in (None, "")) >= 2), 0)
        headers = [str(c).strip() if c is not None else "" for c in sheet.rows[index]]
        mapping = rules.auto_mapping(headers)
        self.table.setRowCount(0)
        self.combos = []
        for column, header in enumerate(headers):
            if not header:
                continue
            sample = next((str(r[column]) for r in sheet.rows[index + 1:]
                           if column < len(r) and r[column] not in (None, "")), "")
            combo = QComboBox()
            combo.addItem(IGNORED, rules.IGNORE)
            for name in rules.FIELDS:
                combo.addItem(rules.FIELD_LABELS[name], name)
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(column, rules.IGNORE))))
            combo.setAccessibleName(f"Field of the column {header}")
            combo.currentIndexChanged.connect(lambda _i: self.check())
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QTableWidgetItem(header))
            self.table.setItem(row, 1, QTableWidgetItem(sample[:60]))
            self.table.setCellWidget(row, 2, combo)
            self.combos.append((header, combo))
        self.table.resizeColumnsToContents()
        self.check()

    def chosen(self) -> dict[str, str]:
        """Header text -> field (or 'ignore') for every column, as the service takes them."""
        return {header: combo.currentData() for header, combo in self.combos}

    def problems(self) -> list[str]:
        headers = [h for h, _c in self.combos]
        mapping = {i: combo.currentData() for i, (_h, combo) in enumerate(self.combos)
                   if combo.currentData() != rules.IGNORE}
        return rules.mapping_problems(mapping, headers)

    def check(self) -> None:
        problems = self.problems()
        self.error.setText(" ".join(problems))
        self.error.setVisible(bool(problems))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return bool(self.combos) and not self.problems()


class DryRunPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle("Dry run")
        self.setSubTitle("Every row as the import will treat it. Nothing is written yet.")
        self.setCommitPage(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Row", "Requester", "What happens"])
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.skip = QCheckBox("&Leave out the rows with problems and import the others")
        self.skip.toggled.connect(lambda _on: self.completeChanged.emit())
        self.error = error_label()
        box = QVBoxLayout(self)
        box.addWidget(self.tree, 1)
        box.addWidget(self.summary)
        box.addWidget(self.skip)
        box.addWidget(self.error)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        from sar_desk.services.register_import import plan_import

        owner = self.owner
        owner.plan = None
        self.tree.clear()
        self.skip.setChecked(False)
        self.skip.hide()
        self.error.hide()
        self.summary.setText("Checking every row…")
        sheet, chosen, ws = owner.sheet, owner.columns_page.chosen(), owner.ctx.workspace

        def failed(exc: BaseException) -> None:
            self.summary.setText("")
            self.error.setText(error_text(exc))
            self.error.show()

        owner.ctx.run(lambda: plan_import(ws, sheet, chosen), on_success=self.show_plan,
                      on_error=failed)

    def show_plan(self, plan: Any) -> None:
        self.owner.plan = plan
        for row in plan.rows:
            if row.problems:
                what = " ".join(row.problems)
            elif row.existing:
                what = f"Already imported as {row.existing}: left alone."
            else:
                what = "Will be imported."
            item = QTreeWidgetItem([str(row.line), row.requester, what])
            item.setToolTip(2, what)
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)
        self.tree.resizeColumnToContents(1)
        self.summary.setText(f"{len(plan.rows)} rows: {len(plan.to_import)} to import, "
                             f"{len(plan.already)} already imported, {len(plan.bad)} with "
                             "problems.")
        self.skip.setVisible(bool(plan.bad))
        self.completeChanged.emit()

    def problem_lines(self) -> list[str]:
        """'row N: ...' for every row the dry run found a problem in."""
        plan = self.owner.plan
        return [r.describe() for r in plan.bad] if plan else []

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        plan = self.owner.plan
        return plan is not None and (not plan.bad or self.skip.isChecked())


class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle("Import")
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Rows imported")
        self.stop = QPushButton("&Stop after this row")
        self.stop.clicked.connect(self.owner.cancel_import)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.error = error_label()
        box = QVBoxLayout(self)
        box.addWidget(self.bar)
        box.addWidget(self.stop)
        box.addWidget(self.status)
        box.addWidget(self.error)
        box.addStretch(1)
        self.progress = _Progress(self)
        self.progress.moved.connect(self.moved)

    def moved(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.status.setText(f"{done} of {total} rows imported…")

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        from sar_desk.services.register_import import run_import

        owner = self.owner
        plan, ws, skip = owner.plan, owner.ctx.workspace, owner.dry_run_page.skip.isChecked()
        total = len(plan.to_import)
        self.moved(0, total)
        owner.running = True
        self.stop.setEnabled(True)
        emit = self.progress.moved.emit

        def work() -> Any:
            return run_import(ws, plan, skip_bad_rows=skip, progress=emit,
                              cancelled=owner.cancelled.is_set)

        owner.ctx.run(work, on_success=self.finished, on_error=self.failed)

    def finished(self, result: Any) -> None:
        owner = self.owner
        owner.running = False
        owner.result = result
        self.stop.setEnabled(False)
        made = len(result.created)
        text = f"Imported {made} case{'s' if made != 1 else ''}"
        if result.already:
            text += f"; {len(result.already)} already imported"
        if result.skipped:
            text += f"; {len(result.skipped)} left out with problems"
        if result.cancelled:
            text += ". Stopped before the end: import the file again to carry on"
        self.status.setText(text + ".")
        owner.ctx.signals.cases_changed.emit()
        owner.ctx.signals.status_message.emit(text + ".")
        self.completeChanged.emit()
        if owner.close_when_stopped:
            owner.done(0)

    def failed(self, exc: BaseException) -> None:
        self.owner.running = False
        self.stop.setEnabled(False)
        self.error.setText(error_text(exc))
        self.error.show()
        self.owner.ctx.signals.cases_changed.emit()  # the rows before the failure stay
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return not self.owner.running


class ImportWizard(QWizard):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Import a register")
        self.resize(860, 560)
        self.sheet: Any = None
        self.loaded_path = ""
        self.plan: Any = None
        self.result: Any = None
        self.running = False
        self.close_when_stopped = False
        self.cancelled = threading.Event()
        self.file_page = FilePage(self)
        self.columns_page = ColumnsPage(self)
        self.dry_run_page = DryRunPage(self)
        self.import_page = ImportPage(self)
        for page in (self.file_page, self.columns_page, self.dry_run_page, self.import_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)

    def cancel_import(self) -> None:
        """Stop after the row being imported (the rows done stay imported)."""
        if self.running:
            self.cancelled.set()
            self.import_page.stop.setEnabled(False)
            self.import_page.status.setText("Stopping after the row being imported…")

    def reject(self) -> None:
        if self.running:  # Cancel while importing: stop between rows, then close
            self.close_when_stopped = True
            self.cancel_import()
            return
        super().reject()


def open_import_wizard(window: Any) -> ImportWizard:
    """Open the wizard over ``window`` (a MainWindow), not blocking it."""
    wizard = ImportWizard(window.ctx, window)
    window.active_dialog = wizard
    wizard.open()
    return wizard

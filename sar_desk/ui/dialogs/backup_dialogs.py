"""The forms of the Backup and restore screen: deleting expired archives (their number
typed to confirm) and restoring an archive into a new folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from sar_desk.ui.dialogs.base import ValidatingDialog, error_label


class PruneDialog(ValidatingDialog):
    """Lists the archives past the retention; OK only once their number is typed."""

    ok_text = "&Delete them"

    def __init__(self, names: list[str], days: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = len(names)
        self.setWindowTitle("Delete expired backups")
        shown = "\n".join(f"• {n}" for n in names[:12])
        more = f"\n… and {len(names) - 12} more" if len(names) > 12 else ""
        text = QLabel(f"{self.count} backup archive{'s are' if self.count != 1 else ' is'} "
                      f"older than the backup retention ({days} days) and will be deleted "
                      f"for good:\n{shown}{more}")
        text.setWordWrap(True)
        self.typed = QLineEdit()
        self.typed.setPlaceholderText(f"type {self.count} to confirm")
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow(text)
        form.addRow("&Number of archives:", self.typed)
        form.addRow("", self.error)
        form.addRow(self.buttons)
        self.typed.textChanged.connect(self.validate)
        self.validate()

    def problems(self) -> dict[QLabel, str]:
        typed = self.typed.text().strip()
        wrong = typed and typed != str(self.count)
        return {self.error: f"Type {self.count}, the number of archives to delete."
                if wrong else ""}

    def validate(self, *_args: object) -> bool:
        ok = super().validate() and self.typed.text().strip() == str(self.count)
        self.ok_button.setEnabled(ok)
        return ok


class RestoreDialog(ValidatingDialog):
    """Which archive, into which new folder, and (when the keyring cannot) the passphrase."""

    ok_text = "&Restore"

    def __init__(self, archive: str, suggested: Path, workspace: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace.resolve()
        self.setWindowTitle("Restore a backup into a new folder")
        intro = QLabel("The backup is restored into a new, empty folder as a workspace of its "
                       "own; this workspace is not changed.")
        intro.setWordWrap(True)
        self.archive = QLineEdit(archive)
        self.target = QLineEdit(str(suggested))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("leave empty when your keyring holds your key")
        self.archive_error, self.target_error = error_label(), error_label()
        pick_archive = QPushButton("&Browse…")
        pick_target = QPushButton("Br&owse…")
        pick_archive.clicked.connect(self._pick_archive)
        pick_target.clicked.connect(self._pick_target)
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow("&Backup:", self._row(self.archive, pick_archive))
        form.addRow("", self.archive_error)
        form.addRow("&New folder:", self._row(self.target, pick_target))
        form.addRow("", self.target_error)
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow(self.buttons)
        self.archive.textChanged.connect(self.validate)
        self.target.textChanged.connect(self.validate)
        self.validate()

    @staticmethod
    def _row(edit: QLineEdit, button: QPushButton) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        row.addWidget(button)
        return holder

    def _pick_archive(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a backup", self.archive.text(),
                                              "SAR Desk backup (*.sdbk)")
        if path:
            self.archive.setText(path)

    def _pick_target(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Where to put the new folder")
        if folder:
            self.target.setText(str(Path(folder) / Path(self.target.text()).name))

    def problems(self) -> dict[QLabel, str]:
        archive = Path(self.archive.text().strip())
        target_text = self.target.text().strip()
        target = Path(target_text).expanduser()
        archive_problem = "" if archive.is_file() else "Choose a backup file (.sdbk)."
        target_problem = ""
        if not target_text:
            target_problem = "Name the new folder."
        elif target.exists() and (not target.is_dir() or any(target.iterdir())):
            target_problem = "That folder is not empty: restore into a new, empty folder."
        elif target.resolve().is_relative_to(self.workspace):
            target_problem = "Restore outside this workspace's folder."
        return {self.archive_error: archive_problem, self.target_error: target_problem}

    def values(self) -> tuple[Path, Path, str | None]:
        return (Path(self.archive.text().strip()), Path(self.target.text().strip()).expanduser(),
                self.passphrase.text() or None)

"""The forms of the Backup and restore screen: deleting expired archives (their number
typed to confirm) and restoring an archive into a new folder or onto a server (a new team
workspace in an empty database)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from sar_desk.core.server_address import address_problem
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
    """Which archive, into which new folder or onto which empty database, and (when the
    keyring cannot) the passphrase."""

    ok_text = "&Restore"

    def __init__(self, archive: str, suggested: Path, workspace: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace.resolve()
        self.setWindowTitle("Restore a backup")
        intro = QLabel("The backup is restored as a workspace of its own, into a new, empty "
                       "folder or a new, empty database on a server; this workspace is not "
                       "changed. Cases purged here since the backup stay destroyed.")
        intro.setWordWrap(True)
        self.archive = QLineEdit(archive)
        self.into_folder = QRadioButton("Into a new &folder")
        self.onto_server = QRadioButton("Onto a &team workspace on a server (an empty "
                                        "database)")
        group = QButtonGroup(self)
        group.addButton(self.into_folder)
        group.addButton(self.onto_server)
        self.into_folder.setChecked(True)
        self.target = QLineEdit(str(suggested))
        self.server = QLineEdit()
        self.server.setPlaceholderText("postgresql://HOST/NEWDB")
        self.server.setAccessibleName("Server address")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("leave empty when your keyring holds your key")
        self.archive_error, self.target_error = error_label(), error_label()
        self.server_error = error_label()
        pick_archive = QPushButton("&Browse…")
        self.pick_target = QPushButton("Br&owse…")
        pick_archive.clicked.connect(self._pick_archive)
        self.pick_target.clicked.connect(self._pick_target)
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow("&Backup:", self._row(self.archive, pick_archive))
        form.addRow("", self.archive_error)
        form.addRow(self.into_folder)
        form.addRow("&New folder:", self._row(self.target, self.pick_target))
        form.addRow("", self.target_error)
        form.addRow(self.onto_server)
        form.addRow("Server &address:", self.server)
        form.addRow("", self.server_error)
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow(self.buttons)
        self.archive.textChanged.connect(self.validate)
        self.target.textChanged.connect(self.validate)
        self.server.textChanged.connect(self.validate)
        self.onto_server.toggled.connect(self._mode)
        self._mode()

    def _mode(self, *_args: object) -> None:
        server = self.onto_server.isChecked()
        self.server.setEnabled(server)
        self.target.setEnabled(not server)
        self.pick_target.setEnabled(not server)
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
        archive_problem = "" if archive.is_file() else "Choose a backup file (.sdbk)."
        target_problem = server_problem = ""
        if self.onto_server.isChecked():
            server_problem = address_problem(self.server.text().strip()) or ""
        else:
            target_text = self.target.text().strip()
            target = Path(target_text).expanduser()
            if not target_text:
                target_problem = "Name the new folder."
            elif target.exists() and (not target.is_dir() or any(target.iterdir())):
                target_problem = "That folder is not empty: restore into a new, empty folder."
            elif target.resolve().is_relative_to(self.workspace):
                target_problem = "Restore outside this workspace's folder."
        return {self.archive_error: archive_problem, self.target_error: target_problem,
                self.server_error: server_problem}

    def values(self) -> tuple[Path, Path, str | None]:
        return (Path(self.archive.text().strip()), Path(self.target.text().strip()).expanduser(),
                self.passphrase.text() or None)

    def server_address(self) -> str:
        """The empty database to restore onto; "" when restoring into a folder."""
        return self.server.text().strip() if self.onto_server.isChecked() else ""

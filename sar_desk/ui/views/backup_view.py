"""Backup and restore (administrators): back up now, the archives with their dates,
deleting those past the retention (their number confirmed), restoring into a new folder or
onto a server (a new team workspace in an empty database), with this workspace's purges
applied to the copy.

Backing up and restoring run in the background with a progress bar and Cancel: a cancelled
backup leaves no archive, a cancelled restore no folder (nor anything in the database).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sar_desk.ui.context import UiContext
from sar_desk.ui.dialogs.backup_dialogs import PruneDialog, RestoreDialog
from sar_desk.ui.long_task import LongTask, ProgressPanel
from sar_desk.ui.views.listed_page import ListedPage

COLUMNS = ("Made (UTC)", "By", "Size", "Kept until", "File")


def size_text(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return str(size)


class BackupView(ListedPage):
    list_title = "Backups"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.archives: list[Any] = []
        self.active_dialog: Any = None
        self.last_restored: Path | None = None  # the folder of the latest restore
        self.last_restored_to = ""  # where the latest restore went, as told
        title = QLabel("<h2>Backup and restore</h2>")
        intro = QLabel("A backup is one encrypted file holding the whole workspace. Keep "
                       "copies away from this computer. Archives older than the backup "
                       "retention of the organisation profile should be deleted.")
        intro.setWordWrap(True)
        self.backup_button = QPushButton("Back up &now")
        self.prune_button = QPushButton("&Delete expired backups…")
        self.restore_button = QPushButton("&Restore a backup…")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setAccessibleName("Backup archives")
        self.task = LongTask(ctx.runner, self)
        self.progress = ProgressPanel(self.task, self)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.prune_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.backup_button.clicked.connect(self.back_up)
        self.prune_button.clicked.connect(self.prune)
        self.restore_button.clicked.connect(self.restore)
        self.task.started.connect(lambda _what: self._busy(True))
        self.task.ended.connect(self._ended)

    # -- the list -------------------------------------------------------------------------
    def load(self, ws: Any) -> list[Any]:
        from sar_desk.services.backup_policy import list_archives

        return list_archives(ws)

    def _show(self, archives: list[Any]) -> None:
        self.archives = list(archives)
        self.table.setRowCount(len(self.archives))
        for row, archive in enumerate(self.archives):
            made = archive.made[:19].replace("T", " ")
            cells = (made, archive.made_by, size_text(archive.size),
                     archive.expires.strftime("%d %b %Y"), archive.path.name)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        if not self.archives and not self.message.text():  # what was just done comes first
            self.message.setText("No backup of this workspace is in its backups folder yet.")

    def _busy(self, busy: bool) -> None:
        for button in (self.backup_button, self.prune_button, self.restore_button):
            button.setEnabled(not busy)

    def _ended(self, how: str) -> None:
        self._busy(False)
        if how == "cancelled":
            self.message.setText("Stopped: nothing was written.")

    def _failed(self, title: str, exc: BaseException) -> None:
        self.ctx.runner.present_error(self, title, exc)

    # -- back up --------------------------------------------------------------------------
    def back_up(self) -> None:
        from sar_desk.services.backup import backup_workspace

        ws = self.ctx.workspace
        self.message.clear()
        self.task.start("Backing up the workspace…",
                        lambda progress: backup_workspace(ws, progress=progress),
                        on_success=self._backed_up,
                        on_error=lambda exc: self._failed("Backup not made", exc))

    def _backed_up(self, path: Path) -> None:
        self.message.setText(f"Backed up to {path}. Copy it somewhere away from this "
                             "computer.")
        self.ctx.signals.status_message.emit(f"Backed up to {path.name}")
        self.refresh()

    # -- prune ----------------------------------------------------------------------------
    def prune(self) -> None:
        from sar_desk.services.backup_policy import backup_days, prunable

        ws = self.ctx.workspace
        self.ctx.run(lambda: (prunable(ws), backup_days(ws)), on_success=self._ask_prune,
                     parent=self, title="Backups")

    def _ask_prune(self, found: tuple[list[Any], int]) -> PruneDialog | None:
        from sar_desk.services.backup_policy import prune_backups

        doomed, days = found
        if not doomed:
            self.message.setText(f"No backup is older than the retention ({days} days): "
                                 "nothing to delete.")
            return None
        dialog = PruneDialog([p.path.name for p in doomed], days, self)
        ws = self.ctx.workspace

        def accepted() -> None:
            count = dialog.count
            self.ctx.run(lambda: prune_backups(ws, confirm=count), on_success=lambda gone: (
                self.message.setText(f"Deleted {len(gone)} expired backup"
                                     f"{'s' if len(gone) != 1 else ''}."), self.refresh()),
                parent=self, title="Backups not deleted")

        dialog.accepted.connect(accepted)
        self.active_dialog = dialog
        dialog.open()
        return dialog

    # -- restore --------------------------------------------------------------------------
    def restore(self) -> RestoreDialog:
        from sar_desk.services.restore import restore_workspace
        from sar_desk.services.restore_server import open_tombstones, restore_to_server

        rows = self.table.selectionModel().selectedRows()
        chosen = self.archives[rows[0].row()].path if rows else (
            self.archives[0].path if self.archives else None)
        root = self.ctx.root or Path.cwd()
        suggested = root.parent / f"{root.name}-restored-{self.ctx.today():%Y%m%d}"
        dialog = RestoreDialog(str(chosen or ""), suggested, root, self)
        ws = self.ctx.workspace
        clock = ws.clock

        def accepted() -> None:
            archive, target, secret = dialog.values()
            url = dialog.server_address()

            def op(progress: Any) -> tuple[str, Path | None]:
                live = [open_tombstones(ws)]  # this workspace's purges stay made
                if url:
                    done = restore_to_server(archive, url, passphrase=secret, clock=clock,
                                             read=live, progress=progress, moved=progress)
                    return f"onto the team workspace server {done.server}", None
                restored = restore_workspace(archive, target, passphrase=secret, clock=clock,
                                             progress=progress, read=live)
                restored.close()
                return f"into {target}", target

            self.message.clear()
            self.task.start(f"Restoring {archive.name}…", op, on_success=self._restored,
                            on_error=lambda exc: self._failed("Not restored", exc), lane=None)

        dialog.accepted.connect(accepted)
        self.active_dialog = dialog
        dialog.open()
        return dialog

    def _restored(self, done: tuple[str, Path | None]) -> None:
        where, self.last_restored = done
        self.last_restored_to = where
        self.message.setText(f"Restored {where}, a workspace of its own; this workspace was "
                             "not changed.")
        self.ctx.signals.status_message.emit(f"Restored {where}")

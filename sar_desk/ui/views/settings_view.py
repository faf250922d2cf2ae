"""Settings: the user's name and role for letters, the default jurisdiction for new cases, and
the organisation profile editor (validated with the letters' own loader before saving)."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sar_desk.core.calendars import JURISDICTIONS
from sar_desk.services import settings as settings_service
from sar_desk.ui.context import UiContext
from sar_desk.ui.dialogs.base import error_label
from sar_desk.ui.dialogs.new_case_dialog import JURISDICTION_NAMES
from sar_desk.ui.tasks import error_text


class SettingsView(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.name = QLineEdit()
        self.name.setPlaceholderText("printed under 'Yours sincerely'")
        self.role = QLineEdit()
        self.role.setPlaceholderText("e.g. Data Protection Officer")
        self.jurisdiction = QComboBox()
        for code in JURISDICTIONS:
            self.jurisdiction.addItem(JURISDICTION_NAMES.get(code, code.upper()), code)
        self.user_error = error_label()
        self.user_status = QLabel()
        self.save_user_button = QPushButton("Save &my settings")
        self.save_user_button.clicked.connect(self.save_user)
        user_box = QGroupBox("You")
        form = QFormLayout(user_box)
        form.addRow("Your &name (for letters):", self.name)
        form.addRow("Your &role:", self.role)
        form.addRow("Default &jurisdiction:", self.jurisdiction)
        form.addRow("", self.user_error)
        row = QHBoxLayout()
        row.addWidget(self.save_user_button)
        row.addWidget(self.user_status, 1)
        form.addRow(row)

        self.profile = QPlainTextEdit()
        self.profile.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.profile.setAccessibleName("Organisation profile (TOML)")
        self.profile_error = error_label()
        self.profile_status = QLabel()
        self.validate_button = QPushButton("&Check profile")
        self.validate_button.clicked.connect(self.check_profile)
        self.save_profile_button = QPushButton("Save &profile")
        self.save_profile_button.clicked.connect(self.save_profile)
        profile_box = QGroupBox("Organisation profile (used by every letter)")
        profile_layout = QVBoxLayout(profile_box)
        profile_layout.addWidget(self.profile, 1)
        profile_layout.addWidget(self.profile_error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.validate_button)
        buttons.addWidget(self.save_profile_button)
        buttons.addWidget(self.profile_status, 1)
        profile_layout.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(user_box)
        layout.addWidget(profile_box, 1)
        self.reload()

    def profile_file(self):  # noqa: ANN201
        root = self.ctx.root
        return settings_service.profile_path(root) if root is not None else None

    def reload(self) -> None:
        user = self.ctx.user
        self.name.setText(user.name)
        self.role.setText(user.role)
        self.jurisdiction.setCurrentIndex(max(0, self.jurisdiction.findData(user.jurisdiction)))
        self.profile.setPlainText(settings_service.read_profile_text(self.profile_file()))
        self.profile_error.hide()

    def save_user(self) -> bool:
        wanted = settings_service.UserSettings(
            name=self.name.text(),
            role=self.role.text(),
            jurisdiction=self.jurisdiction.currentData(),
        )
        try:
            saved = self.ctx.save_user(wanted)
        except Exception as exc:  # noqa: BLE001 - InputError shown next to the fields
            self._show(self.user_error, error_text(exc))
            self.user_status.setText("")
            return False
        self.user_error.hide()
        self.name.setText(saved.name)
        self.role.setText(saved.role)
        self.user_status.setText("Saved.")
        return True

    def check_profile(self) -> bool:
        try:
            settings_service.validate_profile_text(self.profile.toPlainText())
        except Exception as exc:  # noqa: BLE001
            self._show(self.profile_error, error_text(exc))
            self.profile_status.setText("")
            return False
        self.profile_error.hide()
        self.profile_status.setText("The profile is complete.")
        return True

    def save_profile(self) -> bool:
        path = self.profile_file()
        if path is None or not self.check_profile():
            return False
        try:
            from sar_desk.services.access import save_profile  # administrators only

            save_profile(self.ctx.workspace, self.profile.toPlainText())
        except Exception as exc:  # noqa: BLE001
            self._show(self.profile_error, error_text(exc))
            return False
        self.profile_status.setText(f"Saved to {path.name} in the workspace.")
        return True

    @staticmethod
    def _show(label: QLabel, text: str) -> None:
        label.setText(text)
        label.show()

"""Settings: the user's name and role for letters, the default jurisdiction for new cases, and
the organisation profile, edited in a form or as TOML (validated with the letters' own loader
before saving; the form writes through tomlkit so the file keeps its comments)."""

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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sar_desk.core.calendars import JURISDICTIONS, jurisdiction_name
from sar_desk.errors import SarDeskError
from sar_desk.services import profile_form as form_service
from sar_desk.services import settings as settings_service
from sar_desk.ui.context import UiContext
from sar_desk.ui.dialogs.base import error_label
from sar_desk.ui.tasks import error_text
from sar_desk.ui.views.profile_form import ProfileForm


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
            self.jurisdiction.addItem(jurisdiction_name(code), code)
        from sar_desk.ui.theme import THEME_LABELS

        self.theme = QComboBox()
        for key, label in THEME_LABELS.items():
            self.theme.addItem(label, key)
        self.user_error = error_label()
        self.user_status = QLabel()
        self.save_user_button = QPushButton("Save &my settings")
        self.save_user_button.clicked.connect(self.save_user)
        user_box = QGroupBox("You")
        form = QFormLayout(user_box)
        form.addRow("Your &name (for letters):", self.name)
        form.addRow("Your &role:", self.role)
        form.addRow("Default &jurisdiction:", self.jurisdiction)
        form.addRow("&Look of the window:", self.theme)
        form.addRow("", self.user_error)
        self.forget_pin_button = QPushButton("Forget my unlock PIN")
        self.forget_pin_button.setToolTip("The next time you lock the window, choose a new PIN")
        self.forget_pin_button.clicked.connect(self.forget_pin)
        self.forget_pin_button.hide()  # shown once a PIN is known to be set
        row = QHBoxLayout()
        row.addWidget(self.save_user_button)
        row.addWidget(self.forget_pin_button)
        row.addWidget(self.user_status, 1)
        form.addRow(row)

        self.profile = QPlainTextEdit()
        self.profile.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.profile.setAccessibleName("Organisation profile (TOML)")
        self.profile_form = ProfileForm()
        self.profile_tabs = QTabWidget()
        self.profile_tabs.addTab(self.profile_form, "F&orm")
        self.profile_tabs.addTab(self.profile, "&Advanced (TOML)")
        self.profile_tabs.currentChanged.connect(self._tab_changed)
        self.profile_error = error_label()
        self.profile_status = QLabel()
        self.validate_button = QPushButton("&Check profile")
        self.validate_button.clicked.connect(self.check_profile)
        self.save_profile_button = QPushButton("Save &profile")
        self.save_profile_button.clicked.connect(self.save_profile)
        profile_box = QGroupBox("Organisation profile (used by every letter)")
        profile_layout = QVBoxLayout(profile_box)
        profile_layout.addWidget(self.profile_tabs, 1)
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
        self.theme.setCurrentIndex(max(0, self.theme.findData(user.theme)))
        self.profile_status.setText("")
        self.profile_form.mark_error(None)
        try:
            text = settings_service.read_profile_text(self.profile_file())
        except SarDeskError as exc:  # binary, huge or not a file: say so, show nothing
            self.profile.setPlainText("")
            self._show_advanced(exc)
            return
        self.profile.setPlainText(text)
        self.profile_error.hide()
        try:
            self.profile_form.load(self.profile.toPlainText())
        except Exception as exc:  # noqa: BLE001 - a hand-broken file: edit it as TOML
            self._show_advanced(exc)
        else:
            self.profile_tabs.setCurrentWidget(self.profile_form)

    def set_profile_read_only(self, read_only: bool) -> None:
        """Users who may not edit the profile still see it, in both tabs, read-only."""
        self.profile.setReadOnly(read_only)
        self.profile_form.set_read_only(read_only)

    def form_shown(self) -> bool:
        return self.profile_tabs.currentWidget() is self.profile_form

    def _show_advanced(self, exc: Exception) -> None:
        self._show(self.profile_error, f"{error_text(exc)} — fix it in the Advanced tab; the "
                   "form needs text it can read.")
        self.profile_tabs.blockSignals(True)
        self.profile_tabs.setCurrentWidget(self.profile)
        self.profile_tabs.blockSignals(False)

    def _tab_changed(self, _index: int) -> None:
        """Carry edits across: form -> TOML text on leaving the form, TOML -> form on entering."""
        if self.form_shown():
            try:
                self.profile_form.load(self.profile.toPlainText())
            except Exception as exc:  # noqa: BLE001 - stay on the text and say why
                self._show_advanced(exc)
                return
            self.profile_error.hide()
        elif not self.profile.isReadOnly():
            self.profile.setPlainText(self._form_text())

    def _form_text(self) -> str:
        from sar_desk.services.profile_confirm import confirm_fields

        text = form_service.apply_values(self.profile.toPlainText(), self.profile_form.values())
        ticked = self.profile_form.confirmations()
        return confirm_fields(text, ticked) if ticked else text

    def profile_text(self) -> str:
        """The profile as it stands in whichever tab is shown (not validated)."""
        return self._form_text() if self.form_shown() else self.profile.toPlainText()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().showEvent(event)
        from sar_desk.services.unlock_pin import Unlock, unlock_kind

        ws = self.ctx.workspace
        self.ctx.run(lambda: unlock_kind(ws) is Unlock.PIN,
                     on_success=self.forget_pin_button.setVisible, on_error=lambda _e: None)

    def forget_pin(self) -> None:
        from sar_desk.services.unlock_pin import forget_unlock_pin

        ws = self.ctx.workspace

        def done(_had: bool) -> None:
            self.forget_pin_button.hide()
            self.user_status.setText("Unlock PIN forgotten: choose a new one the next time "
                                     "you lock the window.")

        self.ctx.run(lambda: forget_unlock_pin(ws), on_success=done, parent=self,
                     title="Unlock PIN")

    def save_user(self) -> bool:
        wanted = settings_service.UserSettings(
            name=self.name.text(),
            role=self.role.text(),
            jurisdiction=self.jurisdiction.currentData(),
            theme=self.theme.currentData(),
        )
        try:
            saved = self.ctx.save_user(wanted)
        except Exception as exc:  # noqa: BLE001 - InputError shown next to the fields
            self._show(self.user_error, error_text(exc))
            self.user_status.setText("")
            return False
        self.user_error.hide()
        from sar_desk.ui.theme import apply_theme

        apply_theme(saved.theme)  # at once: the whole window follows its palette
        self.name.setText(saved.name)
        self.role.setText(saved.role)
        self.user_status.setText("Saved.")
        return True

    def check_profile(self) -> bool:
        self.profile_form.mark_error(None)
        try:
            if self.form_shown():
                form_service.check_form(self.profile.toPlainText(), self.profile_form.values())
            else:
                settings_service.validate_profile_text(self.profile.toPlainText())
        except Exception as exc:  # noqa: BLE001
            self._show(self.profile_error, error_text(exc))
            self.profile_status.setText("")
            self.profile_form.mark_error(getattr(exc, "dotted", None))
            return False
        self.profile_error.hide()
        self.profile_status.setText(form_service.completeness_text(self.profile_text()))
        return True

    def save_profile(self) -> bool:
        path = self.profile_file()
        if path is None or not self.check_profile():
            return False
        try:
            from sar_desk.services.access import save_profile  # administrators only

            text = self.profile_text()
            save_profile(self.ctx.workspace, text)
        except Exception as exc:  # noqa: BLE001
            self._show(self.profile_error, error_text(exc))
            return False
        if self.form_shown():  # the text tab and the form show what was saved
            self.profile.setPlainText(text)
            if self.profile_form.confirmations():
                self.profile_form.load(text)  # a confirmed flag loses its hint and tick
            else:
                self.profile_form.set_values(form_service.form_values(text))
        self.profile_status.setText(f"Saved to {path.name} in the workspace.")
        return True

    @staticmethod
    def _show(label: QLabel, text: str) -> None:
        label.setText(text)
        label.show()

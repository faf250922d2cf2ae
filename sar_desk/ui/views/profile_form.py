"""The organisation profile as a form: one group per section, one plain-English field per key.

Built from :func:`sar_desk.services.profile_form.form_sections` (the profile's own
structure): a line edit for text, a box with one item per line for a list, a spin box for a
whole number. Fields whose comment says CONFIRM carry an amber "Check this" hint and a
"Confirmed" tick (a section flagged as a whole has one tick for the section); a ticked flag
is cleared in the file's comment when the profile is saved.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sar_desk.services import profile_form as form_service

HINT_STYLE = ("color: #6b4500; background: #fff3cd; border-left: 4px solid #d99a00;"
              " padding: 3px 6px;")
NOTE_STYLE = "color: palette(placeholder-text);"
ERROR_STYLE = "border: 2px solid #c62828;"
LABEL_WIDTH = 230
INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # what a spin box can hold


def _hint(text: str, confirm: bool) -> QLabel:
    if confirm:
        text = f"⚠ {form_service.CONFIRM_HINT} {text}".strip()
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(HINT_STYLE if confirm else NOTE_STYLE)
    label.setObjectName("confirm_hint" if confirm else "field_note")
    return label


class ProfileForm(QScrollArea):
    """The form; :meth:`load` builds it from profile text, :meth:`values` reads it back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.editors: dict[str, QWidget] = {}
        self.fields: dict[str, form_service.FormField] = {}
        self.ticks: dict[str, QCheckBox] = {}  # field or section -> its "Confirmed" tick
        self.read_only = False

    def load(self, text: str) -> None:
        """Rebuild the form for ``text`` (InputError, form unchanged, if it does not parse)."""
        sections = form_service.form_sections(text)
        values = form_service.form_values(text)
        page = QWidget()
        column = QVBoxLayout(page)
        self.editors, self.fields, self.ticks = {}, {}, {}
        for section in sections:
            box = QGroupBox(section.title)
            box.setObjectName(f"section_{section.key}")
            rows = QFormLayout(box)
            rows.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            if section.note:
                rows.addRow(_hint(section.note, section.confirm))
            if section.confirm:
                rows.addRow(self._tick(section.key, f"Confirmed: the {section.title} "
                                                    "details are checked"))
            for field in section.fields:
                editor = self._editor(field)
                self.editors[field.dotted] = editor
                self.fields[field.dotted] = field
                label = QLabel(field.label + ("" if field.required else " (optional)"))
                label.setWordWrap(True)
                label.setFixedWidth(LABEL_WIDTH)
                label.setBuddy(editor)
                cell = QWidget()
                stack = QVBoxLayout(cell)
                stack.setContentsMargins(0, 0, 0, 0)
                stack.setSpacing(2)
                if field.kind == "int":  # a short box, left-aligned; the hint keeps the width
                    line = QHBoxLayout()
                    line.addWidget(editor)
                    line.addStretch(1)
                    stack.addLayout(line)
                else:
                    stack.addWidget(editor)
                if field.note or field.confirm:
                    stack.addWidget(_hint(field.note, field.confirm))
                if field.confirm:
                    stack.addWidget(self._tick(field.dotted, "Confirmed"))
                rows.addRow(label, cell)
            column.addWidget(box)
        column.addStretch(1)
        self.setWidget(page)
        self.set_values(values)
        self.set_read_only(self.read_only)

    def _tick(self, name: str, text: str) -> QCheckBox:
        tick = QCheckBox(text)
        tick.setObjectName(f"confirm_{name}")
        tick.setAccessibleName(f"{text} ({name})")
        self.ticks[name] = tick
        return tick

    def confirmations(self) -> list[str]:
        """The fields and sections ticked as confirmed (their flags are cleared on saving)."""
        return [name for name, tick in self.ticks.items() if tick.isChecked()]

    def _editor(self, field: form_service.FormField) -> QWidget:
        if field.kind == "list" or field.paragraph:
            editor = QPlainTextEdit()
            editor.setTabChangesFocus(True)
            editor.setProperty("paragraph", field.paragraph)
        elif field.kind == "int":
            editor = QSpinBox()
            editor.setRange(0, 200)
            editor.setSuffix(" years" if field.dotted.endswith("_years") else "")
            editor.setMaximumWidth(140)
        else:
            editor = QLineEdit()
        editor.setAccessibleName(field.label)
        editor.setObjectName(field.dotted)
        return editor

    def set_values(self, values: dict[str, form_service.Value]) -> None:
        for dotted, value in values.items():
            editor = self.editors.get(dotted)
            if isinstance(editor, QPlainTextEdit) and editor.property("paragraph"):
                editor.setPlainText(str(value))
                editor.setFixedHeight(editor.fontMetrics().lineSpacing() * 3 + 14)
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText("\n".join(value))
                lines = max(2, min(8, len(value) + 1))
                height = editor.fontMetrics().lineSpacing() * lines + 14
                editor.setFixedHeight(height if len(value) < 4 else height + 20)
            elif isinstance(editor, QSpinBox):
                # The range suits typing; a number the file already holds outside it is kept
                # (clamping it would rewrite the file when any other field is saved).
                number = max(INT_MIN, min(INT_MAX, int(value)))
                editor.setRange(min(editor.minimum(), number), max(editor.maximum(), number))
                editor.setValue(number)
            elif isinstance(editor, QLineEdit):
                editor.setText(str(value))
                editor.setCursorPosition(0)

    def values(self) -> dict[str, form_service.Value]:
        """What the form holds now: lists one item per non-blank line."""
        out: dict[str, form_service.Value] = {}
        for dotted, editor in self.editors.items():
            if isinstance(editor, QPlainTextEdit) and editor.property("paragraph"):
                out[dotted] = " ".join(editor.toPlainText().splitlines())
            elif isinstance(editor, QPlainTextEdit):
                out[dotted] = [ln for ln in editor.toPlainText().splitlines() if ln.strip()]
            elif isinstance(editor, QSpinBox):
                out[dotted] = editor.value()
            elif isinstance(editor, QLineEdit):
                out[dotted] = editor.text()
        return out

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for editor in self.editors.values():
            editor.setReadOnly(read_only)
        for tick in self.ticks.values():
            tick.setEnabled(not read_only)

    def mark_error(self, dotted: str | None) -> None:
        """Outline the refused field (if it is on the form), scroll to it and focus it."""
        for name, editor in self.editors.items():
            editor.setStyleSheet(ERROR_STYLE if name == dotted else "")
        editor = self.editors.get(dotted or "")
        if editor is not None:
            self.ensureWidgetVisible(editor)
            editor.setFocus()

"""Light, dark or the desktop's own: the window's palette, and colours that stay readable.

Widgets take their colours from palette roles (Window, Base, Text, AlternateBase...), so a
dark palette turns the whole window dark. The few colours that carry meaning (a red error, a
dashboard figure) are checked against the background they are drawn on and lightened or
darkened until they read (:func:`readable`); :func:`contrast_ratio` is the WCAG 2 measure.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from sar_desk.services.settings import THEMES

THEME_LABELS = {"system": "Follow the desktop", "light": "Light", "dark": "Dark"}
ERROR_RED = "#b00020"
MIN_CONTRAST = 4.5  # WCAG AA for normal text


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """Relative luminance (WCAG 2) of ``colour``."""
    return (0.2126 * _linear(colour.redF()) + 0.7152 * _linear(colour.greenF())
            + 0.0722 * _linear(colour.blueF()))


def contrast_ratio(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether ``palette`` (default: the application's) draws light text on dark."""
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def readable(colour: str | QColor, background: QColor, minimum: float = MIN_CONTRAST) -> QColor:
    """``colour``, lightened on a dark background or darkened on a light one until it has
    ``minimum`` contrast with ``background`` (its hue kept)."""
    found = QColor(colour)
    dark_bg = background.lightness() < 128
    for _ in range(40):
        if contrast_ratio(found, background) >= minimum:
            break
        found = found.lighter(112) if dark_bg else found.darker(112)
        if dark_bg and found.value() >= 255:  # fully bright: move towards white
            found = QColor.fromHsvF(found.hsvHueF(), max(0.0, found.hsvSaturationF() - 0.08),
                                    1.0)
    return found


def on_window(colour: str) -> str:
    """``colour`` made readable on the window background of the current palette (for text
    drawn once, e.g. rich text; :func:`keep_coloured` also follows later theme changes)."""
    return readable(colour, QGuiApplication.palette().color(QPalette.ColorRole.Window)).name()


class _Follow(QObject):
    """Re-applies a colour to a widget whenever its palette changes (a theme switch)."""

    def __init__(self, widget: QWidget, apply: object) -> None:
        super().__init__(widget)
        self.apply = apply
        self.pending = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
                            QEvent.Type.StyleChange) and not self.pending:
            # once the new palette has reached the widget (it may not have yet)
            self.pending = True
            QTimer.singleShot(0, self, self._apply)
        return False

    def _apply(self) -> None:
        self.pending = False
        self.apply()  # type: ignore[operator]


def _background(widget: QWidget) -> QColor:
    """The colour behind ``widget``: the window colour of the application's palette (a
    widget's own palette may still hold the old one while a theme change goes round, and
    a widget styled by a style sheet keeps the colours it had when it was styled)."""
    return QGuiApplication.palette().color(QPalette.ColorRole.Window)


def keep_coloured(widget: QWidget, colour: str, role: QPalette.ColorRole
                  = QPalette.ColorRole.WindowText, *, extra_style: str = "") -> None:
    """Draw ``widget``'s text in ``colour`` made readable on its background, now and after
    every theme change (a style sheet: it does not itself change the palette)."""
    def apply() -> None:
        background = _background(widget)
        shade = readable(colour, background).name()
        style = f"{extra_style} color: {shade};".strip()
        if widget.styleSheet() != style:
            widget.setStyleSheet(style)

    apply()
    _Follow(widget, apply)


def warn_text(label: QLabel) -> None:
    """An error message's red, readable in light and dark palettes."""
    keep_coloured(label, ERROR_RED)


def dark_palette() -> QPalette:
    """A dark Fusion palette with readable text, links and selections."""
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    window, base, text = QColor(45, 45, 48), QColor(30, 30, 32), QColor(235, 235, 235)
    for r, c in ((role.Window, window), (role.WindowText, text), (role.Base, base),
                 (role.AlternateBase, QColor(55, 55, 60)), (role.ToolTipBase, QColor(60, 60, 64)),
                 (role.ToolTipText, text), (role.PlaceholderText, QColor(160, 160, 165)),
                 (role.Text, text), (role.Button, QColor(58, 58, 62)), (role.ButtonText, text),
                 (role.BrightText, QColor(255, 120, 120)), (role.Link, QColor(120, 180, 255)),
                 (role.Highlight, QColor(42, 110, 200)),
                 (role.HighlightedText, QColor(255, 255, 255)),
                 (role.Light, QColor(80, 80, 86)), (role.Midlight, QColor(66, 66, 70)),
                 (role.Mid, QColor(40, 40, 42)), (role.Dark, QColor(25, 25, 27)),
                 (role.Shadow, QColor(0, 0, 0))):
        p.setColor(r, c)
    muted = QColor(130, 130, 135)
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, muted)
    return p


def resolved(choice: str) -> str:
    """"light" or "dark" for a theme ``choice`` (system: what the desktop says)."""
    if choice in ("light", "dark"):
        return choice
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


_DESKTOP: dict[str, object] = {}  # the style and palette the application started with


def apply_theme(choice: str = "system", app: QApplication | None = None) -> str:
    """Draw the window in the theme ``choice`` (system, light or dark); returns the one used.

    Light and dark use Qt's Fusion style with a fixed palette, so they look alike on every
    desktop; "system" gives back the desktop's own style and palette and lets Qt follow the
    desktop's colour scheme.
    """
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None:
        return "light"
    if not _DESKTOP:
        _DESKTOP.update(style=app.style().name(), palette=QPalette(app.palette()))
    choice = choice if choice in THEMES else "system"
    hints = app.styleHints()
    scheme = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(
        choice, Qt.ColorScheme.Unknown)
    if hasattr(hints, "setColorScheme"):  # Qt 6.8 and later
        hints.setColorScheme(scheme)
    if choice == "system":
        if _DESKTOP.pop("changed", False):  # back from light or dark: the desktop's own look
            app.setStyle(str(_DESKTOP["style"]))
            app.setPalette(_DESKTOP["palette"])  # type: ignore[arg-type]
        return resolved(choice)  # untouched, Qt goes on following the desktop
    _DESKTOP["changed"] = True
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if choice == "dark" else app.style().standardPalette())
    return choice

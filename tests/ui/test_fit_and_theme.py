"""Fits any screen and taste: 1280×720 with a large font, dark mode that reads, fields that
stay put when a validation message comes or goes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from sar_desk.core import metrics
from sar_desk.core.entities import EventKind
from sar_desk.core.exemptions import CATALOGUE
from sar_desk.ui import fit_screen
from sar_desk.ui.dialogs import complaint_dialogs, text_dialogs
from sar_desk.ui.dialogs.backup_dialogs import PruneDialog, RestoreDialog
from sar_desk.ui.dialogs.base import error_label
from sar_desk.ui.dialogs.correction_dialogs import ReasonDialog
from sar_desk.ui.dialogs.decision_dialog import DecisionDialog
from sar_desk.ui.dialogs.dispatch_dialog import DispatchDialog
from sar_desk.ui.dialogs.event_dialog import EventDialog
from sar_desk.ui.dialogs.exemption_dialog import ExemptionDialog
from sar_desk.ui.dialogs.new_case_dialog import NewCaseDialog
from sar_desk.ui.dialogs.retention_dialog import PurgeConfirmDialog
from sar_desk.ui.dialogs.user_dialogs import AddUserDialog
from sar_desk.ui.theme import MIN_CONTRAST, apply_theme, contrast_ratio
from sar_desk.ui.views.dashboard_view import DashboardView
from tests.core.test_metrics import AS_OF, CASES
from tests.ui.window_helpers import TODAY

SCREEN = QRect(0, 0, 1280, 720)


@pytest.fixture
def small_screen(monkeypatch):
    monkeypatch.setattr(fit_screen, "available_area", lambda _widget: SCREEN)


@pytest.fixture
def theme(qapp):
    """Set a theme for the test; the application's look is put back afterwards."""
    style, palette, font = qapp.style().name(), QPalette(qapp.palette()), QFont(qapp.font())
    yield lambda choice: apply_theme(choice, qapp)
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)
    qapp.styleHints().setColorScheme(qapp.styleHints().colorScheme().Unknown)


@pytest.fixture(params=["normal", "large"])
def font_size(request, qapp):
    font = QFont(qapp.font())
    if request.param == "large":
        big = QFont(font)
        big.setPointSizeF(max(font.pointSizeF(), 9) * 1.6)
        qapp.setFont(big)
    yield request.param
    qapp.setFont(font)


def on_screen(widget) -> QRect:
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    return QRect(top_left, widget.size())


def test_new_case_on_behalf_keeps_create_on_a_1280x720_screen(qtbot, small_screen, font_size):
    dialog = NewCaseDialog(TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.on_behalf.setChecked(True)  # the data subject's fields appear
    qtbot.waitUntil(lambda: dialog.subject.name.isVisible())
    frame = on_screen(dialog)
    assert SCREEN.contains(frame), (font_size, frame)
    assert frame.top() >= fit_screen.TITLE_BAR  # the title bar is on screen too
    button = on_screen(dialog.ok_button)
    assert frame.contains(button) and SCREEN.contains(button), (font_size, button)
    assert dialog.ok_button.text().replace("&", "") == "Create case"
    assert not dialog.ok_button.visibleRegion().isEmpty()
    # Everything can be reached: the form scrolls to the last field.
    dialog.scroll.ensureWidgetVisible(dialog.exam_marks)
    assert not dialog.exam_marks.visibleRegion().isEmpty()
    assert not dialog.subject.name.visibleRegion().isEmpty() or dialog.scroll.verticalScrollBar(
    ).maximum() > 0


DIALOGS = {
    "add user": lambda: AddUserDialog(),
    "prune": lambda: PruneDialog([f"backup-2025{n:04d}.sdbk" for n in range(30)], 35),
    "restore": lambda: RestoreDialog("/backups/b.sdbk", Path("/srv/restored"), Path("/ws")),
    **{f"event {k.value}": (lambda k=k: EventDialog(k, TODAY)) for k in EventKind},
    "new complaint": lambda: complaint_dialogs.NewComplaintDialog(TODAY),
    "issue": lambda: complaint_dialogs.IssueDialog(),
    "outcome": lambda: complaint_dialogs.OutcomeDialog([(1, "Late reply"), (2, "Data missing")]),
    "note": lambda: text_dialogs.NoteDialog(),
    "search log": lambda: text_dialogs.SearchLogDialog(),
    "decision": lambda: DecisionDialog(TODAY),
    "purge": lambda: PurgeConfirmDialog([f"SAR-2020-{n:04d}" for n in range(40)]),
    "dispatch": lambda: DispatchDialog("L1", TODAY),
    "exemption": lambda: ExemptionDialog(list(CATALOGUE)),
    "reason": lambda: ReasonDialog("Reopen", "Why it is reopened", "&Reopen"),
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_every_dialog_keeps_its_ok_button_on_a_1280x720_screen(qtbot, small_screen, font_size,
                                                               name):
    make = DIALOGS[name]
    dialog = make()
    qtbot.addWidget(dialog)
    dialog.show()
    assert SCREEN.contains(on_screen(dialog))
    assert SCREEN.contains(on_screen(dialog.ok_button))


def test_fields_stay_put_when_a_message_comes_and_goes(qtbot):
    dialog = NewCaseDialog(TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.requester.name.setText("Ada Lovelace")
    qtbot.wait(10)
    below = (dialog.requester.address, dialog.requester.phone, dialog.request_text)

    def places() -> list[int]:
        return [w.mapTo(dialog, w.rect().topLeft()).y() for w in below]

    before = places()
    dialog.requester.email.setText("ada at example")  # not an address
    qtbot.wait(10)
    assert dialog.requester.email_error.isVisible() and dialog.requester.email_error.text()
    assert places() == before
    dialog.requester.email.setText("ada@example.org")
    qtbot.wait(10)
    assert not dialog.requester.email_error.isVisible()
    assert places() == before


def colour_of(label) -> QColor:
    match = re.search(r"color:\s*(#[0-9a-fA-F]{6})", label.styleSheet())
    return QColor(match.group(1)) if match else label.palette().color(QPalette.ColorRole.WindowText)


def test_dark_mode_keeps_key_widgets_readable(qtbot, theme):
    view = DashboardView(lambda as_of: metrics.dashboard(CASES, as_of), today=lambda: AS_OF)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    with qtbot.waitSignal(view.refreshed, timeout=10_000):
        view.refresh()
    warning = error_label()
    warning.setText("Something is wrong")
    qtbot.addWidget(warning)
    assert theme("dark") == "dark"
    qtbot.wait(20)  # the palette reaches existing widgets through the event loop
    palette = view.palette()
    window, base = palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.Base)
    assert window.lightness() < 100  # it is dark
    assert contrast_ratio(palette.color(QPalette.ColorRole.WindowText), window) >= 7
    assert contrast_ratio(palette.color(QPalette.ColorRole.Text), base) >= 7
    model = view.model
    assert model.group_rows()  # the handler rows are there
    for row in range(model.rowCount()):
        for col in range(model.columnCount()):
            index = model.index(row, col)
            bg = model.data(index, 8)  # BackgroundRole
            fg = model.data(index, 9)  # ForegroundRole
            bg = bg.color() if bg is not None else base
            fg = fg.color() if fg is not None else palette.color(QPalette.ColorRole.Text)
            assert contrast_ratio(fg, bg) >= MIN_CONTRAST, (row, col, fg.name(), bg.name())
    for key, tile in view.tiles.items():
        assert contrast_ratio(colour_of(tile.value_label), window) >= MIN_CONTRAST, key
        assert contrast_ratio(tile.caption_label.palette().color(
            QPalette.ColorRole.WindowText), window) >= MIN_CONTRAST
    assert contrast_ratio(colour_of(warning), window) >= MIN_CONTRAST
    # and back to light: the same colours follow
    theme("light")
    qtbot.wait(20)
    window = view.palette().color(QPalette.ColorRole.Window)
    assert window.lightness() > 200
    for tile in view.tiles.values():
        assert contrast_ratio(colour_of(tile.value_label), window) >= MIN_CONTRAST


def test_the_appearance_setting_is_kept_and_applied(qtbot, window, theme, qapp):
    view = window.settings
    window.show_view("settings")
    view.theme.setCurrentIndex(view.theme.findData("dark"))
    assert view.save_user()
    qtbot.wait(20)
    assert window.ctx.user.theme == "dark"
    assert view.palette().color(QPalette.ColorRole.Window).lightness() < 100
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 100
    from sar_desk.services.settings import load_user_settings

    assert load_user_settings(window.ctx.settings_file).theme == "dark"
    assert QApplication.style().name().lower() == "fusion"


@pytest.mark.parametrize("view", ["users", "backup", "reports"])
def test_the_screenshot_command_shows_the_new_screens_in_dark_mode(qtbot, tmp_path, workspace,
                                                                  capsys, theme, view):
    from PySide6.QtGui import QImage

    from sar_desk.cli import main

    out = tmp_path / f"{view}.png"
    code = main(["gui", "--workspace", str(workspace.path), "--screenshot", str(out),
                 "--view", view, "--size", "1280x720", "--theme", "dark"])
    assert code == 0, capsys.readouterr().err
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)
    corner = image.pixelColor(image.width() - 20, image.height() // 2)
    assert corner.lightness() < 100  # drawn dark


def test_a_field_message_never_opens_as_a_window_of_its_own(qtbot):
    from PySide6.QtWidgets import QWidget

    label = error_label()
    qtbot.addWidget(label)
    label.setText("Type a name.")
    label.show()  # before it is placed in a form
    hidden_label = error_label()
    qtbot.addWidget(hidden_label)
    hidden_label.hide()
    assert not QWidget.isVisible(label) and not QWidget.isVisible(hidden_label)


def test_back_to_the_desktop_look_after_dark(qtbot, theme, qapp):
    before = qapp.palette().color(QPalette.ColorRole.Window).name()
    theme("dark")
    assert qapp.palette().color(QPalette.ColorRole.Window).name() != before
    theme("system")
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == before


def test_an_overdue_case_reads_in_dark_mode(qtbot, window, workspace, theme):
    import datetime as dt

    from tests.ui.window_helpers import make_case, open_case

    theme("dark")
    qtbot.wait(20)
    ref = make_case(workspace, received=dt.date(2026, 1, 5)).reference
    view = open_case(qtbot, window, ref)
    background = view.palette().color(QPalette.ColorRole.Window)
    assert background.lightness() < 100
    assert view.header.days.text().startswith("Overdue")
    assert contrast_ratio(colour_of(view.header.days), background) >= MIN_CONTRAST
    from tests.ui.window_helpers import idle

    window.show_view("cases")
    window.cases.refresh()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: "color:" in window.cases.count.text(), timeout=10_000)
    count = window.cases.count.text()
    shade = QColor(re.search(r"color:(#[0-9a-fA-F]{6})", count).group(1))
    assert contrast_ratio(shade, background) >= MIN_CONTRAST

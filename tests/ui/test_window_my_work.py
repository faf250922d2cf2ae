"""The My work page and its reminders: what is mine lists there, a chaser opens the letter,
and at start-up (and on a new day) a tray notification or an in-window banner says what
falls due."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QSystemTrayIcon

from sar_desk.services import access
from sar_desk.services import cases as C
from sar_desk.ui.reminders import Reminders
from tests.ui.window_helpers import TODAY, idle, make_case


def _mine(ws, name, received, **extra):
    me = access.current_user(ws).login
    return make_case(ws, name=name, received=received, assignee=me, **extra).reference


@pytest.fixture
def work(workspace):
    due = _mine(workspace, "Ola Nordmann", dt.date(2026, 2, 17))  # due 17 March: tomorrow
    quiet = _mine(workspace, "Kim Quiet", dt.date(2026, 2, 20))
    C.record_event(workspace, quiet, "id_requested", dt.date(2026, 3, 1))  # 15 days by today
    return due, quiet


def _page(qtbot, window):
    window.show_view("my-work")
    idle(qtbot, window)
    return window.page("my-work")


def test_my_work_lists_my_due_cases_and_chasers(qtbot, window, work):
    due, quiet = work
    page = _page(qtbot, window)
    assert page.due.topLevelItemCount() == 1
    row = page.due.topLevelItem(0)
    assert (row.text(0), row.text(1), row.text(3)) == (due, "Ola Nordmann", "tomorrow")
    chaser = page.chasers.topLevelItem(0)
    assert page.chasers.topLevelItemCount() == 1 and chaser.text(0) == quiet
    assert chaser.text(2) == "proof of identity on 1 March 2026" and chaser.text(3) == "15 days"
    assert page.groups["complaints"].title().endswith("(0)")
    assert page.title.text().startswith(f"My work on {TODAY.day} March 2026")


def test_fewer_days_leaves_the_case_out(qtbot, window, work):
    page = _page(qtbot, window)
    page.days.setValue(0)
    idle(qtbot, window)
    assert page.due.topLevelItemCount() == 0


def test_the_chaser_button_opens_the_case_at_the_chaser_letter(qtbot, window, work):
    _due, quiet = work
    page = _page(qtbot, window)
    assert not page.chaser_button.isEnabled()
    page.chasers.setCurrentItem(page.chasers.topLevelItem(0))
    page.chaser_button.click()
    qtbot.waitUntil(lambda: window.case_view.case is not None
                    and window.case_view.case.reference == quiet, timeout=15_000)
    idle(qtbot, window)
    view = window.case_view
    assert view.tabs.currentWidget() is view.letters
    assert view.letters.kind.currentData() == "chaser"
    assert view.letters.generate_button.isEnabled()  # 15 days unanswered: it may go out


def test_without_a_tray_the_banner_says_what_falls_due(qtbot, window, work, monkeypatch):
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))
    reminders = Reminders(window)
    assert reminders.tray is None
    reminders.check()
    idle(qtbot, window)
    assert reminders.banner.isVisible()
    assert reminders.banner.text.text() == (
        "Falling due: 1 case due within 7 days; 1 chaser to send.")
    reminders.banner.open_button.click()
    assert window.current_view() == "my-work"


def test_with_a_tray_a_notification_is_shown_once_a_day(qtbot, window, work, monkeypatch):
    shown = []
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    monkeypatch.setattr(QSystemTrayIcon, "showMessage",
                        lambda self, title, text, *a: shown.append((title, text)))
    reminders = Reminders(window)
    assert reminders.tray is not None
    reminders.check()
    idle(qtbot, window)
    reminders.check()  # the same day: no second notification
    idle(qtbot, window)
    assert shown == [("SAR Desk: my work", "1 case due within 7 days; 1 chaser to send")]
    assert not reminders.banner.isVisible()


def test_the_window_looks_at_start_up_and_again_on_a_new_day(qtbot, work, window):
    reminders = window.reminders
    qtbot.waitUntil(lambda: reminders.last_day == TODAY, timeout=15_000)  # at start-up
    idle(qtbot, window)
    assert reminders.last_text == "1 case due within 7 days; 1 chaser to send"
    reminders.last_day = TODAY - dt.timedelta(days=1)  # as if the window stayed open overnight
    reminders.last_text = ""
    reminders.timer.timeout.emit()
    idle(qtbot, window)
    assert reminders.last_day == TODAY
    assert reminders.last_text == "1 case due within 7 days; 1 chaser to send"
    assert reminders.timer.isActive() and reminders.timer.interval() == 60 * 60 * 1000


def test_nothing_due_means_no_reminder(qtbot, window):
    reminders = window.reminders
    qtbot.waitUntil(lambda: reminders.last_day == TODAY, timeout=15_000)
    idle(qtbot, window)
    assert reminders.last_text == "" and not reminders.banner.isVisible()

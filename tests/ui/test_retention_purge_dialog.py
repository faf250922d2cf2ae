"""The Retention dialog never destroys early and never without the count typed: a later date
only previews, and the purge asks for the number of cases before anything is destroyed."""

from __future__ import annotations

import datetime as dt

from sar_desk.services import cases, retention
from sar_desk.ui.dialogs.base import qdate
from tests.ui.window_helpers import TODAY, idle, make_case


def closed_on(workspace, name, received, closed):
    ref = make_case(workspace, name=name, received=received).reference
    for kind in ("responded", "closed"):
        cases.record_event(workspace, ref, kind, closed,
                           override="ended for this test's set-up")
    return ref


def open_retention(qtbot, window, count):
    window.workflow_actions["retention"].trigger()
    dialog = window.active_dialog
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == count, timeout=10_000)
    return dialog


def test_a_later_date_lists_cases_not_yet_due_but_cannot_purge_them(qtbot, window, workspace,
                                                                    errors):
    not_due = closed_on(workspace, "Not Yet Due", dt.date(2024, 1, 10), dt.date(2024, 2, 5))
    dialog = open_retention(qtbot, window, 0)
    assert dialog.purge_button.isEnabled()
    dialog.as_of.setDate(qdate(TODAY.replace(year=TODAY.year + 6)))
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 1, timeout=10_000)
    assert not dialog.purge_button.isEnabled()
    assert "only previews" in dialog.status.text()
    dialog.tick(not_due)
    dialog.purge()  # even when called directly (a shortcut), nothing is asked or destroyed
    assert dialog.confirm_dialog is None and "future" in dialog.status.text()
    idle(qtbot, window)
    assert retention.tombstones(workspace) == []
    assert cases.get_case(workspace, not_due).reference == not_due
    assert errors == []


def test_the_purge_asks_for_the_count_and_a_wrong_one_destroys_nothing(qtbot, window, workspace,
                                                                      errors):
    first = closed_on(workspace, "Old One", dt.date(2018, 1, 10), dt.date(2018, 2, 5))
    second = closed_on(workspace, "Old Two", dt.date(2018, 3, 10), dt.date(2018, 4, 5))
    dialog = open_retention(qtbot, window, 2)
    dialog.tick(first)
    dialog.tick(second)
    dialog.purge_button.click()
    confirm = dialog.confirm_dialog
    qtbot.waitUntil(confirm.isVisible, timeout=5_000)
    text = confirm.message.text()
    assert "2 cases" in text and first in text and second in text
    assert not confirm.ok_button.isEnabled()
    confirm.count.setText("1")
    assert not confirm.ok_button.isEnabled()
    assert any("says 1" in e for e in confirm.errors())
    confirm.reject()
    idle(qtbot, window)
    assert retention.tombstones(workspace) == []
    dialog.purge_button.click()
    confirm = dialog.confirm_dialog
    qtbot.waitUntil(confirm.isVisible, timeout=5_000)
    confirm.count.setText("2")
    assert confirm.ok_button.isEnabled() and confirm.errors() == []
    confirm.ok_button.click()
    qtbot.waitUntil(lambda: "Purged" in dialog.status.text(), timeout=10_000)
    idle(qtbot, window)
    assert sorted(t.reference for t in retention.tombstones(workspace)) == sorted([first, second])
    assert errors == []
